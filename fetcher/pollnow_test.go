package fetcher

import (
	"context"
	"testing"
)

// PollNow, asked while Run polls the same source, waits for that poll and
// then polls again: the caller's answer is never older than its request, and
// the source is never polled twice at once.
func TestPollNowWhileRunPolls(t *testing.T) {
	h, srv := newHeldFeed(t)
	store := openTestStore(t)
	s := newRunScheduler(t, store, 0, source("held", srv.URL))
	startRun(t, s)
	await(t, h.entered, "Run's poll to reach the server")

	type answer struct {
		results []Result
		err     error
	}
	got := make(chan answer, 1)
	go func() {
		r, err := s.PollNow(context.Background(), []string{"held"})
		got <- answer{r, err}
	}()
	close(h.release) // Run's poll ends; PollNow's starts and is answered at once
	await(t, h.entered, "PollNow's own poll to reach the server")
	var a answer
	select {
	case a = <-got:
	case <-h.cancelled:
		t.Fatal("a poll was cancelled")
	}
	if a.err != nil || len(a.results) != 1 || a.results[0].Source != "held" || a.results[0].Err != nil {
		t.Fatalf("PollNow = %+v, %v", a.results, a.err)
	}
	if n := store.Reads("held"); n < 2 {
		t.Errorf("the source's state was read %d times, want a poll by Run and one by PollNow", n)
	}

	if _, err := s.PollNow(context.Background(), []string{"nope"}); err == nil {
		t.Error("PollNow of an unknown source succeeded")
	}
}
