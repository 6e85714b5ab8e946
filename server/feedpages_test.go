package server

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/feedgen"
	"github.com/feedcurator/feedcurator/internal/feedtest"
	"github.com/feedcurator/feedcurator/topic"
)

// newPagedFixture is the fixture with 24 more Korea items from source one:
// topic t holds 26 (pages of 10: 10, 10, 6), the all feed 27 (10, 10, 7).
func newPagedFixture(t *testing.T) *fixture {
	f := newFixture(t)
	feedtest.AddKoreaStories(t, f.store, 24)
	return f
}

// pageLinks are a feed page's self and RFC 5005 links, "" where absent.
type pageLinks struct{ self, first, previous, next, last string }

func readPageLinks(t *testing.T, format feedgen.Format, body []byte) pageLinks {
	t.Helper()
	if format == feedgen.JSON {
		var doc struct {
			FeedURL string `json:"feed_url"`
			NextURL string `json:"next_url"`
		}
		if err := json.Unmarshal(body, &doc); err != nil {
			t.Fatal(err)
		}
		return pageLinks{self: doc.FeedURL, next: doc.NextURL}
	}
	var doc struct {
		AtomLinks []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"http://www.w3.org/2005/Atom link"`
		Channel struct {
			AtomLinks []struct {
				Rel  string `xml:"rel,attr"`
				Href string `xml:"href,attr"`
			} `xml:"http://www.w3.org/2005/Atom link"`
		} `xml:"channel"`
	}
	if err := xml.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	links := append(doc.AtomLinks, doc.Channel.AtomLinks...)
	var out pageLinks
	for _, l := range links {
		switch l.Rel {
		case "self":
			out.self = l.Href
		case "first":
			out.first = l.Href
		case "previous":
			out.previous = l.Href
		case "next":
			out.next = l.Href
		case "last":
			out.last = l.Href
		}
	}
	return out
}

// TestFeedPagesLinkEachOther walks every feed page by page in each format:
// the links chain the pages (JSON Feed has next_url only), every page parses,
// and the pages together hold each item of the feed once.
func TestFeedPagesLinkEachOther(t *testing.T) {
	f := newPagedFixture(t)
	for _, feed := range []struct {
		id    string
		items int
	}{{"t", 26}, {"all", 27}} {
		for _, format := range feedgen.Formats {
			t.Run(feed.id+"."+string(format), func(t *testing.T) {
				plain := "http://feeds.test/feeds/" + feed.id + "." + string(format)
				page := func(n int) string { return fmt.Sprintf("%s?page=%d", plain, n) }
				xmlLinks := func(l pageLinks) pageLinks {
					if format == feedgen.JSON {
						// JSON Feed has next_url only, and feed_url is
						// the subscription's on every page.
						l.self, l.first, l.previous, l.last = plain, "", "", ""
					}
					return l
				}
				want := []pageLinks{
					xmlLinks(pageLinks{self: plain, next: page(2)}),
					xmlLinks(pageLinks{self: page(2), first: plain, previous: plain, next: page(3), last: page(3)}),
					xmlLinks(pageLinks{self: page(3), first: plain, previous: page(2), last: page(3)}),
				}
				seen := map[string]bool{}
				for i, path := 0, "/feeds/"+feed.id+"."+string(format); path != ""; i++ {
					if i == len(want) {
						t.Fatalf("more than %d pages", len(want))
					}
					_, body := f.get(path)
					if got := readPageLinks(t, format, body); got != want[i] {
						t.Errorf("page %d links\n got %+v\nwant %+v", i+1, got, want[i])
					}
					parsed, err := gofeed.NewParser().Parse(bytes.NewReader(body))
					if err != nil {
						t.Fatalf("page %d: gofeed: %v", i+1, err)
					}
					for _, it := range parsed.Items {
						if seen[it.Link] {
							t.Errorf("page %d repeats %s", i+1, it.Link)
						}
						seen[it.Link] = true
					}
					path = strings.TrimPrefix(want[i].next, "http://feeds.test")
				}
				if len(seen) != feed.items {
					t.Errorf("the pages hold %d items, want %d", len(seen), feed.items)
				}
			})
		}
	}
}

// TestFeedPageOneIsThePlainFeed: ?page=1 serves the plain feed's bytes but
// for its self link.
func TestFeedPageOneIsThePlainFeed(t *testing.T) {
	f := newPagedFixture(t)
	for _, format := range feedgen.Formats {
		path := "/feeds/t." + string(format)
		_, plain := f.get(path)
		_, one := f.get(path + "?page=1")
		self := "http://feeds.test" + path
		if got := bytes.ReplaceAll(one, []byte(self+"?page=1"), []byte(self)); !bytes.Equal(got, plain) {
			t.Errorf("%s?page=1 differs from the plain feed beyond its self link:\n%s\n%s", path, one, plain)
		}
		if bytes.Equal(one, plain) {
			t.Errorf("%s?page=1 names the plain URL as self", path)
		}
	}
}

func TestFeedPageNotFound(t *testing.T) {
	f := newPagedFixture(t)
	for _, query := range []string{
		"page=0", "page=-1", "page=abc", "page=02", "page=1.5", "page=+2", "page=", "page=2&page=3", "page=%32%30%30",
		"page=4",  // past the last page
		"page=21", // past topic.MaxPages
		"page=99999999999999999999",
	} {
		t.Run(query, func(t *testing.T) {
			for _, path := range []string{"/feeds/t.atom?", "/feeds/all.json?"} {
				resp, body := f.do(http.MethodGet, path+query)
				if resp.StatusCode != http.StatusNotFound {
					t.Errorf("%s: status %d, want 404", path+query, resp.StatusCode)
				}
				if len(body) == 0 || len(body) > 200 {
					t.Errorf("%s: body %q, want a short text", path+query, body)
				}
			}
		})
	}
	// Parameters other than page leave the plain feed alone.
	if resp, _ := f.do(http.MethodGet, "/feeds/t.rss?utm_source=x"); resp.StatusCode != http.StatusOK {
		t.Errorf("?utm_source=x: status %d, want 200", resp.StatusCode)
	}
}

// TestFeedPagePastTheEndIsCachedToo: asking again for a missing page costs
// no render until the store changes.
func TestFeedPagePastTheEndIsCachedToo(t *testing.T) {
	f := newPagedFixture(t)
	renders := countRenders(f.srv)
	for range 3 {
		if resp, _ := f.do(http.MethodGet, "/feeds/t.atom?page=5"); resp.StatusCode != http.StatusNotFound {
			t.Fatalf("status %d, want 404", resp.StatusCode)
		}
	}
	if n := renders(feedPageCacheName("t.atom", 5)); n != 1 {
		t.Errorf("%d renders of a missing page for three GETs, want 1", n)
	}
	var items []db.Item
	for i := range 30 {
		items = append(items, item(fmt.Sprint("m", i), fmt.Sprint("More Korea ", i), fmt.Sprint("https://two.test/m", i), 50+i))
	}
	f.save(db.SourceState{ID: "two", URL: "http://two.test/rss", ConfiguredURL: "http://two.test/rss"}, items...)
	if resp, _ := f.do(http.MethodGet, "/feeds/t.atom?page=5"); resp.StatusCode != http.StatusOK {
		t.Errorf("after 30 more items: status %d, want 200", resp.StatusCode)
	}
}

// TestFeedPagesHaveTheirOwnValidators: each page has its own ETag, answers
// 304 to it, and is gzipped and HEAD-able like the plain feed.
func TestFeedPagesHaveTheirOwnValidators(t *testing.T) {
	f := newPagedFixture(t)
	plain, _ := f.get("/feeds/t.atom")
	two, body := f.get("/feeds/t.atom?page=2")
	etag := two.Header.Get("ETag")
	if etag == "" || etag == plain.Header.Get("ETag") || two.Header.Get("Last-Modified") == "" {
		t.Fatalf("page 2 ETag %q, plain %q, Last-Modified %q", etag, plain.Header.Get("ETag"), two.Header.Get("Last-Modified"))
	}
	if resp, _ := f.do(http.MethodGet, "/feeds/t.atom?page=2", "If-None-Match", etag); resp.StatusCode != http.StatusNotModified {
		t.Errorf("page 2 with its ETag: %d, want 304", resp.StatusCode)
	}
	if resp, _ := f.do(http.MethodGet, "/feeds/t.atom", "If-None-Match", etag); resp.StatusCode != http.StatusOK {
		t.Errorf("plain feed with page 2's ETag: %d, want 200", resp.StatusCode)
	}
	if resp, _ := f.do(http.MethodGet, "/feeds/t.atom?page=3", "If-None-Match", etag); resp.StatusCode != http.StatusOK {
		t.Errorf("page 3 with page 2's ETag: %d, want 200", resp.StatusCode)
	}
	resp, gz := f.get("/feeds/t.atom?page=2", "Accept-Encoding", "gzip")
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding %q, want gzip", resp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	if unzipped, _ := io.ReadAll(zr); !bytes.Equal(unzipped, body) {
		t.Error("gzipped page 2 differs from page 2")
	}
	head, headBody := f.do(http.MethodHead, "/feeds/t.atom?page=2")
	if head.StatusCode != http.StatusOK || len(headBody) != 0 || head.Header.Get("Content-Length") != fmt.Sprint(len(body)) {
		t.Errorf("HEAD page 2: %d, body %d bytes, Content-Length %s", head.StatusCode, len(headBody), head.Header.Get("Content-Length"))
	}
}

// TestFeedPagingStopsAtMaxPages: a feed deeper than topic.MaxPages pages
// ends there: the last page links to no next one, and the one after is a 404.
func TestFeedPagingStopsAtMaxPages(t *testing.T) {
	f := newPagedFixture(t)
	cfg := testConfig()
	cfg.Output = config.Output{Items: 1} // 26 items: 26 pages, were there no cap
	f.rt.Store(&Runtime{Config: cfg})
	last := fmt.Sprintf("/feeds/t.rss?page=%d", topic.MaxPages)
	_, body := f.get(last)
	if links := readPageLinks(t, feedgen.RSS, body); links.next != "" || links.previous == "" {
		t.Errorf("page %d links %+v: want a previous and no next", topic.MaxPages, links)
	}
	_, body = f.get(fmt.Sprintf("/feeds/t.rss?page=%d", topic.MaxPages-1))
	if links := readPageLinks(t, feedgen.RSS, body); !strings.HasSuffix(links.next, fmt.Sprintf("?page=%d", topic.MaxPages)) {
		t.Errorf("page %d links %+v: want the next", topic.MaxPages-1, links)
	}
	if resp, _ := f.do(http.MethodGet, fmt.Sprintf("/feeds/t.rss?page=%d", topic.MaxPages+1)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("page %d: status %d, want 404", topic.MaxPages+1, resp.StatusCode)
	}
}
