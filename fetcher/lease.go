package fetcher

import (
	"context"
	"time"

	"github.com/feedcurator/feedcurator/config"
)

// Leaser shares the polling among replicas: before polling a due source a
// scheduler takes the source's lease, and only the replica holding it polls.
// A lease expires on its own, so that a replica that dies without releasing
// its leases loses its sources to the others within the lease's time. A
// scheduler without one (a single daemon on a bbolt file) polls everything.
type Leaser interface {
	// Acquire takes or renews the lease called name for ttl, and reports
	// whether this replica holds it now.
	Acquire(ctx context.Context, name string, ttl time.Duration) (bool, error)
	// Release gives up the lease called name, if this replica holds it.
	Release(ctx context.Context, name string) error
}

// maxLease bounds a source's lease: a dead replica's sources are taken over
// within a poll interval or a minute, whichever is shorter.
const maxLease = time.Minute

// leaseTTL is how long a source's lease is taken for.
func leaseTTL(src config.Source, poll config.Poll) time.Duration {
	return min(sourceInterval(src, poll), maxLease)
}

// leaseRetry is how soon a replica looks again at a source whose lease
// another holds: it is being polled right now, and its new schedule will
// be in the store once that poll commits.
func leaseRetry(src config.Source, poll config.Poll) time.Duration {
	return max(min(sourceInterval(src, poll)/4, 15*time.Second), 250*time.Millisecond)
}

// leased takes src's lease for a poll that the cached schedule says is due.
// It returns whether to poll now and, when not, when the source is due next.
// Holding the lease, it reads the stored schedule again: another replica
// may have polled the source since this one cached its schedule, and the
// lease alone would not stop a second poll within the interval.
func (s *Scheduler) leased(ctx context.Context, src config.Source, poll config.Poll) (ok bool, next time.Time) {
	now := s.now()
	ok, err := s.leaser.Acquire(ctx, src.ID, leaseTTL(src, poll))
	if err != nil {
		s.log.Warn("poll lease not taken", "source", src.ID, "error", err)
	}
	if err != nil || !ok {
		return false, now.Add(leaseRetry(src, poll))
	}
	st, found, err := s.store.Source(src.ID)
	if err != nil {
		s.releaseLease(src.ID)
		return false, now.Add(leaseRetry(src, poll))
	}
	if found && st.ConfiguredURL == src.URL && st.NextFetch.After(now) {
		s.releaseLease(src.ID)
		return false, st.NextFetch
	}
	return true, time.Time{}
}

func (s *Scheduler) releaseLease(id string) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.leaser.Release(ctx, id); err != nil {
		s.log.Debug("poll lease not released; it expires", "source", id, "error", err)
	}
}
