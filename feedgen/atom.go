package feedgen

import (
	"io"
	"strconv"

	"github.com/gorilla/feeds"

	"github.com/feedcurator/feedcurator/db"
)

const (
	atomNS        = "http://www.w3.org/2005/Atom"
	mediaNS       = "http://search.yahoo.com/mrss/"
	generatorName = "feedcurator"
	generatorURI  = "https://github.com/feedcurator/feedcurator"
)

// atomFeed is gorilla's AtomFeed with what it cannot express: several links
// (self, alternate, hub), a generator, and our richer entries. The outer
// fields shadow gorilla's Link and Entries, as Go embedding does.
type atomFeed struct {
	feeds.AtomFeed
	MediaNS   string         `xml:"xmlns:media,attr,omitempty"`
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
	Authors    []*feeds.AtomAuthor `xml:"author"`
	Links      []atomLink          `xml:"link"`
	Categories []atomCategory      `xml:"category"`
	Source     *atomSource         `xml:"source"`
	Thumbnail  *mediaThumbnail     `xml:"media:thumbnail"`
}

// mediaThumbnail is Media RSS's media:thumbnail, which readers show as the
// entry's picture; Atom allows it as an extension element.
type mediaThumbnail struct {
	URL string `xml:"url,attr"`
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
	ID      string              `xml:"id,omitempty"`
	Title   string              `xml:"title,omitempty"`
	Authors []*feeds.AtomAuthor `xml:"author"`
	Links   []atomLink          `xml:"link"`
}

type atomGenerator struct {
	URI  string `xml:"uri,attr,omitempty"`
	Name string `xml:",chardata"`
}

// atomAuthors renders people as Atom authors; Atom requires a name.
func atomAuthors(people []db.Person) []*feeds.AtomAuthor {
	out := make([]*feeds.AtomAuthor, 0, len(people))
	for _, p := range people {
		a := &feeds.AtomAuthor{AtomPerson: feeds.AtomPerson{Name: personName(p)}}
		if isEmailAddress(p.Email) {
			a.Email = p.Email
		}
		if isAbsoluteIRI(p.URI) {
			a.Uri = p.URI
		}
		out = append(out, a)
	}
	return out
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
			Icon:     hrefIRI(v.ch.IconURL),
			Logo:     hrefIRI(v.ch.LogoURL),
			// No feed-level author: entries would inherit it (RFC 4287
			// section 4.2.1), crediting the daemon with others' work. Each
			// entry has its own or inherits its <source>'s.
		},
		Generator: &atomGenerator{URI: generatorURI, Name: generatorName},
		Entries:   make([]*atomEntry, len(v.entries)),
	}
	f.Links = appendLink(f.Links, "self", v.ch.SelfURL, "application/atom+xml", "")
	f.Links = appendLink(f.Links, "alternate", firstNonEmpty(v.ch.PageURL, v.ch.HomeURL), "text/html", "")
	f.Links = appendLink(f.Links, "hub", v.ch.HubURL, "", "")
	for _, l := range pagingLinks(v.ch) {
		f.Links = appendLink(f.Links, l.rel, l.href, "application/atom+xml", "")
	}
	ids := newEntryIDs(len(v.entries), isAbsoluteIRI)
	for i := range v.entries {
		f.Entries[i] = newAtomEntry(v, &v.entries[i], ids)
		if f.Entries[i].Thumbnail != nil {
			f.MediaNS = mediaNS
		}
	}
	return f
}

func newAtomEntry(v *feedView, e *entryView, ids *entryIDs) *atomEntry {
	it := &e.item
	a := &atomEntry{
		AtomEntry: feeds.AtomEntry{
			Title:     it.Title,
			Id:        ids.next(it, itemGUID(it)),
			Updated:   rfc3339(atomUpdated(e.modified, v.updated)),
			Published: rfc3339(e.published),
		},
		Authors: atomAuthors(e.authors),
		Source:  newAtomSource(&e.source, len(e.authors) > 0),
	}
	if it.Summary != "" {
		a.Summary = &feeds.AtomSummary{Type: "html", Content: it.Summary}
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
	for _, enc := range it.Enclosures {
		n := len(a.Links)
		a.Links = appendLink(a.Links, "enclosure", enc.URL, enc.Type, "")
		if len(a.Links) > n && enc.Length > 0 {
			a.Links[n].Length = strconv.FormatInt(enc.Length, 10)
		}
	}
	if img := hrefIRI(it.Image); img != "" {
		a.Thumbnail = &mediaThumbnail{URL: img}
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
func newAtomSource(s *Source, entryHasAuthors bool) *atomSource {
	src := &atomSource{Title: s.Title, Authors: atomAuthors(sourceAuthors(s, entryHasAuthors))}
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
