package server

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/internal/feedtest"
)

// wordTopics puts an item in topic T when its title contains T's word; the
// server, not matching, is under test.
type wordTopics = feedtest.WordTopics

type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

var t0 = feedtest.T0

// fixture is a server over a real store with two sources and a topic "t"
// (title contains "Korea"). The store also classifies a topic "all", for the
// test of a config that names a topic so, and "p", for private topics.
type fixture struct {
	t     testing.TB
	store *db.Store
	rt    *atomic.Pointer[Runtime]
	clock *testClock
	reg   *prometheus.Registry
	srv   *Server
	ts    *httptest.Server
	http  *http.Client // no transparent gzip: the tests look at the raw answer
}

func testConfig() *config.Config { return feedtest.Config() }

func newFixture(t testing.TB) *fixture {
	t.Helper()
	clk := &testClock{t: t0}
	store, err := db.Open(filepath.Join(t.TempDir(), "feedcurator.db"), db.Options{Classifier: feedtest.Topics(), Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	f := fixtureOn(t, store, clk)
	f.seed()
	return f
}

// fixtureOn is a fixture over store, unseeded.
func fixtureOn(t testing.TB, store *db.Store, clk *testClock) *fixture {
	f := &fixture{t: t, store: store, clock: clk, rt: &atomic.Pointer[Runtime]{}, reg: prometheus.NewRegistry()}
	f.rt.Store(&Runtime{Config: testConfig()})
	f.srv = New(Options{
		Store: store, Runtime: f.rt, Logger: slog.New(slog.NewTextHandler(testLog{t}, nil)),
		Registry: f.reg, Metrics: NewMetrics(f.reg), Now: clk.Now,
		Status: func() Status {
			return Status{ConfigPath: "/etc/feedcurator.yaml", LoadedAt: t0.Add(-time.Hour), LastReload: t0, LastReloadError: "config.yaml:3:1: bad"}
		},
	})
	f.ts = httptest.NewServer(f.srv.Handler())
	t.Cleanup(f.ts.Close)
	f.http = &http.Client{Transport: &http.Transport{DisableCompression: true}}
	t.Cleanup(f.http.CloseIdleConnections)
	return f
}

// seed stores the sources' first polls.
func (f *fixture) seed() { seedPolls(f.t, f.store) }

// seedPolls stores the fixture's first polls in store, whichever its engine.
func seedPolls(t testing.TB, store db.Engine) { feedtest.Seed(t, store) }

func (f *fixture) save(st db.SourceState, items ...db.Item) {
	f.t.Helper()
	savePoll(f.t, f.store, st, items...)
}

func savePoll(t testing.TB, store db.Engine, st db.SourceState, items ...db.Item) {
	t.Helper()
	feedtest.SavePoll(t, store, st, items...)
}

func item(id, title, link string, hoursAgo int) db.Item {
	return feedtest.Item(id, title, link, hoursAgo)
}

// do sends a request with the given headers and returns the answer and its body.
func (f *fixture) do(method, path string, header ...string) (*http.Response, []byte) {
	f.t.Helper()
	req, err := http.NewRequest(method, f.ts.URL+path, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "Host" { // the client sends req.Host, not a Host header
			req.Host = header[i+1]
			continue
		}
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := f.http.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	return resp, body
}

// get is do("GET") that insists on 200.
func (f *fixture) get(path string, header ...string) (*http.Response, []byte) {
	f.t.Helper()
	resp, body := f.do(http.MethodGet, path, header...)
	if resp.StatusCode != http.StatusOK {
		f.t.Fatalf("GET %s = %d %s", path, resp.StatusCode, body)
	}
	return resp, body
}

// testLog sends the server's log to the test's, shown when a test fails.
type testLog struct{ t testing.TB }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Helper()
	l.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}
