package postgres

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/internal/linkid"
)

// classLock is the advisory lock saves hold shared and Reclassify exclusive,
// across every replica, so that no save lands in the generation being
// replaced.
const classLock = 0x636c6173 // "clas"

// opTimeout bounds one store operation, so that a database gone away fails a
// poll instead of hanging it.
const opTimeout = 30 * time.Second

func (s *Store) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), opTimeout)
}

// stored is an item's row as a poll finds it.
type stored struct {
	data    []byte
	item    db.Item
	members []byte // the item's memberships, encoded as encodeMembers does
}

// SavePoll stores a successful poll in one transaction: the items and the
// memberships they carry (Item.Memberships), the tombstones it releases and the source state with its
// validators, so that an ETag is never committed without the items it vouches
// for. Items already stored keep their FirstSeen; tombstoned items are not
// stored again while the source still lists them; an item that comes
// without the article stored with it is refused (db.ErrStale). It returns
// how many items were new.
func (s *Store) SavePoll(st db.SourceState, items []db.Item) (added int, err error) {
	s.genMu.RLock()
	defer s.genMu.RUnlock()
	// A copy: the caller's items are read, never written (two writers may
	// share them).
	items = slices.Clone(items)
	ids := make([]string, len(items))
	for i := range items {
		items[i].SourceID = st.ID
		ids[i] = items[i].ID
	}
	now := s.now().UTC()
	ctx, cancel := s.ctx()
	defer cancel()
	changed := false
	err = s.inTx(ctx, s.pool, func(tx pgx.Tx, ch *change) error {
		added, changed = 0, false
		gen, err := classifiedGen(ctx, tx)
		if err != nil {
			return err
		}
		// The source's row, locked: two polls of one source commit in
		// turn. A source's first poll creates the row, so that a second
		// first poll at the same moment waits for it too: with nothing to
		// lock, both would read no previous items and both count them new.
		state, err := json.Marshal(st)
		if err != nil {
			return err
		}
		var oldState []byte
		var created bool
		err = tx.QueryRow(ctx, `INSERT INTO sources (id, state) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING RETURNING true`, st.ID, state).Scan(&created)
		if err == pgx.ErrNoRows {
			err = tx.QueryRow(ctx, `SELECT state FROM sources WHERE id = $1 FOR UPDATE`, st.ID).Scan(&oldState)
		}
		if err != nil {
			return err
		}
		prev, tombs, err := readPrevious(ctx, tx, gen, st.ID, ids)
		if err != nil {
			return err
		}
		b := &pgx.Batch{}
		var drop []string // items whose memberships are rewritten
		for i := range items {
			it := items[i]
			if tombs[it.ID] {
				continue
			}
			old, had := prev[it.ID]
			if !had {
				it.FirstSeen = now
				added++
			} else {
				if err := db.Repolled(&old.item, &it, now); err != nil {
					return err
				}
			}
			enc := encodeMembers(it.Memberships)
			data, err := json.Marshal(&it)
			if err != nil {
				return err
			}
			if had && bytes.Equal(data, old.data) && bytes.Equal(enc, old.members) {
				continue
			}
			changed = true
			b.Queue(`INSERT INTO items (source_id, item_id, sort_time, first_seen, link_norm, data)
				VALUES ($1, $2, $3, $4, $5, $6)
				ON CONFLICT (source_id, item_id) DO UPDATE SET sort_time = $3, first_seen = $4, link_norm = $5, data = $6`,
				st.ID, it.ID, it.SortTime(), it.FirstSeen, linkid.Normalize(it.Link), data)
			if had {
				drop = append(drop, it.ID)
			}
			if err := queueMembers(b, gen, &it, it.Memberships); err != nil {
				return err
			}
		}
		if len(drop) > 0 {
			// Before the inserts queued above: a rewritten item's old
			// memberships go, its new ones come.
			pre := &pgx.Batch{}
			pre.Queue(`DELETE FROM memberships WHERE source_id = $1 AND item_id = ANY($2)`, st.ID, drop)
			if err := tx.SendBatch(ctx, pre).Close(); err != nil {
				return err
			}
		}
		b.Queue(`DELETE FROM tombs WHERE source_id = $1 AND NOT (item_id = ANY($2))`, st.ID, ids)
		b.Queue(`INSERT INTO sources (id, state) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET state = $2`, st.ID, state)
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return err
		}
		if provenanceChanged(oldState, st) {
			changed = true
		}
		if changed {
			return s.announce(ctx, tx, st.ID, ch)
		}
		return nil
	})
	if errors.Is(err, db.ErrStale) {
		return 0, fmt.Errorf("postgres: save poll of %s: %w", st.ID, err)
	}
	s.noteWrite(err)
	if err != nil {
		err = fmt.Errorf("postgres: save poll of %s: %w", st.ID, err)
		s.keepFailedPoll(st, err)
		return 0, err
	}
	s.stateVersion.Add(1)
	if changed {
		s.changed()
	}
	return added, nil
}

// classifiedGen takes, for the rest of tx, the shared side of the lock
// Reclassify holds exclusive, and returns the served generation, which tx's
// memberships belong to.
func classifiedGen(ctx context.Context, tx pgx.Tx) (int64, error) {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock_shared($1)`, classLock); err != nil {
		return 0, err
	}
	var gen int64
	err := tx.QueryRow(ctx, `SELECT value::bigint FROM meta WHERE key = 'gen'`).Scan(&gen)
	return gen, err
}

// queueMembers queues the insertion of it's memberships ms in generation gen.
func queueMembers(b *pgx.Batch, gen int64, it *db.Item, ms []db.Membership) error {
	for _, m := range ms {
		reasons, err := json.Marshal(m.Reasons)
		if err != nil {
			return err
		}
		b.Queue(`INSERT INTO memberships (gen, topic, source_id, item_id, sort_time, score, reasons)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
			gen, m.Topic, it.SourceID, it.ID, it.SortTime(), m.Score, reasons)
	}
	return nil
}

// readPrevious reads what the store holds of a poll's items: their rows and
// memberships in generation gen, and which of them are tombstoned.
func readPrevious(ctx context.Context, tx pgx.Tx, gen int64, source string, ids []string) (map[string]*stored, map[string]bool, error) {
	prev := map[string]*stored{}
	rows, err := tx.Query(ctx, `SELECT i.item_id, i.data,
			(SELECT json_agg(json_build_object('Topic', m.topic, 'Reasons', m.reasons, 'Score', m.score) ORDER BY m.topic)
			 FROM memberships m WHERE m.gen = $1 AND m.source_id = i.source_id AND m.item_id = i.item_id)
		FROM items i WHERE i.source_id = $2 AND i.item_id = ANY($3)`, gen, source, ids)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var id string
		var data, ms []byte
		if err := rows.Scan(&id, &data, &ms); err != nil {
			rows.Close()
			return nil, nil, err
		}
		p := &stored{data: bytes.Clone(data)}
		if err := json.Unmarshal(data, &p.item); err != nil {
			// A record that does not decode is replaced by the fresh copy.
			continue
		}
		if ms != nil {
			var list []db.Membership
			if json.Unmarshal(ms, &list) == nil {
				p.members = encodeMembers(list)
			}
		}
		prev[id] = p
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	tombs := map[string]bool{}
	rows, err = tx.Query(ctx, `SELECT item_id FROM tombs WHERE source_id = $1 AND item_id = ANY($2)`, source, ids)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, nil, err
		}
		tombs[id] = true
	}
	rows.Close()
	return prev, tombs, rows.Err()
}

// encodeMembers is a canonical form of memberships, to tell whether a poll
// changed them: sorted by topic, nil for none.
func encodeMembers(ms []db.Membership) []byte {
	if len(ms) == 0 {
		return nil
	}
	ms = slices.Clone(ms)
	slices.SortFunc(ms, func(a, b db.Membership) int {
		switch {
		case a.Topic < b.Topic:
			return -1
		case a.Topic > b.Topic:
			return 1
		}
		return 0
	})
	for i := range ms {
		if len(ms[i].Reasons) == 0 {
			ms[i].Reasons = []db.Reason{}
		}
	}
	b, _ := json.Marshal(ms)
	return b
}

// keepFailedPoll records, without its validators, that a poll could not be
// stored, so that /api/sources shows why (when the database takes the write).
func (s *Store) keepFailedPoll(st db.SourceState, err error) {
	st.ETag, st.LastModified = "", ""
	st.LastError = err.Error()
	st.Failures++
	s.SaveSource(st)
}

// pageSize is how many rows one query of a listing reads: a feed wants
// dozens, and a caller that stops early should not have read thousands.
const pageSize = 200

// TopicItems calls fn for the topic's items, newest first, with the item's
// membership, until fn returns false.
func (s *Store) TopicItems(topic string, fn func(it *db.Item, m db.Membership) bool) error {
	err := s.page(`SELECT i.data, m.score, m.reasons, m.sort_time, m.source_id, m.item_id
		FROM memberships m JOIN items i USING (source_id, item_id)
		WHERE m.gen = (SELECT value::bigint FROM meta WHERE key = 'gen') AND m.topic = $1
		  AND (m.sort_time, m.source_id, m.item_id) < ($2, $3, $4)
		ORDER BY m.sort_time DESC, m.source_id DESC, m.item_id DESC LIMIT $5`,
		topic, func(rows pgx.Rows) (cursor, bool, error) {
			var data, reasons []byte
			var c cursor
			m := db.Membership{Topic: topic}
			if err := rows.Scan(&data, &m.Score, &reasons, &c.t, &c.source, &c.item); err != nil {
				return c, false, err
			}
			var it db.Item
			if err := json.Unmarshal(data, &it); err != nil {
				return c, true, nil // an undecodable record costs that item
			}
			json.Unmarshal(reasons, &m.Reasons)
			return c, fn(&it, m), nil
		})
	if err != nil {
		return fmt.Errorf("postgres: topic %s: %w", topic, err)
	}
	return nil
}

// AllItems calls fn for every item, newest first, until fn returns false.
func (s *Store) AllItems(fn func(it *db.Item) bool) error {
	err := s.page(`SELECT data, sort_time, source_id, item_id FROM items
		WHERE $1::text IS NOT NULL AND (sort_time, source_id, item_id) < ($2, $3, $4)
		ORDER BY sort_time DESC, source_id DESC, item_id DESC LIMIT $5`,
		"", func(rows pgx.Rows) (cursor, bool, error) {
			var data []byte
			var c cursor
			if err := rows.Scan(&data, &c.t, &c.source, &c.item); err != nil {
				return c, false, err
			}
			var it db.Item
			if err := json.Unmarshal(data, &it); err != nil {
				return c, true, nil
			}
			return c, fn(&it), nil
		})
	if err != nil {
		return fmt.Errorf("postgres: all items: %w", err)
	}
	return nil
}

// cursor is where a listing's page ended: its last row's ordering key.
type cursor struct {
	t            time.Time
	source, item string
}

// page runs a keyset-paged listing: query takes (arg, time, source, item,
// limit) and returns rows after that key; row scans one and says whether
// to go on. Every page is read in one repeatable-read transaction, so the
// listing is of one moment, as a bbolt read transaction's is: a Reclassify
// or a poll committing between two pages does not show in the second.
func (s *Store) page(query, arg string, row func(pgx.Rows) (cursor, bool, error)) error {
	// No deadline: the caller's fn sets the pace (match reads every item).
	ctx := context.Background()
	return pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		// Past any stored time: the first page starts at the top.
		at := cursor{t: time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)}
		for {
			rows, err := tx.Query(ctx, query, arg, at.t, at.source, at.item, pageSize)
			if err != nil {
				return err
			}
			n, more := 0, true
			for more && rows.Next() {
				c, goOn, err := row(rows)
				if err != nil {
					rows.Close()
					return err
				}
				n++
				at, more = c, goOn
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			if !more || n < pageSize {
				return nil
			}
		}
	})
}

// Copies returns every stored item whose link is the same story as link
// (compared by linkid.Normalize). With topic non-empty, only its members.
func (s *Store) Copies(link, topic string) ([]db.Item, error) {
	if link == "" {
		return nil, nil
	}
	out, err := s.queryItems(`SELECT i.data FROM items i
		WHERE i.link_norm = $1 AND ($2 = '' OR EXISTS (SELECT 1 FROM memberships m
			WHERE m.gen = (SELECT value::bigint FROM meta WHERE key = 'gen') AND m.topic = $2
			  AND m.source_id = i.source_id AND m.item_id = i.item_id))
		ORDER BY i.source_id, i.item_id`, linkid.Normalize(link), topic)
	if err != nil {
		return nil, fmt.Errorf("postgres: copies of %s: %w", link, err)
	}
	return out, nil
}

// queryItems returns the items whose data query selects; an undecodable
// record costs that record.
func (s *Store) queryItems(query string, args ...any) ([]db.Item, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []db.Item
	for rows.Next() {
		var data []byte
		if err := rows.Scan(&data); err != nil {
			return nil, err
		}
		var it db.Item
		if json.Unmarshal(data, &it) == nil {
			out = append(out, it)
		}
	}
	return out, rows.Err()
}

// ItemCounts returns the number of stored items per source.
func (s *Store) ItemCounts() (map[string]int, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	rows, err := s.pool.Query(ctx, `SELECT source_id, count(*) FROM items GROUP BY source_id`)
	if err != nil {
		return nil, fmt.Errorf("postgres: item counts: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("postgres: item counts: %w", err)
		}
		out[id] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: item counts: %w", err)
	}
	return out, nil
}

// TopicCount returns the number of items in a topic and the newest one's sort time.
func (s *Store) TopicCount(topic string) (int, time.Time, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	var n int
	var newest *time.Time
	err := s.pool.QueryRow(ctx, `SELECT count(*), max(sort_time) FROM memberships
		WHERE gen = (SELECT value::bigint FROM meta WHERE key = 'gen') AND topic = $1`, topic).Scan(&n, &newest)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("postgres: count topic %s: %w", topic, err)
	}
	if newest == nil {
		return n, time.Time{}, nil
	}
	return n, newest.UTC(), nil
}
