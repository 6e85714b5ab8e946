package topic

import (
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// tableLimit bounds the runes the table describes; beyond it (the
// supplementary ideographic planes and up) nothing has case, and the rare
// rune there asks the norm package directly.
const tableLimit = 0x20000

// runeTable holds, as bitmaps, what normalising and matching need to know
// about each character, so that ordinary text costs one bit test per rune
// instead of several Unicode table lookups:
//
//   - starts: the rune begins a normalisation segment (NFKC never combines it
//     with what precedes it);
//   - inert: it also has no decomposition, so NFKC leaves it alone;
//   - mapped: the match form changes it (case folding, white space, dashes,
//     apostrophes, invisible characters).
//
// It also holds full Unicode case folding (what cases.Fold does), because a
// cases.Caser is neither safe to share nor cheap to call per character.
type runeTable struct {
	starts, inert, mapped bitmap
	folds                 map[rune]string
}

type bitmap [tableLimit / 64]uint64

func (b *bitmap) set(r rune)              { b[r/64] |= 1 << (r % 64) }
func (b *bitmap) has(r rune) bool         { return b[r/64]&(1<<(r%64)) != 0 }
func inTable(r rune) bool                 { return r < tableLimit }
func (t *runeTable) isMapped(r rune) bool { return !inTable(r) || t.mapped.has(r) }

// startsSegment reports whether a normalisation boundary lies before r.
func (t *runeTable) startsSegment(r rune) bool {
	if inTable(r) {
		return t.starts.has(r)
	}
	return norm.NFKC.PropertiesString(string(r)).BoundaryBefore()
}

// isInert reports whether NFKC leaves r alone when a boundary follows it.
func (t *runeTable) isInert(r rune) bool { return inTable(r) && t.inert.has(r) }

// runes is built on first use (some 15 ms) rather than at init, so
// that commands that never match pay nothing.
var runes = sync.OnceValue(buildRuneTable)

func buildRuneTable() *runeTable {
	t := &runeTable{folds: make(map[rune]string)}
	caser := cases.Fold()
	var buf [utf8.UTFMax]byte
	for r := rune(0); r < tableLimit; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := buf[:utf8.EncodeRune(buf[:], r)]
		p := norm.NFKC.Properties(s)
		if p.BoundaryBefore() {
			t.starts.set(r)
			if len(p.Decomposition()) == 0 {
				t.inert.set(r)
			}
		}
		if r < utf8.RuneSelf {
			continue
		}
		// utf8.RuneError is mapped so that an invalid byte, which decodes
		// to it, is written as the replacement character, not copied.
		if isInvisible(r) || isApostrophe(r) || r == zeroWidthSpace || r == utf8.RuneError ||
			unicode.IsSpace(r) || unicode.Is(unicode.Pd, r) {
			t.mapped.set(r)
		}
		if mayFold(r) {
			if f := caser.String(string(s)); f != string(s) {
				t.mapped.set(r)
				t.folds[r] = f
			}
		}
	}
	return t
}

// mayFold reports the characters that can have a case folding: cased
// letters and symbols (Ⅰ, Ⓐ), and marks and modifiers (U+0345 folds to ι).
// Asking cases.Fold about only these keeps building the table fast.
func mayFold(r rune) bool {
	return unicode.IsUpper(r) || unicode.IsLower(r) || unicode.IsTitle(r) ||
		unicode.IsMark(r) || unicode.In(r, unicode.Lm, unicode.Other_Uppercase, unicode.Other_Lowercase)
}

// appendFold appends the case folding of the non-ASCII rune r.
func (t *runeTable) appendFold(dst []byte, r rune) []byte {
	if f, ok := t.folds[r]; ok {
		return append(dst, f...)
	}
	return utf8.AppendRune(dst, r)
}
