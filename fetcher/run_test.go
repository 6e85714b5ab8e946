package fetcher

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
)

// heldFeed serves a one-item feed, but only once the test releases it: it
// reports each request on entered and then waits for release (or for the
// request to be cancelled, reported on cancelled).
type heldFeed struct {
	entered, release, cancelled chan struct{}
}

func newHeldFeed(t *testing.T) (*heldFeed, *httptest.Server) {
	h := &heldFeed{entered: make(chan struct{}, 1), release: make(chan struct{}), cancelled: make(chan struct{}, 1)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.entered <- struct{}{}
		select {
		case <-h.release:
		case <-r.Context().Done():
			h.cancelled <- struct{}{}
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(rssItems("held", 1)))
	}))
	t.Cleanup(srv.Close)
	return h, srv
}

// await fails the test unless ch yields within failAfter.
func await(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(failAfter):
		t.Fatalf("timed out waiting for %s", what)
	}
}

func startRun(t *testing.T, s *Scheduler) (cancel func(), done <-chan struct{}) {
	ctx, cancel := context.WithCancel(context.Background())
	ch := make(chan struct{})
	go func() {
		s.Run(ctx)
		close(ch)
	}()
	t.Cleanup(func() {
		cancel()
		<-ch
	})
	return cancel, ch
}

func newRunScheduler(t *testing.T, store Store, drain time.Duration, sources ...config.Source) *Scheduler {
	t.Helper()
	s := NewScheduler(SchedulerOptions{
		Client: newTestClient(t, schedPoll(), nil),
		Store:  store,
		Logger: slog.New(slog.DiscardHandler),
		Drain:  drain,
	})
	if err := s.SetSources(sources, schedPoll()); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestRunLetsInFlightPollCommit: Run, cancelled while a poll waits for its
// server, lets that poll finish and commit, then returns, long before its
// drain time would have run out.
func TestRunLetsInFlightPollCommit(t *testing.T) {
	h, srv := newHeldFeed(t)
	store := openTestStore(t)
	s := newRunScheduler(t, store, time.Hour, source("held", srv.URL))

	cancel, done := startRun(t, s)
	await(t, h.entered, "the poll to reach the server")
	cancel()
	close(h.release)
	await(t, done, "Run to return after its poll finished")

	if n := itemCount(t, store, "held"); n != 1 {
		t.Errorf("%d items stored by the poll in flight at shutdown, want 1", n)
	}
	if st := sourceState(t, store, "held"); st.LastError != "" || st.LastStatus != 200 {
		t.Errorf("state %+v", st)
	}
}

// TestRunCancelsPollsAfterDrain: a poll still stuck when the drain time runs
// out is cancelled, Run returns, and the cut-short poll is not recorded as
// the source's failure.
func TestRunCancelsPollsAfterDrain(t *testing.T) {
	h, srv := newHeldFeed(t)
	store := openTestStore(t)
	s := newRunScheduler(t, store, 50*time.Millisecond, source("stuck", srv.URL))

	cancel, done := startRun(t, s)
	await(t, h.entered, "the poll to reach the server")
	cancel()
	await(t, h.cancelled, "the stuck request to be cancelled")
	await(t, done, "Run to return")
	if st, ok, err := store.Source("stuck"); err != nil || ok {
		t.Errorf("a poll cut short by shutdown was recorded: %+v (err %v)", st, err)
	}
}

// TestRunStopsPromptly: with nothing due, Run returns as soon as its context
// ends, without polling.
func TestRunStopsPromptly(t *testing.T) {
	h, srv := newHeldFeed(t)
	store := openTestStore(t)
	src := source("later", srv.URL)
	if err := store.SaveSource(stateDueIn(src, time.Hour)); err != nil {
		t.Fatal(err)
	}
	s := newRunScheduler(t, store, time.Hour, src)
	cancel, done := startRun(t, s)
	cancel()
	await(t, done, "Run to return")
	select {
	case <-h.entered:
		t.Error("a source not due was polled")
	default:
	}
}

// stateDueIn is the stored state of a source polled before and due again in d.
func stateDueIn(src config.Source, d time.Duration) db.SourceState {
	return db.SourceState{ID: src.ID, URL: src.URL, ConfiguredURL: src.URL, NextFetch: time.Now().Add(d)}
}
