package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"time"

	"github.com/jackc/pgx/v5"
)

// newOwner names this replica in the leases table: host and process for the
// operator, and a random part so that a restarted process (same pid in a
// container) is not mistaken for the one before it.
func newOwner() string {
	host, _ := os.Hostname()
	var b [4]byte
	rand.Read(b[:])
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}

// Owner is the name under which this store takes leases.
func (s *Store) Owner() string { return s.owner }

// Acquire takes the lease called name for ttl, or renews it when this store
// holds it already, and reports whether it holds it now. A lease held by
// another replica is taken only once it has expired, so each source is
// polled by one replica at a time and a dead replica's sources pass to the
// others when their leases run out. Expiry is by the database's clock, the
// one clock every replica shares.
//
// The conditional upsert locks the lease's row, so two replicas asking at
// once are served in turn and the second finds the first's lease; it is
// the single-row form of SELECT … FOR UPDATE SKIP LOCKED.
func (s *Store) Acquire(ctx context.Context, name string, ttl time.Duration) (bool, error) {
	var one int
	err := s.pool.QueryRow(ctx, `INSERT INTO leases (name, owner, expires_at)
		VALUES ($1, $2, clock_timestamp() + $3 * interval '1 millisecond')
		ON CONFLICT (name) DO UPDATE SET owner = $2, expires_at = clock_timestamp() + $3 * interval '1 millisecond'
		WHERE leases.owner = $2 OR leases.expires_at < clock_timestamp()
		RETURNING 1`, name, s.owner, ttl.Milliseconds()).Scan(&one)
	switch {
	case err == pgx.ErrNoRows:
		return false, nil
	case err != nil:
		return false, fmt.Errorf("postgres: lease %s: %w", name, err)
	}
	return true, nil
}

// Release gives up the lease called name if this store holds it.
func (s *Store) Release(ctx context.Context, name string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM leases WHERE name = $1 AND owner = $2`, name, s.owner); err != nil {
		return fmt.Errorf("postgres: release lease %s: %w", name, err)
	}
	return nil
}
