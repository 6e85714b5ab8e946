package fetcher

import (
	"context"
	"fmt"
	"slices"

	"github.com/feedcurator/feedcurator/config"
)

// PollNow polls the named sources (every source when ids is empty) once, now,
// while Run goes on scheduling the others, and returns when those polls are
// stored: `feedcurator fetch` while the daemon runs. A source that Run is
// polling at that moment is waited for and then polled again, so that the
// answer is never older than the request; meanwhile Run does not start it.
// An unknown id is an error and nothing is polled.
func (s *Scheduler) PollNow(ctx context.Context, ids []string) ([]Result, error) {
	s.mu.Lock()
	sources, poll := s.sources, s.poll
	if len(ids) > 0 {
		var picked []config.Source
		for _, id := range ids {
			i := slices.IndexFunc(sources, func(src config.Source) bool { return src.ID == id })
			if i < 0 {
				s.mu.Unlock()
				return nil, fmt.Errorf("fetcher: no source %q", id)
			}
			picked = append(picked, sources[i])
		}
		sources = picked
	}
	// Take them all at once, after none is in flight: taking them one by
	// one could deadlock two callers that each hold what the other waits for.
	for slices.ContainsFunc(sources, func(src config.Source) bool { return s.inFlight[src.ID] }) {
		s.idle.Wait()
	}
	for _, src := range sources {
		s.inFlight[src.ID] = true
	}
	s.mu.Unlock()

	results := s.pollEach(ctx, sources, poll)
	for i, r := range results {
		next := r.Next
		if r.Gone {
			next = never
		}
		s.finish(sources[i].ID, next)
	}
	s.kick()
	return results, nil
}
