package fetcher

import (
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/fetcher/process"
)

// markTitle is a Transform that marks every title it sees.
type markTitle struct{}

func (markTitle) Transform(_ config.Source, it *db.Item) { it.Title = "[t] " + it.Title }

// pollRecorder is an Enricher that keeps what it was handed.
type pollRecorder struct {
	mu    sync.Mutex
	polls []process.Poll
}

func (r *pollRecorder) Enqueue(p process.Poll) {
	r.mu.Lock()
	r.polls = append(r.polls, p)
	r.mu.Unlock()
}

// TestSchedulerRunsThePipeline: a poll's items pass the transforms before
// they are stored and reach the enrichers after; a 304 tells the enrichers
// the source was reached, with no items.
func TestSchedulerRunsThePipeline(t *testing.T) {
	f := newFarm(t)
	store := openTestStore(t)
	clock := newFakeClock()
	poll := schedPoll()
	src := source("good", f.URL+"/good")
	rec := &pollRecorder{}
	s := NewScheduler(SchedulerOptions{
		Client: newTestClient(t, poll, nil), Store: store, Now: clock.Now, Logger: slog.New(slog.DiscardHandler),
		Pipeline: &process.Pipeline{Transforms: []process.Transform{markTitle{}}, Enrichers: []process.Enricher{rec}},
	})
	if err := s.SetSources([]config.Source{src}, poll); err != nil {
		t.Fatal(err)
	}
	first := pollAt(t, s, clock, clock.Now(), src, poll)
	if first.Err != nil || first.Added != 3 {
		t.Fatalf("first poll: %+v", first)
	}
	for _, it := range storedItems(t, store, "good") {
		if !strings.HasPrefix(it.Title, "[t] ") {
			t.Errorf("stored before the transform: %q", it.Title)
		}
	}
	pollAt(t, s, clock, first.Next, src, poll) // 304
	if len(rec.polls) != 2 || len(rec.polls[0].Items) != 3 || rec.polls[0].Source.ID != "good" || rec.polls[1].Items != nil {
		t.Fatalf("enricher got %+v", rec.polls)
	}
	if !rec.polls[0].Public {
		t.Error("a feed from a public address (loopback counts as one in these tests) not reported as public")
	}
}
