package topic

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// normalizer turns reduced text into the forms terms are matched in:
//
//   - the match form (appendMatchForm): NFKC, case-folded, every run of white
//     space one space, dashes an ASCII hyphen, apostrophes an ASCII
//     apostrophe, invisible format characters dropped. Plain terms are
//     folded the same way and searched in it.
//   - the NFKC form (appendNFKC), which regex terms see, case intact.
//
// Both record, for every byte they append, the offset in the source of the
// character it came from, so that a hit can be shown as the feed wrote it.
//
// Text is walked in pieces that normalise independently: a lone character
// wherever NFKC leaves it alone (nearly all text, in every script, known
// from one bit of the rune table), a normalisation segment elsewhere (a
// full-width letter, a base with combining marks), which alone goes through
// the norm package. ASCII takes a byte loop of its own.
type normalizer struct {
	buf   []byte // the NFKC form of the current segment
	table *runeTable
}

func newNormalizer() normalizer { return normalizer{table: runes()} }

// piece returns the end of the piece of src that starts at i and its NFKC
// form: src[i:end] itself when NFKC leaves it alone, and then also the rune
// when it is a single non-ASCII one (else r is -1).
func (n *normalizer) piece(src []byte, i int) (end int, normal []byte, r rune) {
	r, end = -1, i+1
	if src[i] >= utf8.RuneSelf {
		var size int
		r, size = decodeRune(src[i:])
		end = i + size
		if !n.table.isInert(r) {
			end = 0 // a segment, below
		}
	}
	if end > 0 && n.boundaryAt(src, end) {
		return end, src[i:end], r
	}
	end = i + norm.NFKC.NextBoundary(src[i:], true)
	if end <= i {
		end = len(src)
	}
	n.buf = norm.NFKC.Append(n.buf[:0], src[i:end]...)
	return end, n.buf, -1
}

// boundaryAt reports whether a normalisation segment starts at src[i].
func (n *normalizer) boundaryAt(src []byte, i int) bool {
	if i >= len(src) || src[i] < utf8.RuneSelf {
		return true // an ASCII character never combines with what precedes it
	}
	r, _ := decodeRune(src[i:])
	return n.table.startsSegment(r)
}

// decodeRune is utf8.DecodeRune with the two- and three-byte forms (every
// alphabet and the CJK scripts) decoded inline: text in those scripts
// decodes each rune twice, and the standard library's general path showed
// in profiles.
func decodeRune(b []byte) (rune, int) {
	if len(b) >= 3 && b[0]&0xF0 == 0xE0 && b[1]&0xC0 == 0x80 && b[2]&0xC0 == 0x80 {
		r := rune(b[0]&0x0F)<<12 | rune(b[1]&0x3F)<<6 | rune(b[2]&0x3F)
		if r >= 0x800 && (r < 0xD800 || r > 0xDFFF) {
			return r, 3
		}
	}
	if len(b) >= 2 && b[0] >= 0xC2 && b[0] < 0xE0 && b[1]&0xC0 == 0x80 {
		return rune(b[0]&0x1F)<<6 | rune(b[1]&0x3F), 2
	}
	return utf8.DecodeRune(b)
}

// asciiMatchForm maps an ASCII byte to its match form; white space and
// control characters become ' '.
var asciiMatchForm = func() (t [utf8.RuneSelf]byte) {
	for c := range utf8.RuneSelf {
		switch {
		case 'A' <= c && c <= 'Z':
			t[c] = byte(c + 'a' - 'A')
		case c <= ' ' || c == 0x7F:
			t[c] = ' '
		default:
			t[c] = byte(c)
		}
	}
	return t
}()

// appendMatchForm appends the match form of src to dst and origin.
func (n *normalizer) appendMatchForm(dst []byte, origin []int32, src []byte) ([]byte, []int32) {
	w := matchWriter{dst: dst, origin: origin}
	for i := 0; i < len(src); {
		if c := src[i]; c < utf8.RuneSelf && (i+1 == len(src) || src[i+1] < utf8.RuneSelf) {
			w.byte(asciiMatchForm[c], int32(i))
			i++
			continue
		}
		end, normal, r := n.piece(src, i)
		if r >= 0 && !n.table.isMapped(r) {
			w.dst = append(w.dst, normal...)
			w.grew(end-i, int32(i))
		} else {
			n.writeMatchForm(&w, normal, int32(i))
		}
		i = end
	}
	return w.dst, w.origin
}

// appendNFKC appends the NFKC form of src to dst and origin.
func (n *normalizer) appendNFKC(dst []byte, origin []int32, src []byte) ([]byte, []int32) {
	for i := 0; i < len(src); {
		end, normal, _ := n.piece(src, i)
		for range normal {
			origin = append(origin, int32(i))
		}
		dst = append(dst, normal...)
		i = end
	}
	return dst, origin
}

// writeMatchForm writes the match form of an NFKC piece that came from
// offset at.
func (n *normalizer) writeMatchForm(w *matchWriter, normal []byte, at int32) {
	for k := 0; k < len(normal); {
		r, size := decodeRune(normal[k:])
		k += size
		switch {
		case r < utf8.RuneSelf:
			w.byte(asciiMatchForm[r], at)
		case !n.table.isMapped(r):
			start := len(w.dst)
			w.dst = utf8.AppendRune(w.dst, r)
			w.grew(len(w.dst)-start, at)
		case isInvisible(r):
		case r == zeroWidthSpace || unicode.IsSpace(r):
			w.byte(' ', at)
		case unicode.Is(unicode.Pd, r):
			w.byte('-', at)
		case isApostrophe(r):
			w.byte('\'', at)
		default:
			start := len(w.dst)
			w.dst = n.table.appendFold(w.dst, r)
			w.grew(len(w.dst)-start, at)
		}
	}
}

// matchWriter appends match-form bytes, collapsing runs of spaces.
type matchWriter struct {
	dst    []byte
	origin []int32
	space  bool // the last byte written is a space
}

func (w *matchWriter) byte(c byte, at int32) {
	if c == ' ' {
		if w.space {
			return
		}
		w.space = true
	} else {
		w.space = false
	}
	w.dst = append(w.dst, c)
	w.origin = append(w.origin, at)
}

// grew records the origin of the last n bytes appended to dst, which are
// not spaces.
func (w *matchWriter) grew(n int, at int32) {
	for range n {
		w.origin = append(w.origin, at)
	}
	w.space = false
}

const zeroWidthSpace = 0x200B

// isInvisible reports format characters that only steer rendering (soft
// hyphen, joiners, direction marks, BOM): dropped, so that "Ko\u00ADrea" is
// Korea.
func isInvisible(r rune) bool {
	switch {
	case r == 0x00AD, r == 0x034F, r == 0x180E, r == 0xFEFF:
		return true
	case 0x200C <= r && r <= 0x200F, 0x202A <= r && r <= 0x202E, 0x2060 <= r && r <= 0x2069:
		return true
	}
	return false
}

// isApostrophe reports the characters typeset in place of "'": a
// typographic "Korea’s" matches like "Korea's".
func isApostrophe(r rune) bool {
	switch r {
	case 0x2018, 0x2019, 0x201B, 0x02BC, 0x2032:
		return true
	}
	return false
}

// foldTerm returns the match form of a term.
func foldTerm(s string) string {
	n := newNormalizer()
	b, _ := n.appendMatchForm(nil, nil, []byte(s))
	return string(trimSpaceBytes(b))
}

func trimSpaceBytes(b []byte) []byte {
	for len(b) > 0 && b[0] == ' ' {
		b = b[1:]
	}
	for len(b) > 0 && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	return b
}
