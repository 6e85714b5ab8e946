package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/feedcurator/feedcurator/db"
)

// pruneChunk bounds the deletions of one transaction, so that polls never
// wait long for the rows retention holds.
const pruneChunk = 500

// Prune applies the retention policy in transactions of at most pruneChunk
// items and returns how many items it removed. Each pruned item leaves a
// tombstone so that a source still listing it does not bring it back;
// tombstones of items the source stopped listing go on its next poll, and
// every tombstone expires after MaxAge (or a week). Replicas may prune at
// once: rows another one holds are skipped, not waited for.
func (s *Store) Prune(r db.Retention) (int, error) {
	s.genMu.RLock()
	defer s.genMu.RUnlock()
	ctx := context.Background()
	now, hold, err := s.retentionClock(ctx, s.now().UTC())
	if err != nil {
		return 0, fmt.Errorf("postgres: prune: %w", err)
	}
	if hold {
		r.MaxAge = 0
	}
	total := 0
	step := func(victims string, args ...any) (int, error) {
		c, cancel := s.ctx()
		defer cancel()
		var n int
		err := s.inTx(c, s.pool, func(tx pgx.Tx, ch *change) error {
			err := tx.QueryRow(c, `WITH v AS (`+victims+`),
				d AS (DELETE FROM items i USING v WHERE i.source_id = v.source_id AND i.item_id = v.item_id
					RETURNING i.source_id, i.item_id),
				t AS (INSERT INTO tombs (source_id, item_id, at) SELECT source_id, item_id, $1 FROM d
					ON CONFLICT (source_id, item_id) DO UPDATE SET at = $1)
				SELECT count(*) FROM d`, append([]any{now}, args...)...).Scan(&n)
			if err != nil || n == 0 {
				return err
			}
			return s.announce(c, tx, "prune", ch)
		})
		s.noteWrite(err)
		return n, err
	}
	// drain runs step on victims until a batch comes back short.
	drain := func(victims string, args ...any) error {
		for {
			n, err := step(victims, args...)
			if err != nil {
				return fmt.Errorf("postgres: prune: %w", err)
			}
			total += n
			if n > 0 {
				s.changed()
			}
			if n < pruneChunk {
				return nil
			}
		}
	}
	if r.MaxAge > 0 {
		if err := drain(`SELECT source_id, item_id FROM items WHERE first_seen < $2
			ORDER BY first_seen LIMIT $3 FOR UPDATE SKIP LOCKED`, now.Add(-r.MaxAge), pruneChunk); err != nil {
			return total, err
		}
	}
	if r.MaxItems > 0 {
		if err := drain(`SELECT source_id, item_id FROM (
				SELECT source_id, item_id, row_number() OVER (PARTITION BY source_id
					ORDER BY sort_time DESC, item_id DESC) AS rank
				FROM items WHERE source_id IN (SELECT source_id FROM items GROUP BY source_id HAVING count(*) > $2)
			) ranked WHERE rank > $2 LIMIT $3`, r.MaxItems, pruneChunk); err != nil {
			return total, err
		}
	}
	if hold {
		return total, nil
	}
	return total, s.expireTombs(r, now)
}

// expireTombs drops tombstones older than the retention age, and dates from
// now those laid while the clock ran ahead (they would never expire).
func (s *Store) expireTombs(r db.Retention, now time.Time) error {
	age := r.MaxAge
	if age <= 0 {
		age = 7 * 24 * time.Hour
	}
	c, cancel := s.ctx()
	defer cancel()
	_, err := s.pool.Exec(c, `DELETE FROM tombs WHERE at < $1`, now.Add(-age))
	if err == nil {
		_, err = s.pool.Exec(c, `UPDATE tombs SET at = $1 WHERE at > $2`, now, now.Add(db.ClockJumpLimit))
	}
	if err != nil {
		return fmt.Errorf("postgres: expire tombstones: %w", err)
	}
	return nil
}

// retentionClock returns the time a pass prunes by and whether pruning by
// age is held because the clock jumped ahead, and records the pass (db's
// rule, with the previous pass's time kept in meta for every replica).
func (s *Store) retentionClock(ctx context.Context, real time.Time) (now time.Time, hold bool, err error) {
	c, cancel := s.ctx()
	defer cancel()
	err = pgx.BeginFunc(c, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(c, `INSERT INTO meta (key, value) VALUES ('retention_clock', ''), ('clock_jump', '')
			ON CONFLICT DO NOTHING`); err != nil {
			return err
		}
		var lastS, jumpS string
		if err := tx.QueryRow(c, `SELECT value FROM meta WHERE key = 'retention_clock' FOR UPDATE`).Scan(&lastS); err != nil {
			return err
		}
		if err := tx.QueryRow(c, `SELECT value FROM meta WHERE key = 'clock_jump' FOR UPDATE`).Scan(&jumpS); err != nil {
			return err
		}
		last, _ := time.Parse(time.RFC3339Nano, lastS)
		jump, _ := time.Parse(time.RFC3339Nano, jumpS)
		v := db.JudgeClock(last, jump, real)
		now, hold, jump = real, v.Hold, v.Pending
		if v.Note != "" {
			s.logger().Warn(v.Note, "last_pass", last, "now", real)
		}
		if !hold {
			if _, err := tx.Exec(c, `UPDATE meta SET value = $1 WHERE key = 'retention_clock'`, now.Format(time.RFC3339Nano)); err != nil {
				return err
			}
		}
		js := ""
		if !jump.IsZero() {
			js = jump.Format(time.RFC3339Nano)
		}
		_, err := tx.Exec(c, `UPDATE meta SET value = $1 WHERE key = 'clock_jump'`, js)
		return err
	})
	return now, hold, err
}
