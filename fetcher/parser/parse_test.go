package parser

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/feedcurator/feedcurator/fetcher/internal/fetchtest"
)

// unsafeHTML finds what sanitising must remove: active elements, event
// handler attributes and script URLs inside tags.
var unsafeHTML = regexp.MustCompile(`(?i)<(script|iframe|object|embed|form|style|meta|link|base)\b|<[^>]*\son[a-z]+\s*=|<[^>]*(href|src)\s*=\s*["']?\s*(javascript|vbscript|data):`)

// checkItemInvariants asserts what every normalised item must satisfy.
func checkItemInvariants(t *testing.T, feed *Feed) {
	t.Helper()
	ids := make(map[string]bool)
	for _, it := range feed.Items {
		if it.ID == "" || ids[it.ID] {
			t.Errorf("item %q: empty or repeated ID %q", it.Title, it.ID)
		}
		ids[it.ID] = true
		if it.Link != "" {
			u, err := url.Parse(it.Link)
			if err != nil || !u.IsAbs() || (u.Scheme != "http" && u.Scheme != "https") {
				t.Errorf("item %q: link %q is not absolute http(s)", it.Title, it.Link)
			}
		}
		// Plain text may contain "<" ("I <3 Go"); it may not span lines.
		if strings.ContainsAny(it.Title, "\n\r\t") || strings.Contains(it.Title, "  ") || it.Title != strings.TrimSpace(it.Title) {
			t.Errorf("title %q is not one line of collapsed text", it.Title)
		}
		for _, field := range []string{it.Title, it.Summary, it.Content, it.Author} {
			if strings.ContainsFunc(field, isControl) {
				t.Errorf("item %q: control character in %q", it.Title, field)
			}
		}
		for _, field := range []string{it.Summary, it.Content} {
			if m := unsafeHTML.FindString(field); m != "" {
				t.Errorf("item %q: unsafe HTML %q survived sanitising", it.Title, m)
			}
		}
		if !it.FirstSeen.IsZero() {
			t.Errorf("item %q: FirstSeen is the store's to set", it.Title)
		}
		for _, ts := range []time.Time{it.Published, it.Updated} {
			if !ts.IsZero() && ts.Location() != time.UTC {
				t.Errorf("item %q: time %v not in UTC", it.Title, ts)
			}
		}
	}
}

func TestParseSharedFixtures(t *testing.T) {
	dir := sharedDir(t, "fixtures")
	var expected map[string]json.RawMessage
	if err := json.Unmarshal(readFile(t, filepath.Join(dir, "expected.json")), &expected); err != nil {
		t.Fatal(err)
	}
	firstTitle := map[string]string{
		"wsws.rss":           "US demands “much greater” Chinese pressure on North Korea, or else",
		"korean-euckr.rss":   "북한, 동해상으로 탄도미사일 발사",
		"chinese-gb2312.rss": "朝鲜再次试射导弹",
		"japanese-sjis.rss":  "北朝鮮がミサイル発射",
		"asia-desk.atom":     "Envoys meet for talks",
		"wire.json":          "Seoul markets close higher",
	}
	for file, raw := range expected {
		if strings.HasPrefix(file, "_") {
			continue
		}
		t.Run(file, func(t *testing.T) {
			var links map[string][]string
			if err := json.Unmarshal(raw, &links); err != nil {
				t.Fatal(err)
			}
			// The feed URL is deliberately elsewhere: relative links must
			// resolve against xml:base and the feed's own link.
			feed, err := Parse("fixture", "http://fixtures.test/"+file, "", readFile(t, filepath.Join(dir, file)))
			if err != nil {
				t.Fatal(err)
			}
			checkItemInvariants(t, feed)
			var got []string
			for _, it := range feed.Items {
				got = append(got, it.Link)
				if it.Published.IsZero() {
					t.Errorf("item %q lost its date", it.Title)
				}
			}
			want := slices.Sorted(func(yield func(string) bool) {
				for l := range links {
					if !yield(l) {
						return
					}
				}
			})
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("links\n got %q\nwant %q", got, want)
			}
			if len(feed.Items) == 0 || feed.Items[0].Title != firstTitle[file] {
				t.Errorf("first title %q, want %q", feed.Items[0].Title, firstTitle[file])
			}
			if feed.Title == "" || feed.SiteURL == "" {
				t.Errorf("feed title %q, site %q", feed.Title, feed.SiteURL)
			}
		})
	}
}

func TestParseSanitizesAsiaDesk(t *testing.T) {
	dir := sharedDir(t, "fixtures")
	feed, err := Parse("asia", "http://fixtures.test/asia-desk.atom", "application/atom+xml", readFile(t, filepath.Join(dir, "asia-desk.atom")))
	if err != nil {
		t.Fatal(err)
	}
	byLink := make(map[string]int)
	for i, it := range feed.Items {
		byLink[it.Link] = i
	}
	fair := feed.Items[byLink["https://blog.example.org/asia/2017/06/trade-fair"]]
	for _, banned := range []string{"<script", "alert(", "onerror", "javascript:", "<iframe", "evil.example.net"} {
		if strings.Contains(fair.Content, banned) {
			t.Errorf("content keeps %q: %s", banned, fair.Content)
		}
	}
	for _, kept := range []string{
		`<img src="https://blog.example.org/asia/img/fair.jpg" alt="fair"`, // xml:base, not the item link
		`<a href="https://blog.example.org/asia/more.html">more</a>`,
		"The fair opened with a speech.",
	} {
		if !strings.Contains(fair.Content, kept) {
			t.Errorf("content lost %q: %s", kept, fair.Content)
		}
	}
	envoys := feed.Items[byLink["https://blog.example.org/asia/2017/06/envoys-meet"]]
	if !strings.Contains(envoys.Summary, "<b>Pyong</b>yang") {
		t.Errorf("summary %q", envoys.Summary)
	}
	sanctions := feed.Items[byLink["https://blog.example.org/asia/2017/06/sanctions"]]
	if !slices.Equal(sanctions.Categories, []string{"DPRK"}) {
		t.Errorf("categories %q", sanctions.Categories)
	}
	if feed.FeedID != "tag:blog.example.org,2017:asia" || feed.SiteURL != "https://blog.example.org/asia/" {
		t.Errorf("feed id %q, site %q", feed.FeedID, feed.SiteURL)
	}
}

// TestParseOwnFeeds pins normalisation on small feeds kept in testdata/.
func TestParseOwnFeeds(t *testing.T) {
	type want struct {
		id, guid, link, title, summary, content, author string
		categories                                      []string
		published, updated                              string // RFC 3339, "" for zero
	}
	tests := []struct {
		file    string
		feedURL string
		title   string
		site    string
		feedID  string
		ttl     time.Duration
		items   []want
	}{
		{"relative.rss", "https://feeds.example.com/news.rss", "Relative & Co. News", "https://news.example.com/blog/", "https://feeds.example.com/news.rss", 90 * time.Minute, []want{
			{id: "first-guid", guid: "first-guid", link: "https://news.example.com/2024/01/first.html", title: "First & best story",
				summary:    `<p>See <a href="https://news.example.com/2024/about.html">about</a> and <img src="https://news.example.com/2024/01/img/a.png" alt="a"></p>`,
				author:     "Ann Writer",
				categories: []string{"Politics", "World"}, published: "2024-01-01T09:00:00Z"},
			{id: "https://news.example.com/2024/01/second.html", guid: "https://news.example.com/2024/01/second.html",
				link: "https://news.example.com/2024/01/second.html", title: "Permalink guid only", summary: "No link element.", published: "2024-01-01T09:00:00Z"},
			{id: "sha256:4357be013b31045bf352a5c64aa28cfee1130a49e836dbe78aaf2dcb2925a6fb", title: "Nothing but a title", summary: "Neither guid nor link, and no date."},
			{id: "dup", guid: "dup", link: "https://news.example.com/a", title: "Repeated guid A", published: "2023-12-31T08:00:00Z"},
			{id: "dup#2", guid: "dup", link: "https://news.example.com/b", title: "Repeated guid B", published: "2023-12-31T07:00:00Z"},
			{id: "bad-link", guid: "bad-link", title: "Bad link", summary: "Same text in both.", content: "Same text in both."},
		}},
		{"nested-base.atom", "https://feeds.example.org/a.atom", "Nested base", "https://atom.example.org/root/index.html", "urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6", 0, []want{
			{id: "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a", guid: "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a",
				link: "https://atom.example.org/root/sub/page.html", title: "Entry with its own base",
				content: "Plain text with &lt;b&gt;angle brackets&lt;/b&gt; kept as text.", author: "Kim, Lee",
				published: "2024-02-01T02:00:00Z", updated: "2024-02-01T12:00:00Z"},
			{id: "urn:uuid:2225c695-cfb8-4ebb-aaaa-80da344efa6a", guid: "urn:uuid:2225c695-cfb8-4ebb-aaaa-80da344efa6a",
				link: "https://atom.example.org/root/other.html", title: "Updated only",
				summary:   `<p>An <a href="https://atom.example.org/root/deep/link.html">xhtml</a> summary <img src="https://atom.example.org/i.png"/></p>`,
				published: "2024-01-15T08:30:00Z", updated: "2024-01-15T08:30:00Z"},
		}},
		{"feed.json", "https://json.example.com/feed.json", "JSON Feed sample", "https://json.example.com/", "https://json.example.com/feed.json", 0, []want{
			{id: "j-1", guid: "j-1", link: "https://json.example.com/posts/1", title: "Text content",
				content: "1 &lt; 2 &amp; &lt;b&gt;not bold&lt;/b&gt;", author: "Jo", categories: []string{"a", "b"}, published: "2024-03-01T08:00:00Z"},
			{id: "j-2", guid: "j-2", link: "https://json.example.com/posts/2", title: "HTML content",
				content: `<p>Hello <a href="https://json.example.com/x">x</a></p>`, updated: "2024-03-02T10:00:00Z"},
		}},
		{"syndication.rdf", "https://rdf.example.net/index.rdf", "RDF with the syndication module", "https://rdf.example.net/", "https://rdf.example.net/index.rdf", 30 * time.Minute, []want{
			{id: "https://rdf.example.net/1", link: "https://rdf.example.net/1", title: "One"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			feed, err := Parse("own", tt.feedURL, "", readFile(t, filepath.Join("testdata", tt.file)))
			if err != nil {
				t.Fatal(err)
			}
			checkItemInvariants(t, feed)
			if feed.Title != tt.title || feed.SiteURL != tt.site || feed.FeedID != tt.feedID || feed.TTL != tt.ttl {
				t.Errorf("feed %q %q %q %v, want %q %q %q %v", feed.Title, feed.SiteURL, feed.FeedID, feed.TTL, tt.title, tt.site, tt.feedID, tt.ttl)
			}
			if len(feed.Items) != len(tt.items) {
				t.Fatalf("%d items, want %d", len(feed.Items), len(tt.items))
			}
			for i, w := range tt.items {
				it := feed.Items[i]
				got := want{it.ID, it.GUID, it.Link, it.Title, it.Summary, it.Content, it.Author, it.Categories, rfc3339(it.Published), rfc3339(it.Updated)}
				if fmt.Sprintf("%#v", got) != fmt.Sprintf("%#v", w) {
					t.Errorf("item %d\n got %#v\nwant %#v", i, got, w)
				}
				if it.SourceID != "own" {
					t.Errorf("item %d: source %q", i, it.SourceID)
				}
			}
		})
	}
}

func rfc3339(ts time.Time) string {
	if ts.IsZero() {
		return ""
	}
	return ts.Format(time.RFC3339)
}

func TestParseNotAFeed(t *testing.T) {
	deep := func(n int) []byte {
		return []byte(`<rss version="2.0"><channel>` + strings.Repeat("<x>", n) + strings.Repeat("</x>", n) + `</channel></rss>`)
	}
	tests := []struct {
		name        string
		body        []byte
		contentType string
		wantErr     error // nil: must parse
	}{
		{"JSON without version", readFile(t, "testdata/not-a-feed.json"), "application/json", ErrNotAFeed},
		{"JSON with another version", []byte(`{"version":"https://example.com/feed/2","items":[]}`), "application/json", ErrNotAFeed},
		{"JSON array", []byte(`[{"version":"https://jsonfeed.org/version/1"}]`), "application/json", ErrNotAFeed},
		{"broken JSON", []byte(`{"version": "https://jsonfeed.org/version/1", "items": [`), "application/json", ErrNotAFeed},
		{"JSON Feed 1.0", []byte(`{"version":"https://jsonfeed.org/version/1","title":"t","items":[]}`), "application/json", nil},
		{"OPML", readFile(t, "testdata/opml.xml"), "text/xml", ErrNotAFeed},
		{"plain text", []byte("just words"), "text/plain", ErrNotAFeed},
		{"empty", nil, "", ErrNotAFeed},
		{"only white space", []byte(" \n\t "), "", ErrNotAFeed},
		{"nested 300 deep", deep(300), "", ErrTooDeep},
		{"self-closing tags do not nest", []byte(`<rss version="2.0"><channel>` + strings.Repeat("<x/>", 1000) + `</channel></rss>`), "", nil},
		{"nested 250 deep", deep(250), "", nil},
		{"unclosed tags pile up", []byte(`<rss version="2.0"><channel><description>` + strings.Repeat("<br>", 300) + `</description></channel></rss>`), "", ErrTooDeep},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			feed, err := Parse("s", "https://example.com/feed", tt.contentType, tt.body)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if !errors.Is(err, tt.wantErr) || feed != nil {
				t.Fatalf("err = %v, feed %v; want %v", err, feed, tt.wantErr)
			}
			if !errors.Is(err, ErrNotAFeed) {
				t.Errorf("%v is not an ErrNotAFeed", err)
			}
			if !strings.Contains(err.Error(), "https://example.com/feed") {
				t.Errorf("error %q does not name the URL", err)
			}
		})
	}
}

func TestParseHTMLPage(t *testing.T) {
	tests := []struct {
		name        string
		body        []byte
		contentType string
		wantFeed    string
	}{
		{"advertises a feed", readFile(t, "testdata/page-with-feed.html"), "text/html; charset=utf-8", "https://www.example.net/news/feeds/all.atom"},
		{"advertises none", readFile(t, "testdata/page-without-feed.html"), "text/html", ""},
		{"relative href without <base>", []byte(`<html><head><link rel="alternate" type="application/feed+json" href="/feed.json"></head></html>`), "", "https://www.example.net/feed.json"},
		{"mislabelled as XML", []byte(`<!DOCTYPE html><html><head><link rel=alternate type=application/rss+xml href=rss.xml></head></html>`), "application/xml", "https://www.example.net/blog/rss.xml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("s", "https://www.example.net/blog/", tt.contentType, tt.body)
			var pe *HTMLPageError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want *HTMLPageError", err)
			}
			if pe.FeedURL != tt.wantFeed || pe.PageURL != "https://www.example.net/blog/" {
				t.Errorf("FeedURL %q PageURL %q, want %q", pe.FeedURL, pe.PageURL, tt.wantFeed)
			}
			if !errors.Is(err, ErrNotAFeed) {
				t.Errorf("an HTML page must also be ErrNotAFeed")
			}
			if tt.wantFeed == "" && !strings.Contains(err.Error(), "links to no feed") {
				t.Errorf("message %q does not say the page has no feed link", err)
			}
		})
	}
}

func TestParseKeepsNewestThousand(t *testing.T) {
	const n = 15000
	body := fetchtest.BigFeed(n)
	start := time.Now()
	feed, err := Parse("big", "https://big.example/rss", "application/rss+xml", body)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("parsed %d items (%d KiB) in %v", n, len(body)>>10, time.Since(start))
	if len(feed.Items) != maxItems {
		t.Fatalf("%d items kept, want %d", len(feed.Items), maxItems)
	}
	oldestKept := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add((n - maxItems) * time.Minute)
	for i, it := range feed.Items {
		if it.Published.Before(oldestKept) {
			t.Fatalf("kept %q from %v, older than the newest %d", it.Title, it.Published, maxItems)
		}
		if i > 0 && !it.Published.After(feed.Items[i-1].Published) {
			t.Fatalf("items not in document order at %d", i)
		}
	}
}

func TestParseIsDeterministic(t *testing.T) {
	body := readFile(t, "testdata/relative.rss")
	a, err := Parse("s", "https://feeds.example.com/news.rss", "", body)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Parse("s", "https://feeds.example.com/news.rss", "", body)
	if fmt.Sprintf("%+v", a) != fmt.Sprintf("%+v", b) {
		t.Errorf("two parses of the same bytes differ")
	}
}

func TestParseStripsControlCharacters(t *testing.T) {
	tests := []struct {
		name string
		body string
	}{
		{"RSS, raw bytes", "<rss version=\"2.0\"><channel><title>T</title><item><title>A\x01B\u0085C</title><guid>g\x07</guid>" +
			"<description>x\x08y</description><author>me\x1b</author></item></channel></rss>"},
		{"JSON Feed, escapes", `{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[` +
			`{"id":"g\u0007","title":"A\u0001B\u0085C","summary":"x\u0008y","authors":[{"name":"me\u001b"}]}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			feed, err := Parse("s", "https://example.com/", "", []byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			it := feed.Items[0]
			if it.Title != "ABC" || it.GUID != "g" || it.Summary != "xy" || it.Author != "me" {
				t.Errorf("got title %q guid %q summary %q author %q", it.Title, it.GUID, it.Summary, it.Author)
			}
		})
	}
}

func TestParseCapsFieldLengths(t *testing.T) {
	long := strings.Repeat("한국 ", 50_000) // 350 KB of three-byte runes
	body := `<rss version="2.0"><channel><title>T</title><item><guid>g</guid><title>` + long + `</title>` +
		`<description>` + long + `</description><content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<p>` + long + `</p>]]></content:encoded></item></channel></rss>`
	feed, err := Parse("s", "https://example.com/", "", []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	it := feed.Items[0]
	for _, c := range []struct {
		field string
		value string
		limit int
	}{{"title", it.Title, maxTitleBytes}, {"summary", it.Summary, maxSummaryBytes}, {"content", it.Content, maxContentBytes}} {
		if len(c.value) > c.limit || len(c.value) < c.limit/2 {
			t.Errorf("%s is %d bytes, want at most %d (and not much less)", c.field, len(c.value), c.limit)
		}
		if strings.ContainsRune(c.value, '\uFFFD') {
			t.Errorf("%s was cut inside a character", c.field)
		}
	}
}

// isControl reports the control characters no field may keep: C0, DEL and
// C1, but for tab, newline and carriage return.
func isControl(r rune) bool {
	return unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r'
}
