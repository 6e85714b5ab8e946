package topic

import (
	"unicode"
	"unicode/utf8"
)

// wordClass says how a character takes part in word boundaries. Two adjacent
// characters belong to one word only when both are word characters of the
// same class; anything else (a space, punctuation, a hyphen or apostrophe, or a
// switch between script families as in "DMZ는" or "在US的") is a boundary.
type wordClass uint8

const (
	// classNone: spaces, punctuation, symbols.
	classNone wordClass = iota
	// classSpaced: letters, marks and digits of scripts that put spaces
	// between words (Latin, Greek, Cyrillic, Arabic, Devanagari, …). Digits
	// are word characters, so "DMZ2" is one word.
	classSpaced
	// classHangul: Korean attaches particles to words ("북한이"), so a term
	// must start a word but may end inside one.
	classHangul
	// classUnspaced: Han, Kana, Thai, Lao, Khmer, Myanmar are written
	// without spaces; a term matches anywhere as a substring.
	classUnspaced
)

var unspacedScripts = []*unicode.RangeTable{
	unicode.Han, unicode.Hiragana, unicode.Katakana,
	unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar,
}

// katakanaLongVowel (ー) is script Common, but only ever appears inside Kana.
const katakanaLongVowel = 0x30FC

var asciiClass = func() (t [utf8.RuneSelf]wordClass) {
	for c := range utf8.RuneSelf {
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			t[c] = classSpaced
		}
	}
	return t
}()

func classOf(r rune) wordClass {
	if r < utf8.RuneSelf {
		return asciiClass[r]
	}
	if !unicode.IsLetter(r) && !unicode.IsMark(r) && !unicode.IsNumber(r) {
		return classNone
	}
	switch {
	case unicode.Is(unicode.Hangul, r):
		return classHangul
	case r == katakanaLongVowel || unicode.In(r, unspacedScripts...):
		return classUnspaced
	}
	return classSpaced
}

// boundaryRule is what a pattern demands of the characters around a hit: the
// character before it must not be of class left, the one after it not of
// class right; classNone at a side means no demand there.
type boundaryRule struct {
	left, right wordClass
	// kanaLeft, kanaRight: a katakana end of a term must not continue a
	// katakana run, since a run is one word (インド is not in ウインドウズ).
	kanaLeft, kanaRight bool
}

// ruleFor derives a pattern's rule from its own first and last characters,
// so that a mixed term like "K-pop", "G7" or a region name in any script gets
// the rule of the script at each of its ends: Latin ends need boundaries,
// a Hangul start needs a boundary but its end may take particles, Han/Kana/Thai
// ends need nothing. A prefix term never needs a boundary at its end.
//
// Hangul terms of two or more syllables match inside compounds too (한국 in
// 자유한국당, 중국 in 남중국해): Korean runs nouns together, and on real
// news that finds far more than it loses; the known compounds where the
// syllables mean something else (북한산, 대만족) are masked by known words.
// A one-syllable Hangul term keeps the word-start rule.
func ruleFor(folded string, prefix bool) boundaryRule {
	first, _ := utf8.DecodeRuneInString(folded)
	last, _ := utf8.DecodeLastRuneInString(folded)
	var r boundaryRule
	switch c := classOf(first); {
	case c == classSpaced:
		r.left = c
	case c == classHangul && hangulSyllables(folded) < 2:
		r.left = c
	}
	if c := classOf(last); c == classSpaced && !prefix {
		r.right = c
	}
	r.kanaLeft = isKatakana(first)
	r.kanaRight = isKatakana(last) && !prefix
	return r
}

// hangulSyllables counts the leading Hangul characters of s.
func hangulSyllables(s string) int {
	n := 0
	for _, r := range s {
		if classOf(r) != classHangul {
			break
		}
		n++
	}
	return n
}

// isKatakana reports whether r belongs to a katakana word: the script, and
// the long vowel mark that only ever appears inside it.
func isKatakana(r rune) bool {
	return r == katakanaLongVowel || (r >= 0x30A0 && r <= 0x30FF && r != 0x30FB) ||
		(r >= 0x31F0 && r <= 0x31FF)
}

// allows reports whether the hit text[start:end] stands at the boundaries
// the rule demands. text is folded, valid UTF-8, and a hit starts and ends on
// character boundaries.
func (r boundaryRule) allows(text []byte, start, end int) bool {
	if r.left != classNone && start > 0 && classBefore(text, start) == r.left {
		return false
	}
	if r.right != classNone && end < len(text) && classAt(text, end) == r.right {
		return false
	}
	if r.kanaLeft && start > 0 {
		if c, _ := utf8.DecodeLastRune(text[:start]); isKatakana(c) {
			return false
		}
	}
	if r.kanaRight && end < len(text) {
		if c, _ := utf8.DecodeRune(text[end:]); isKatakana(c) {
			return false
		}
	}
	return true
}

func classBefore(text []byte, i int) wordClass {
	if b := text[i-1]; b < utf8.RuneSelf {
		return asciiClass[b]
	}
	r, _ := utf8.DecodeLastRune(text[:i])
	return classOf(r)
}

func classAt(text []byte, i int) wordClass {
	if b := text[i]; b < utf8.RuneSelf {
		return asciiClass[b]
	}
	r, _ := utf8.DecodeRune(text[i:])
	return classOf(r)
}

// extendClass is the class a prefix hit extends over to show its whole word:
// that of the prefix's last character if it forms spaced or Hangul words;
// classNone (no extension) for other terms.
func extendClass(folded string, prefix bool) wordClass {
	if !prefix {
		return classNone
	}
	last, _ := utf8.DecodeLastRuneInString(folded)
	if c := classOf(last); c == classSpaced || c == classHangul {
		return c
	}
	return classNone
}

// wordEnd returns the end of the run of class c characters from end.
func wordEnd(text []byte, end int, c wordClass) int {
	for end < len(text) {
		r, size := utf8.DecodeRune(text[end:])
		if classOf(r) != c {
			break
		}
		end += size
	}
	return end
}
