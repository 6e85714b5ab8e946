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

// AcquireAny takes for ttl the first of names that nobody holds, this store
// included, and returns it, or "" when every one is held. It is how a poll
// takes one of a publisher's per_host slots: one statement whatever the
// number of slots, and a slot already held by another poll of this replica
// counts as taken (Acquire would renew it). Two replicas choosing the same
// free slot at once are served in turn by the row lock; the second is
// told "" and asks again.
func (s *Store) AcquireAny(ctx context.Context, names []string, ttl time.Duration) (string, error) {
	var name string
	err := s.pool.QueryRow(ctx, `WITH free AS (
			SELECT u.n FROM unnest($1::text[]) WITH ORDINALITY AS u(n, i)
			WHERE NOT EXISTS (SELECT 1 FROM leases l WHERE l.name = u.n AND l.expires_at >= clock_timestamp())
			ORDER BY u.i LIMIT 1)
		INSERT INTO leases (name, owner, expires_at)
		SELECT n, $2, clock_timestamp() + $3 * interval '1 millisecond' FROM free
		ON CONFLICT (name) DO UPDATE SET owner = $2, expires_at = clock_timestamp() + $3 * interval '1 millisecond'
		WHERE leases.expires_at < clock_timestamp()
		RETURNING name`, names, s.owner, ttl.Milliseconds()).Scan(&name)
	switch {
	case err == pgx.ErrNoRows:
		return "", nil
	case err != nil:
		return "", fmt.Errorf("postgres: lease one of %d: %w", len(names), err)
	}
	return name, nil
}

// Release gives up the lease called name if this store holds it.
func (s *Store) Release(ctx context.Context, name string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM leases WHERE name = $1 AND owner = $2`, name, s.owner); err != nil {
		return fmt.Errorf("postgres: release lease %s: %w", name, err)
	}
	return nil
}
