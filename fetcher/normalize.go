package fetcher

import (
	"net/url"
	"strings"
	"time"

	"github.com/feedcurator/feedcurator/db"
	"github.com/mmcdole/gofeed"
)

// normalizeFeed turns gofeed's universal feed into a Feed for sourceID:
// feed-level fields from gf, then items (the newest maxItems of the feed,
// see newestItems), cleaned. feedURL is where the body came from; relative
// URLs resolve against the feed's own link when it has one, else against
// feedURL.
func normalizeFeed(gf *gofeed.Feed, items []feedItem, sourceID, feedURL string) *Feed {
	feedBase := httpBase(feedURL)
	site := absoluteLink(feedBase, gf.Link)
	n := itemNormalizer{sourceID: sourceID, base: feedBase}
	if siteBase := httpBase(site); siteBase != nil {
		n.base = siteBase
	}
	out := &Feed{
		Title:   plainText(gf.Title, maxTitleBytes),
		SiteURL: site,
		FeedID:  feedURL,
		TTL:     feedTTL(gf),
	}
	if id := strings.TrimSpace(stripControl(atomFeedID(gf))); id != "" && len(id) <= maxGUIDBytes {
		out.FeedID = id
	}
	out.Items = make([]db.Item, 0, len(items))
	for _, fi := range items {
		if fi.item == nil {
			continue
		}
		if it, ok := n.item(fi.item, fi.hints); ok {
			out.Items = append(out.Items, it)
		}
	}
	disambiguateIDs(out.Items)
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
	guid := strings.TrimSpace(stripControl(gi.GUID))
	if len(guid) > maxGUIDBytes {
		guid = ""
	}
	link := n.link(gi, guid, hints)
	contentBase := n.base
	if lb := httpBase(link); lb != nil {
		contentBase = lb
	}
	it := db.Item{
		SourceID:   n.sourceID,
		GUID:       guid,
		Link:       link,
		Title:      plainText(gi.Title, maxTitleBytes),
		Summary:    sanitizeHTML(gi.Description, contentBase, maxSummaryBytes),
		Author:     authorOf(gi),
		Categories: categoriesOf(gi.Categories),
		Published:  utc(gi.PublishedParsed),
		Updated:    utc(gi.UpdatedParsed),
	}
	switch {
	case hints.contentIsText:
		it.Content = textAsHTML(gi.Content, maxContentBytes)
	case gi.Content == gi.Description:
		it.Content = it.Summary // both kept, as given; sanitised once
	default:
		it.Content = sanitizeHTML(gi.Content, contentBase, maxContentBytes)
	}
	if it.Title == "" && it.Link == "" && it.Summary == "" && it.Content == "" {
		return it, false
	}
	it.ID = itemID(guid, link, gi)
	return it, true
}

// link is the item's absolute http(s) link: its own link, else its first
// other link, else (RSS) a permalink guid. Relative links resolve against
// the feed's base; gofeed has already applied xml:base.
func (n *itemNormalizer) link(gi *gofeed.Item, guid string, hints itemHints) string {
	candidates := append([]string{gi.Link}, gi.Links...)
	if hints.guidIsLink {
		candidates = append(candidates, guid)
	}
	for _, c := range candidates {
		if l := absoluteLink(n.base, c); l != "" {
			return l
		}
	}
	return ""
}

// authorOf joins the item's author names (else e-mail addresses), each once.
func authorOf(gi *gofeed.Item) string {
	people := gi.Authors
	if len(people) == 0 && gi.Author != nil {
		people = []*gofeed.Person{gi.Author}
	}
	var names []string
	for _, p := range people {
		if p == nil {
			continue
		}
		name := plainText(p.Name, maxAuthorBytes)
		if name == "" {
			name = plainText(p.Email, maxAuthorBytes)
		}
		if name != "" && !containsFold(names, name) {
			names = append(names, name)
		}
	}
	return truncateUTF8(strings.Join(names, ", "), maxAuthorBytes)
}

// categoriesOf trims categories to plain text and drops empty ones and
// repeats (compared case-insensitively; the first spelling wins).
func categoriesOf(raw []string) []string {
	var out []string
	for _, c := range raw {
		c = plainText(c, maxCategoryLen)
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
