package fetcher

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/fetcher/httpclient"
	"github.com/feedcurator/feedcurator/fetcher/parser"
	"github.com/feedcurator/feedcurator/fetcher/process"
)

// Store is what the scheduler needs of the store: each source's state
// (validators, schedule, last outcome) and a place to commit a poll.
type Store interface {
	Source(id string) (db.SourceState, bool, error)
	SaveSource(st db.SourceState) error
	SavePoll(st db.SourceState, items []db.Item) (added int, err error)
}

// Result is the outcome of one poll, for logs and metrics.
type Result struct {
	Source   string
	Status   int // HTTP status, 0 when no answer came
	Added    int // new items stored
	Items    int // items in the feed
	Bytes    int
	Err      error
	Duration time.Duration
	Next     time.Time
	// Gone: the source answered 410, now or before, and is not polled again.
	Gone bool
}

// Outcome names a result for metrics: ok, not_modified, gone, http_error, error.
func (r Result) Outcome() string {
	var se *httpclient.StatusError
	switch {
	case r.Err == nil && r.Status == http.StatusNotModified:
		return "not_modified"
	case r.Err == nil:
		return "ok"
	case r.Gone:
		return "gone"
	case errors.As(r.Err, &se):
		return "http_error"
	}
	return "error"
}

// SchedulerOptions configure a Scheduler.
type SchedulerOptions struct {
	Client *httpclient.Client
	Store  Store
	Logger *slog.Logger
	// Now replaces the clock in tests.
	Now func() time.Time
	// OnResult, when set, is called after every poll (metrics, WebSub).
	OnResult func(Result)
	// Drain is how long Run lets polls in flight finish (and commit) after
	// its context ends, before it cancels them; zero means ten seconds.
	Drain time.Duration
	// Pipeline is the per-item stage: what each poll's items go through
	// before and after they are stored (full text); nil for none.
	Pipeline *process.Pipeline
	// Leaser, when set, shares the polling with other replicas (see
	// Leaser); nil polls every due source.
	Leaser Leaser
}

// Scheduler polls every source on its own schedule. The schedule lives in the
// store (each source's NextFetch), so a restart resumes it; the scheduler only
// picks what is due and bounds how many polls run at once.
type Scheduler struct {
	client   *httpclient.Client
	store    Store
	log      *slog.Logger
	now      func() time.Time
	onResult func(Result)
	drain    time.Duration
	pipeline *process.Pipeline
	leaser   Leaser

	mu       sync.Mutex
	sources  []config.Source
	poll     config.Poll
	next     map[string]time.Time // cached NextFetch; zero: due now
	inFlight map[string]bool
	idle     *sync.Cond // on mu: broadcast when a poll leaves inFlight
	wake     chan struct{}
	slots    chan struct{} // poll.concurrency
	hosts    *hostQueues   // poll.per_host, shared by every dispatch
	wg       sync.WaitGroup
}

// never is the cached next poll of a source that answered 410 Gone: it is
// not due again until the config changes its URL.
var never = time.Time{}.AddDate(9000, 0, 0)

// NewScheduler makes a scheduler; SetSources gives it work.
func NewScheduler(opts SchedulerOptions) *Scheduler {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Drain <= 0 {
		opts.Drain = 10 * time.Second
	}
	s := &Scheduler{
		client: opts.Client, store: opts.Store, log: opts.Logger, now: opts.Now, onResult: opts.OnResult, drain: opts.Drain,
		pipeline: opts.Pipeline, leaser: opts.Leaser,
		next: map[string]time.Time{}, inFlight: map[string]bool{}, wake: make(chan struct{}, 1),
		hosts: newHostQueues(),
	}
	s.idle = sync.NewCond(&s.mu)
	return s
}

// SetClient replaces the HTTP client (a reload changed poll settings); polls
// in flight finish with the old one.
func (s *Scheduler) SetClient(c *httpclient.Client) {
	s.mu.Lock()
	s.client = c
	s.mu.Unlock()
}

// SetSources replaces the sources and poll settings (at start and on reload).
// New sources are due at once; known ones keep their stored schedule.
func (s *Scheduler) SetSources(sources []config.Source, poll config.Poll) error {
	next := make(map[string]time.Time, len(sources))
	for _, src := range sources {
		st, ok, err := s.store.Source(src.ID)
		if err != nil {
			return err
		}
		switch {
		case !ok || st.ConfiguredURL != src.URL:
			next[src.ID] = time.Time{} // never fetched, or its URL changed
		case st.Gone:
			next[src.ID] = never
		default:
			next[src.ID] = st.NextFetch
		}
	}
	s.mu.Lock()
	s.sources = append([]config.Source(nil), sources...)
	s.poll = poll
	s.next = next
	if s.slots == nil || cap(s.slots) != max(poll.Concurrency, 1) {
		s.slots = make(chan struct{}, max(poll.Concurrency, 1))
	}
	s.mu.Unlock()
	s.kick()
	return nil
}

func (s *Scheduler) kick() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run polls due sources until ctx ends. Then it starts no new poll, lets
// the polls in flight finish and commit for up to the drain time, cancels
// what is left, and returns once every poll has stopped.
func (s *Scheduler) Run(ctx context.Context) {
	pollCtx, cancelPolls := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelPolls()
	for {
		wait := s.tick(ctx, pollCtx)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			done := make(chan struct{})
			go func() { s.wg.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(s.drain):
				cancelPolls()
				<-done
			}
			return
		case <-s.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// Tick starts a poll of every due source that is not already being polled,
// and returns how long until the next one is due (at most a minute). Polls
// beyond poll.concurrency wait for a slot in their own goroutine.
func (s *Scheduler) Tick(ctx context.Context) time.Duration { return s.tick(ctx, ctx) }

// tick is Tick with separate contexts: stop ends the wait for a slot, polls
// run under pollCtx.
func (s *Scheduler) tick(stop, pollCtx context.Context) time.Duration {
	now := s.now()
	s.mu.Lock()
	var due []config.Source
	wait := time.Minute
	for _, src := range s.sources {
		if s.inFlight[src.ID] {
			continue
		}
		at := s.next[src.ID]
		if !at.After(now) {
			due = append(due, src)
			s.inFlight[src.ID] = true
			continue
		}
		if d := at.Sub(now); d < wait {
			wait = d
		}
	}
	poll, slots := s.poll, s.slots
	s.mu.Unlock()
	if s.leaser != nil && len(due) > 1 {
		// Replicas see the same sources due in the same order: each
		// starts at a random one, so that they seldom ask for the same
		// lease at once and lose a query and a turn to each other.
		k := rand.IntN(len(due))
		due = slices.Concat(due[k:], due[:k])
	}
	if len(due) > 0 {
		// One dispatcher starts the polls, so that thousands of due sources
		// (a first start) cost as many goroutines as poll.concurrency, not
		// one each; it waits for a host's slot before taking a global one.
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			rest := s.hosts.dispatch(stop, due, poll.PerHost, slots, func(i int, done func()) {
				src := due[i]
				s.wg.Add(1)
				go func() {
					defer s.wg.Done()
					release, next, ok := s.takeLeases(pollCtx, src, poll)
					if !ok {
						done()
						s.finish(src.ID, next)
						s.kick()
						return
					}
					r := s.Poll(pollCtx, src, poll)
					// The leases go back before the host's in-process slot
					// (done): the next poll of the publisher would
					// otherwise find every per_host slot still taken.
					release()
					done()
					next = r.Next
					if r.Gone {
						next = never
					}
					s.finish(src.ID, next)
					s.kick()
				}()
			})
			for _, i := range rest {
				s.finish(due[i].ID, time.Time{})
			}
		}()
	}
	if wait < time.Second {
		wait = time.Second
	}
	return wait
}

func (s *Scheduler) finish(id string, next time.Time) {
	s.mu.Lock()
	delete(s.inFlight, id)
	if _, ok := s.next[id]; ok && !next.IsZero() {
		s.next[id] = next
	}
	s.mu.Unlock()
	s.idle.Broadcast()
}

// Wait blocks until the polls started by Tick have finished.
func (s *Scheduler) Wait() { s.wg.Wait() }

// PollAll polls every source once, poll.concurrency at a time and
// poll.per_host per host, and returns
// the results in source order (the fetch command).
func (s *Scheduler) PollAll(ctx context.Context) []Result {
	s.mu.Lock()
	sources, poll := s.sources, s.poll
	s.mu.Unlock()
	return s.pollEach(ctx, sources, poll)
}

// pollEach polls each of sources once, poll.concurrency at a time, and
// returns the results in the order of sources.
func (s *Scheduler) pollEach(ctx context.Context, sources []config.Source, poll config.Poll) []Result {
	results := make([]Result, len(sources))
	var wg sync.WaitGroup
	slots := make(chan struct{}, max(poll.Concurrency, 1))
	rest := s.hosts.dispatch(ctx, sources, poll.PerHost, slots, func(i int, done func()) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer done()
			results[i] = s.Poll(ctx, sources[i], poll)
		}()
	})
	for _, i := range rest {
		results[i] = Result{Source: sources[i].ID, Err: fmt.Errorf("fetcher: poll of %s not started: %w", sources[i].ID, ctx.Err())}
	}
	wg.Wait()
	return results
}

// Poll fetches one source once, stores what it got and schedules its next
// poll. Failures are recorded in the source's state, never returned: a broken
// source must not stop the others.
func (s *Scheduler) Poll(ctx context.Context, src config.Source, poll config.Poll) Result {
	start := s.now()
	r := Result{Source: src.ID}
	st, ok, err := s.store.Source(src.ID)
	if err != nil {
		r.Err = err
		r.Next = start.Add(poll.MinInterval)
		s.report(r, start)
		return r
	}
	if !ok || st.ConfiguredURL != src.URL {
		// A new source, or its configured URL changed: forget redirects and validators.
		st = db.SourceState{ID: src.ID, URL: src.URL, ConfiguredURL: src.URL, Title: st.Title}
	}
	if st.Gone {
		r.Err = fmt.Errorf("fetcher: %s answered 410 Gone; polling stopped (change its url in the config to resume)", st.URL)
		r.Gone = true
		return r
	}

	resp, feed, err := s.fetchFeed(ctx, src, &st)
	if err != nil && ctx.Err() != nil {
		// Our own shutdown cut the poll short: that is not the source's
		// failure, so its state, schedule and backoff stay as they were.
		r.Err = err
		r.Next = st.NextFetch
		s.report(r, start)
		return r
	}
	now := s.now()
	st.LastFetch = now
	if resp != nil {
		r.Status = resp.StatusCode
		r.Bytes = len(resp.Body)
	}
	st.LastStatus = r.Status
	if err != nil {
		r.Err = err
		s.recordFailure(&st, src, poll, err, now)
		if serr := s.store.SaveSource(st); serr != nil {
			r.Err = errors.Join(err, serr)
		}
		r.Next, r.Gone = st.NextFetch, st.Gone
		s.report(r, start)
		return r
	}

	st.LastError = ""
	st.Failures = 0
	st.LastSuccess = now
	st.ETag, st.LastModified = resp.Validators.ETag, resp.Validators.LastModified
	if resp.PermanentURL != "" && !resp.FromPrivate {
		st.URL = resp.PermanentURL
	}
	var ttl time.Duration
	if feed != nil {
		ttl = feed.TTL
	}
	st.NextFetch = now.Add(jitter(nextInterval(sourceInterval(src, poll), poll.MinInterval, ttl, resp.MaxAge), poll.MinInterval))
	r.Next = st.NextFetch
	if resp.NotModified() {
		// A 304 costs no parse and no write of items.
		r.Err = s.store.SaveSource(st)
		if r.Err == nil {
			s.pipeline.AfterStore(process.Poll{Source: src, Public: resp.ReachedPublic})
		}
		s.report(r, start)
		return r
	}
	st.Title, st.SiteURL, st.FeedID, st.Authors = feed.Title, feed.SiteURL, feed.FeedID, feed.Authors
	r.Items = len(feed.Items)
	s.pipeline.BeforeStore(src, feed.Items)
	r.Added, r.Err = s.store.SavePoll(st, feed.Items)
	if r.Err == nil {
		s.pipeline.AfterStore(process.Poll{Source: src, Items: feed.Items, Public: resp.ReachedPublic})
	}
	s.report(r, start)
	return r
}

// fetchFeed fetches and parses the source's current URL. An HTML page that
// links to a feed is followed once, and the feed's URL becomes the source's.
//
// A source's URL moves (here, or in Poll after a permanent redirect) only to
// a public address, and a URL it moved to is fetched as a continuation of
// the public fetch that moved it: should its name later resolve to a private
// address, the fetch is refused and the source falls back to its configured
// URL.
func (s *Scheduler) fetchFeed(ctx context.Context, src config.Source, st *db.SourceState) (*httpclient.Response, *parser.Feed, error) {
	s.mu.Lock()
	client := s.client
	s.mu.Unlock()
	moved := st.URL != st.ConfiguredURL
	opts := httpclient.FetchOptions{PublicOnly: moved, Headers: src.Headers}
	if u, err := url.Parse(st.ConfiguredURL); err == nil {
		opts.HeaderHost = u.Hostname()
	}
	resp, err := client.FetchWith(ctx, st.URL, httpclient.Validators{ETag: st.ETag, LastModified: st.LastModified}, opts)
	var blocked *httpclient.BlockedAddressError
	if moved && errors.As(err, &blocked) && blocked.AfterPublic {
		st.URL, st.ETag, st.LastModified = st.ConfiguredURL, "", ""
		opts.PublicOnly = false
		resp, err = client.FetchWith(ctx, st.URL, httpclient.Validators{}, opts)
	}
	if err != nil || resp.NotModified() {
		return resp, nil, err
	}
	feed, err := parser.Parse(src.ID, resp.URL, resp.ContentType, resp.Body)
	var page *parser.HTMLPageError
	if errors.As(err, &page) && page.FeedURL != "" && page.FeedURL != st.URL {
		opts.PublicOnly = moved || resp.ReachedPublic
		resp, err = client.FetchWith(ctx, page.FeedURL, httpclient.Validators{}, opts)
		if err != nil {
			return resp, nil, err
		}
		feed, err = parser.Parse(src.ID, resp.URL, resp.ContentType, resp.Body)
		if err == nil && !resp.FromPrivate {
			st.URL = page.FeedURL
			if resp.PermanentURL == "" {
				resp.PermanentURL = page.FeedURL
			}
		}
	}
	return resp, feed, err
}

// recordFailure notes a failed poll in st and schedules the retry: 410 stops
// polling (no next fetch), 429/503 wait at least Retry-After, anything else
// backs off exponentially. The validators are kept: the last good copy still
// stands.
func (s *Scheduler) recordFailure(st *db.SourceState, src config.Source, poll config.Poll, err error, now time.Time) {
	st.LastError = err.Error()
	st.Failures++
	wait := jitter(backoff(sourceInterval(src, poll), poll.MinInterval, st.Failures), poll.MinInterval)
	var se *httpclient.StatusError
	if errors.As(err, &se) {
		st.LastStatus = se.StatusCode
		switch {
		case se.Gone():
			st.Gone = true
			st.NextFetch = time.Time{} // shown as no next fetch
			return
		case (se.StatusCode == http.StatusTooManyRequests || se.StatusCode == http.StatusServiceUnavailable) && se.RetryAfter > 0:
			wait = clampInterval(max(se.RetryAfter, poll.MinInterval), poll.MinInterval)
		}
	}
	st.NextFetch = now.Add(wait)
}

func (s *Scheduler) report(r Result, start time.Time) {
	r.Duration = s.now().Sub(start)
	if r.Err != nil {
		s.log.Warn("poll failed", "source", r.Source, "status", r.Status, "error", r.Err, "next", r.Next.Format(time.RFC3339))
	} else {
		s.log.Debug("polled", "source", r.Source, "status", r.Status, "items", r.Items, "added", r.Added, "next", r.Next.Format(time.RFC3339))
	}
	if s.onResult != nil {
		s.onResult(r)
	}
}
