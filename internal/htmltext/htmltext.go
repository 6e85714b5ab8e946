// Package htmltext reduces an HTML fragment to its text. The fetcher uses it
// for fields that must be plain text (titles, authors, categories), feedgen
// for JSON Feed's plain-text summary, and the topic matcher for every field
// it matches: one rule, so that what a topic matched is what a reader sees.
package htmltext

import "strings"

// Text is the text of an HTML fragment, as a reader sees it: entities
// decoded, inline tags joining their neighbours ("<b>Pyong</b>yang" is
// "Pyongyang", as "North<label>Korea</label>" is "NorthKorea" on screen),
// block tags separating words with a line break, script and style contents
// dropped. White space is kept as found; see Line.
func Text(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	return string(AppendText(make([]byte, 0, len(s)), s))
}

// Line is Text on one line: runs of white space collapsed to one space,
// none at either end.
func Line(s string) string {
	return strings.Join(strings.Fields(Text(s)), " ")
}
