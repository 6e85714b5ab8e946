package parser

import (
	"net/url"
	"strings"
	"time"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/fetcher/ids"
	"github.com/feedcurator/feedcurator/fetcher/sanitize"
	"github.com/mmcdole/gofeed"
)

// normalizeFeed turns gofeed's universal feed into a Feed for sourceID:
// feed-level fields from gf, then items (the newest maxItems of the feed,
// see newestItems), cleaned. feedURL is where the body came from; relative
// URLs resolve against the feed's own link when it has one, else against
// feedURL.
func normalizeFeed(gf *gofeed.Feed, items []feedItem, sourceID, feedURL string) *Feed {
	feedBase := sanitize.HTTPBase(feedURL)
	site := sanitize.AbsoluteLink(feedBase, gf.Link)
	n := itemNormalizer{sourceID: sourceID, base: feedBase}
	if siteBase := sanitize.HTTPBase(site); siteBase != nil {
		n.base = siteBase
	}
	out := &Feed{
		Title:   sanitize.PlainText(gf.Title, maxTitleBytes),
		SiteURL: site,
		FeedID:  feedURL,
		TTL:     feedTTL(gf),
		Authors: feedPeople(gf, n.base),
	}
	if id := strings.TrimSpace(sanitize.StripControl(atomFeedID(gf))); id != "" && len(id) <= maxGUIDBytes {
		out.FeedID = id
	}
	lang := feedLanguage(gf.Language)
	out.Items = make([]db.Item, 0, len(items))
	for _, fi := range items {
		if fi.item == nil {
			continue
		}
		hints := fi.hints
		hints.authors = cleanPeople(hints.authors, n.base)
		if it, ok := n.item(fi.item, hints); ok {
			it.Lang = lang
			out.Items = append(out.Items, it)
		}
	}
	ids.Disambiguate(out.Items)
	return out
}

// itemNormalizer cleans the items of one feed.
type itemNormalizer struct {
	sourceID string
	base     *url.URL // the feed's link, else its URL; nil if neither is http(s)
}

// item cleans one item; ok is false for an item with nothing to show (no
// title, link, summary or content).
func (n *itemNormalizer) item(gi *gofeed.Item, hints itemHints) (db.Item, bool) {
	guid := strings.TrimSpace(sanitize.StripControl(gi.GUID))
	if len(guid) > maxGUIDBytes {
		guid = ""
	}
	link := n.link(gi, guid, hints)
	contentBase := n.base
	if lb := sanitize.HTTPBase(link); lb != nil {
		contentBase = lb
	}
	it := db.Item{
		SourceID:    n.sourceID,
		GUID:        guid,
		Link:        link,
		Title:       sanitize.PlainText(gi.Title, maxTitleBytes),
		Summary:     sanitize.HTML(gi.Description, contentBase, maxSummaryBytes),
		Author:      authorNames(hints.authors),
		Authors:     hints.authors,
		Categories:  categoriesOf(gi.Categories),
		Enclosures:  enclosuresOf(gi, contentBase),
		Image:       imageOf(gi, contentBase),
		Published:   utc(gi.PublishedParsed),
		Updated:     utc(gi.UpdatedParsed),
		ContentHash: ids.ContentHash(gi),
	}
	switch {
	case hints.contentIsText:
		it.Content = sanitize.TextAsHTML(gi.Content, maxContentBytes)
	case gi.Content == gi.Description:
		it.Content = it.Summary // both kept, as given; sanitised once
	default:
		it.Content = sanitize.HTML(gi.Content, contentBase, maxContentBytes)
	}
	if it.Title == "" && it.Link == "" && it.Summary == "" && it.Content == "" {
		return it, false
	}
	it.ID = ids.Item(guid, link, it.ContentHash)
	return it, true
}

// link is the item's absolute http(s) link: its own link, else its first
// other link, else (RSS) a permalink guid that is itself an absolute http(s)
// URL. Relative links resolve against the feed's base (gofeed has already
// applied xml:base); a guid never does: "h1" is a name, and resolving it
// would make up a link that leads nowhere.
func (n *itemNormalizer) link(gi *gofeed.Item, guid string, hints itemHints) string {
	for _, c := range append([]string{gi.Link}, gi.Links...) {
		if l := sanitize.AbsoluteLink(n.base, c); l != "" {
			return l
		}
	}
	if hints.guidIsLink {
		return sanitize.AbsoluteLink(nil, guid)
	}
	return ""
}

// categoriesOf trims categories to plain text and drops empty ones and
// repeats (compared case-insensitively; the first spelling wins).
func categoriesOf(raw []string) []string {
	var out []string
	for _, c := range raw {
		c = sanitize.PlainText(c, maxCategoryLen)
		if c == "" || containsFold(out, c) {
			continue
		}
		out = append(out, c)
		if len(out) == maxCategories {
			break
		}
	}
	return out
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// utc is gofeed's parsed time in UTC, zero when the feed gave none. A
// missing date stays missing: filling it with the poll time would make the
// item look new on every poll.
func utc(t *time.Time) time.Time {
	if t == nil || t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}

// feedLanguage is the feed's declared language as a lower-case BCP 47 tag,
// or "" when it declared none or something that is not a tag ("English").
func feedLanguage(raw string) string {
	s := strings.ToLower(strings.TrimSpace(raw))
	s = strings.ReplaceAll(s, "_", "-")
	if len(s) < 2 || len(s) > 35 {
		return ""
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' {
			return ""
		}
	}
	return s
}
