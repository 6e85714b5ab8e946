package robots

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// httpFetch is a stand-in for the fetcher's client: a plain GET.
func httpFetch(ctx context.Context, url string) ([]byte, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return body, resp.StatusCode, err
}

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ t time.Time }

func (f *fakeClock) now() time.Time          { return f.t }
func (f *fakeClock) advance(d time.Duration) { f.t = f.t.Add(d) }

func newChecker(fetch Fetch, ttl time.Duration) (*Checker, *fakeClock) {
	c := New(fetch, "feedcurator/1.0 (+https://feedcurator.example)", ttl)
	clock := &fakeClock{t: time.Date(2026, 12, 5, 6, 0, 0, 0, time.UTC)}
	c.now = clock.now
	return c, clock
}

const siteRobots = `# a news site
User-agent: *
Disallow: /

User-agent: FeedCurator
Disallow: /private/
Disallow: /search?
Allow: /private/open-letter
Crawl-delay: 2
`

func TestCheckFollowsOurGroupOverHTTP(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/robots.txt" {
			t.Errorf("unexpected request for %s", r.URL)
			http.NotFound(w, r)
			return
		}
		requests.Add(1)
		io.WriteString(w, siteRobots)
	}))
	defer srv.Close()
	c, _ := newChecker(httpFetch, 0)
	tests := []struct {
		path  string
		allow bool
	}{
		{"/2026/12/05/trade-talks.html", true},
		{"", true},
		{"/private/notes.html", false},
		{"/private/open-letter", true},
		{"/search?q=pyongyang", false},
		{"/search-tips", true},
	}
	for _, tt := range tests {
		r, err := c.Check(context.Background(), srv.URL+tt.path)
		if err != nil {
			t.Fatalf("%s: %v", tt.path, err)
		}
		if r.Allowed != tt.allow {
			t.Errorf("%s: allowed = %v, want %v", tt.path, r.Allowed, tt.allow)
		}
		if r.CrawlDelay != 2*time.Second {
			t.Errorf("%s: crawl delay %v, want 2s", tt.path, r.CrawlDelay)
		}
	}
	if n := requests.Load(); n != 1 {
		t.Errorf("robots.txt fetched %d times for %d checks, want 1", n, len(tests))
	}
}

// countingFetch answers every robots.txt with the same response and counts
// the fetches per URL.
type countingFetch struct {
	mu     sync.Mutex
	calls  map[string]int
	body   string
	status int
	err    error
}

func (f *countingFetch) fetch(ctx context.Context, url string) ([]byte, int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.calls == nil {
		f.calls = map[string]int{}
	}
	f.calls[url]++
	if f.err != nil {
		return nil, 0, f.err
	}
	return []byte(f.body), f.status, nil
}

func (f *countingFetch) count(url string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[url]
}

func TestCacheExpiresPerSite(t *testing.T) {
	f := &countingFetch{body: "User-agent: *\nDisallow: /private/\n", status: 200}
	c, clock := newChecker(f.fetch, time.Hour)
	ctx := context.Background()
	for range 3 {
		if ok, err := c.Allowed(ctx, "https://news.example/a"); !ok || err != nil {
			t.Fatalf("allowed = %v, %v", ok, err)
		}
		if ok, _ := c.Allowed(ctx, "https://NEWS.example/private/b"); ok {
			t.Fatal("disallowed path allowed")
		}
	}
	if n := f.count("https://news.example/robots.txt"); n != 1 {
		t.Errorf("fetched %d times within the TTL, want 1", n)
	}
	// Scheme and port make another site, with a robots.txt of its own.
	c.Allowed(ctx, "http://news.example/a")
	c.Allowed(ctx, "https://news.example:8443/a")
	if f.count("http://news.example/robots.txt") != 1 || f.count("https://news.example:8443/robots.txt") != 1 {
		t.Errorf("other origins not fetched once each: %v", f.calls)
	}
	clock.advance(59 * time.Minute)
	c.Allowed(ctx, "https://news.example/a")
	if n := f.count("https://news.example/robots.txt"); n != 1 {
		t.Errorf("fetched again before the TTL ran out (%d)", n)
	}
	clock.advance(2 * time.Minute)
	c.Allowed(ctx, "https://news.example/a")
	if n := f.count("https://news.example/robots.txt"); n != 2 {
		t.Errorf("fetched %d times after the TTL ran out, want 2", n)
	}
}

func TestStatusesAndFailures(t *testing.T) {
	boom := errors.New("connection refused")
	tests := []struct {
		name    string
		fetch   *countingFetch
		allowed bool
		err     error
		refetch time.Duration // when the answer is asked for again
	}{
		{"404 means no rules", &countingFetch{body: "not found", status: 404}, true, nil, DefaultTTL},
		{"403 means no rules", &countingFetch{status: 403}, true, nil, DefaultTTL},
		{"empty file", &countingFetch{status: 200}, true, nil, DefaultTTL},
		{"HTML soft 404", &countingFetch{body: "<html><body><h1>Page not found</h1></body></html>", status: 200}, true, nil, DefaultTTL},
		{"500 forbids, briefly", &countingFetch{status: 500}, false, nil, 5 * time.Minute},
		{"429 forbids, briefly", &countingFetch{status: 429}, false, nil, 5 * time.Minute},
		{"redirect loop forbids", &countingFetch{status: 302}, false, nil, DefaultTTL},
		{"unparsable forbids", &countingFetch{body: "Disallow: /\nUser-agent: *\nAllow: /\n", status: 200}, false, nil, DefaultTTL},
		{"unreachable", &countingFetch{err: boom}, false, ErrUnreachable, 5 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.fetch
			c, clock := newChecker(f.fetch, 0)
			ok, err := c.Allowed(context.Background(), "https://news.example/story")
			if ok != tt.allowed || !errors.Is(err, tt.err) {
				t.Fatalf("Allowed = %v, %v; want %v, %v", ok, err, tt.allowed, tt.err)
			}
			if tt.err != nil && !errors.Is(err, boom) {
				t.Errorf("error %v does not carry the fetch error", err)
			}
			clock.advance(tt.refetch - time.Second)
			c.Allowed(context.Background(), "https://news.example/story")
			if n := f.count("https://news.example/robots.txt"); n != 1 {
				t.Errorf("fetched %d times before %v passed, want 1", n, tt.refetch)
			}
			clock.advance(2 * time.Second)
			c.Allowed(context.Background(), "https://news.example/story")
			if n := f.count("https://news.example/robots.txt"); n != 2 {
				t.Errorf("fetched %d times after %v, want 2", n, tt.refetch)
			}
		})
	}
}

// TestConcurrentChecksShareOneFetch: the items of one poll all ask about
// one site at once; the site sees one request.
func TestConcurrentChecksShareOneFetch(t *testing.T) {
	release := make(chan struct{})
	var calls atomic.Int32
	fetch := func(ctx context.Context, url string) ([]byte, int, error) {
		calls.Add(1)
		<-release
		return []byte("User-agent: *\nDisallow: /x\n"), 200, nil
	}
	c, _ := newChecker(fetch, 0)
	var wg sync.WaitGroup
	results := make(chan bool, 20)
	for range 20 {
		wg.Go(func() {
			ok, err := c.Allowed(context.Background(), "https://news.example/a")
			results <- ok && err == nil
		})
	}
	close(release)
	wg.Wait()
	close(results)
	for ok := range results {
		if !ok {
			t.Error("a concurrent check was refused")
		}
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("%d fetches for 20 concurrent checks, want 1", n)
	}
}

// TestCancelledFetchIsNotCached: a poll that gives up mid-fetch must not
// leave the site marked unreachable for the next one.
func TestCancelledFetchIsNotCached(t *testing.T) {
	var calls atomic.Int32
	fetch := func(ctx context.Context, url string) ([]byte, int, error) {
		if calls.Add(1) == 1 {
			<-ctx.Done()
			return nil, 0, ctx.Err()
		}
		return nil, 404, nil
	}
	c, _ := newChecker(fetch, 0)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Allowed(ctx, "https://news.example/a"); err == nil {
		t.Fatal("a cancelled check succeeded")
	}
	ok, err := c.Allowed(context.Background(), "https://news.example/a")
	if !ok || err != nil {
		t.Errorf("after a cancelled fetch: %v, %v; want a fresh fetch that allows", ok, err)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("%d fetches, want 2", n)
	}
}

func TestRejectsNonHTTPURLs(t *testing.T) {
	f := &countingFetch{status: 404}
	c, _ := newChecker(f.fetch, 0)
	for _, u := range []string{"", "/relative", "file:///etc/passwd", "mailto:a@b.example", "https://"} {
		if _, err := c.Allowed(context.Background(), u); err == nil {
			t.Errorf("%q accepted", u)
		}
	}
	if len(f.calls) != 0 {
		t.Errorf("fetched for bad URLs: %v", f.calls)
	}
}

// waitingCtx tells when a check starts waiting on it, which in Checker.site
// happens only once the check holds a site entry.
type waitingCtx struct {
	context.Context
	once    sync.Once
	waiting chan struct{}
}

func (c *waitingCtx) Done() <-chan struct{} {
	c.once.Do(func() { close(c.waiting) })
	return c.Context.Done()
}

// TestAbandonedFetchIsRetriedByWaiters: a check waiting on a fetch that
// another poll abandons fetches for itself instead of failing.
func TestAbandonedFetchIsRetriedByWaiters(t *testing.T) {
	started := make(chan struct{})
	var calls atomic.Int32
	fetch := func(ctx context.Context, url string) ([]byte, int, error) {
		if calls.Add(1) == 1 {
			close(started)
			<-ctx.Done()
			return nil, 0, ctx.Err()
		}
		return nil, 404, nil
	}
	c, _ := newChecker(fetch, 0)
	ctxA, cancelA := context.WithCancel(context.Background())
	errA := make(chan error, 1)
	go func() {
		_, err := c.Allowed(ctxA, "https://news.example/a")
		errA <- err
	}()
	<-started
	ctxB := &waitingCtx{Context: context.Background(), waiting: make(chan struct{})}
	type result struct {
		ok  bool
		err error
	}
	resB := make(chan result, 1)
	go func() {
		ok, err := c.Allowed(ctxB, "https://news.example/b")
		resB <- result{ok, err}
	}()
	<-ctxB.waiting // B holds A's entry, still being fetched
	cancelA()
	if err := <-errA; err == nil {
		t.Error("the abandoned check succeeded")
	}
	if r := <-resB; !r.ok || r.err != nil {
		t.Errorf("the waiting check: %v, %v; want it to fetch again and be allowed", r.ok, r.err)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("%d fetches, want 2", n)
	}
}
