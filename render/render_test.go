package render

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/feedgen"
	"github.com/feedcurator/feedcurator/internal/feedtest"
	"github.com/feedcurator/feedcurator/topic"
)

func TestFind(t *testing.T) {
	named := testConfig()
	named.Topics = append(named.Topics, config.Topic{ID: AllTopicID, Title: "Everything Korean"})
	tests := []struct {
		name      string
		cfg       *config.Config
		id        string
		found     bool
		every     bool
		wantTitle string
	}{
		{"a topic", testConfig(), "t", true, false, "Korea"},
		{"the all feed", testConfig(), "all", true, true, "All sources"},
		{"a topic named all takes its place", named, "all", true, false, "Everything Korean"},
		{"no such topic", testConfig(), "mars", false, false, ""},
		{"ids are exact", testConfig(), "T", false, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sel, ok := Find(tt.cfg, tt.id)
			if ok != tt.found || sel.Every != tt.every || sel.Topic.Title != tt.wantTitle {
				t.Errorf("Find(%q) = %+v, %v; want found %v, every %v, title %q", tt.id, sel, ok, tt.found, tt.every, tt.wantTitle)
			}
		})
	}
}

func TestListed(t *testing.T) {
	private := testConfig()
	private.Topics = append(private.Topics, config.Topic{ID: "p", Private: true})
	named := testConfig()
	named.Topics = append(named.Topics, config.Topic{ID: AllTopicID})
	tests := []struct {
		name        string
		cfg         *config.Config
		withPrivate bool
		want        string // ids, the all feed as "all*"
	}{
		{"topics, then every source", testConfig(), false, "t all*"},
		{"private topics left out", private, false, "t all*"},
		{"private topics asked for", private, true, "t p all*"},
		{"a topic named all replaces the all feed", named, false, "t all"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ids []string
			for _, sel := range Listed(tt.cfg, tt.withPrivate) {
				id := sel.Topic.ID
				if sel.Every {
					id += "*"
				}
				ids = append(ids, id)
			}
			if got := strings.Join(ids, " "); got != tt.want {
				t.Errorf("Listed = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestChannelLinks: the self and RFC 5005 links of each page, as feedgen
// writes them into every format.
func TestChannelLinks(t *testing.T) {
	cfg := testConfig()
	const base = "http://feeds.test/feeds/t.rss"
	tests := []struct {
		name                          string
		pg                            feedPage
		self, first, prev, next, last string
	}{
		{"plain URL, more pages", feedPage{query: 0, more: true}, base, "", "", base + "?page=2", ""},
		{"plain URL, the only page", feedPage{query: 0}, base, "", "", "", ""},
		{"page 1 named", feedPage{query: 1, more: true}, base + "?page=1", "", "", base + "?page=2", ""},
		{"page 2 of 3", feedPage{query: 2, more: true, last: 3}, base + "?page=2", base, base, base + "?page=3", base + "?page=3"},
		{"page 3 of 3", feedPage{query: 3, last: 3}, base + "?page=3", base, base + "?page=2", "", base + "?page=3"},
		{"no next past MaxPages", feedPage{query: topic.MaxPages, more: true, last: topic.MaxPages}, base + "?page=20", base, base + "?page=19", "", base + "?page=20"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch := channel(cfg, cfg.Topics[0], feedgen.RSS, tt.pg)
			got := [5]string{ch.SelfURL, ch.FirstURL, ch.PrevURL, ch.NextURL, ch.LastURL}
			want := [5]string{tt.self, tt.first, tt.prev, tt.next, tt.last}
			if got != want {
				t.Errorf("self, first, prev, next, last = %q, want %q", got, want)
			}
			if ch.ID != "http://feeds.test/feeds/t" || ch.PageURL != "http://feeds.test/topics/t" {
				t.Errorf("id %q, page %q: one id for every format and page, the topic's page as alternate", ch.ID, ch.PageURL)
			}
		})
	}
}

// TestStandaloneHasNoPagingLinks: an exported file stands alone, with the
// first page's entries, where the daemon's copy links to the next page.
func TestStandaloneHasNoPagingLinks(t *testing.T) {
	r := New(pagedStore(t), nil)
	cfg := testConfig()
	sel, _ := Find(cfg, "t")
	next := map[feedgen.Format]string{feedgen.Atom: `rel="next"`, feedgen.RSS: `rel="next"`, feedgen.JSON: `"next_url"`}
	entry := map[feedgen.Format]string{feedgen.Atom: "<entry>", feedgen.RSS: "<item>", feedgen.JSON: `"content_html":`}
	for _, format := range feedgen.Formats {
		t.Run(string(format), func(t *testing.T) {
			alone, err := r.Standalone(cfg, sel, format)
			if err != nil {
				t.Fatal(err)
			}
			served, err := r.Page(cfg, sel, format, 0)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(alone.Body, []byte(next[format])) || !bytes.Contains(served.Body, []byte(next[format])) {
				t.Errorf("standalone holds %s, or the served page does not: the check proves nothing", next[format])
			}
			if n := bytes.Count(alone.Body, []byte(entry[format])); n != cfg.Output.Items {
				t.Errorf("%d entries, want output.items (%d)", n, cfg.Output.Items)
			}
		})
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteFeed(t *testing.T) {
	r := New(pagedStore(t), nil)
	cfg := testConfig()
	sel, _ := Find(cfg, "t")
	want, err := r.Standalone(cfg, sel, feedgen.JSON)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.WriteFeed(&buf, cfg, "t", feedgen.JSON); err != nil || !bytes.Equal(buf.Bytes(), want.Body) {
		t.Errorf("WriteFeed wrote %d bytes (%v), want the standalone feed's %d", buf.Len(), err, len(want.Body))
	}
	if err := r.WriteFeed(&buf, cfg, "mars", feedgen.JSON); err == nil || !strings.Contains(err.Error(), `no topic "mars"`) {
		t.Errorf("an unknown topic: error %v", err)
	}
	if err := r.WriteFeed(failingWriter{}, cfg, "t", feedgen.JSON); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("a failing writer: error %v, want it passed on", err)
	}
}

// TestEmptyFeedIsDatedByItsDefinition: a topic with no items is as old as
// its definition, which the store records the first time it is rendered.
func TestEmptyFeedIsDatedByItsDefinition(t *testing.T) {
	defined := t0.Add(5 * time.Hour)
	r := New(newStore(t, defined), nil)
	cfg := testConfig()
	cfg.Topics = append(cfg.Topics, config.Topic{ID: "quiet", Title: "Quiet"})
	sel, _ := Find(cfg, "quiet")
	feed, err := r.Page(cfg, sel, feedgen.Atom, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !feed.Changed.Equal(defined) || !bytes.Contains(feed.Body, []byte("<updated>2026-03-01T17:00:00Z</updated>")) {
		t.Errorf("changed %v, want %v, in <updated> too:\n%s", feed.Changed, defined, feed.Body)
	}
	if _, err := r.Page(cfg, sel, feedgen.Atom, 2); !errors.Is(err, ErrNoPage) {
		t.Errorf("page 2 of an empty feed: error %v, want ErrNoPage", err)
	}
}

// TestRemovedSourcesAreLeftOut: a source taken out of the config leaves its
// items in the store until retention prunes them, but not in the feeds.
func TestRemovedSourcesAreLeftOut(t *testing.T) {
	r := New(pagedStore(t), nil)
	for _, tt := range []struct {
		name    string
		sources []config.Source
		wantB1  bool
	}{
		{"configured", testConfig().Sources, true},
		{"removed", testConfig().Sources[:1], false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.Sources = tt.sources
			for _, sel := range Listed(cfg, false) {
				entries, _, err := r.Entries(cfg, sel, 100, 1)
				if err != nil {
					t.Fatal(err)
				}
				has := false
				for _, e := range entries {
					has = has || e.Item.SourceID == "two"
				}
				if has != tt.wantB1 {
					t.Errorf("%s lists source two's item: %v, want %v", sel.Topic.ID, has, tt.wantB1)
				}
			}
		})
	}
}

func TestLastChanged(t *testing.T) {
	at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	entry := func(firstSeen, modified time.Time, also ...time.Time) topic.Entry {
		e := topic.Entry{Item: db.Item{FirstSeen: firstSeen, Modified: modified, Published: at(50)}}
		for _, a := range also {
			e.Also = append(e.Also, db.Item{FirstSeen: a})
		}
		return e
	}
	tests := []struct {
		name    string
		changed time.Time
		entries []topic.Entry
		want    time.Time
	}{
		{"no entries: the definition", at(1), nil, at(1)},
		{"the latest first seen", at(1), []topic.Entry{entry(at(2), time.Time{}), entry(at(3), time.Time{})}, at(3)},
		{"an edit counts", at(1), []topic.Entry{entry(at(2), at(4))}, at(4)},
		{"a clustered copy counts", at(1), []topic.Entry{entry(at(2), time.Time{}, at(5))}, at(5)},
		{"a redefinition after every item", at(9), []topic.Entry{entry(at(2), at(4))}, at(9)},
		// Published (at(50)) never counts: a late item dated back must not hide behind a 304.
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := lastChanged(tt.changed, tt.entries); !got.Equal(tt.want) {
				t.Errorf("lastChanged = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestProvenance(t *testing.T) {
	cfg := testConfig()
	cfg.Sources = append(cfg.Sources, config.Source{ID: "moved", URL: "http://moved.test/new.xml"}, config.Source{ID: "keyed", URL: "https://keyed.test/feed?api_key=s3cret"})
	store := pagedStore(t)
	feedtest.SavePoll(t, store, db.SourceState{ID: "moved", URL: "https://moved.test/redirected.xml", ConfiguredURL: "http://moved.test/old.xml", Title: "Moved", SiteURL: "https://moved.test/?token=abc"})
	feedtest.SavePoll(t, store, db.SourceState{ID: "gone", URL: "https://user:pw@gone.test/feed", Title: "Gone's title"})
	ix, err := New(store, nil).AllSources(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		id, title, feedURL, siteURL string
	}{
		{"one", "Source One", "https://one.test/moved.xml", ""},                               // configured title; the redirect followed
		{"two", "Two's own title", "http://two.test/rss", ""},                                 // the feed's own title
		{"new", "", "http://new.test/atom", ""},                                               // never polled
		{"moved", "Moved", "http://moved.test/new.xml", "https://moved.test/?token=REDACTED"}, // the config changed the URL: the redirect forgotten
		{"keyed", "", "https://keyed.test/feed?api_key=REDACTED", ""},                         // secrets redacted
		{"gone", "Gone's title", "https://REDACTED@gone.test/feed", ""},                       // no longer configured: what the store knows
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			p := ix.Provenance(tt.id)
			if p.Title != tt.title || p.FeedURL != tt.feedURL || p.SiteURL != tt.siteURL {
				t.Errorf("Provenance = %+v, want title %q, feed %q, site %q", p, tt.title, tt.feedURL, tt.siteURL)
			}
			wantTitle := tt.title
			if wantTitle == "" {
				wantTitle = tt.id
			}
			if got := ix.Title(tt.id); got != wantTitle {
				t.Errorf("Title = %q, want %q", got, wantTitle)
			}
		})
	}
	lazy := New(store, nil).ItemSources(cfg)
	for _, tt := range tests {
		if p, q := lazy.Provenance(tt.id), ix.Provenance(tt.id); !reflect.DeepEqual(p, q) {
			t.Errorf("%s: read as asked %+v, read at once %+v", tt.id, p, q)
		}
	}
	if p := ConfiguredSources(cfg).Provenance("one"); p.Title != "Source One" || p.FeedURL != "http://one.test/feed.xml" {
		t.Errorf("without a store: %+v, want the configured title and URL", p)
	}
}

// countingEngine counts the reads that selecting makes, and fails reads of
// source states when told to.
type countingEngine struct {
	*db.Store
	topicReads atomic.Int64
	sourceErr  error
}

func (e *countingEngine) TopicItems(id string, fn func(it *db.Item, m db.Membership) bool) error {
	e.topicReads.Add(1)
	return e.Store.TopicItems(id, fn)
}

func (e *countingEngine) Source(id string) (db.SourceState, bool, error) {
	if e.sourceErr != nil {
		return db.SourceState{}, false, e.sourceErr
	}
	return e.Store.Source(id)
}

// TestSelectionsSharedPerVersion: the formats of a feed, and the outputs
// sharing a Renderer, select once per store version.
func TestSelectionsSharedPerVersion(t *testing.T) {
	e := &countingEngine{Store: pagedStore(t)}
	r := New(e, nil)
	cfg := testConfig()
	sel, _ := Find(cfg, "t")
	if _, err := r.Page(cfg, sel, feedgen.Atom, 0); err != nil {
		t.Fatal(err)
	}
	once := e.topicReads.Load()
	if once == 0 {
		t.Fatal("the render read no topic items: the count proves nothing")
	}
	for _, format := range feedgen.Formats {
		if _, err := r.Page(cfg, sel, format, 0); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := r.Standalone(cfg, sel, feedgen.RSS); err != nil {
		t.Fatal(err)
	}
	if n := e.topicReads.Load(); n != once {
		t.Errorf("%d topic reads after four more renders, want %d: the selection is not shared", n, once)
	}
	feedtest.SavePoll(t, e, db.SourceState{ID: "two"}, feedtest.Item("b2", "Korea again", "https://two.test/b2", 0))
	feed, err := r.Page(cfg, sel, feedgen.Atom, 0)
	if err != nil {
		t.Fatal(err)
	}
	if e.topicReads.Load() == once || !bytes.Contains(feed.Body, []byte("Korea again")) {
		t.Error("a changed store was not selected afresh")
	}
}

// TestSourceReadFailureFailsTheRender: a feed that could not name its
// sources is an error, not a feed to cache with sources missing.
func TestSourceReadFailureFailsTheRender(t *testing.T) {
	e := &countingEngine{Store: pagedStore(t), sourceErr: errors.New("database went away")}
	cfg := testConfig()
	sel, _ := Find(cfg, "t")
	_, err := New(e, nil).Page(cfg, sel, feedgen.Atom, 0)
	if err == nil || !strings.Contains(err.Error(), "database went away") || !strings.Contains(err.Error(), "feed t.atom page 1") {
		t.Errorf("error %v, want the store's, naming the feed", err)
	}
}
