package fulltext_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/classify"
	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/fetcher"
	"github.com/feedcurator/feedcurator/fetcher/fulltext"
	"github.com/feedcurator/feedcurator/fetcher/httpclient"
	"github.com/feedcurator/feedcurator/fetcher/process"
	"github.com/feedcurator/feedcurator/internal/articlefarm"
)

var poll = config.Poll{Interval: time.Hour, MinInterval: 5 * time.Minute, Concurrency: 4, PerHost: 2, Timeout: 5 * time.Second, MaxBody: 4 << 20}

// clock is a settable clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// rig is a store, a scheduler and a running full-text stage.
type rig struct {
	t        *testing.T
	store    *db.Store
	sched    *fetcher.Scheduler
	ft       *fulltext.Fetcher
	stop     func()
	farmURL  string
	mu       sync.Mutex
	outcomes map[string]int
}

func newRig(t *testing.T, path string, clk *clock, sources ...config.Source) *rig {
	t.Helper()
	return newRigWith(t, path, clk, fulltext.Options{}, sources...)
}

// newRigWith is newRig with the stage's options (queue limit, tries…).
func newRigWith(t *testing.T, path string, clk *clock, opts fulltext.Options, sources ...config.Source) *rig {
	t.Helper()
	store, err := db.Open(path, db.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	r := &rig{t: t, store: store, outcomes: map[string]int{}}
	// Saves go through classify, as the daemon's do: engines take an
	// article only with its item.
	writes, err := classify.New(store, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(sources) > 0 {
		r.farmURL = strings.TrimSuffix(sources[0].URL, "/thin.rss")
	}
	client := httpclient.New(httpclient.Options{Poll: poll, UserAgent: "feedcurator/test (+http://127.0.0.1)"})
	opts.Client, opts.Store, opts.Now, opts.Logger = client, writes.Articles(), clk.Now, slog.New(slog.DiscardHandler)
	opts.OnOutcome = func(_, outcome string) { r.mu.Lock(); r.outcomes[outcome]++; r.mu.Unlock() }
	r.ft = fulltext.New(opts)
	r.ft.SetSources(sources)
	r.sched = fetcher.NewScheduler(fetcher.SchedulerOptions{
		Client: client, Store: writes, Now: clk.Now, Logger: slog.New(slog.DiscardHandler),
		Pipeline: &process.Pipeline{Enrichers: []process.Enricher{r.ft}},
	})
	if err := r.sched.SetSources(sources, poll); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.ft.Run(ctx); close(done) }()
	r.stop = func() { cancel(); <-done; store.Close() }
	t.Cleanup(func() {
		if r.stop != nil {
			r.stop()
		}
	})
	return r
}

func (r *rig) close() { r.stop(); r.stop = nil }

// pollAndSettle polls every source once and waits for their articles.
func (r *rig) pollAndSettle() {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, res := range r.sched.PollAll(ctx) {
		if res.Err != nil {
			r.t.Fatalf("poll %s: %v", res.Source, res.Err)
		}
	}
	if err := r.ft.WaitIdle(ctx); err != nil {
		r.t.Fatal(err)
	}
}

func (r *rig) items(source string) map[string]db.Item {
	r.t.Helper()
	items, err := r.store.NewestItems(source, 100)
	if err != nil {
		r.t.Fatal(err)
	}
	out := map[string]db.Item{}
	for _, it := range items {
		out[strings.TrimPrefix(it.Link, r.farmURL)] = it
	}
	return out
}

func wire(farm *articlefarm.Farm, fullText bool) config.Source {
	return config.Source{ID: "wire", URL: farm.URL + "/thin.rss", Interval: time.Hour, FullText: fullText}
}

// TestEachArticleOnceAcrossPollsAndRestarts: every page is asked for once
// (robots.txt obeyed, the 404 kept as the feed gave it, EUC-KR read right),
// whatever the number of polls, and a restart asks for none again.
func TestEachArticleOnceAcrossPollsAndRestarts(t *testing.T) {
	farm := articlefarm.Start()
	defer farm.Close()
	clk := &clock{t: time.Date(2025, 12, 6, 9, 0, 0, 0, time.UTC)}
	path := filepath.Join(t.TempDir(), "feedcurator.db")
	r := newRig(t, path, clk, wire(farm, true))
	r.pollAndSettle()

	items := r.items("wire")
	if len(items) != 5 {
		t.Fatalf("stored %d items", len(items))
	}
	trade := items[articlefarm.TradeStory]
	if !strings.Contains(trade.Article, articlefarm.TradeSentence) || strings.Contains(trade.Article, articlefarm.NavWord) {
		t.Errorf("trade article %q", trade.Article)
	}
	if trade.Summary == "" || !strings.Contains(trade.Summary+trade.Content, articlefarm.Teaser) {
		t.Errorf("the feed's teaser was lost: summary %q content %q", trade.Summary, trade.Content)
	}
	if ko := items[articlefarm.KoreanStory]; !strings.Contains(ko.Article, articlefarm.KoreanSentence) {
		t.Errorf("EUC-KR article %q", ko.Article)
	}
	for _, p := range []string{articlefarm.Missing, articlefarm.Disallowed} {
		if it := items[p]; it.Article != "" || it.Title == "" {
			t.Errorf("%s: %+v, want the feed's item without article", p, it)
		}
	}
	if n := farm.Hits(articlefarm.Disallowed); n != 0 {
		t.Errorf("robots.txt disallows %s, fetched %d times", articlefarm.Disallowed, n)
	}
	counts, _ := r.store.ArticleCounts()
	if counts["wire"] != (db.ArticleCount{OK: 3, Failed: 2}) {
		t.Errorf("counts %+v, outcomes %v", counts["wire"], r.outcomes)
	}

	clk.Add(2 * time.Hour)
	r.pollAndSettle()
	r.close()
	clk.Add(2 * time.Hour)
	r = newRig(t, path, clk, wire(farm, true))
	r.pollAndSettle()
	for _, p := range []string{articlefarm.TradeStory, articlefarm.NavOnly, articlefarm.KoreanStory, articlefarm.Missing} {
		if n := farm.Hits(p); n != 1 {
			t.Errorf("%s fetched %d times over three polls and a restart, want 1", p, n)
		}
	}
	if n := farm.Hits("/robots.txt"); n != 1 && n != 2 { // cached per process: at most once per start
		t.Errorf("robots.txt fetched %d times", n)
	}
	if n := farm.Hits("/thin.rss"); n != 3 {
		t.Errorf("feed polled %d times", n)
	}
	if got := r.items("wire")[articlefarm.TradeStory].Article; !strings.Contains(got, articlefarm.TradeSentence) {
		t.Errorf("article lost after later polls and a restart: %q", got)
	}
}

// TestFailuresAreRetriedABoundedNumberOfTimes: a 503 is tried again after
// a growing wait, three times in all; a 404 never again.
func TestFailuresAreRetriedABoundedNumberOfTimes(t *testing.T) {
	farm := articlefarm.Start()
	defer farm.Close()
	farm.Fail(articlefarm.TradeStory, 503)
	clk := &clock{t: time.Date(2025, 12, 6, 9, 0, 0, 0, time.UTC)}
	r := newRig(t, filepath.Join(t.TempDir(), "feedcurator.db"), clk, wire(farm, true))
	r.pollAndSettle()
	r.pollAndSettle() // not due yet
	if n := farm.Hits(articlefarm.TradeStory); n != 1 {
		t.Fatalf("a 503 was retried at once (%d fetches)", n)
	}
	for range 5 {
		clk.Add(5 * time.Hour)
		r.pollAndSettle()
	}
	if n := farm.Hits(articlefarm.TradeStory); n != 3 {
		t.Errorf("a page failing with 503 fetched %d times, want 3", n)
	}
	if n := farm.Hits(articlefarm.Missing); n != 1 {
		t.Errorf("a 404 fetched %d times, want 1", n)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.outcomes[fulltext.OutcomeServerError] != 3 || r.outcomes[fulltext.OutcomeNotFound] != 1 || r.outcomes[fulltext.OutcomeRobots] != 1 {
		t.Errorf("outcomes %v", r.outcomes)
	}
}

// TestTurningFullTextOnFetchesStoredItems: items stored while full_text
// was off get their articles once it is turned on, after the source's next
// successful poll (a failed one starts nothing), though no item is new.
func TestTurningFullTextOnFetchesStoredItems(t *testing.T) {
	farm := articlefarm.Start()
	defer farm.Close()
	clk := &clock{t: time.Date(2025, 12, 6, 9, 0, 0, 0, time.UTC)}
	path := filepath.Join(t.TempDir(), "feedcurator.db")
	r := newRig(t, path, clk, wire(farm, false))
	r.pollAndSettle()
	if n := farm.Hits(articlefarm.TradeStory); n != 0 {
		t.Fatalf("full_text off, yet the page was fetched %d times", n)
	}
	r.close()

	farm.Fail("/thin.rss", 500) // the feed is down: the stored items are all there is
	clk.Add(2 * time.Hour)
	r = newRig(t, path, clk, wire(farm, true))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	r.sched.PollAll(ctx)
	r.ft.WaitIdle(ctx)
	if n := farm.Hits(articlefarm.TradeStory); n != 0 {
		t.Errorf("a failed poll started full text (%d fetches)", n)
	}
	farm.Fail("/thin.rss", 0)
	r.pollAndSettle()
	if got := r.items("wire")[articlefarm.TradeStory].Article; !strings.Contains(got, articlefarm.TradeSentence) {
		t.Errorf("stored item without its article after full_text was turned on: %q", got)
	}
}

// TestAFullQueueLosesNothing: with room for two items in the queue, the
// items left out at first are taken up once it drains.
func TestAFullQueueLosesNothing(t *testing.T) {
	farm := articlefarm.Start()
	defer farm.Close()
	clk := &clock{t: time.Date(2025, 12, 6, 9, 0, 0, 0, time.UTC)}
	r := newRigWith(t, filepath.Join(t.TempDir(), "feedcurator.db"), clk, fulltext.Options{QueueLimit: 2}, wire(farm, true))
	r.pollAndSettle()
	counts, _ := r.store.ArticleCounts()
	if counts["wire"] != (db.ArticleCount{OK: 3, Failed: 2}) {
		t.Errorf("counts %+v, want every item tried", counts["wire"])
	}
}

// TestPrunedItemsAreNotFetched: items retention pruned, which the feed
// still lists (and the store keeps out), cost no page fetch.
func TestPrunedItemsAreNotFetched(t *testing.T) {
	farm := articlefarm.Start()
	defer farm.Close()
	clk := &clock{t: time.Date(2025, 12, 6, 9, 0, 0, 0, time.UTC)}
	path := filepath.Join(t.TempDir(), "feedcurator.db")
	r := newRig(t, path, clk, wire(farm, false))
	r.pollAndSettle()
	if _, err := r.store.Prune(db.Retention{MaxItems: 2}); err != nil { // keeps the newest two: Missing, Disallowed
		t.Fatal(err)
	}
	r.close()
	r = newRig(t, path, clk, wire(farm, true))
	r.pollAndSettle()
	r.pollAndSettle()
	for _, p := range []string{articlefarm.TradeStory, articlefarm.NavOnly, articlefarm.KoreanStory} {
		if n := farm.Hits(p); n != 0 {
			t.Errorf("pruned item's page %s fetched %d times", p, n)
		}
	}
	if n := farm.Hits(articlefarm.Missing); n != 1 {
		t.Errorf("the stored item's page was fetched %d times, want 1", n)
	}
}

// TestCrawlDelayIsHonoured: a site's robots.txt Crawl-delay spaces its
// article pages, without holding up the other work.
func TestCrawlDelayIsHonoured(t *testing.T) {
	farm := articlefarm.Start()
	defer farm.Close()
	farm.SetRobots("User-agent: *\nCrawl-delay: 0.3\nDisallow: /private/\n")
	clk := &clock{t: time.Date(2025, 12, 6, 9, 0, 0, 0, time.UTC)}
	r := newRig(t, filepath.Join(t.TempDir(), "feedcurator.db"), clk, wire(farm, true))
	r.pollAndSettle()
	var times []time.Time
	for _, p := range []string{articlefarm.TradeStory, articlefarm.NavOnly, articlefarm.KoreanStory, articlefarm.Missing} {
		times = append(times, farm.HitTimes(p)...)
	}
	if len(times) != 4 {
		t.Fatalf("%d page requests, want 4", len(times))
	}
	slices.SortFunc(times, time.Time.Compare)
	for i := 1; i < len(times); i++ {
		if gap := times[i].Sub(times[i-1]); gap < 300*time.Millisecond {
			t.Errorf("pages %d and %d asked for %v apart; Crawl-delay is 0.3 s", i, i+1, gap)
		}
	}
}

// TestRobotsServerErrorIsTriedAgain: while robots.txt answers 503 no page
// is fetched, and the items are tried again later rather than given up as
// a Disallow would be.
func TestRobotsServerErrorIsTriedAgain(t *testing.T) {
	farm := articlefarm.Start()
	defer farm.Close()
	farm.Fail("/robots.txt", 503)
	clk := &clock{t: time.Date(2025, 12, 6, 9, 0, 0, 0, time.UTC)}
	r := newRigWith(t, filepath.Join(t.TempDir(), "feedcurator.db"), clk, fulltext.Options{RobotsTTL: time.Nanosecond}, wire(farm, true))
	r.pollAndSettle()
	if n := farm.Hits(articlefarm.TradeStory); n != 0 {
		t.Fatalf("fetched a page while robots.txt answered 503 (%d times)", n)
	}
	farm.Fail("/robots.txt", 0)
	clk.Add(2 * time.Hour)
	r.pollAndSettle()
	if got := r.items("wire")[articlefarm.TradeStory].Article; !strings.Contains(got, articlefarm.TradeSentence) {
		t.Errorf("article not had once robots.txt answered again: %q", got)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.outcomes[fulltext.OutcomeRobotsUnavailable] != 5 || r.outcomes[fulltext.OutcomeRobots] != 1 {
		t.Errorf("outcomes %v", r.outcomes)
	}
}

// TestWaitIdleEndsWithItsContext: a wait for a queue that cannot drain
// (no worker runs) ends when its context does.
func TestWaitIdleEndsWithItsContext(t *testing.T) {
	farm := articlefarm.Start()
	defer farm.Close()
	store, err := db.Open(filepath.Join(t.TempDir(), "feedcurator.db"), db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ft := fulltext.New(fulltext.Options{Store: store, Logger: slog.New(slog.DiscardHandler)})
	src := wire(farm, true)
	ft.SetSources([]config.Source{src})
	ft.Enqueue(process.Poll{Source: src, Items: []db.Item{{ID: "a", Link: farm.URL + articlefarm.TradeStory}}})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := ft.WaitIdle(ctx); err == nil {
		t.Error("WaitIdle returned nil with an item queued and no worker")
	}
}
