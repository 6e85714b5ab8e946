package feedgen

import (
	"io"
	"strconv"

	"github.com/gorilla/feeds"
)

const (
	contentNS = "http://purl.org/rss/1.0/modules/content/"
	dcNS      = "http://purl.org/dc/elements/1.1/"
)

// rssDocument is gorilla's <rss> wrapper with the atom and dc namespaces
// declared (for atom:link and dc:creator) and our channel in place of its own.
type rssDocument struct {
	feeds.RssFeedXml
	AtomNamespace string      `xml:"xmlns:atom,attr"`
	DCNamespace   string      `xml:"xmlns:dc,attr"`
	Channel       *rssChannel `xml:"channel"`
}

// FeedXml makes rssDocument a feeds.XmlFeed.
func (d *rssDocument) FeedXml() any { return d }

// rssChannel is gorilla's RssFeed plus atom:link elements (self, hub), which
// RSS 2.0 lacks, and our richer items.
type rssChannel struct {
	feeds.RssFeed
	AtomLinks []rssAtomLink `xml:"atom:link"`
	Items     []*rssItem    `xml:"item"`
}

// rssItem is gorilla's RssItem with several categories (with a domain for
// match terms), a <source url=""> element and dc:creator; these shadow
// gorilla's single-string fields. Link and description are shadowed only to
// leave them out when empty.
type rssItem struct {
	feeds.RssItem
	Link        string        `xml:"link,omitempty"`
	Description string        `xml:"description,omitempty"`
	Creators    []string      `xml:"dc:creator"`
	Categories  []rssCategory `xml:"category"`
	Source      *rssSource    `xml:"source"`
}

type rssAtomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
}

type rssCategory struct {
	Domain string `xml:"domain,attr,omitempty"`
	Name   string `xml:",chardata"`
}

type rssSource struct {
	URL   string `xml:"url,attr"`
	Title string `xml:",chardata"`
}

func writeRSS(w io.Writer, v *feedView) error {
	return writeXML(w, newRSSDocument(v))
}

func newRSSDocument(v *feedView) *rssDocument {
	home := firstNonEmpty(v.ch.PageURL, v.ch.HomeURL)
	if home == "" {
		home = v.ch.SelfURL
	}
	desc := v.ch.Description
	if desc == "" {
		desc = v.ch.Title // required, and better than nothing
	}
	updated := rfc1123z(v.updated)
	ch := &rssChannel{
		RssFeed: feeds.RssFeed{
			Title:         v.ch.Title,
			Link:          home,
			Description:   desc,
			PubDate:       updated,
			LastBuildDate: updated,
			Generator:     generatorName,
		},
		Items: make([]*rssItem, len(v.entries)),
	}
	if logo := firstNonEmpty(v.ch.LogoURL, v.ch.IconURL); logo != "" && home != "" {
		ch.Image = &feeds.RssImage{Url: logo, Title: v.ch.Title, Link: home}
	}
	if v.ch.SelfURL != "" {
		ch.AtomLinks = append(ch.AtomLinks, rssAtomLink{Href: v.ch.SelfURL, Rel: "self", Type: "application/rss+xml"})
	}
	if v.ch.HubURL != "" {
		ch.AtomLinks = append(ch.AtomLinks, rssAtomLink{Href: v.ch.HubURL, Rel: "hub"})
	}
	for _, l := range pagingLinks(v.ch) {
		ch.AtomLinks = append(ch.AtomLinks, rssAtomLink{Href: l.href, Rel: l.rel, Type: "application/rss+xml"})
	}
	ids := newEntryIDs(len(v.entries), nonEmpty)
	for i := range v.entries {
		ch.Items[i] = newRSSItem(v, &v.entries[i], ids)
	}
	return &rssDocument{
		RssFeedXml:    feeds.RssFeedXml{Version: "2.0", ContentNamespace: contentNS},
		AtomNamespace: atomNS,
		DCNamespace:   dcNS,
		Channel:       ch,
	}
}

func newRSSItem(v *feedView, e *entryView, ids *entryIDs) *rssItem {
	it := &e.item
	r := &rssItem{
		RssItem: feeds.RssItem{
			Title:   it.Title,
			PubDate: rfc1123z(e.published),
		},
		Link:        it.Link,
		Description: firstNonEmpty(it.Summary, it.Content, e.html),
	}
	if r.Title == "" && r.Description == "" {
		// RSS 2.0 wants a title or a description; an item that is only a
		// link (bookmark feeds have them) is titled by it.
		r.Title = firstNonEmpty(it.Link, itemGUID(it))
	}
	if e.html != "" {
		r.Content = &feeds.RssContent{Content: e.html}
	}
	if guid := itemGUID(it); guid != "" {
		guid = ids.next(it, guid)
		r.Guid = &feeds.RssGuid{Id: guid, IsPermaLink: "false"}
		if isPermaLink(guid, it) {
			r.Guid.IsPermaLink = "true"
		}
	}
	// RSS's <author> is an e-mail address (with the name in parentheses);
	// every author's name goes to dc:creator, which may repeat.
	r.Author = rssAuthor(e.authors)
	for _, p := range e.authors {
		if p.Name != "" { // an address alone is in <author>
			r.Creators = append(r.Creators, p.Name)
		}
	}
	// RSS allows one enclosure, with its length and type required.
	if len(it.Enclosures) > 0 {
		enc := it.Enclosures[0]
		r.Enclosure = &feeds.RssEnclosure{Url: enc.URL, Length: strconv.FormatInt(enc.Length, 10), Type: firstNonEmpty(enc.Type, defaultMediaType)}
	}
	for _, c := range it.Categories {
		r.Categories = append(r.Categories, rssCategory{Name: c})
	}
	for _, t := range e.terms {
		r.Categories = append(r.Categories, rssCategory{Domain: v.matchScheme, Name: t.term})
	}
	if e.source.FeedURL != "" {
		r.Source = &rssSource{URL: e.source.FeedURL, Title: e.source.Title}
	}
	return r
}
