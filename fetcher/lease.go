package fetcher

import (
	"context"
	"fmt"
	"math/rand/v2"
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
	// AcquireAny takes for ttl the first of names that nobody holds, this
	// replica included, and returns it, or "" when every one is held.
	AcquireAny(ctx context.Context, names []string, ttl time.Duration) (string, error)
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

// slotRetry is how soon a replica tries again a source whose publisher has
// per_host polls in flight from other replicas: one of them ends in about
// a poll's time, and the run loop looks at due sources once a second.
const slotRetry = time.Second

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

// takeLeases takes what a replica needs to poll src now: the source's lease
// and one of its publisher's per_host slots, each renewed until release is
// called. Without a Leaser (one daemon alone) it takes nothing and always
// answers yes. When either is taken elsewhere it holds nothing and says
// when to look at the source again.
func (s *Scheduler) takeLeases(ctx context.Context, src config.Source, poll config.Poll) (release func(), next time.Time, ok bool) {
	if s.leaser == nil {
		return func() {}, time.Time{}, true
	}
	if ok, next = s.leased(ctx, src, poll); !ok {
		return nil, next, false
	}
	// Renewed from here: waiting for a slot may outlast the lease.
	stopSource := s.keepLease(ctx, src.ID, leaseTTL(src, poll))
	slot := s.hostSlot(ctx, src, poll)
	if slot == "" {
		// The publisher has per_host polls in flight from other replicas.
		stopSource()
		s.releaseLease(src.ID)
		return nil, s.now().Add(slotRetry), false
	}
	stopSlot := s.keepLease(ctx, slot, slotTTL(poll))
	return func() {
		stopSlot()
		stopSource()
		s.releaseLease(slot)
		s.releaseLease(src.ID)
	}, time.Time{}, true
}

// hostSlot takes one of the poll.per_host slots of src's publisher (see
// httpclient.HostKey) shared by every replica, each slot a lease of its own, so that
// per_host holds across replicas as it does within one; a dead replica's
// slots expire with the poll's timeout. It returns the slot's name, or ""
// when every slot is taken (or the database does not answer).
//
// Each poll holds a slot of its own, this replica's other polls included
// (AcquireAny counts a slot held by anyone as taken): were slots owned per
// replica, every poll of one replica would share slot 0 and two replicas
// could run 2 × per_host polls on one publisher. The slots are tried from
// a random one, so that replicas asking at once seldom pick the same.
func (s *Scheduler) hostSlot(ctx context.Context, src config.Source, poll config.Poll) string {
	ttl := slotTTL(poll)
	key := sourceHostKey(src.URL)
	n := max(poll.PerHost, 1)
	names := make([]string, n)
	first := rand.IntN(n)
	for k := range n {
		names[k] = fmt.Sprintf("host:%s#%d", key, (first+k)%n)
	}
	// Every slot taken means the publisher has per_host polls in flight,
	// from this replica and others, and one of them ends within a poll's
	// time: wait for it a while, holding this replica's turn at the host,
	// rather than hand the source back and have this replica's other
	// polls of the host ask and fail the same way.
	pause := slotWaitFirst
	for waited := time.Duration(0); ; waited += pause {
		name, err := s.leaser.AcquireAny(ctx, names, ttl)
		if err != nil {
			return ""
		}
		if name != "" || waited >= slotWaitMax {
			return name
		}
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return ""
		case <-t.C:
		}
		pause = min(2*pause, slotWaitMax/4)
	}
}

// slotTTL is how long a per-host slot is taken for: the poll and the commit
// after it, renewed meanwhile (keepLease) since a poll may make several
// fetches and wait for its commit, so that a dead replica's slots come free
// within it.
func slotTTL(poll config.Poll) time.Duration {
	return max(poll.Timeout, 10*time.Second) * 2
}

// How long a poll waits for one of its publisher's per_host slots to come
// free, asking again after slotWaitFirst, then twice as long each time.
const (
	slotWaitFirst = 25 * time.Millisecond
	slotWaitMax   = 2 * time.Second
)

// keepLease renews the lease called name every third of ttl until the
// returned stop is called: a poll may outlast its source's lease (a slow
// publisher, a 2 s interval), and another replica must not take the source
// while it runs. A dead replica renews nothing, so its leases still expire
// within ttl.
func (s *Scheduler) keepLease(ctx context.Context, name string, ttl time.Duration) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(ttl / 3)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if ok, err := s.leaser.Acquire(ctx, name, ttl); err == nil && !ok {
					s.log.Warn("poll lease lost to another replica while polling", "lease", name)
				}
			}
		}
	}()
	return func() { cancel(); <-done }
}

func (s *Scheduler) releaseLease(id string) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.leaser.Release(ctx, id); err != nil {
		s.log.Debug("poll lease not released; it expires", "source", id, "error", err)
	}
}
