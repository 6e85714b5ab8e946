package fetcher

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/fetcher/internal/fetchtest"
)

// TestSlowHostDoesNotHoldUpOthers: sixty sources on a host that never
// answers, listed first, leave the poll.concurrency slots to the sources of
// a fast host, which are all fetched while the slow ones still hang.
func TestSlowHostDoesNotHoldUpOthers(t *testing.T) {
	const slowN, fastN = 60, 8
	for _, mode := range []string{"tick", "pollall"} {
		t.Run(mode, func(t *testing.T) {
			release := make(chan struct{})
			var slowAnswered atomic.Int32
			slow := fetchtest.ServeOn(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				select {
				case <-release:
					slowAnswered.Add(1)
					fetchtest.ServeFeed(w, r)
				case <-r.Context().Done():
				}
			}))
			fast := fetchtest.ServeOn(t, "127.0.0.2", http.HandlerFunc(fetchtest.ServeFeed))
			defer close(release) // before the servers close: their handlers must return

			var sources []config.Source
			for i := range slowN {
				sources = append(sources, source(fmt.Sprintf("slow-%d", i), fmt.Sprintf("%s/%d.rss", slow.URL, i)))
			}
			for i := range fastN {
				sources = append(sources, source(fmt.Sprintf("fast-%d", i), fmt.Sprintf("%s/%d.rss", fast.URL, i)))
			}
			poll := schedPoll()
			poll.Concurrency, poll.PerHost, poll.Timeout = 4, 2, time.Minute

			fastDone := make(chan string, fastN)
			s := NewScheduler(SchedulerOptions{
				Client: newTestClient(t, poll, nil),
				Store:  openTestStore(t),
				Logger: slog.New(slog.DiscardHandler),
				OnResult: func(r Result) {
					if strings.HasPrefix(r.Source, "fast-") {
						fastDone <- r.Source
					}
				},
			})
			if err := s.SetSources(sources, poll); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if mode == "tick" {
				s.Tick(ctx)
				defer s.Wait()
			} else {
				done := make(chan struct{})
				go func() { s.PollAll(ctx); close(done) }()
				defer func() { <-done }()
			}
			defer cancel()

			deadline := time.After(failAfter)
			for range fastN {
				select {
				case <-fastDone:
				case <-deadline:
					t.Fatalf("sources on the fast host waited behind the slow host")
				}
			}
			if n := slowAnswered.Load(); n != 0 {
				t.Fatalf("%d slow sources answered before the test let them", n)
			}
		})
	}
}
