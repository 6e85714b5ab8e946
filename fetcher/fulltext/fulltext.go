// Package fulltext is the per-item stage that reads a thin feed's stories
// in full: for each item of a source with full_text on, it fetches the
// item's page once (through the polls' client, obeying the site's
// robots.txt), extracts the article and stores it beside the feed's
// content, where topics match it and feeds republish it.
//
// It is an Enricher (see fetcher/process): a poll hands it the stored items
// and returns at once; the pages are fetched by a few workers, at most one
// per host at a time, so that article pages never take the slots a site's
// feed polls need, and never hold up a poll. What became of each item's page
// is recorded in the store, so a page is fetched once in the item's life,
// whatever the number of polls and restarts; a failure that may pass (a
// timeout, a 5xx) is tried again a bounded number of times, later.
package fulltext

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/fetcher/article"
	"github.com/feedcurator/feedcurator/fetcher/httpclient"
	"github.com/feedcurator/feedcurator/fetcher/process"
	"github.com/feedcurator/feedcurator/fetcher/robots"
)

// Store is what full text needs of the store.
type Store interface {
	ArticleAttempts(sourceID string, itemIDs []string) (map[string]db.ArticleAttempt, error)
	SaveArticles(results []db.ArticleResult) (stored []bool, err error)
	NewestItems(sourceID string, n int) ([]db.Item, error)
	ForgetArticleAttempts(sourceID string) (int, error)
	HasItem(sourceID, itemID string) (bool, error)
}

// forgetEvery is how often a source's records of items gone for good are
// dropped (ForgetArticleAttempts), at most.
const forgetEvery = time.Hour

// Options configure a Fetcher.
type Options struct {
	Client *httpclient.Client
	Store  Store
	// Agent is the product token robots.txt groups are matched against.
	Agent string
	// Workers is how many pages are fetched at once, all hosts together
	// (one per host at most); 0 means 4.
	Workers int
	// Backfill is how many of a source's newest stored items are looked at
	// after each of its polls: the articles of items stored before
	// full_text was turned on, or left waiting by a restart; 0 means 50.
	Backfill int
	// RobotsTTL is how long a site's robots.txt is trusted; 0 means a day
	// (robots.DefaultTTL).
	RobotsTTL time.Duration
	// MaxTries bounds the tries of a page whose failure may pass; 0 means 3.
	MaxTries int
	// RetryAfter is the wait before the second try, doubled for each
	// further one; 0 means an hour.
	RetryAfter time.Duration
	// QueueLimit bounds the items waiting; a source whose items do not
	// fit is looked at again (up to Backfill items) once the queue has
	// drained. 0 means 10,000.
	QueueLimit int
	// OnOutcome is called after each attempt with the source and the
	// outcome (see Outcome values), for metrics.
	OnOutcome func(sourceID, outcome string)
	Logger    *slog.Logger
	Now       func() time.Time
}

// Outcomes of an attempt, as recorded in the store and counted in metrics.
const (
	OutcomeOK     = db.ArticleOK
	OutcomeRobots = "robots" // robots.txt disallows the page: never tried again
	// OutcomeRobotsUnavailable: robots.txt answered 5xx or 429; tried again later.
	OutcomeRobotsUnavailable = "robots_unavailable"
	OutcomeNotFound          = "not_found"    // 404 or 410
	OutcomeHTTPError         = "http_error"   // another 4xx: not tried again
	OutcomeServerError       = "server_error" // 5xx or 429: tried again later
	OutcomeTimeout           = "timeout"
	OutcomeBlocked           = "blocked"   // a private address, refused by the address rules
	OutcomeTooLarge          = "too_large" // over poll.max_body
	OutcomeNotHTML           = "not_html"
	OutcomeNoMatch           = "no_match" // full_text_selector matched nothing
	OutcomePaywall           = "paywall"  // too little text: a paywall, consent wall or empty page
	OutcomeError             = "error"    // no answer (refused, DNS…): tried again later
	OutcomeStoreError        = "store_error"
)

// Fetcher is the full-text stage. Build it with New, give it sources with
// SetSources, start its workers with Run and hand it polls with Enqueue. A
// nil *Fetcher does nothing (a store without full-text support).
type Fetcher struct {
	store     Store
	robots    *robots.Checker
	extractor article.Extractor
	workers   int
	backfill  int
	maxTries  int
	retry     time.Duration
	limit     int
	onOutcome func(string, string)
	log       *slog.Logger
	now       func() time.Time

	mu      sync.Mutex
	client  *httpclient.Client
	sources map[string]config.Source // the full_text sources, by id
	queue   hostQueue
	scans   map[string]scan      // sources whose stored items are to be looked at
	queued  map[string]bool      // item keys waiting or in flight
	forgot  map[string]time.Time // when each source's old records were last dropped
	busy    int                  // jobs being worked on
	pending []*result            // attempts waiting for the writer
	writing int                  // batches being committed
	wake    *sync.Cond           // on mu
	stopped bool
}

// scan asks a worker to look at a source's newest stored items.
type scan struct {
	src    config.Source
	public bool
}

// job is one item's page to fetch.
type job struct {
	src    config.Source
	itemID string
	link   string
	public bool
}

func (j job) key() string { return j.src.ID + "\x00" + j.itemID }

// New builds a Fetcher.
func New(opts Options) *Fetcher {
	f := &Fetcher{
		store:     opts.Store,
		client:    opts.Client,
		workers:   orDefault(opts.Workers, 4),
		backfill:  orDefault(opts.Backfill, 50),
		maxTries:  orDefault(opts.MaxTries, 3),
		retry:     opts.RetryAfter,
		limit:     orDefault(opts.QueueLimit, 10000),
		onOutcome: opts.OnOutcome,
		log:       opts.Logger,
		now:       opts.Now,
		sources:   map[string]config.Source{},
		queue:     newHostQueue(),
		scans:     map[string]scan{},
		queued:    map[string]bool{},
		forgot:    map[string]time.Time{},
	}
	if f.retry <= 0 {
		f.retry = time.Hour
	}
	if f.log == nil {
		f.log = slog.Default()
	}
	if f.now == nil {
		f.now = time.Now
	}
	agent := opts.Agent
	if agent == "" {
		agent = "feedcurator"
	}
	f.robots = robots.New(f.fetchRobots, agent, opts.RobotsTTL)
	f.wake = sync.NewCond(&f.mu)
	return f
}

func orDefault(v, d int) int {
	if v <= 0 {
		return d
	}
	return v
}

// SetSources tells the Fetcher which sources want full text (at start and
// on reload). Items of other sources waiting in the queue are dropped.
func (f *Fetcher) SetSources(sources []config.Source) {
	if f == nil {
		return
	}
	m := make(map[string]config.Source)
	for _, s := range sources {
		if s.FullText {
			m[s.ID] = s
		}
	}
	f.mu.Lock()
	f.sources = m
	for _, key := range f.queue.drop(func(j job) bool { _, ok := m[j.src.ID]; return !ok }) {
		delete(f.queued, key)
	}
	f.mu.Unlock()
}

// SetClient replaces the HTTP client (a reload changed poll settings).
func (f *Fetcher) SetClient(c *httpclient.Client) {
	if f == nil {
		return
	}
	f.mu.Lock()
	f.client = c
	f.mu.Unlock()
}

// Enqueue takes a poll's stored items (process.Enricher). It returns at
// once: the store is read, and pages fetched, by the workers.
func (f *Fetcher) Enqueue(p process.Poll) {
	if f == nil {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	src, ok := f.sources[p.Source.ID]
	if !ok || f.stopped {
		return
	}
	f.scans[src.ID] = scan{src: src, public: p.Public}
	for _, it := range p.Items {
		f.pushLocked(job{src: src, itemID: it.ID, link: it.Link, public: p.Public})
	}
	f.wake.Broadcast()
}

// pushLocked queues j unless it is queued already or has no page. It
// reports false when the queue is full and j was left out.
func (f *Fetcher) pushLocked(j job) bool {
	if j.link == "" || f.queued[j.key()] {
		return true
	}
	if len(f.queued) >= f.limit {
		return false
	}
	f.queued[j.key()] = true
	f.queue.push(hostOf(j.link), j)
	return true
}

// hostOf is the publisher an article page is fetched from, by the rule of
// poll.per_host (news.example.com and www.example.com are one): its pages
// are fetched one at a time.
func hostOf(link string) string { return httpclient.HostKey(link) }

// Run works until ctx ends, then returns once every worker has stopped.
// Items still queued are not lost: a later poll (or the next start) finds
// them again, as nothing was recorded for them.
func (f *Fetcher) Run(ctx context.Context) {
	if f == nil {
		return
	}
	stop := context.AfterFunc(ctx, func() {
		f.mu.Lock()
		f.stopped = true
		f.mu.Unlock()
		f.wake.Broadcast()
	})
	defer stop()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		f.write()
	}()
	for range f.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f.work(ctx)
		}()
	}
	wg.Wait()
}

// work takes scans and jobs until the Fetcher stops.
func (f *Fetcher) work(ctx context.Context) {
	for {
		f.mu.Lock()
		var sc *scan
		var j job
		var host string
		for {
			if f.stopped {
				f.mu.Unlock()
				return
			}
			// A scan waits while the queue is more than half full: what
			// it would add would only be left out (see scan).
			if len(f.scans) > 0 && len(f.queued) <= f.limit/2 {
				for id, s := range f.scans {
					delete(f.scans, id)
					sc = &s
					break
				}
				break
			}
			var ok bool
			if host, j, ok = f.queue.pop(); ok {
				break
			}
			f.wake.Wait()
		}
		f.busy++
		f.mu.Unlock()

		var pause time.Duration
		var res *result
		if sc != nil {
			f.scan(*sc)
		} else {
			res, pause = f.attempt(ctx, j)
		}

		f.mu.Lock()
		f.busy--
		if sc == nil {
			if res != nil {
				// The item stays queued until the writer has recorded it,
				// so that no scan meanwhile takes it for one never tried.
				f.pending = append(f.pending, res)
			} else {
				delete(f.queued, j.key())
			}
			if pause > 0 {
				// The site's Crawl-delay: its next page waits, no worker does.
				time.AfterFunc(pause, func() { f.hostDone(host) })
			} else {
				f.queue.done(host)
			}
		}
		f.mu.Unlock()
		f.wake.Broadcast()
	}
}

// WaitIdle blocks until nothing is queued or in flight, or ctx ends; the
// fetch command waits for the articles of what it polled, and tests use it.
func (f *Fetcher) WaitIdle(ctx context.Context) error {
	if f == nil {
		return nil
	}
	stop := context.AfterFunc(ctx, func() {
		f.mu.Lock() // so that the wake-up cannot fall between the check and the Wait
		defer f.mu.Unlock()
		f.wake.Broadcast()
	})
	defer stop()
	f.mu.Lock()
	defer f.mu.Unlock()
	for len(f.queued) > 0 || len(f.scans) > 0 || f.busy > 0 || len(f.pending) > 0 || f.writing > 0 {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if f.stopped {
			return errors.New("fulltext: stopped")
		}
		f.wake.Wait()
	}
	return nil
}

// scan queues the source's newest stored items that have no article yet
// and may be tried: never tried, or due for another try.
func (f *Fetcher) scan(sc scan) {
	f.forget(sc.src.ID)
	items, err := f.store.NewestItems(sc.src.ID, f.backfill)
	if err != nil {
		f.log.Warn("full text: reading stored items", "source", sc.src.ID, "error", err)
		return
	}
	ids := make([]string, len(items))
	for i := range items {
		ids[i] = items[i].ID
	}
	attempts, err := f.store.ArticleAttempts(sc.src.ID, ids)
	if err != nil {
		f.log.Warn("full text: reading attempts", "source", sc.src.ID, "error", err)
		return
	}
	now := f.now()
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.sources[sc.src.ID]; !ok {
		return // full_text was turned off meanwhile
	}
	for _, it := range items {
		if a, tried := attempts[it.ID]; tried && !due(a, now) {
			continue
		}
		if !f.pushLocked(job{src: sc.src, itemID: it.ID, link: it.Link, public: sc.public}) {
			// The queue is full (a first ingest of many sources): scan
			// again once it has drained, rather than lose the rest.
			f.scans[sc.src.ID] = sc
			return
		}
	}
}

// due reports whether an item with attempt a may be tried now.
func due(a db.ArticleAttempt, now time.Time) bool {
	return !a.OK() && !a.Retry.IsZero() && !now.Before(a.Retry)
}

// forget drops the source's records of items gone for good, once an hour
// at most.
func (f *Fetcher) forget(sourceID string) {
	now := f.now()
	f.mu.Lock()
	last, ok := f.forgot[sourceID]
	if ok && now.Sub(last) < forgetEvery {
		f.mu.Unlock()
		return
	}
	f.forgot[sourceID] = now
	f.mu.Unlock()
	if _, err := f.store.ForgetArticleAttempts(sourceID); err != nil {
		f.log.Warn("full text: dropping old records", "source", sourceID, "error", err)
	}
}

// hostDone frees host for its next page after a Crawl-delay.
func (f *Fetcher) hostDone(host string) {
	f.mu.Lock()
	f.queue.done(host)
	f.mu.Unlock()
	f.wake.Broadcast()
}
