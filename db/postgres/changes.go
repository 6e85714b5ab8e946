package postgres

import (
	"context"
	"hash/fnv"
	"time"

	"github.com/jackc/pgx/v5"
)

// channel is the NOTIFY channel on which every commit that changes what a
// feed shows is announced, to every replica.
const channel = "feedcurator_changes"

// changeSlots is the number of rows of the changes table.
const changeSlots = 16

// Version changes whenever anything a feed shows changes, in this process or
// in another replica: render caches key on it.
func (s *Store) Version() uint64 { return s.version.Load() }

// StateVersion changes whenever a source's state may have changed.
func (s *Store) StateVersion() uint64 { return s.stateVersion.Load() }

// changed is this process's own commit of a change.
func (s *Store) changed() {
	s.version.Add(1)
	s.stateVersion.Add(1)
}

// change is a commit's bump of the change counter: which slot, to what.
type change struct {
	slot    int
	version int64
	made    bool
}

// announce bumps the change counter and queues the notification, inside
// the transaction of the change: both take effect at its commit, or never.
// The notification names this replica, whose listener then skips it: the
// writer has counted its own change already.
func (s *Store) announce(ctx context.Context, tx pgx.Tx, key string, c *change) error {
	h := fnv.New32a()
	h.Write([]byte(key))
	c.slot = int(h.Sum32() % changeSlots)
	if err := tx.QueryRow(ctx, `UPDATE changes SET version = version + 1 WHERE slot = $1 RETURNING version`, c.slot).Scan(&c.version); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, channel, s.owner); err != nil {
		return err
	}
	c.made = true
	return nil
}

// inTx runs fn in a transaction of b. A change it announces is recorded
// as this replica's own once committed, before the fallback check can
// read the counter (the check waits on gate), so that the check does not
// count it a second time, as another replica's.
func (s *Store) inTx(ctx context.Context, b interface {
	Begin(context.Context) (pgx.Tx, error)
}, fn func(tx pgx.Tx, c *change) error) error {
	s.gate.RLock()
	defer s.gate.RUnlock()
	var c change
	err := pgx.BeginFunc(ctx, b, func(tx pgx.Tx) error {
		c = change{}
		return fn(tx, &c)
	})
	if err == nil && c.made {
		s.seenMu.Lock()
		// Only when no other replica bumped the slot in between: that
		// change is the check's to find.
		if s.seen[c.slot] == c.version-1 {
			s.seen[c.slot] = c.version
		}
		s.seenMu.Unlock()
	}
	return err
}

// readCounter reads every slot of the change counter.
func (s *Store) readCounter(ctx context.Context) (map[int]int64, error) {
	rows, err := s.pool.Query(ctx, `SELECT slot, version FROM changes`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[int]int64, changeSlots)
	for rows.Next() {
		var slot int
		var v int64
		if err := rows.Scan(&slot, &v); err != nil {
			return nil, err
		}
		out[slot] = v
	}
	return out, rows.Err()
}

// listen holds a connection that LISTENs on channel and bumps the version on
// every notification; when the connection drops it reconnects, and counts the
// gap as a change (something may have been missed).
func (s *Store) listen(ctx context.Context) {
	defer s.bg.Done()
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := s.listenOnce(ctx, func() { backoff = 100 * time.Millisecond })
		if ctx.Err() != nil {
			return
		}
		s.logger().Warn("postgres: change listener lost its connection; reconnecting", "error", err, "in", backoff)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 10*time.Second)
	}
}

func (s *Store) listenOnce(ctx context.Context, connected func()) error {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	// The connection leaves the pool: a LISTENing session is not for others.
	c := conn.Hijack()
	defer c.Close(context.Background())
	if _, err := c.Exec(ctx, "LISTEN "+channel); err != nil {
		return err
	}
	if s.listened.Swap(true) {
		s.changed() // whatever happened while not listening
	}
	connected()
	for {
		n, err := c.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		if n.Payload != s.owner {
			s.changed()
		}
	}
}

// checkChanges reads the change counter every so often and bumps the version
// when it moved: the fallback for a notification lost with a connection.
func (s *Store) checkChanges(ctx context.Context, every time.Duration) {
	defer s.bg.Done()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if s.checkOnce(ctx, every) {
			s.changed()
		}
	}
}

// checkOnce reads the change counter and reports whether a slot moved
// other than by this replica's own commits.
func (s *Store) checkOnce(ctx context.Context, timeout time.Duration) bool {
	s.gate.Lock()
	defer s.gate.Unlock()
	c, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	now, err := s.readCounter(c)
	if err != nil {
		return false
	}
	s.seenMu.Lock()
	defer s.seenMu.Unlock()
	moved := false
	for slot, v := range now {
		if s.seen[slot] != v {
			moved = true
		}
	}
	s.seen = now
	return moved
}
