package fetcher

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/config"
)

// TestSchedulerGoneStopsPolling drives the scheduler with Tick: a source
// that answered 410 is not polled again however far the clock moves, while
// a good source is polled whenever it is due, and only then.
func TestSchedulerGoneStopsPolling(t *testing.T) {
	f := newFarm(t)
	store := openTestStore(t)
	clock := newFakeClock()
	poll := schedPoll()
	s := newTestScheduler(t, store, clock, poll, source("good", f.URL+"/good"), source("gone", f.URL+"/gone"))
	ctx := context.Background()

	tick := func() time.Duration {
		t.Helper()
		wait := s.Tick(ctx)
		s.Wait()
		return wait
	}
	tick() // both are new: due at once
	if f.Hits("/good") != 1 || f.Hits("/gone") != 1 {
		t.Fatalf("first tick: good %d, gone %d requests", f.Hits("/good"), f.Hits("/gone"))
	}
	reads := store.Reads("gone")
	if wait := tick(); wait != time.Minute || f.Hits("/good") != 1 {
		t.Errorf("a tick with nothing due polled (good %d) or waits %v", f.Hits("/good"), wait)
	}
	for round := 2; round <= 4; round++ {
		clock.Advance(25 * time.Hour) // past any NextFetch
		tick()
		if f.Hits("/good") != round {
			t.Errorf("round %d: good polled %d times", round, f.Hits("/good"))
		}
	}
	if n := f.Hits("/gone"); n != 1 {
		t.Errorf("a gone source was requested %d times", n)
	}
	// Not even a poll that stops at its stored state: a due-again gone
	// source would make Run spin.
	if n := store.Reads("gone"); n != reads {
		t.Errorf("a gone source was polled %d more times", n-reads)
	}
	st := sourceState(t, store, "gone")
	if !st.Gone || st.LastStatus != http.StatusGone || !st.NextFetch.IsZero() {
		t.Errorf("gone state %+v", st)
	}

	// A restart (SetSources from the stored state) keeps it stopped; a new URL
	// in the config resumes it.
	s = newTestScheduler(t, store, clock, poll, source("gone", f.URL+"/gone"))
	clock.Advance(25 * time.Hour)
	tick()
	if n := f.Hits("/gone"); n != 1 {
		t.Errorf("after a restart the gone source was requested %d times", n)
	}
	if err := s.SetSources([]config.Source{source("gone", f.URL+"/good")}, poll); err != nil {
		t.Fatal(err)
	}
	tick()
	if st := sourceState(t, store, "gone"); st.Gone || st.LastError != "" || itemCount(t, store, "gone") != 3 {
		t.Errorf("after its URL changed: %+v", st)
	}
}

// TestPollAllStopsOnCancel: with its context ended, PollAll still returns a
// result for every source, and records no failure against any of them: the
// shutdown is not the sources' fault.
func TestPollAllStopsOnCancel(t *testing.T) {
	f := newFarm(t)
	store := openTestStore(t)
	clock := newFakeClock()
	poll := schedPoll()
	poll.Concurrency = 1
	s := newTestScheduler(t, store, clock, poll, source("a", f.URL+"/good"), source("b", f.URL+"/good"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	results := s.PollAll(ctx)
	if len(results) != 2 {
		t.Fatalf("%d results", len(results))
	}
	for _, r := range results {
		if !errors.Is(r.Err, context.Canceled) {
			t.Errorf("%s: err %v, want context.Canceled", r.Source, r.Err)
		}
		if _, ok, _ := store.Source(r.Source); ok {
			t.Errorf("%s: a cancelled poll was recorded", r.Source)
		}
	}
}
