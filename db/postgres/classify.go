package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/feedcurator/feedcurator/db"
)

// reclassifyChunk bounds the items one transaction of Reclassify writes.
const reclassifyChunk = 2000

// ReclassifyIfChanged is Reclassify unless the stored fingerprint is c's
// (db.Fingerprinter; a c without one counts as the same), decided again
// under the lock: replicas started together with new topics reclassify
// once, not once each.
func (s *Store) ReclassifyIfChanged(c db.Classifier) error {
	f, ok := c.(db.Fingerprinter)
	if !ok {
		return nil
	}
	ctx, cancel := s.ctx()
	defer cancel()
	var stored string
	if err := s.pool.QueryRow(ctx, `SELECT value FROM meta WHERE key = 'fingerprint'`).Scan(&stored); err != nil {
		return fmt.Errorf("postgres: read fingerprint: %w", err)
	}
	if stored == f.Fingerprint() {
		return nil
	}
	return s.reclassify(c, f.Fingerprint())
}

// Reclassify applies c to every stored item and rebuilds the memberships in
// a new generation beside the served one, then swaps generations in one
// commit, so feeds are served from the old selection until the new one is
// complete. Saves and prunes wait meanwhile, in every replica: an advisory
// lock held for the whole rebuild.
func (s *Store) Reclassify(c db.Classifier) error { return s.reclassify(c, "") }

// reclassify is Reclassify; with unless set, it does nothing when the
// stored fingerprint is unless by the time it holds the lock: replicas
// started together with new topics reclassify once, not once each.
func (s *Store) reclassify(c db.Classifier, unless string) error {
	s.genMu.Lock()
	defer s.genMu.Unlock()
	ctx := context.Background()
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("postgres: reclassify: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, classLock); err != nil {
		return fmt.Errorf("postgres: reclassify: %w", err)
	}
	defer conn.Exec(context.Background(), `SELECT pg_advisory_unlock($1)`, classLock)

	var gen int64
	var stored string
	if err := conn.QueryRow(ctx, `SELECT (SELECT value::bigint FROM meta WHERE key = 'gen'),
		(SELECT value FROM meta WHERE key = 'fingerprint')`).Scan(&gen, &stored); err != nil {
		return fmt.Errorf("postgres: reclassify: %w", err)
	}
	if unless != "" && stored == unless {
		return nil
	}
	next := gen + 1
	if _, err := conn.Exec(ctx, `DELETE FROM memberships WHERE gen > $1`, gen); err != nil {
		return fmt.Errorf("postgres: reclassify: %w", err)
	}
	after := cursor{}
	for {
		batch, last, n, err := readChunk(ctx, conn.Conn(), after)
		if err != nil {
			return fmt.Errorf("postgres: reclassify: %w", err)
		}
		if n == 0 {
			break
		}
		b := &pgx.Batch{}
		for i := range batch {
			if err := queueMembers(b, next, &batch[i], c.Classify(&batch[i])); err != nil {
				return fmt.Errorf("postgres: reclassify: %w", err)
			}
		}
		if err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			return tx.SendBatch(ctx, b).Close()
		}); err != nil {
			return fmt.Errorf("postgres: reclassify: %w", err)
		}
		after = last
		if n < reclassifyChunk {
			break
		}
	}
	fingerprint := ""
	if f, ok := c.(db.Fingerprinter); ok {
		fingerprint = f.Fingerprint()
	}
	err = s.inTx(ctx, conn, func(tx pgx.Tx, ch *change) error {
		if _, err := tx.Exec(ctx, `UPDATE meta SET value = $1 WHERE key = 'gen'`, fmt.Sprint(next)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE meta SET value = $1 WHERE key = 'fingerprint'`, fingerprint); err != nil {
			return err
		}
		return s.announce(ctx, tx, "reclassify", ch)
	})
	if err != nil {
		return fmt.Errorf("postgres: reclassify: %w", err)
	}
	s.changed()
	// The old generation is no longer served: drop it in bounded steps.
	for {
		tag, err := conn.Exec(ctx, `DELETE FROM memberships WHERE ctid IN
			(SELECT ctid FROM memberships WHERE gen < $1 LIMIT $2)`, next, pruneChunk)
		if err != nil {
			s.logger().Warn("postgres: dropping the old topic generation", "error", err)
			break
		}
		if tag.RowsAffected() < pruneChunk {
			break
		}
	}
	return nil
}

// readChunk reads up to reclassifyChunk items after the key after, in key order.
func readChunk(ctx context.Context, conn *pgx.Conn, after cursor) ([]db.Item, cursor, int, error) {
	rows, err := conn.Query(ctx, `SELECT source_id, item_id, data FROM items
		WHERE (source_id, item_id) > ($1, $2) ORDER BY source_id, item_id LIMIT $3`,
		after.source, after.item, reclassifyChunk)
	if err != nil {
		return nil, after, 0, err
	}
	defer rows.Close()
	var out []db.Item
	n := 0
	for rows.Next() {
		var data []byte
		if err := rows.Scan(&after.source, &after.item, &data); err != nil {
			return nil, after, 0, err
		}
		n++
		var it db.Item
		if json.Unmarshal(data, &it) == nil {
			out = append(out, it)
		}
	}
	return out, after, n, rows.Err()
}

// TopicChanged returns when the topic id last changed: the time stored with
// fingerprint when it is the one stored for id, else now, which it stores.
// Replicas agree: the first to store a fingerprint sets the date for all.
func (s *Store) TopicChanged(id, fingerprint string) (time.Time, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	var at time.Time
	err := s.pool.QueryRow(ctx, `INSERT INTO topic_dates (id, fingerprint, at) VALUES ($1, $2, $3)
		ON CONFLICT (id) DO UPDATE SET fingerprint = $2, at = $3 WHERE topic_dates.fingerprint <> $2
		RETURNING at`, id, fingerprint, s.now().UTC()).Scan(&at)
	if err == pgx.ErrNoRows {
		err = s.pool.QueryRow(ctx, `SELECT at FROM topic_dates WHERE id = $1`, id).Scan(&at)
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("postgres: topic %s change time: %w", id, err)
	}
	return at.UTC(), nil
}
