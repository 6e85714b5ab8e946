package feedgen

import (
	"encoding/json"
	"io"
	"math"

	"github.com/gorilla/feeds"

	"github.com/feedcurator/feedcurator/internal/htmltext"
)

const jsonFeedVersion = "https://jsonfeed.org/version/1.1"

// jsonFeed is gorilla's JSONFeed with items that carry our extensions;
// "items" is shadowed to stay present (as []) in an empty feed, which JSON
// Feed requires and gorilla's omitempty drops.
type jsonFeed struct {
	feeds.JSONFeed
	Items []*jsonItem `json:"items"`
}

// jsonItem is gorilla's JSONItem with RFC 3339 dates in UTC (gorilla marshals
// time.Time with nanoseconds and the original zone), an always-present
// content_html (JSON Feed requires content_html or content_text), and the
// _source, _match and _also extension objects.
type jsonItem struct {
	feeds.JSONItem
	Attachments   []jsonAttachment `json:"attachments,omitempty"`
	ContentHTML   string           `json:"content_html"`
	DatePublished string           `json:"date_published,omitempty"`
	DateModified  string           `json:"date_modified,omitempty"`
	Source        *jsonSource      `json:"_source,omitempty"`
	Match         *jsonMatch       `json:"_match,omitempty"`
	Also          []jsonAlso       `json:"_also,omitempty"`
}

// jsonAttachment is JSON Feed 1.1's attachment; gorilla's names the size
// "size" and caps it at 2 GiB.
type jsonAttachment struct {
	URL      string `json:"url"`
	MIMEType string `json:"mime_type"`
	Size     int64  `json:"size_in_bytes,omitempty"`
}

// jsonSource names the feed an item was copied from. URL is the source's
// site, else its feed.
type jsonSource struct {
	Title   string `json:"title"`
	URL     string `json:"url,omitempty"`
	FeedURL string `json:"feed_url,omitempty"`
}

// jsonMatch says why the topic selected the item.
type jsonMatch struct {
	Topic string     `json:"topic"`
	Score float64    `json:"score,omitempty"` // how strongly it matched: title hits weigh most, distinct terms add up
	Terms []jsonTerm `json:"terms"`
}

type jsonTerm struct {
	Term  string `json:"term"`
	Field string `json:"field"`
	Text  string `json:"text"`
}

// jsonAlso is another source's copy of a clustered story.
type jsonAlso struct {
	URL    string `json:"url,omitempty"`
	Title  string `json:"title"`
	Source string `json:"source"`
}

func writeJSON(w io.Writer, v *feedView) error {
	// Compact: indenting re-scans every string and doubled the cost of a
	// render; feed readers do not look, and people have jq.
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // content_html stays readable; JSON needs no escaping of <>&
	return enc.Encode(newJSONFeed(v))
}

func newJSONFeed(v *feedView) *jsonFeed {
	f := &jsonFeed{
		JSONFeed: feeds.JSONFeed{
			Version:     jsonFeedVersion,
			Title:       v.ch.Title,
			HomePageUrl: firstNonEmpty(v.ch.PageURL, v.ch.HomeURL),
			// feed_url is what a reader subscribes to: the first page's
			// URL on every page, with next_url for paging.
			FeedUrl:     firstNonEmpty(v.ch.FirstURL, v.ch.SelfURL),
			Description: v.ch.Description,
			NextUrl:     v.ch.NextURL,
			Icon:        firstNonEmpty(v.ch.LogoURL, v.ch.IconURL),
			Favicon:     v.ch.IconURL,
		},
		Items: make([]*jsonItem, len(v.entries)),
	}
	if v.ch.HubURL != "" {
		f.Hubs = []*feeds.JSONHub{{Type: "WebSub", Url: v.ch.HubURL}}
	}
	ids := newEntryIDs(len(v.entries), nonEmpty)
	for i := range v.entries {
		f.Items[i] = newJSONItem(v, &v.entries[i], ids)
	}
	return f
}

func newJSONItem(v *feedView, e *entryView, ids *entryIDs) *jsonItem {
	it := &e.item
	j := &jsonItem{
		JSONItem: feeds.JSONItem{
			Id:      ids.next(it, firstNonEmpty(itemGUID(it), it.Link)),
			Url:     it.Link,
			Title:   it.Title,
			Summary: htmltext.Line(it.Summary), // JSON Feed's summary is plain text
			Tags:    it.Categories,
			Image:   webURL(it.Image),
		},
		ContentHTML:   e.html,
		DatePublished: rfc3339(e.published),
		DateModified:  rfc3339(e.modified),
		Source:        newJSONSource(&e.source),
	}
	if j.ContentHTML == "" {
		j.ContentHTML = it.Summary
	}
	for _, p := range e.authors {
		a := &feeds.JSONAuthor{Name: p.Name, Url: webURL(p.URI)}
		if a.Url == "" && p.Email != "" {
			a.Url = "mailto:" + p.Email // JSON Feed authors have no e-mail of their own
		}
		j.Authors = append(j.Authors, a)
	}
	for _, enc := range it.Enclosures {
		j.Attachments = append(j.Attachments, jsonAttachment{URL: enc.URL, MIMEType: firstNonEmpty(enc.Type, defaultMediaType), Size: enc.Length})
	}
	if len(e.reasons) > 0 {
		j.Match = &jsonMatch{Topic: v.ch.TopicID, Score: roundScore(e.score), Terms: make([]jsonTerm, len(e.reasons))}
		for i, r := range e.reasons {
			j.Match.Terms[i] = jsonTerm{Term: r.Term, Field: r.Field, Text: r.Text}
		}
	}
	for _, a := range e.also {
		j.Also = append(j.Also, jsonAlso{URL: a.url, Title: a.title, Source: a.source})
	}
	return j
}

func newJSONSource(s *Source) *jsonSource {
	src := &jsonSource{Title: s.Title, URL: s.SiteURL, FeedURL: s.FeedURL}
	if src.URL == "" {
		src.URL = s.FeedURL
	}
	return src
}

// roundScore keeps two decimals: a score is a ranking aid, and its float
// noise would only make the bytes (and so the ETag) jitter.
func roundScore(x float64) float64 { return math.Round(x*100) / 100 }
