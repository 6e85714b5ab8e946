package db

import (
	"bytes"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Retention is the pruning policy of CONTRACT.md "Storage".
type Retention struct {
	MaxAge   time.Duration // items first seen longer ago are pruned; 0: no limit
	MaxItems int           // per source, newest kept; 0: no limit
}

// pruneChunk bounds the deletions of one write transaction so that polls are
// never kept waiting for the write lock by a large prune.
const pruneChunk = 500

// Prune applies the retention policy and returns how many items it removed.
// Each pruned item leaves a tombstone so that a source still listing it does
// not bring it back; tombstones of items the source stopped listing are dropped
// on its next poll, and every tombstone expires after MaxAge (or a week).
//
// Index entries that lead to no item, or to an item that no longer agrees
// with them, are deleted as they are met; a damaged item record is dropped
// without a tombstone, so that its source's next poll stores it afresh.
func (s *Store) Prune(r Retention) (int, error) {
	s.genMu.RLock()
	defer s.genMu.RUnlock()
	now, hold, err := s.retentionClock(s.now().UTC())
	if err != nil {
		return 0, fmt.Errorf("db: prune: %w", err)
	}
	if hold {
		// Only the age is in doubt: max_items does not read the clock.
		r.MaxAge = 0
	}
	total := 0
	for {
		victims, err := s.pruneVictims(r, now)
		if err != nil {
			return total, fmt.Errorf("db: prune: %w", err)
		}
		if len(victims) == 0 {
			break
		}
		removed := 0
		var dropped [][]byte
		err = s.update(func(tx *bolt.Tx) error {
			removed, dropped = 0, nil
			for _, v := range victims {
				gone, damaged, err := s.pruneEntry(tx, v, now)
				if err != nil {
					return err
				}
				if gone {
					removed++
				}
				if damaged {
					dropped = append(dropped, v.item)
				}
			}
			return nil
		})
		if err != nil {
			return total, fmt.Errorf("db: prune: %w", err)
		}
		for _, key := range dropped {
			s.damage.repaired(string(bucketItems), string(key))
		}
		total += removed
		if removed > 0 {
			s.changed()
		}
	}
	if hold {
		return total, nil
	}
	if err := s.expireTombs(r, now); err != nil {
		return total, err
	}
	return total, nil
}

// pruneVictim is an index entry that retention picked: entry in the bucket
// index (bysource's per-source buckets are named by source) leads to the
// item stored under item.
type pruneVictim struct {
	source string // "" for byseen, else the bysource bucket
	entry  []byte
	item   []byte
}

// pruneEntry prunes the item a victim entry leads to. Whatever it finds,
// the entry itself is gone afterwards, so every round makes progress.
func (s *Store) pruneEntry(tx *bolt.Tx, v pruneVictim, now time.Time) (removed, damaged bool, err error) {
	index := tx.Bucket(bucketBySeen)
	if v.source != "" {
		index = tx.Bucket(bucketBySource).Bucket([]byte(v.source))
	}
	dropEntry := func() error {
		if index == nil {
			return nil
		}
		return index.Delete(v.entry)
	}
	items := tx.Bucket(bucketItems)
	raw := items.Get(v.item)
	if raw == nil {
		return false, false, dropEntry() // dangling
	}
	var it Item
	if err := decodeItem(raw, &it); err != nil {
		s.skipDamaged(bucketItems, v.item, err)
		if err := items.Delete(v.item); err != nil {
			return false, false, err
		}
		if err := s.membersBucket(tx).Delete(v.item); err != nil {
			return false, false, err
		}
		return true, true, dropEntry()
	}
	want := timeKey(it.FirstSeen)
	if v.source != "" {
		want = timeKey(it.SortTime())
	}
	if !bytes.Equal(v.entry[:8], want) {
		return false, false, dropEntry() // left by a record that was replaced
	}
	if err := s.deleteItem(tx, v.item, &it); err != nil {
		return false, false, err
	}
	return true, false, tx.Bucket(bucketTombs).Put(v.item, timeKey(now))
}

// pruneVictims finds up to pruneChunk index entries to prune.
func (s *Store) pruneVictims(r Retention, now time.Time) ([]pruneVictim, error) {
	var victims []pruneVictim
	err := s.view(func(tx *bolt.Tx) error {
		if r.MaxAge > 0 {
			limit := timeKey(now.Add(-r.MaxAge))
			c := tx.Bucket(bucketBySeen).Cursor()
			for k, _ := c.First(); k != nil && bytes.Compare(k[:8], limit) < 0 && len(victims) < pruneChunk; k, _ = c.Next() {
				victims = append(victims, pruneVictim{entry: bytes.Clone(k), item: bytes.Clone(k[8:])})
			}
		}
		if r.MaxItems <= 0 || len(victims) >= pruneChunk {
			return nil
		}
		bySource := tx.Bucket(bucketBySource)
		return bySource.ForEachBucket(func(name []byte) error {
			b := bySource.Bucket(name)
			excess := b.Stats().KeyN - r.MaxItems
			c := b.Cursor()
			for k, _ := c.First(); k != nil && excess > 0 && len(victims) < pruneChunk; k, _ = c.Next() {
				victims = append(victims, pruneVictim{source: string(name), entry: bytes.Clone(k), item: concat(append(bytes.Clone(name), 0), k[8:])})
				excess--
			}
			return nil
		})
	})
	return victims, err
}

// expireTombs drops tombstones older than the retention age, so that a
// source that disappeared does not keep them for ever.
func (s *Store) expireTombs(r Retention, now time.Time) error {
	age := r.MaxAge
	if age <= 0 {
		age = 7 * 24 * time.Hour
	}
	limit := timeKey(now.Add(-age))
	err := s.update(func(tx *bolt.Tx) error {
		tombs := tx.Bucket(bucketTombs)
		var expired [][]byte // deleting under a cursor skips keys: collect first
		c := tombs.Cursor()
		var future [][]byte
		horizon := timeKey(now.Add(ClockJumpLimit))
		for k, v := c.First(); k != nil; k, v = c.Next() {
			switch {
			case bytes.Compare(v, limit) < 0:
				expired = append(expired, bytes.Clone(k))
			case bytes.Compare(v, horizon) > 0:
				future = append(future, bytes.Clone(k))
			}
		}
		for _, k := range expired {
			if err := tombs.Delete(k); err != nil {
				return err
			}
		}
		// A tombstone dated in the future (laid while the clock ran ahead)
		// would never expire and its item never come back: it counts from now.
		for _, k := range future {
			if err := tombs.Put(k, timeKey(now)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("db: expire tombstones: %w", err)
	}
	return nil
}

// The clock-jump rule is JudgeClock (clockjump.go); bbolt keeps its state in meta.
var (
	keyRetentionClock = []byte("retention_clock") // the last pass's time
	keyClockJump      = []byte("clock_jump")      // when the pending jump was first seen
)

// retentionClock returns the time a pass prunes by and whether pruning by
// age is held because the clock jumped ahead, and records the pass.
func (s *Store) retentionClock(real time.Time) (now time.Time, hold bool, err error) {
	err = s.update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		last, jump := timeFromKey(meta.Get(keyRetentionClock)), timeFromKey(meta.Get(keyClockJump))
		v := JudgeClock(last, jump, real)
		now, hold, jump = real, v.Hold, v.Pending
		if v.Note != "" {
			s.logger().Warn(v.Note, "store", s.path, "last_pass", last, "now", real)
		}
		if !hold {
			if err := meta.Put(keyRetentionClock, timeKey(now)); err != nil {
				return err
			}
		}
		if jump.IsZero() {
			return meta.Delete(keyClockJump)
		}
		return meta.Put(keyClockJump, timeKey(jump))
	})
	return now, hold, err
}
