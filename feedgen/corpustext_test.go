package feedgen

import (
	"html"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/topic"
)

// The text checks of the corpus test: every string an output carries, as a
// reader decodes it.

// textKind is how a reader shows a string.
type textKind int

const (
	textPlain textKind = iota // shown as it is: no markup, no entities
	textHTML                  // HTML: entities fine, escaped ones not
)

var (
	// entityRef is an HTML character reference as it appears in text.
	entityRef = regexp.MustCompile(`&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);`)
	// doubleEscaped is a reference whose "&" was escaped once more, which
	// a reader shows as "&amp;" or "&lt;" instead of "&" or "<".
	doubleEscaped = regexp.MustCompile(`&amp;(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);`)
)

// sourceText is the text Render was given, HTML and plain apart. Real feeds
// escape twice themselves (blogs quoting code, CMS bugs); an output may
// repeat what its source wrote, but not escape anything once more.
type sourceText struct{ html, plain string }

func newSourceText(entries []topic.Entry, plain ...string) *sourceText {
	var h, t strings.Builder
	add := func(it *db.Item) {
		for _, s := range []string{it.Summary, it.Content} {
			h.WriteString(s)
			h.WriteByte(0)
		}
		for _, s := range append([]string{it.Title, it.Author, it.Link, it.GUID, it.ID}, it.Categories...) {
			t.WriteString(s)
			t.WriteByte(0)
		}
	}
	for i := range entries {
		add(&entries[i].Item)
		for j := range entries[i].Also {
			add(&entries[i].Also[j])
		}
		for _, r := range entries[i].Reasons {
			t.WriteString(r.Term + "\x00" + r.Text + "\x00")
		}
	}
	t.WriteString(strings.Join(plain, "\x00"))
	return &sourceText{html: h.String(), plain: t.String()}
}

// isEntity reports whether ref ("&lt;", "&#39;") is a reference an HTML
// reader decodes, unlike "&A;" in "M&A; subscribe".
func isEntity(ref string) bool { return html.UnescapeString(ref) != ref }

// checkText checks one decoded string (XML character data or attribute, or
// a JSON string) that a reader shows as kind.
func checkText(p *problems, src *sourceText, where, s string, kind textKind) {
	if !utf8.ValidString(s) {
		p.addf("%s: invalid UTF-8", where)
	}
	for _, r := range s {
		if forbiddenInXML(r) {
			p.addf("%s: character U+%04X, which XML forbids", where, r)
			break
		}
	}
	for _, m := range doubleEscaped.FindAllString(s, -1) {
		ref := "&" + m[len("&amp;"):]
		if isEntity(ref) && !strings.Contains(src.html, m) && !strings.Contains(src.plain, ref) {
			p.addf("%s: escaped twice: %q in %q", where, m, excerpt(s, m))
			break
		}
	}
	if kind != textPlain {
		return
	}
	for _, m := range entityRef.FindAllString(s, -1) {
		if isEntity(m) && !strings.Contains(src.plain, m) && !strings.Contains(src.html, "&amp;"+m[1:]) {
			p.addf("%s: entity %q in plain text %q", where, m, excerpt(s, m))
			break
		}
	}
}

// forbiddenInXML: XML 1.0 Char excludes C0 controls but tab, LF and CR,
// surrogates, U+FFFE and U+FFFF. DEL and C1 are allowed but discouraged, and
// feedgen promises to drop them.
func forbiddenInXML(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return false
	case r < 0x20, r >= 0x7f && r <= 0x9f, r >= 0xd800 && r <= 0xdfff, r == 0xfffe, r == 0xffff:
		return true
	}
	return false
}

func excerpt(s, m string) string {
	i := strings.Index(s, m)
	from, to := max(0, i-30), min(len(s), i+len(m)+30)
	return strings.ToValidUTF8(s[from:to], "")
}
