// Package htmltext reduces an HTML fragment to its text. The fetcher uses it
// for fields that must be plain text (titles, authors, categories) and
// feedgen for JSON Feed's plain-text summary; one rule for both, so that a
// title and a summary read alike. (The topic matcher has its own reducer: a
// byte state machine that also maps matches back to the text, four times
// faster, on the path every item takes.)
package htmltext

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Text is the text of an HTML fragment, entities decoded. Inline tags join
// their neighbours ("<b>Pyong</b>yang" is "Pyongyang"); any other tag
// separates words with a space. Script and style contents are not text.
// White space is kept as found; see Line.
func Text(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
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

// Line is Text on one line: runs of white space collapsed to one space,
// none at either end.
func Line(s string) string {
	return strings.Join(strings.Fields(Text(s)), " ")
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
