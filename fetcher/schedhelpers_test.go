package fetcher

import (
	"context"
	"log/slog"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/fetcher/httpclient"
	"github.com/feedcurator/feedcurator/fetcher/internal/fetchtest"
)

// fakeClock is the scheduler's clock in tests: time passes only when the
// test says so.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func (c *fakeClock) Advance(d time.Duration) { c.Set(c.Now().Add(d)) }

// countingStore is a real store that counts the polls committed to it, so a
// test can tell a 304 (SaveSource only) from a poll that wrote items, and
// the reads of each source's state, which every Poll starts with.
type countingStore struct {
	*db.Store
	savePolls atomic.Int32

	mu    sync.Mutex
	reads map[string]int
}

func (s *countingStore) SavePoll(st db.SourceState, items []db.Item) (int, error) {
	s.savePolls.Add(1)
	return s.Store.SavePoll(st, items)
}

func (s *countingStore) Source(id string) (db.SourceState, bool, error) {
	s.mu.Lock()
	s.reads[id]++
	s.mu.Unlock()
	return s.Store.Source(id)
}

// Reads is how many times the state of source id was read.
func (s *countingStore) Reads(id string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reads[id]
}

// openTestStore opens a fresh bbolt store in the test's temporary directory.
func openTestStore(t *testing.T) *countingStore {
	t.Helper()
	st, err := db.Open(filepath.Join(t.TempDir(), "feedcurator.db"), db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &countingStore{Store: st, reads: map[string]int{}}
}

// schedPoll is the poll config of the scheduler tests.
func schedPoll() config.Poll {
	return config.Poll{
		Interval:    time.Hour,
		MinInterval: 5 * time.Minute,
		Concurrency: 16,
		PerHost:     16,
		Timeout:     5 * time.Second,
		MaxBody:     4 << 20,
	}
}

// failAfter bounds a wait that only a bug would make long; it is never the
// way a test waits for time to pass.
const failAfter = 10 * time.Second

// newTestClient is the scheduler tests' client: its test servers on
// 127.0.0.1 stand for the public internet, so that redirects and moves
// between them behave as between public sites; 127.0.0.2 stays private.
func newTestClient(t *testing.T, poll config.Poll, rt http.RoundTripper) *httpclient.Client {
	t.Helper()
	c := httpclient.New(httpclient.Options{Poll: poll, UserAgent: "feedcurator/test (+http://127.0.0.1:8080)", Transport: rt, PublicAddrs: fetchtest.Public})
	t.Cleanup(c.CloseIdleConnections)
	return c
}

// newTestScheduler builds a scheduler on store and clock, polling sources.
func newTestScheduler(t *testing.T, store Store, clock *fakeClock, poll config.Poll, sources ...config.Source) *Scheduler {
	t.Helper()
	s := NewScheduler(SchedulerOptions{
		Client: newTestClient(t, poll, nil),
		Store:  store,
		Now:    clock.Now,
		Logger: slog.New(slog.DiscardHandler),
	})
	if err := s.SetSources(sources, poll); err != nil {
		t.Fatal(err)
	}
	return s
}

// source is a config source polled hourly.
func source(id, url string) config.Source {
	return config.Source{ID: id, URL: url, Interval: time.Hour}
}

// sourceState reads a source's stored state, failing the test when absent.
func sourceState(t *testing.T, store *countingStore, id string) db.SourceState {
	t.Helper()
	st, ok, err := store.Source(id)
	if err != nil || !ok {
		t.Fatalf("source %s: found %v, err %v", id, ok, err)
	}
	return st
}

// itemCount is how many items the store holds for source id.
func itemCount(t *testing.T, store *countingStore, id string) int {
	t.Helper()
	counts, err := store.ItemCounts()
	if err != nil {
		t.Fatal(err)
	}
	return counts[id]
}

// storedItems returns the items the store holds for source id.
func storedItems(t *testing.T, store *countingStore, id string) []db.Item {
	t.Helper()
	var out []db.Item
	err := store.AllItems(func(it *db.Item) bool {
		if it.SourceID == id {
			out = append(out, *it)
		}
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// pollAt polls src once with the clock set to at.
func pollAt(t *testing.T, s *Scheduler, clock *fakeClock, at time.Time, src config.Source, poll config.Poll) Result {
	t.Helper()
	clock.Set(at)
	ctx, cancel := context.WithTimeout(context.Background(), failAfter)
	defer cancel()
	return s.Poll(ctx, src, poll)
}
