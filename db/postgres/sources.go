package postgres

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"

	"github.com/jackc/pgx/v5"

	"github.com/feedcurator/feedcurator/db"
)

// Source returns the stored state of a source.
func (s *Store) Source(id string) (db.SourceState, bool, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	var v []byte
	err := s.pool.QueryRow(ctx, `SELECT state FROM sources WHERE id = $1`, id).Scan(&v)
	if err == pgx.ErrNoRows {
		return db.SourceState{}, false, nil
	}
	if err != nil {
		return db.SourceState{}, false, fmt.Errorf("postgres: source %s: %w", id, err)
	}
	var st db.SourceState
	if !s.decodeState(v, &st) {
		return db.SourceState{}, false, nil
	}
	return st, true, nil
}

// Sources returns every stored source state, ordered by id.
func (s *Store) Sources() ([]db.SourceState, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	rows, err := s.pool.Query(ctx, `SELECT state FROM sources`)
	if err != nil {
		return nil, fmt.Errorf("postgres: sources: %w", err)
	}
	defer rows.Close()
	var out []db.SourceState
	for rows.Next() {
		var v []byte
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("postgres: sources: %w", err)
		}
		var st db.SourceState
		if s.decodeState(v, &st) {
			out = append(out, st)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: sources: %w", err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func (s *Store) decodeState(v []byte, st *db.SourceState) bool {
	if err := json.Unmarshal(v, st); err != nil {
		return false
	}
	st.ClampSchedule(s.now())
	return true
}

// SaveSource records a source's state alone (a failed poll, a 304), in a
// commit of its own: replicas read schedules from the database, so a state
// held back in memory would have another replica poll the source again.
func (s *Store) SaveSource(st db.SourceState) error {
	state, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("postgres: save source %s: %w", st.ID, err)
	}
	ctx, cancel := s.ctx()
	defer cancel()
	changed := false
	err = s.inTx(ctx, s.pool, func(tx pgx.Tx, ch *change) error {
		var old []byte
		err := tx.QueryRow(ctx, `SELECT state FROM sources WHERE id = $1 FOR UPDATE`, st.ID).Scan(&old)
		if err != nil && err != pgx.ErrNoRows {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO sources (id, state) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET state = $2`, st.ID, state); err != nil {
			return err
		}
		if changed = provenanceChanged(old, st); changed {
			return s.announce(ctx, tx, st.ID, ch)
		}
		return nil
	})
	s.noteWrite(err)
	if err != nil {
		return fmt.Errorf("postgres: save source %s: %w", st.ID, err)
	}
	s.stateVersion.Add(1)
	if changed {
		s.changed()
	}
	return nil
}

// provenanceChanged tells whether what feeds show of a source (old, as
// stored, nil for none) differs in st; a new fetch time alone does not.
func provenanceChanged(oldState []byte, st db.SourceState) bool {
	var old db.SourceState
	if oldState != nil {
		json.Unmarshal(oldState, &old)
	}
	return old.URL != st.URL || old.Title != st.Title || old.SiteURL != st.SiteURL || old.FeedID != st.FeedID ||
		!slices.Equal(old.Authors, st.Authors)
}
