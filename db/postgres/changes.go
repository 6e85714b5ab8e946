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

// announce bumps the change counter and queues the notification, inside
// the transaction of the change: both take effect at its commit, or never.
func announce(ctx context.Context, tx pgx.Tx, key string) error {
	h := fnv.New32a()
	h.Write([]byte(key))
	slot := int(h.Sum32() % changeSlots)
	_, err := tx.Exec(ctx, `UPDATE changes SET version = version + 1 WHERE slot = $1`, slot)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `SELECT pg_notify($1, '')`, channel)
	return err
}

func (s *Store) changeSum(ctx context.Context) (int64, error) {
	var sum int64
	err := s.pool.QueryRow(ctx, `SELECT coalesce(sum(version), 0)::bigint FROM changes`).Scan(&sum)
	return sum, err
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
		s.log.Warn("postgres: change listener lost its connection; reconnecting", "error", err, "in", backoff)
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
	connected()
	s.changed() // whatever happened while not listening
	for {
		if _, err := c.WaitForNotification(ctx); err != nil {
			return err
		}
		s.changed()
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
		c, cancel := context.WithTimeout(ctx, every)
		sum, err := s.changeSum(c)
		cancel()
		if err != nil {
			continue
		}
		if s.seen.Swap(sum) != sum {
			s.changed()
		}
	}
}
