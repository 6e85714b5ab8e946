package db

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/feedcurator/feedcurator/internal/linkid"
)

// releaseEvery is how many polls pass between two releases of the store's
// mapped pages (releaseMapped): often enough to keep the resident size
// near the Go heap during an ingest, rarely enough to cost nothing.
const releaseEvery = 256

// SavePoll stores a successful poll in one transaction: the items, their
// indexes and the memberships they carry (Item.Memberships), then the
// source state with its validators, so that an ETag is never committed
// without the items it vouches for. Items already stored keep their
// FirstSeen; items pruned by retention (tombstoned) are not stored again
// while the source still lists them. An item that comes without the article
// stored with it is refused (ErrStale): its memberships were computed
// without the article topics read. It returns how many items were new.
func (s *Store) SavePoll(st SourceState, items []Item) (added int, err error) {
	s.genMu.RLock()
	defer s.genMu.RUnlock()
	// A pending state of this source is older than st: drop it, and keep a
	// flush from committing it after st.
	s.flushMu.RLock()
	defer s.flushMu.RUnlock()
	s.states.drop(st.ID)

	// Encoding is CPU work: do it before taking the write lock.
	members := make([][]byte, len(items))
	for i := range items {
		if ms := items[i].Memberships; len(ms) > 0 {
			members[i] = encodeReasons(ms)
		}
	}
	now := s.now().UTC()
	changed := false
	// Batch may run the function twice (when another function of the batch
	// fails), so it recomputes everything from the transaction each time.
	var written [][]byte // item keys whose records this poll writes afresh
	err = s.batch(func(tx *bolt.Tx) error {
		added, changed, written = 0, false, nil
		listed := make(map[string]struct{}, len(items))
		for i := range items {
			it := items[i] // copy: FirstSeen is set per attempt
			it.SourceID = st.ID
			key := []byte(it.Key())
			listed[string(key)] = struct{}{}
			if tx.Bucket(bucketTombs).Get(key) != nil {
				continue
			}
			old := tx.Bucket(bucketItems).Get(key)
			var prev Item
			fresh := old == nil
			if !fresh {
				if err := decodeItem(old, &prev); err != nil {
					// A damaged record is replaced by the fresh copy; its
					// index entries, which it no longer names, are left for
					// readers to skip and retention to drop.
					s.skipDamaged(bucketItems, key, err)
					fresh = true
				}
			}
			if fresh {
				it.FirstSeen = now
				if err := s.insertItem(tx, key, &it, members[i]); err != nil {
					return err
				}
				written = append(written, key)
				added++
				changed = true
				continue
			}
			if err := Repolled(&prev, &it, now); err != nil {
				return err
			}
			enc := encodeItem(&it)
			oldMembers := s.membersBucket(tx).Get(key)
			if bytes.Equal(enc, old) && bytes.Equal(oldMembers, members[i]) {
				continue
			}
			if err := s.deleteItem(tx, key, &prev); err != nil {
				return err
			}
			if err := s.insertItem(tx, key, &it, members[i]); err != nil {
				return err
			}
			written = append(written, key)
			changed = true
		}
		if err := dropUnlistedTombs(tx, st.ID, listed); err != nil {
			return err
		}
		provenance, err := s.putSource(tx, st)
		changed = changed || provenance
		return err
	})
	if errors.Is(err, ErrStale) {
		return 0, fmt.Errorf("db: save poll of %s: %w", st.ID, err)
	}
	s.noteWrite(err)
	if err != nil {
		err = fmt.Errorf("db: save poll of %s: %w", st.ID, err)
		s.keepFailedPoll(st, err)
		return 0, err
	}
	s.damage.rewritten(written, string(bucketItems), string(membersBucketName(s.gen.Load())))
	s.damage.repaired(string(bucketSources), st.ID)
	s.stateVersion.Add(1)
	s.paceRelease(&s.polls, 1, releaseEvery)
	if changed {
		s.changed()
	}
	return added, nil
}

// keepFailedPoll records, as a pending state, that a poll could not be
// stored, so that /api/sources shows why. The poll's validators are left
// out: committed later without the items they vouch for, they would turn
// the next poll into a 304 and the items would be lost.
func (s *Store) keepFailedPoll(st SourceState, err error) {
	st.ETag, st.LastModified = "", ""
	st.LastError = err.Error()
	st.Failures++
	s.states.put(st, s.flushStates)
	s.stateVersion.Add(1)
}

// itemsFill is how full bbolt packs the pages of the items bucket when it
// splits them. Its default, half, suits random inserts of small keys; item
// records are large and a source's items arrive in key order, so fuller
// pages make a smaller file and fewer pages to map and write.
const itemsFill = 0.9

// insertItem writes an item and every index entry for it.
func (s *Store) insertItem(tx *bolt.Tx, key []byte, it *Item, members []byte) error {
	items := tx.Bucket(bucketItems)
	items.FillPercent = itemsFill
	if err := items.Put(key, encodeItem(it)); err != nil {
		return err
	}
	tk := timeKey(it.SortTime())
	if err := tx.Bucket(bucketByTime).Put(concat(tk, key), nil); err != nil {
		return err
	}
	if err := tx.Bucket(bucketBySeen).Put(concat(timeKey(it.FirstSeen), key), nil); err != nil {
		return err
	}
	src, err := tx.Bucket(bucketBySource).CreateBucketIfNotExists([]byte(it.SourceID))
	if err != nil {
		return err
	}
	if err := src.Put(concat(tk, []byte(it.ID)), nil); err != nil {
		return err
	}
	if it.Link != "" {
		if err := tx.Bucket(bucketLinks).Put(linkKey(it.Link, key), nil); err != nil {
			return err
		}
	}
	return s.putMembers(tx, key, tk, members)
}

// putMembers records an item's encoded memberships in the current generation.
func (s *Store) putMembers(tx *bolt.Tx, key, tk, members []byte) error {
	if len(members) == 0 {
		return nil
	}
	return putMembersIn(tx, s.gen.Load(), key, tk, members)
}

func putMembersIn(tx *bolt.Tx, gen uint64, key, tk, members []byte) error {
	ms, err := decodeMemberships(members, "")
	if err != nil {
		return err
	}
	if err := tx.Bucket(membersBucketName(gen)).Put(key, members); err != nil {
		return err
	}
	topics := tx.Bucket(topicsBucketName(gen))
	for _, m := range ms {
		tb, err := topics.CreateBucketIfNotExists([]byte(m.Topic))
		if err != nil {
			return err
		}
		if err := tb.Put(concat(tk, key), nil); err != nil {
			return err
		}
	}
	return nil
}

// deleteItem removes an item and every index entry for it; it is the stored
// copy prev that names the index keys.
func (s *Store) deleteItem(tx *bolt.Tx, key []byte, prev *Item) error {
	tk := timeKey(prev.SortTime())
	if err := tx.Bucket(bucketItems).Delete(key); err != nil {
		return err
	}
	if err := tx.Bucket(bucketByTime).Delete(concat(tk, key)); err != nil {
		return err
	}
	if err := tx.Bucket(bucketBySeen).Delete(concat(timeKey(prev.FirstSeen), key)); err != nil {
		return err
	}
	if src := tx.Bucket(bucketBySource).Bucket([]byte(prev.SourceID)); src != nil {
		if err := src.Delete(concat(tk, []byte(prev.ID))); err != nil {
			return err
		}
	}
	if prev.Link != "" {
		if err := tx.Bucket(bucketLinks).Delete(linkKey(prev.Link, key)); err != nil {
			return err
		}
	}
	mb := s.membersBucket(tx)
	if v := mb.Get(key); v != nil {
		ms, err := decodeMemberships(v, "")
		if err != nil {
			// Its topic entries are left dangling: readers skip them.
			s.skipDamaged(membersBucketName(s.gen.Load()), key, err)
			ms = nil
		}
		topics := tx.Bucket(topicsBucketName(s.gen.Load()))
		for _, m := range ms {
			if tb := topics.Bucket([]byte(m.Topic)); tb != nil {
				if err := tb.Delete(concat(tk, key)); err != nil {
					return err
				}
			}
		}
		if err := mb.Delete(key); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) membersBucket(tx *bolt.Tx) *bolt.Bucket {
	return tx.Bucket(membersBucketName(s.gen.Load()))
}

// dropUnlistedTombs forgets the tombstones of a source's items that its feed
// no longer lists: they can no longer come back.
func dropUnlistedTombs(tx *bolt.Tx, sourceID string, listed map[string]struct{}) error {
	prefix := []byte(sourceID + "\x00")
	tombs := tx.Bucket(bucketTombs)
	var gone [][]byte // deleting under a cursor skips keys: collect first
	c := tombs.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		if _, ok := listed[string(k)]; !ok {
			gone = append(gone, bytes.Clone(k))
		}
	}
	for _, k := range gone {
		if err := tombs.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// TopicItems calls fn for the topic's items, newest first, with the item's
// membership (why it matched, and its score), until fn returns false. The
// item and membership are fn's to keep.
func (s *Store) TopicItems(topic string, fn func(it *Item, m Membership) bool) error {
	err := s.view(func(tx *bolt.Tx) error {
		gen := txGen(tx)
		tb := tx.Bucket(topicsBucketName(gen))
		if tb == nil {
			return nil
		}
		tb = tb.Bucket([]byte(topic))
		if tb == nil {
			return nil
		}
		items, members := tx.Bucket(bucketItems), tx.Bucket(membersBucketName(gen))
		c := tb.Cursor()
		for k, _ := c.Last(); k != nil; k, _ = c.Prev() {
			key := k[8:]
			var it Item
			if !s.indexedItem(items, k[:8], key, &it) {
				continue
			}
			m := Membership{Topic: topic}
			if v := members.Get(key); v != nil {
				ms, err := decodeMemberships(v, topic)
				if err != nil {
					s.skipDamaged(membersBucketName(gen), key, err)
				} else if len(ms) > 0 {
					m = ms[0]
				}
			}
			if !fn(&it, m) {
				return nil
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("db: topic %s: %w", topic, err)
	}
	return nil
}

// AllItems calls fn for every item, newest first, until fn returns false.
func (s *Store) AllItems(fn func(it *Item) bool) error {
	err := s.view(func(tx *bolt.Tx) error {
		items := tx.Bucket(bucketItems)
		c := tx.Bucket(bucketByTime).Cursor()
		for k, _ := c.Last(); k != nil; k, _ = c.Prev() {
			var it Item
			if !s.indexedItem(items, k[:8], k[8:], &it) {
				continue
			}
			if !fn(&it) {
				return nil
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("db: all items: %w", err)
	}
	return nil
}

// Copies returns every stored item whose link is the same story as link
// (compared by linkid.Normalize). With topic non-empty, only the topic's members.
func (s *Store) Copies(link, topic string) ([]Item, error) {
	if link == "" {
		return nil, nil
	}
	var out []Item
	prefix := []byte(linkid.Normalize(link) + "\x00")
	err := s.view(func(tx *bolt.Tx) error {
		gen := txGen(tx)
		items := tx.Bucket(bucketItems)
		var tb *bolt.Bucket
		if topic != "" {
			if t := tx.Bucket(topicsBucketName(gen)); t != nil {
				tb = t.Bucket([]byte(topic))
			}
			if tb == nil {
				return nil
			}
		}
		c := tx.Bucket(bucketLinks).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			key := k[len(prefix):]
			var it Item
			if !s.decodeStored(items, key, &it) {
				continue
			}
			if tb != nil && tb.Get(concat(timeKey(it.SortTime()), key)) == nil {
				continue
			}
			out = append(out, it)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("db: copies of %s: %w", link, err)
	}
	return out, nil
}

// ItemCounts returns the number of stored items per source.
func (s *Store) ItemCounts() (map[string]int, error) {
	out := map[string]int{}
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketBySource).ForEachBucket(func(name []byte) error {
			out[string(name)] = tx.Bucket(bucketBySource).Bucket(name).Stats().KeyN
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("db: item counts: %w", err)
	}
	return out, nil
}

// TopicCount returns the number of items in a topic and the newest one's sort time.
func (s *Store) TopicCount(topic string) (int, time.Time, error) {
	var n int
	var newest time.Time
	err := s.view(func(tx *bolt.Tx) error {
		gen := txGen(tx)
		t := tx.Bucket(topicsBucketName(gen))
		if t == nil {
			return nil
		}
		tb := t.Bucket([]byte(topic))
		if tb == nil {
			return nil
		}
		n = tb.Stats().KeyN
		if k, _ := tb.Cursor().Last(); k != nil {
			newest = timeFromKey(k)
		}
		return nil
	})
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("db: count topic %s: %w", topic, err)
	}
	return n, newest, nil
}

// decodeStored decodes the item stored under key into it. A missing record
// (an index entry left behind) is false; so is a damaged one, which is
// logged and counted: one bad record costs that item, not the feed.
func (s *Store) decodeStored(items *bolt.Bucket, key []byte, it *Item) bool {
	v := items.Get(key)
	if v == nil {
		return false
	}
	if err := decodeItem(v, it); err != nil {
		s.skipDamaged(bucketItems, key, err)
		return false
	}
	return true
}

// indexedItem is decodeStored for an index entry whose 8-byte time tk was
// the item's sort time when it was indexed: an entry that no longer agrees
// with the item (left by a damaged record that was replaced) is skipped, so
// an item is never listed twice.
func (s *Store) indexedItem(items *bolt.Bucket, tk, key []byte, it *Item) bool {
	return s.decodeStored(items, key, it) && bytes.Equal(timeKey(it.SortTime()), tk)
}

func concat(a, b []byte) []byte {
	k := make([]byte, 0, len(a)+len(b))
	return append(append(k, a...), b...)
}

func linkKey(link string, key []byte) []byte {
	return concat([]byte(linkid.Normalize(link)+"\x00"), key)
}
