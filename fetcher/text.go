package fetcher

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// stripControl drops control characters other than tab, newline and carriage
// return (C0, DEL and C1): they are invalid in XML output and invisible
// everywhere else.
func stripControl(s string) string {
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

// plainText reduces s to one line of text of at most limit bytes: markup is
// reduced to its text, entities decoded, control characters dropped and runs
// of white space collapsed to one space. Feeds put HTML in titles (escaped,
// double-escaped, or as Atom type="html"); subscribers expect plain text.
func plainText(s string, limit int) string {
	s = stripControl(truncateUTF8(s, plainTextInputFactor*limit))
	if strings.ContainsAny(s, "<&") {
		s = stripControl(htmlText(s))
	}
	return truncateUTF8(strings.Join(strings.Fields(s), " "), limit)
}

// plainTextInputFactor bounds the work plainText does: it looks at no more
// than this many times the limit of input, ample for markup and entities
// that reduce to limit bytes of text.
const plainTextInputFactor = 16

// htmlText is the text of an HTML fragment, entities decoded. Inline tags
// join their neighbours ("<b>Pyong</b>yang" is "Pyongyang"); any other tag
// separates words. Script and style contents are not text.
func htmlText(s string) string {
	z := html.NewTokenizerFragment(strings.NewReader(s), "div")
	var b strings.Builder
	b.Grow(len(s))
	skip := 0
	for {
		switch tt := z.Next(); tt {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case a == atom.Script || a == atom.Style:
				skip = adjustSkip(skip, tt)
			case !inlineElements[a]:
				b.WriteByte(' ')
			}
		}
	}
}

func adjustSkip(skip int, tt html.TokenType) int {
	switch tt {
	case html.StartTagToken:
		return skip + 1
	case html.EndTagToken:
		return max(0, skip-1)
	}
	return skip
}

// inlineElements are the phrasing elements that do not separate words.
var inlineElements = map[atom.Atom]bool{
	atom.A: true, atom.Abbr: true, atom.B: true, atom.Bdi: true, atom.Bdo: true,
	atom.Cite: true, atom.Code: true, atom.Data: true, atom.Dfn: true, atom.Em: true,
	atom.Font: true, atom.I: true, atom.Kbd: true, atom.Mark: true, atom.Q: true,
	atom.S: true, atom.Samp: true, atom.Small: true, atom.Span: true, atom.Strike: true,
	atom.Strong: true, atom.Sub: true, atom.Sup: true, atom.Time: true, atom.Tt: true,
	atom.U: true, atom.Var: true, atom.Wbr: true, atom.Ins: true, atom.Del: true,
}

// truncateUTF8 cuts s to at most limit bytes without splitting a character.
func truncateUTF8(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}
