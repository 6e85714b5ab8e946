package db

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Full text: the store remembers, per item, whether its article page was
// fetched and with what outcome, so that a page is asked for once in the
// item's life (not again on the next poll, nor after a restart), and a
// failure is retried only as often as the fetcher decides.
//
//	articles  itemKey → JSON ArticleAttempt
//
// The bucket is created by the first write, so stores written before full
// text existed open unchanged.
var bucketArticles = []byte("articles")

// articlesReleaseEvery is how many saved articles pass between two releases
// of the store's mapped pages. Articles of a first ingest land all over the
// file (each beside its item), so they map more pages per save than a
// poll's items, which land together: a quarter of releaseEvery kept the
// full-text ingest benchmark's resident size under 150 MiB.
const articlesReleaseEvery = releaseEvery / 4

// scanReleaseEvery is how many records a scan of a whole bucket reads
// between two releases of the mapped pages within its transaction.
const scanReleaseEvery = 2048

// scannedReleaseEvery is how many items NewestItems reads between two
// releases. Once a first full-text ingest has drained its queue, the
// sources that did not fit are scanned again one after the other, each
// reading its newest items with their articles, and no article is saved
// meanwhile to pace a release: the whole file came to be mapped (94 MiB
// of the benchmark's store in about a second).
const scannedReleaseEvery = 4 * releaseEvery

// ArticleEngine is what an engine offers for full text beyond Engine. Its
// contract, which the conformance suite (db/dbtest) checks on engines that
// offer it: SaveArticles stores an article with its item and the
// memberships computed with it (ArticleResult.Item), and records every
// attempt; a SavePoll that brings an item without the article stored with
// it is refused (ErrStale), its memberships being the teaser's: the caller
// (package classify) reads the stored articles first (StoredArticles) and
// keeps them, so the feed's teaser never overwrites one, and reads an
// article's item to classify it with (StoredItems); ArticleAttempts returns
// what was recorded, also after a restart; ForgetArticleAttempts drops the
// records of items neither stored nor tombstoned. Callers type-assert for
// it; without it, full text is off.
type ArticleEngine interface {
	Engine
	ArticleAttempts(sourceID string, itemIDs []string) (map[string]ArticleAttempt, error)
	SaveArticles(results []ArticleResult) (stored []bool, err error)
	ArticleCounts() (map[string]ArticleCount, error)
	NewestItems(sourceID string, n int) ([]Item, error)
	ForgetArticleAttempts(sourceID string) (int, error)
	HasItem(sourceID, itemID string) (bool, error)
	StoredItems(sourceID string, itemIDs []string) (map[string]Item, error)
	StoredArticles(sourceID string, itemIDs []string) (map[string]string, error)
}

var _ ArticleEngine = (*Store)(nil)

// ArticleAttempt is what is known of an item's article page.
type ArticleAttempt struct {
	// Outcome is "ok" once the article is stored, else why the last try
	// failed (the fetcher's words: "not_found", "robots", "paywall", …).
	Outcome string    `json:"outcome"`
	Tries   int       `json:"tries"`
	Last    time.Time `json:"last"`
	// Retry is when the page may be asked for again; zero when it never
	// will be (stored, or given up).
	Retry time.Time `json:"retry,omitzero"`
}

// OK reports whether the article was stored.
func (a ArticleAttempt) OK() bool { return a.Outcome == ArticleOK }

// ArticleOK is the Outcome of an attempt that stored the article.
const ArticleOK = "ok"

// ArticleCount is a source's full-text tally: items whose article was
// stored, and items whose page could not be had (for now or for good).
type ArticleCount struct {
	OK     int `json:"ok"`
	Failed int `json:"failed"`
}

// ArticleAttempts returns the recorded attempts for the given items of a
// source, by item ID; an item never tried is absent.
func (s *Store) ArticleAttempts(sourceID string, itemIDs []string) (map[string]ArticleAttempt, error) {
	out := make(map[string]ArticleAttempt)
	err := s.bolt.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketArticles)
		if b == nil {
			return nil
		}
		for _, id := range itemIDs {
			v := b.Get([]byte(sourceID + "\x00" + id))
			if v == nil {
				continue
			}
			var a ArticleAttempt
			if err := json.Unmarshal(v, &a); err != nil {
				// One unreadable record costs that item a second try,
				// not the source its full text.
				continue
			}
			out[id] = a
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("db: article attempts of %s: %w", sourceID, err)
	}
	return out, nil
}

// ArticleResult is what one attempt at an item's page found: the article
// (sanitised HTML) when Attempt.OK(), else nothing but the attempt.
type ArticleResult struct {
	SourceID, ItemID string
	Article          string
	Attempt          ArticleAttempt
	// Item is, for a success, the stored item as its caller read it
	// (StoredItems) with Article set and its Memberships computed with the
	// article (package classify does both). A success without it, or whose
	// item has changed since it was read, is refused (ErrStale).
	Item *Item
}

// SaveArticles records attempts in one commit: for a successful one the
// article is stored with its item and the memberships computed with it
// (ArticleResult.Item); for a failed one only the attempt is recorded. One
// commit for many saves matters: articles arrive one by one from several
// workers, and a commit (fdatasync) each would set their pace. stored[i] is
// false when results[i] is a success whose item is no longer stored (pruned
// meanwhile): nothing is recorded for it.
func (s *Store) SaveArticles(results []ArticleResult) (stored []bool, err error) {
	s.genMu.RLock()
	defer s.genMu.RUnlock()
	stored = make([]bool, len(results))
	changed := false
	err = s.bolt.Update(func(tx *bolt.Tx) error {
		for i, r := range results {
			key := []byte(r.SourceID + "\x00" + r.ItemID)
			if r.Attempt.OK() {
				ok, err := s.putArticle(tx, key, r)
				if err != nil {
					return err
				}
				if !ok {
					continue
				}
				changed = true
			}
			if err := putAttempt(tx, key, r.Attempt); err != nil {
				return err
			}
			stored[i] = true
		}
		return nil
	})
	if !errors.Is(err, ErrStale) {
		s.noteWrite(err)
	}
	if err != nil {
		return nil, fmt.Errorf("db: save %d article attempts: %w", len(results), err)
	}
	s.stateVersion.Add(1)
	if changed {
		s.changed()
		// An article rewrites its item's pages, scattered over the
		// file, as a poll does: release the mapped pages (see SavePoll)
		// every articlesReleaseEvery articles.
		s.paceRelease(&s.articleSaves, uint64(len(results)), articlesReleaseEvery)
	}
	return stored, nil
}

// putArticle stores r's item with its article and memberships; false when
// the item is not stored, ErrStale when it is no longer the one r.Item was
// read from.
func (s *Store) putArticle(tx *bolt.Tx, key []byte, r ArticleResult) (bool, error) {
	old := tx.Bucket(bucketItems).Get(key)
	if old == nil {
		return false, nil
	}
	var prev Item
	if err := decodeItem(old, &prev); err != nil {
		return false, fmt.Errorf("item %q: %w", key, err)
	}
	if r.Item == nil {
		return false, fmt.Errorf("%w: the article of %s/%s comes without its item", ErrStale, r.SourceID, r.ItemID)
	}
	it := *r.Item
	it.SourceID, it.ID, it.Article = r.SourceID, r.ItemID, r.Article
	read := prev
	read.Article = it.Article
	if !bytes.Equal(encodeItem(&read), encodeItem(&it)) {
		return false, fmt.Errorf("%w: item %s/%s changed since its article was classified", ErrStale, r.SourceID, r.ItemID)
	}
	it.Modified = ArticleModified(&prev, it.Article, s.now())
	var members []byte
	if len(it.Memberships) > 0 {
		members = encodeReasons(it.Memberships)
	}
	if err := s.deleteItem(tx, key, &prev); err != nil {
		return false, err
	}
	return true, s.insertItem(tx, key, &it, members)
}

func putAttempt(tx *bolt.Tx, key []byte, a ArticleAttempt) error {
	b, err := tx.CreateBucketIfNotExists(bucketArticles)
	if err != nil {
		return err
	}
	// A stored article's record stays "ok": a failed attempt of the same
	// page recorded after it (two replicas, or a retry racing a success)
	// must not say the item has none.
	var prev ArticleAttempt
	if old := b.Get(key); !a.OK() && old != nil && json.Unmarshal(old, &prev) == nil && prev.OK() {
		return nil
	}
	v, err := json.Marshal(a)
	if err != nil {
		return err
	}
	return b.Put(key, v)
}

// ArticleCounts returns each source's full-text tally; sources never tried
// are absent.
func (s *Store) ArticleCounts() (map[string]ArticleCount, error) {
	out := make(map[string]ArticleCount)
	err := s.bolt.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketArticles)
		if b == nil {
			return nil
		}
		read := 0
		return b.ForEach(func(k, v []byte) error {
			// One record per source and item, its pages all over the
			// file: see releaseMappedIn.
			if read++; read%scanReleaseEvery == 0 {
				s.releaseMappedIn(tx)
			}
			src, _, ok := bytes.Cut(k, []byte{0})
			if !ok {
				return nil
			}
			var a ArticleAttempt
			if json.Unmarshal(v, &a) != nil {
				return nil
			}
			c := out[string(src)]
			if a.OK() {
				c.OK++
			} else {
				c.Failed++
			}
			out[string(src)] = c
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("db: article counts: %w", err)
	}
	return out, nil
}

// NewestItems returns up to n of a source's stored items, newest first
// (by the order feeds use): what turning full text on for a source fetches
// the articles of.
func (s *Store) NewestItems(sourceID string, n int) ([]Item, error) {
	var out []Item
	err := s.bolt.View(func(tx *bolt.Tx) error {
		src := tx.Bucket(bucketBySource).Bucket([]byte(sourceID))
		if src == nil {
			return nil
		}
		items := tx.Bucket(bucketItems)
		c := src.Cursor()
		for k, _ := c.Last(); k != nil && len(out) < n; k, _ = c.Prev() {
			if len(k) < 8 {
				continue
			}
			v := items.Get([]byte(sourceID + "\x00" + string(k[8:])))
			if v == nil {
				continue
			}
			var it Item
			if err := decodeItem(v, &it); err != nil {
				continue // one unreadable record costs that record
			}
			out = append(out, it)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("db: newest items of %s: %w", sourceID, err)
	}
	s.paceRelease(&s.itemsScanned, uint64(len(out)), scannedReleaseEvery)
	return out, nil
}

// ForgetArticleAttempts drops the attempts recorded for a source's items
// that are gone for good: neither stored nor held back by a tombstone
// (which keeps a pruned item from coming back while its feed lists it).
// It returns how many it dropped. Without it, the records of pruned items
// would pile up for as long as the store lives.
func (s *Store) ForgetArticleAttempts(sourceID string) (int, error) {
	prefix := []byte(sourceID + "\x00")
	n := 0
	err := s.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketArticles)
		if b == nil {
			return nil
		}
		items, tombs := tx.Bucket(bucketItems), tx.Bucket(bucketTombs)
		var gone [][]byte // deleting under a cursor skips keys: collect first
		c := b.Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			if items.Get(k) == nil && tombs.Get(k) == nil {
				gone = append(gone, bytes.Clone(k))
			}
		}
		for _, k := range gone {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		n = len(gone)
		return nil
	})
	s.noteWrite(err)
	if err != nil {
		return 0, fmt.Errorf("db: forget article attempts of %s: %w", sourceID, err)
	}
	return n, nil
}

// StoredItems returns the stored items among a source's itemIDs, by ID:
// what an article is classified with before SaveArticles stores it.
func (s *Store) StoredItems(sourceID string, itemIDs []string) (map[string]Item, error) {
	out := make(map[string]Item, len(itemIDs))
	err := s.view(func(tx *bolt.Tx) error {
		items := tx.Bucket(bucketItems)
		for _, id := range itemIDs {
			var it Item
			if s.decodeStored(items, []byte(sourceID+"\x00"+id), &it) {
				out[id] = it
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("db: items of %s: %w", sourceID, err)
	}
	return out, nil
}

// StoredArticles returns the articles stored with a source's itemIDs, by
// ID; items without one are absent. A poll keeps them (SavePoll refuses an
// item without its article). Only items with an attempt recorded are
// decoded, so a poll of a source without full text reads no item.
func (s *Store) StoredArticles(sourceID string, itemIDs []string) (map[string]string, error) {
	out := make(map[string]string)
	err := s.view(func(tx *bolt.Tx) error {
		attempts := tx.Bucket(bucketArticles)
		if attempts == nil {
			return nil
		}
		items := tx.Bucket(bucketItems)
		for _, id := range itemIDs {
			key := []byte(sourceID + "\x00" + id)
			// An article is stored in the commit that records its attempt,
			// so an item without a record has none; an unreadable record
			// is looked behind.
			// Whatever the record says: SavePoll refuses an item without
			// the article it holds, so both go by the item.
			if attempts.Get(key) == nil {
				continue
			}
			var it Item
			if s.decodeStored(items, key, &it) && it.Article != "" {
				out[id] = it.Article
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("db: articles of %s: %w", sourceID, err)
	}
	return out, nil
}

// HasItem reports whether the item is stored: a feed may list an item that
// retention pruned (and keeps out), whose page is not worth fetching.
func (s *Store) HasItem(sourceID, itemID string) (bool, error) {
	found := false
	err := s.bolt.View(func(tx *bolt.Tx) error {
		found = tx.Bucket(bucketItems).Get([]byte(sourceID+"\x00"+itemID)) != nil
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("db: item %s/%s: %w", sourceID, itemID, err)
	}
	return found, nil
}
