package feedgen

import (
	"html"
	"strings"

	"github.com/feedcurator/feedcurator/db"
)

// alsoLink is another source's copy of a clustered story.
type alsoLink struct {
	url    string // an absolute http(s) URL, else empty
	title  string // the item's title
	source string // the source's title
}

// text is how the copy is named in lists and link titles.
func (a alsoLink) text() string { return a.source + ": " + a.title }

func alsoLinks(items []db.Item, sourceOf func(id string) Source) []alsoLink {
	if len(items) == 0 {
		return nil
	}
	out := make([]alsoLink, len(items))
	for i := range items {
		it := &items[i]
		out[i] = alsoLink{
			url:    webURL(xmlSafe(it.Link)),
			title:  xmlSafe(it.Title),
			source: cleanSource(sourceOf(it.SourceID), it.SourceID).Title,
		}
	}
	return out
}

// alsoHTML renders the "Also reported by" list appended to a clustered
// story's HTML. Titles come from other feeds, so every piece is escaped.
func alsoHTML(links []alsoLink) string {
	var b strings.Builder
	b.WriteString("<p>Also reported by:</p><ul>")
	for _, a := range links {
		b.WriteString("<li>")
		if a.url != "" {
			b.WriteString(`<a href="`)
			b.WriteString(html.EscapeString(a.url))
			b.WriteString(`">`)
			b.WriteString(html.EscapeString(a.text()))
			b.WriteString("</a>")
		} else {
			b.WriteString(html.EscapeString(a.text()))
		}
		b.WriteString("</li>")
	}
	b.WriteString("</ul>")
	return b.String()
}

// webURL returns s when it is an absolute http(s) URL, else "": a copy's link
// lands in an href, and anything else (javascript:, relative) is not trusted
// there.
func webURL(s string) string {
	if isWebURL(s) && isAbsoluteIRI(s) {
		return s
	}
	return ""
}

// isWebURL reports whether s is an absolute http or https URL.
func isWebURL(s string) bool {
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok || rest == "" {
		return false
	}
	return strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https")
}
