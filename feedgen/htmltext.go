package feedgen

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlText reduces sanitised HTML to its text, entities decoded and white
// space collapsed, with a space where a block element or <br> separated
// words. It is for fields whose format defines them as plain text.
func htmlText(s string) string {
	if s == "" {
		return ""
	}
	if !strings.ContainsAny(s, "<&") {
		return strings.Join(strings.Fields(s), " ")
	}
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			if separatesWords(atom.Lookup(name)) {
				b.WriteByte(' ')
			}
		}
	}
}

// separatesWords reports whether the element breaks the text around it.
func separatesWords(a atom.Atom) bool {
	switch a {
	case atom.Br, atom.P, atom.Div, atom.Li, atom.Ul, atom.Ol, atom.Tr, atom.Td, atom.Th,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Blockquote, atom.Pre,
		atom.Figure, atom.Figcaption, atom.Section, atom.Article, atom.Hr, atom.Dd, atom.Dt, atom.Img:
		return true
	}
	return false
}
