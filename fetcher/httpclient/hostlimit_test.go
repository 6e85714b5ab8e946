package httpclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/fetcher/internal/fetchtest"
)

// failAfter bounds a wait that only a bug would make long; it is never the
// way a test waits for time to pass.
const failAfter = 10 * time.Second

func TestHostKey(t *testing.T) {
	tests := []struct{ host, want string }{
		{"a.tumblr.com", "tumblr.com"},
		{"b.tumblr.com", "tumblr.com"},
		{"www.bbc.co.uk", "bbc.co.uk"},
		{"feeds.bbci.co.uk", "bbci.co.uk"},
		{"WWW.Example.COM.", "example.com"},
		{"example.com", "example.com"},
		// Private-section suffixes are not honoured: one operator, one key.
		{"alice.blogspot.com", "blogspot.com"},
		{"bob.github.io", "github.io"},
		{"a.b.compute.amazonaws.com", "amazonaws.com"},
		{"b.c.kawasaki.jp", "b.c.kawasaki.jp"}, // *.kawasaki.jp is an ICANN wildcard
		{"例え.テスト.jp", "xn--zckzah.jp"},
		{"news.例え.中国", "xn--r8jz45g.xn--fiqs8s"},
		{"127.0.0.1", "127.0.0.1"},
		{"::1", "::1"},
		{"::ffff:127.0.0.1", "127.0.0.1"},
		{"fe80::1%eth0", "fe80::1"},
		{"localhost", "localhost"},
		{"intranet", "intranet"},
		{"co.uk", "co.uk"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := hostKey(tt.host); got != tt.want {
			t.Errorf("hostKey(%q) = %q, want %q", tt.host, got, tt.want)
		}
	}
}

// gateServer answers every request by flushing its headers and half its
// body, then waiting for the test to release it before finishing the body,
// so that a request stays in flight for as long as the test wants. It
// records the most requests it ever had in flight at once.
type gateServer struct {
	*httptest.Server
	entered  chan string // the path of each request as it arrives
	release  chan struct{}
	inFlight atomic.Int32
	maxSeen  atomic.Int32
}

func newGateServer(t *testing.T) *gateServer {
	g := &gateServer{entered: make(chan string, 64), release: make(chan struct{})}
	g.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := g.inFlight.Add(1)
		defer g.inFlight.Add(-1)
		for {
			m := g.maxSeen.Load()
			if n <= m || g.maxSeen.CompareAndSwap(m, n) {
				break
			}
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.WriteHeader(http.StatusOK)
		fmt.Fprint(w, fetchtest.TestFeed[:len(fetchtest.TestFeed)/2])
		w.(http.Flusher).Flush()
		g.entered <- r.URL.Path
		select {
		case <-g.release:
		case <-r.Context().Done():
			return
		}
		fmt.Fprint(w, fetchtest.TestFeed[len(fetchtest.TestFeed)/2:])
	}))
	t.Cleanup(g.Close)
	return g
}

// await returns the path of the next request to arrive.
func (g *gateServer) await(t *testing.T) string {
	t.Helper()
	select {
	case p := <-g.entered:
		return p
	case <-time.After(failAfter):
		t.Fatal("no request arrived")
		return ""
	}
}

func limiterOf(c *Client) *hostLimiter { return c.http.Transport.(*hostLimiter) }

func TestPerHostLimit(t *testing.T) {
	const fetches, perHost = 10, 2
	g := newGateServer(t)
	poll := testPoll()
	poll.PerHost = perHost
	c := newTestClient(t, poll, nil)

	errs := make(chan error, fetches)
	for i := range fetches {
		go func() {
			resp, err := c.Fetch(context.Background(), fmt.Sprintf("%s/feed/%d", g.URL, i), Validators{})
			if err == nil && string(resp.Body) != fetchtest.TestFeed {
				err = fmt.Errorf("body %q", resp.Body)
			}
			errs <- err
		}()
	}
	// Two requests get in; each further one only once a body has been
	// finished and closed.
	g.await(t)
	g.await(t)
	for range fetches - perHost {
		g.release <- struct{}{}
		g.await(t)
	}
	for range perHost {
		g.release <- struct{}{}
	}
	for range fetches {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if got := g.maxSeen.Load(); got != perHost {
		t.Errorf("at most %d requests were in flight at once, want %d", got, perHost)
	}
	if n := limiterOf(c).inUse(); n != 0 {
		t.Errorf("%d idle hosts still in the limiter's map", n)
	}
}

func TestPerHostDefault(t *testing.T) {
	for _, perHost := range []int{0, -1} {
		poll := testPoll()
		poll.PerHost = perHost
		if got := limiterOf(newTestClient(t, poll, nil)).perHost; got != DefaultPerHost {
			t.Errorf("poll.per_host %d: limit %d, want %d", perHost, got, DefaultPerHost)
		}
	}
	poll := testPoll()
	poll.PerHost = 5
	if got := limiterOf(newTestClient(t, poll, nil)).perHost; got != 5 {
		t.Errorf("poll.per_host 5: limit %d", got)
	}
}

// TestPerHostKeysAreIndependent: with one slot per host, a request held open
// at 127.0.0.1 queues a second one there, while the same server reached as
// "localhost" (another key) answers at once.
func TestPerHostKeysAreIndependent(t *testing.T) {
	g := newGateServer(t)
	plain := httptest.NewServer(http.HandlerFunc(fetchtest.ServeFeed))
	defer plain.Close()
	_, port, _ := strings.Cut(strings.TrimPrefix(plain.URL, "http://"), ":")

	poll := testPoll()
	poll.PerHost = 1
	c := newTestClient(t, poll, nil)
	queued := make(chan string, 4)
	limiterOf(c).waiting = func(key string) { queued <- key }

	held := make(chan error, 1)
	go func() {
		_, err := c.Fetch(context.Background(), g.URL+"/held", Validators{})
		held <- err
	}()
	g.await(t)

	// Same key (127.0.0.1, another port): queued until the context ends,
	// never reaching the server.
	ctx, cancel := context.WithCancel(context.Background())
	second := make(chan error, 1)
	go func() {
		_, err := c.Fetch(ctx, plain.URL+"/second", Validators{})
		second <- err
	}()
	select {
	case key := <-queued:
		if key != "127.0.0.1" {
			t.Errorf("queued for key %q", key)
		}
	case <-time.After(failAfter):
		t.Fatal("the second request to 127.0.0.1 did not queue")
	}

	// Another key: not blocked.
	resp, err := c.Fetch(context.Background(), "http://localhost:"+port+"/other", Validators{})
	if err != nil || string(resp.Body) != fetchtest.TestFeed {
		t.Fatalf("localhost fetch while 127.0.0.1 is busy: %v", err)
	}

	cancel()
	if err := <-second; !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "poll.per_host") {
		t.Errorf("queued request: err = %v, want a cancelled wait for a per_host slot", err)
	}
	g.release <- struct{}{}
	if err := <-held; err != nil {
		t.Errorf("held request: %v", err)
	}
	if n := limiterOf(c).inUse(); n != 0 {
		t.Errorf("%d idle hosts still in the limiter's map", n)
	}
}

// TestPerHostRedirectsDoNotDeadlock: each hop of a same-host redirect chain
// gives its slot back (the client closes a redirect's body) before the next
// hop asks for one, so a single slot suffices.
func TestPerHostRedirectsDoNotDeadlock(t *testing.T) {
	srv := redirectServer(t, nil)
	poll := testPoll()
	poll.PerHost = 1
	c := newTestClient(t, poll, nil)
	ctx, cancel := context.WithTimeout(context.Background(), failAfter)
	defer cancel()
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			resp, err := c.Fetch(ctx, srv.URL+"/hops/5", Validators{})
			if err != nil || resp.PermanentURL != srv.URL+"/hops/0" {
				t.Errorf("redirect chain with per_host 1: %v", err)
			}
		})
	}
	wg.Wait()
}

// TestPerHostSlotFreedOnErrors: answers that are not read in full (an error
// status, a body over the limit) and a refused connection all give their
// slot back.
func TestPerHostSlotFreedOnErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/big" {
			w.Write(make([]byte, 2<<20))
			return
		}
		http.Error(w, "no", http.StatusInternalServerError)
	}))
	defer srv.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()

	poll := testPoll()
	poll.PerHost = 1
	c := newTestClient(t, poll, nil)
	for _, u := range []string{srv.URL + "/500", srv.URL + "/big", closed.URL, srv.URL + "/500"} {
		ctx, cancel := context.WithTimeout(context.Background(), failAfter)
		_, err := c.Fetch(ctx, u, Validators{})
		cancel()
		if err == nil || errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: err = %v, want the request's own failure", u, err)
		}
	}
	if n := limiterOf(c).inUse(); n != 0 {
		t.Errorf("%d hosts still hold slots", n)
	}
}

// TestPerHostQueueDoesNotCountAgainstTimeout: a poll waiting in line behind
// the same publisher's other feeds is being polite, not slow. Time passing is
// the subject here, so the test lets 3× the timeout pass while it queues.
func TestPerHostQueueDoesNotCountAgainstTimeout(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, fetchtest.TestFeed)
	}))
	t.Cleanup(srv.Close)
	poll := testPoll()
	poll.PerHost = 1
	poll.Timeout = 100 * time.Millisecond
	c := newTestClient(t, poll, nil)
	l := limiterOf(c)
	queued := make(chan string, 1)
	l.waiting = func(key string) { queued <- key }

	// Another exchange holds the only slot to 127.0.0.1.
	release, err := l.acquire(context.Background(), "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := c.Fetch(context.Background(), srv.URL+"/feed", Validators{})
		done <- err
	}()
	select {
	case <-queued:
	case <-time.After(failAfter):
		t.Fatal("the fetch never queued for the host slot")
	}
	<-time.After(3 * poll.Timeout)
	release()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("a fetch that waited in line failed: %v", err)
		}
	case <-time.After(failAfter):
		t.Fatal("the queued fetch never finished")
	}
}
