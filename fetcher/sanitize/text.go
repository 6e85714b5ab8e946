package sanitize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/feedcurator/feedcurator/internal/htmltext"
)

// StripControl drops control characters other than tab, newline and carriage
// return (C0, DEL and C1): they are invalid in XML output and invisible
// everywhere else.
func StripControl(s string) string {
	clean := true
	for _, r := range s {
		if isStrippedControl(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isStrippedControl(r) {
			return -1
		}
		return r
	}, s)
}

func isStrippedControl(r rune) bool {
	return unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r'
}

// PlainText reduces s to one line of text of at most limit bytes: markup is
// reduced to its text, entities decoded, control characters dropped and runs
// of white space collapsed to one space. Feeds put HTML in titles (escaped,
// double-escaped, or as Atom type="html"); subscribers expect plain text.
func PlainText(s string, limit int) string {
	s = StripControl(TruncateUTF8(s, plainTextInputFactor*limit))
	if strings.ContainsAny(s, "<&") {
		s = StripControl(htmltext.Text(s))
	}
	return TruncateUTF8(strings.Join(strings.Fields(stripBidiControls(s)), " "), limit)
}

// stripBidiControls drops the characters that reorder text on display
// (embeddings, overrides, isolates, the directional marks): in a title or a
// name, "U+202E gnp.exe" shows as "exe.png", and a reader's list view has no
// paragraph end to contain them. Plain-text fields lose them; HTML content
// keeps them, where right-to-left prose needs them and each block element
// ends their reach.
func stripBidiControls(s string) string {
	if !strings.ContainsFunc(s, isBidiControl) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isBidiControl(r) {
			return -1
		}
		return r
	}, s)
}

func isBidiControl(r rune) bool {
	return (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069') ||
		r == '\u200E' || r == '\u200F' || r == '\u061C'
}

// plainTextInputFactor bounds the work PlainText does: it looks at no more
// than this many times the limit of input, ample for markup and entities
// that reduce to limit bytes of text.
const plainTextInputFactor = 16

// TruncateUTF8 cuts s to at most limit bytes without splitting a character.
func TruncateUTF8(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}
