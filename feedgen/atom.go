package feedgen

import (
	"io"

	"github.com/gorilla/feeds"
)

const (
	atomNS        = "http://www.w3.org/2005/Atom"
	generatorName = "feedcurator"
	generatorURI  = "https://github.com/feedcurator/feedcurator"
)

// atomFeed is gorilla's AtomFeed with what it cannot express: several links
// (self, alternate, hub), a generator, and our richer entries. The outer
// fields shadow gorilla's Link and Entries, as Go embedding does.
type atomFeed struct {
	feeds.AtomFeed
	Links     []atomLink     `xml:"link"`
	Generator *atomGenerator `xml:"generator"`
	Entries   []*atomEntry   `xml:"entry"`
}

// FeedXml makes atomFeed a feeds.XmlFeed.
func (f *atomFeed) FeedXml() any { return f }

// atomEntry is gorilla's AtomEntry with several links (alternate, related),
// several categories with scheme and label, and a <source> element; these
// shadow gorilla's single-string Category and Source.
type atomEntry struct {
	feeds.AtomEntry
	Links      []atomLink     `xml:"link"`
	Categories []atomCategory `xml:"category"`
	Source     *atomSource    `xml:"source"`
}

// atomLink adds the title attribute that related links carry.
type atomLink struct {
	feeds.AtomLink
	Title string `xml:"title,attr,omitempty"`
}

type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
	Label  string `xml:"label,attr,omitempty"`
}

// atomSource is RFC 4287's atom:source: the metadata of the feed an entry
// was copied from.
type atomSource struct {
	ID    string     `xml:"id,omitempty"`
	Title string     `xml:"title,omitempty"`
	Links []atomLink `xml:"link"`
}

type atomGenerator struct {
	URI  string `xml:"uri,attr,omitempty"`
	Name string `xml:",chardata"`
}

// appendLink appends a link unless href cannot be made an absolute IRI
// (empty or relative), which Atom would reject.
func appendLink(links []atomLink, rel, href, typ, title string) []atomLink {
	if href = hrefIRI(href); href == "" {
		return links
	}
	return append(links, atomLink{AtomLink: feeds.AtomLink{Href: href, Rel: rel, Type: typ}, Title: title})
}

func writeAtom(w io.Writer, v *feedView) error {
	return writeXML(w, newAtomFeed(v))
}

func newAtomFeed(v *feedView) *atomFeed {
	id := v.ch.ID
	if !isAbsoluteIRI(id) {
		id = feedIDFallback(v.ch)
	}
	f := &atomFeed{
		AtomFeed: feeds.AtomFeed{
			Xmlns:    atomNS,
			Title:    v.ch.Title,
			Id:       id,
			Updated:  rfc3339(v.updated),
			Subtitle: v.ch.Description,
			// The feed-level author keeps entries without one valid.
			Author: &feeds.AtomAuthor{AtomPerson: feeds.AtomPerson{Name: generatorName}},
		},
		Generator: &atomGenerator{URI: generatorURI, Name: generatorName},
		Entries:   make([]*atomEntry, len(v.entries)),
	}
	f.Links = appendLink(f.Links, "self", v.ch.SelfURL, "application/atom+xml", "")
	f.Links = appendLink(f.Links, "alternate", v.ch.HomeURL, "text/html", "")
	f.Links = appendLink(f.Links, "hub", v.ch.HubURL, "", "")
	for _, l := range pagingLinks(v.ch) {
		f.Links = appendLink(f.Links, l.rel, l.href, "application/atom+xml", "")
	}
	ids := newEntryIDs(len(v.entries), isAbsoluteIRI)
	for i := range v.entries {
		f.Entries[i] = newAtomEntry(v, &v.entries[i], ids)
	}
	return f
}

func newAtomEntry(v *feedView, e *entryView, ids *entryIDs) *atomEntry {
	it := &e.item
	a := &atomEntry{
		AtomEntry: feeds.AtomEntry{
			Title:     it.Title,
			Id:        ids.next(it, itemGUID(it)),
			Updated:   rfc3339(atomUpdated(it, v.updated)),
			Published: rfc3339(it.Published),
		},
		Source: newAtomSource(&e.source),
	}
	if it.Summary != "" {
		a.Summary = &feeds.AtomSummary{Type: "html", Content: it.Summary}
	}
	if it.Author != "" {
		a.Author = &feeds.AtomAuthor{AtomPerson: feeds.AtomPerson{Name: it.Author}}
	}
	a.Links = appendLink(a.Links, "alternate", it.Link, "", "")
	if e.html != "" || len(a.Links) == 0 {
		// Without an alternate link RFC 4287 requires a content element,
		// even an empty one.
		a.Content = &feeds.AtomContent{Type: "html", Content: e.html}
	}
	for _, al := range e.also {
		a.Links = appendLink(a.Links, "related", al.url, "", al.text())
	}
	for _, c := range it.Categories {
		a.Categories = append(a.Categories, atomCategory{Term: c})
	}
	for _, t := range e.terms {
		a.Categories = append(a.Categories, atomCategory{Term: t.term, Scheme: v.matchScheme, Label: t.label()})
	}
	return a
}

// feedIDFallback is the feed's id when the caller's is not an IRI: the self
// URL when it is one, else a urn:uuid named after whatever the caller gave.
func feedIDFallback(ch Channel) string {
	if isAbsoluteIRI(ch.SelfURL) {
		return ch.SelfURL
	}
	return "urn:uuid:" + uuidV5(itemNamespace, "feed\x00"+ch.ID+"\x00"+ch.TopicID).String()
}

// newAtomSource describes the source feed. Its id must be an IRI too: the
// feed's own id when it is one, else the feed's URL.
func newAtomSource(s *Source) *atomSource {
	src := &atomSource{Title: s.Title}
	switch {
	case isAbsoluteIRI(s.FeedID):
		src.ID = s.FeedID
	case isAbsoluteIRI(s.FeedURL):
		src.ID = s.FeedURL
	}
	src.Links = appendLink(src.Links, "self", s.FeedURL, "", "")
	src.Links = appendLink(src.Links, "alternate", s.SiteURL, "", "")
	return src
}
