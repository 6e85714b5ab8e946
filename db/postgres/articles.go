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
)

// Full text: the article found on an item's page is stored in the item's
// row (Item.Article), and every attempt at the page in article_attempts, so
// that whichever replica polls the source next asks for the page no more
// than the fetcher decides.

var _ db.ArticleEngine = (*Store)(nil)

// ArticleAttempts returns the recorded attempts for the given items of a
// source, by item ID; an item never tried is absent.
func (s *Store) ArticleAttempts(sourceID string, itemIDs []string) (map[string]db.ArticleAttempt, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	rows, err := s.pool.Query(ctx, `SELECT item_id, outcome, tries, last, retry FROM article_attempts
		WHERE source_id = $1 AND item_id = ANY($2)`, sourceID, itemIDs)
	if err != nil {
		return nil, fmt.Errorf("postgres: article attempts of %s: %w", sourceID, err)
	}
	defer rows.Close()
	out := make(map[string]db.ArticleAttempt)
	for rows.Next() {
		var id string
		var a db.ArticleAttempt
		var retry *time.Time
		if err := rows.Scan(&id, &a.Outcome, &a.Tries, &a.Last, &retry); err != nil {
			return nil, fmt.Errorf("postgres: article attempts of %s: %w", sourceID, err)
		}
		a.Last = a.Last.UTC()
		if retry != nil {
			a.Retry = retry.UTC()
		}
		out[id] = a
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: article attempts of %s: %w", sourceID, err)
	}
	return out, nil
}

// SaveArticles records attempts in one transaction: for a successful one
// the article is stored with its item and the memberships computed with it
// (db.ArticleResult.Item), in the served generation; for a failed one only
// the attempt is recorded. A success whose item changed since it was read
// is refused (db.ErrStale). stored[i] is false when results[i] is
// a success whose item is no longer stored (pruned meanwhile): nothing is
// recorded for it.
func (s *Store) SaveArticles(results []db.ArticleResult) (stored []bool, err error) {
	s.genMu.RLock()
	defer s.genMu.RUnlock()
	ctx, cancel := s.ctx()
	defer cancel()
	changed := false
	err = s.inTx(ctx, s.pool, func(tx pgx.Tx, ch *change) error {
		stored, changed = make([]bool, len(results)), false
		now := s.now().UTC()
		gen, err := classifiedGen(ctx, tx)
		if err != nil {
			return err
		}
		items, err := lockArticleItems(ctx, tx, results)
		if err != nil {
			return err
		}
		b := &pgx.Batch{}
		announceAs := ""
		for i, r := range results {
			if r.Attempt.OK() {
				it := items[itemKey{r.SourceID, r.ItemID}]
				if it == nil {
					continue
				}
				given, err := articleItem(it, r, now)
				if err != nil {
					return err
				}
				data, err := json.Marshal(given)
				if err != nil {
					return err
				}
				b.Queue(`UPDATE items SET data = $3 WHERE source_id = $1 AND item_id = $2`, r.SourceID, r.ItemID, data)
				b.Queue(`DELETE FROM memberships WHERE source_id = $1 AND item_id = $2`, r.SourceID, r.ItemID)
				if err := queueMembers(b, gen, given, given.Memberships); err != nil {
					return err
				}
				changed, announceAs = true, r.SourceID
			}
			var retry *time.Time
			if !r.Attempt.Retry.IsZero() {
				retry = &r.Attempt.Retry
			}
			// A stored article's record stays "ok": a failed attempt of
			// the same page by another replica, recorded after it, must
			// not say the item has none (see StoredArticles).
			b.Queue(`INSERT INTO article_attempts (source_id, item_id, outcome, tries, last, retry)
				VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (source_id, item_id)
				DO UPDATE SET outcome = $3, tries = $4, last = $5, retry = $6
				WHERE article_attempts.outcome <> 'ok' OR $3 = 'ok'`,
				r.SourceID, r.ItemID, r.Attempt.Outcome, r.Attempt.Tries, r.Attempt.Last, retry)
			stored[i] = true
		}
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return err
		}
		if changed {
			return s.announce(ctx, tx, announceAs, ch)
		}
		return nil
	})
	if !errors.Is(err, db.ErrStale) {
		s.noteWrite(err)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: save %d article attempts: %w", len(results), err)
	}
	s.stateVersion.Add(1)
	if changed {
		s.changed()
	}
	return stored, nil
}

type itemKey struct{ source, item string }

// articleItem is r's item with its article, as it is to be stored: the
// caller's (r.Item), once checked to be the stored item stored as it read
// it, or db.ErrStale. A new article dates its item's Modified to now, the
// commit that makes it visible.
func articleItem(stored *db.Item, r db.ArticleResult, now time.Time) (*db.Item, error) {
	if r.Item == nil {
		return nil, fmt.Errorf("%w: the article of %s/%s comes without its item", db.ErrStale, r.SourceID, r.ItemID)
	}
	given := *r.Item
	given.SourceID, given.ID, given.Article = r.SourceID, r.ItemID, r.Article
	read := *stored
	read.Article = r.Article
	a, err := json.Marshal(&read)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(&given)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(a, b) {
		return nil, fmt.Errorf("%w: item %s/%s changed since its article was classified", db.ErrStale, r.SourceID, r.ItemID)
	}
	given.Modified = db.ArticleModified(stored, given.Article, now)
	return &given, nil
}

// lockArticleItems locks, for the rest of tx, the rows of the sources of
// results and the stored items of its successes, and returns those items.
// The sources' rows come first, in one order, as a poll takes its source's
// row before its items: a poll and an article of one source commit in
// turn instead of deadlocking on each other's items.
func lockArticleItems(ctx context.Context, tx pgx.Tx, results []db.ArticleResult) (map[itemKey]*db.Item, error) {
	var sources, srcOfOK, idOfOK []string
	for _, r := range results {
		sources = append(sources, r.SourceID)
		if r.Attempt.OK() {
			srcOfOK, idOfOK = append(srcOfOK, r.SourceID), append(idOfOK, r.ItemID)
		}
	}
	slices.Sort(sources)
	if _, err := tx.Exec(ctx, `SELECT 1 FROM sources WHERE id = ANY($1) ORDER BY id FOR UPDATE`, slices.Compact(sources)); err != nil {
		return nil, err
	}
	items := map[itemKey]*db.Item{}
	if len(idOfOK) == 0 {
		return items, nil
	}
	rows, err := tx.Query(ctx, `SELECT i.source_id, i.item_id, i.data FROM items i
		JOIN unnest($1::text[], $2::text[]) AS w (source_id, item_id)
		  ON i.source_id = w.source_id AND i.item_id = w.item_id
		ORDER BY i.source_id, i.item_id FOR UPDATE OF i`, srcOfOK, idOfOK)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k itemKey
		var data []byte
		if err := rows.Scan(&k.source, &k.item, &data); err != nil {
			return nil, err
		}
		it := new(db.Item)
		if json.Unmarshal(data, it) != nil {
			// A record that does not decode takes no article: the
			// item's next poll replaces it.
			continue
		}
		items[k] = it
	}
	return items, rows.Err()
}

// ArticleCounts returns each source's full-text tally; sources never tried
// are absent.
func (s *Store) ArticleCounts() (map[string]db.ArticleCount, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	rows, err := s.pool.Query(ctx, `SELECT source_id,
			count(*) FILTER (WHERE outcome = $1), count(*) FILTER (WHERE outcome <> $1)
		FROM article_attempts GROUP BY source_id`, db.ArticleOK)
	if err != nil {
		return nil, fmt.Errorf("postgres: article counts: %w", err)
	}
	defer rows.Close()
	out := make(map[string]db.ArticleCount)
	for rows.Next() {
		var id string
		var c db.ArticleCount
		if err := rows.Scan(&id, &c.OK, &c.Failed); err != nil {
			return nil, fmt.Errorf("postgres: article counts: %w", err)
		}
		out[id] = c
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: article counts: %w", err)
	}
	return out, nil
}

// NewestItems returns up to n of a source's stored items, newest first, in
// the order feeds use: what turning full text on for a source fetches the
// articles of.
func (s *Store) NewestItems(sourceID string, n int) ([]db.Item, error) {
	out, err := s.queryItems(`SELECT data FROM items WHERE source_id = $1
		ORDER BY sort_time DESC, item_id DESC LIMIT $2`, sourceID, max(n, 0))
	if err != nil {
		return nil, fmt.Errorf("postgres: newest items of %s: %w", sourceID, err)
	}
	return out, nil
}

// ForgetArticleAttempts drops the attempts recorded for a source's items
// that are gone for good: neither stored nor held back by a tombstone. It
// returns how many it dropped.
func (s *Store) ForgetArticleAttempts(sourceID string) (int, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	tag, err := s.pool.Exec(ctx, `DELETE FROM article_attempts a WHERE a.source_id = $1
		AND NOT EXISTS (SELECT 1 FROM items i WHERE i.source_id = a.source_id AND i.item_id = a.item_id)
		AND NOT EXISTS (SELECT 1 FROM tombs t WHERE t.source_id = a.source_id AND t.item_id = a.item_id)`, sourceID)
	s.noteWrite(err)
	if err != nil {
		return 0, fmt.Errorf("postgres: forget article attempts of %s: %w", sourceID, err)
	}
	return int(tag.RowsAffected()), nil
}

// StoredItems returns the stored items among a source's itemIDs, by ID:
// what an article is classified with before SaveArticles stores it.
func (s *Store) StoredItems(sourceID string, itemIDs []string) (map[string]db.Item, error) {
	items, err := s.queryItems(`SELECT data FROM items WHERE source_id = $1 AND item_id = ANY($2)`, sourceID, itemIDs)
	if err != nil {
		return nil, fmt.Errorf("postgres: items of %s: %w", sourceID, err)
	}
	out := make(map[string]db.Item, len(items))
	for _, it := range items {
		out[it.ID] = it
	}
	return out, nil
}

// StoredArticles returns the articles stored with a source's itemIDs, by
// ID; items without one are absent. A poll keeps them (SavePoll refuses an
// item without its article).
func (s *Store) StoredArticles(sourceID string, itemIDs []string) (map[string]string, error) {
	// Whatever the attempt record says: SavePoll refuses an item without
	// the article it holds, so both go by the item.
	items, err := s.queryItems(`SELECT i.data FROM article_attempts a JOIN items i USING (source_id, item_id)
		WHERE a.source_id = $1 AND a.item_id = ANY($2)`, sourceID, itemIDs)
	if err != nil {
		return nil, fmt.Errorf("postgres: articles of %s: %w", sourceID, err)
	}
	out := make(map[string]string)
	for _, it := range items {
		if it.Article != "" {
			out[it.ID] = it.Article
		}
	}
	return out, nil
}

// HasItem reports whether the item is stored: a feed may list an item that
// retention pruned (and keeps out), whose page is not worth fetching.
func (s *Store) HasItem(sourceID, itemID string) (bool, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	var found bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM items WHERE source_id = $1 AND item_id = $2)`,
		sourceID, itemID).Scan(&found)
	if err != nil {
		return false, fmt.Errorf("postgres: item %s/%s: %w", sourceID, itemID, err)
	}
	return found, nil
}
