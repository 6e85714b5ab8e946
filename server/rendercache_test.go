package server

import (
	"bytes"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/db"
)

// countRenders counts renders per cache name through the test hook.
func countRenders(s *Server) func(name cacheName) int64 {
	var mu sync.Mutex
	counts := map[cacheName]int64{}
	s.cache.renders = func(name cacheName) {
		mu.Lock()
		counts[name]++
		mu.Unlock()
	}
	return func(name cacheName) int64 {
		mu.Lock()
		defer mu.Unlock()
		return counts[name]
	}
}

func TestFeedCacheFollowsTheStore(t *testing.T) {
	f := newFixture(t)
	renders := countRenders(f.srv)
	first, body := f.get("/feeds/t.atom")
	f.get("/feeds/t.atom")
	if n := renders(feedCacheName("t.atom")); n != 1 {
		t.Fatalf("%d renders for two unchanged GETs, want 1", n)
	}

	f.clock.Add(time.Minute)
	f.save(db.SourceState{ID: "two", URL: "http://two.test/rss", ConfiguredURL: "http://two.test/rss", Title: "Two's own title"},
		item("b2", "Korea news flash", "https://two.test/b2", 0))
	resp, newBody := f.get("/feeds/t.atom")
	if !bytes.Contains(newBody, []byte("Korea news flash")) || bytes.Contains(body, []byte("Korea news flash")) {
		t.Fatal("the new item did not appear after SavePoll")
	}
	if resp.Header.Get("ETag") == first.Header.Get("ETag") {
		t.Error("ETag unchanged after the feed changed")
	}
	if lm, _ := http.ParseTime(resp.Header.Get("Last-Modified")); !lm.Equal(t0.Add(time.Minute)) {
		t.Errorf("Last-Modified %v, want when the new item was first seen", lm)
	}
	// The old validators no longer match.
	if resp, _ := f.do(http.MethodGet, "/feeds/t.atom", "If-None-Match", first.Header.Get("ETag")); resp.StatusCode != http.StatusOK {
		t.Errorf("old ETag answered %d, want 200", resp.StatusCode)
	}
}

func TestFeedCacheFollowsTheRuntime(t *testing.T) {
	f := newFixture(t)
	renders := countRenders(f.srv)
	first, _ := f.get("/feeds/t.json")

	// A reload that changes nothing this feed shows re-renders, but keeps the validators.
	f.clock.Add(time.Hour)
	f.rt.Store(&Runtime{Config: testConfig()})
	same, _ := f.get("/feeds/t.json")
	if renders(feedCacheName("t.json")) != 2 {
		t.Errorf("%d renders, want 2 (one per runtime)", renders(feedCacheName("t.json")))
	}
	for _, h := range []string{"ETag", "Last-Modified"} {
		if same.Header.Get(h) != first.Header.Get(h) {
			t.Errorf("%s changed from %q to %q for identical bytes", h, first.Header.Get(h), same.Header.Get(h))
		}
	}

	// A reload that retitles the topic changes the feed.
	cfg := testConfig()
	cfg.Topics[0].Title = "Korean peninsula"
	f.rt.Store(&Runtime{Config: cfg})
	changed, body := f.get("/feeds/t.json")
	if !bytes.Contains(body, []byte("Korean peninsula")) || changed.Header.Get("ETag") == first.Header.Get("ETag") {
		t.Errorf("retitled feed not re-rendered: ETag %s\n%s", changed.Header.Get("ETag"), body)
	}

	// A reload that drops the topic drops its feeds.
	cfg = testConfig()
	cfg.Topics = nil
	f.rt.Store(&Runtime{Config: cfg})
	if resp, _ := f.do(http.MethodGet, "/feeds/t.json"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("dropped topic answers %d, want 404", resp.StatusCode)
	}
	f.srv.cache.mu.Lock()
	_, kept := f.srv.cache.slots[feedCacheName("t.json")]
	f.srv.cache.mu.Unlock()
	if kept {
		t.Error("the dropped topic's feed is still cached")
	}
}

func TestConcurrentRequestsRenderOnce(t *testing.T) {
	f := newFixture(t)
	renders := countRenders(f.srv)
	var etags sync.Map
	var failures atomic.Int32
	burst := func() {
		var wg sync.WaitGroup
		for range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				resp, err := f.http.Get(f.ts.URL + "/feeds/t.atom")
				if err != nil || resp.StatusCode != http.StatusOK {
					failures.Add(1)
					return
				}
				resp.Body.Close()
				etags.Store(resp.Header.Get("ETag"), true)
			}()
		}
		wg.Wait()
	}
	burst()
	if n := renders(feedCacheName("t.atom")); n != 1 {
		t.Errorf("%d renders for 16 concurrent GETs, want 1", n)
	}
	f.save(db.SourceState{ID: "one", URL: "https://one.test/moved.xml", ConfiguredURL: "http://one.test/feed.xml", Title: "One's own title"},
		item("a3", "Korea again", "https://one.test/a3", 0))
	burst()
	if n := renders(feedCacheName("t.atom")); n != 2 {
		t.Errorf("%d renders after one change, want 2", n)
	}
	if failures.Load() != 0 {
		t.Errorf("%d requests failed", failures.Load())
	}
	tags := 0
	etags.Range(func(_, _ any) bool { tags++; return true })
	if tags != 2 {
		t.Errorf("%d distinct ETags, want 2", tags)
	}
}

func TestRenderCacheLastModifiedMovesForward(t *testing.T) {
	clk := &testClock{t: t0}
	c := newRenderCache(clk.Now)
	render := func(body string) func() ([]byte, error) { return func() ([]byte, error) { return []byte(body), nil } }
	a, _ := c.get(feedCacheName("x"), cacheKey{version: 1}, "text/plain", "no-cache", render("a"))
	b, _ := c.get(feedCacheName("x"), cacheKey{version: 2}, "text/plain", "no-cache", render("b")) // same second
	if !b.lastModified.After(a.lastModified) {
		t.Errorf("changed bytes in the same second: Last-Modified %v then %v", a.lastModified, b.lastModified)
	}
	same, _ := c.get(feedCacheName("x"), cacheKey{version: 3}, "text/plain", "no-cache", render("b"))
	if same != b {
		t.Error("identical bytes made a new entry")
	}
}

func TestRenderEveryServesARecentRenderThroughChanges(t *testing.T) {
	clk := &testClock{t: t0}
	c := newRenderCache(clk.Now)
	c.every = time.Second
	rt := &Runtime{}
	renders := 0
	render := func() ([]byte, error) { renders++; return []byte(fmt.Sprint("v", renders)), nil }
	name := feedCacheName("t.atom")
	get := func(version uint64) string {
		e, err := c.get(name, cacheKey{version: version, rt: rt}, "text/plain", "", render)
		if err != nil {
			t.Fatal(err)
		}
		return string(e.raw)
	}
	if got := get(1); got != "v1" {
		t.Fatalf("first get = %q", got)
	}
	// The store changed, but the render is younger than RenderEvery and
	// the feed is in demand.
	if got := get(2); got != "v1" || renders != 1 {
		t.Errorf("within RenderEvery: %q after %d renders, want v1 after 1", got, renders)
	}
	clk.Add(time.Second)
	if got := get(3); got != "v2" {
		t.Errorf("after RenderEvery: %q, want v2", got)
	}
	// A single request after a quiet spell gets the store as it is now,
	// however recent the last render.
	clk.Add(2 * time.Second)
	get(3)
	clk.Add(2 * time.Second)
	c.slot(name).renderedAt = clk.Now()
	if got := get(4); got != "v3" {
		t.Errorf("first request after a quiet spell: %q, want v3", got)
	}
	// A new config is never served from the old one's render.
	e, _ := c.get(name, cacheKey{version: 4, rt: &Runtime{}}, "text/plain", "", render)
	if string(e.raw) != "v4" {
		t.Errorf("after a config swap: %q, want v4", e.raw)
	}
}
