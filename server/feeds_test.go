package server

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
)

// wellFormed walks an XML document to its end.
func wellFormed(t *testing.T, b []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
	}
}

func TestFeedFormatsParseAndHoldTheTopicItems(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		path, contentType string
		wantTitles        []string
	}{
		{"/feeds/t.atom", "application/atom+xml; charset=utf-8", []string{"Seoul and Korea <script>alert(1)</script>", "Korea talks resume"}},
		{"/feeds/t.rss", "application/rss+xml; charset=utf-8", []string{"Seoul and Korea <script>alert(1)</script>", "Korea talks resume"}},
		{"/feeds/t.json", "application/feed+json; charset=utf-8", []string{"Seoul and Korea <script>alert(1)</script>", "Korea talks resume"}},
		{"/feeds/all.atom", "application/atom+xml; charset=utf-8", []string{"Seoul and Korea <script>alert(1)</script>", "Weather report", "Korea talks resume"}},
		{"/feeds/all.json", "application/feed+json; charset=utf-8", []string{"Seoul and Korea <script>alert(1)</script>", "Weather report", "Korea talks resume"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, body := f.get(tt.path)
			if got := resp.Header.Get("Content-Type"); got != tt.contentType {
				t.Errorf("Content-Type = %q, want %q", got, tt.contentType)
			}
			if strings.HasSuffix(tt.path, ".json") {
				var doc struct {
					Version string `json:"version"`
				}
				if err := json.Unmarshal(body, &doc); err != nil {
					t.Fatalf("JSON: %v", err)
				}
				if doc.Version != "https://jsonfeed.org/version/1.1" {
					t.Errorf("version = %q", doc.Version)
				}
			} else {
				wellFormed(t, body)
			}
			feed, err := gofeed.NewParser().ParseString(string(body))
			if err != nil {
				t.Fatalf("gofeed: %v", err)
			}
			var titles []string
			for _, it := range feed.Items {
				titles = append(titles, it.Title)
			}
			if strings.Join(titles, "|") != strings.Join(tt.wantTitles, "|") {
				t.Errorf("titles = %q, want %q", titles, tt.wantTitles)
			}
		})
	}
}

func TestFeedChannelLinksAndProvenance(t *testing.T) {
	f := newFixture(t)
	_, body := f.get("/feeds/t.json")
	var doc struct {
		Title       string `json:"title"`
		HomePageURL string `json:"home_page_url"`
		FeedURL     string `json:"feed_url"`
		Items       []struct {
			Source struct {
				Title   string `json:"title"`
				URL     string `json:"url"`
				FeedURL string `json:"feed_url"`
			} `json:"_source"`
		} `json:"items"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Title != "Korea" || doc.HomePageURL != "http://feeds.test/topics/t" || doc.FeedURL != "http://feeds.test/feeds/t.json" {
		t.Errorf("channel = %q %q %q", doc.Title, doc.HomePageURL, doc.FeedURL)
	}
	if len(doc.Items) != 2 {
		t.Fatalf("%d items", len(doc.Items))
	}
	// Newest first: two (title from the feed itself), then one (configured title, redirected URL).
	if s := doc.Items[0].Source; s.Title != "Two's own title" || s.FeedURL != "http://two.test/rss" {
		t.Errorf("source of item 0 = %+v", s)
	}
	if s := doc.Items[1].Source; s.Title != "Source One" || s.URL != "https://one.test/" || s.FeedURL != "https://one.test/moved.xml" {
		t.Errorf("source of item 1 = %+v", s)
	}

	_, atom := f.get("/feeds/t.atom")
	for _, want := range []string{
		`<id>http://feeds.test/feeds/t</id>`, `href="http://feeds.test/feeds/t.atom"`, `href="https://hub.test/"`,
		`<updated>2026-03-01T11:00:00Z</updated>`,
	} {
		if !bytes.Contains(atom, []byte(want)) {
			t.Errorf("atom lacks %s", want)
		}
	}
}

func TestAllFeedGivesWayToATopicNamedAll(t *testing.T) {
	f := newFixture(t)
	cfg := testConfig()
	cfg.Topics[0].ID = "all"
	f.rt.Store(&Runtime{Config: cfg})
	_, body := f.get("/feeds/all.json")
	if bytes.Contains(body, []byte("Weather report")) || !bytes.Contains(body, []byte(`"title":"Korea"`)) {
		t.Errorf("/feeds/all.json is not the topic named all:\n%s", body)
	}
}

func TestNotFound(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{
		"/feeds/nope.atom", "/feeds/t.xml", "/feeds/t", "/feeds/t.ATOM", "/feeds/.atom",
		"/topics/nope", "/nothing", "/static/nope.css",
	} {
		t.Run(path, func(t *testing.T) {
			resp, body := f.do(http.MethodGet, path)
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("status %d, want 404", resp.StatusCode)
			}
			if len(body) == 0 || len(body) > 200 {
				t.Errorf("body %q: want a short text", body)
			}
			if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Error("no X-Content-Type-Options: nosniff")
			}
		})
	}
}

func TestNoRuntimeIsUnavailable(t *testing.T) {
	f := newFixture(t)
	f.rt.Store(nil)
	if resp, _ := f.do(http.MethodGet, "/feeds/t.atom"); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("status %d, want 503", resp.StatusCode)
	}
}

func TestWrongMethod(t *testing.T) {
	f := newFixture(t)
	if resp, _ := f.do(http.MethodPost, "/feeds/t.atom"); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST status %d, want 405", resp.StatusCode)
	}
}

func TestFeedsHideSourcesRemovedFromTheConfig(t *testing.T) {
	f := newFixture(t)
	_, before := f.do("GET", "/feeds/t.atom")
	if !strings.Contains(string(before), "two.test/b1") {
		t.Fatal("source two's Korea item is missing before the reload")
	}
	cfg := *f.rt.Load().Config
	cfg.Sources = cfg.Sources[:1] // source "two" removed
	f.rt.Store(&Runtime{Config: &cfg})
	for _, path := range []string{"/feeds/t.atom", "/feeds/all.json"} {
		_, after := f.do("GET", path)
		if strings.Contains(string(after), "two.test/b1") {
			t.Errorf("%s still shows an item of a source removed from the config", path)
		}
		if !strings.Contains(string(after), "one.test/a1") {
			t.Errorf("%s lost the items of a configured source", path)
		}
	}
}
