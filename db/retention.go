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
func (s *Store) Prune(r Retention) (int, error) {
	s.classMu.RLock()
	defer s.classMu.RUnlock()
	now := s.now().UTC()
	total := 0
	for {
		victims, err := s.pruneVictims(r, now)
		if err != nil {
			return total, fmt.Errorf("db: prune: %w", err)
		}
		if len(victims) == 0 {
			break
		}
		err = s.bolt.Update(func(tx *bolt.Tx) error {
			for _, key := range victims {
				v := tx.Bucket(bucketItems).Get(key)
				if v == nil {
					continue
				}
				var it Item
				if err := decodeItem(v, &it); err != nil {
					return fmt.Errorf("item %q: %w", key, err)
				}
				if err := s.deleteItem(tx, key, &it); err != nil {
					return err
				}
				if err := tx.Bucket(bucketTombs).Put(key, timeKey(now)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return total, fmt.Errorf("db: prune: %w", err)
		}
		total += len(victims)
		s.changed()
	}
	if err := s.expireTombs(r, now); err != nil {
		return total, err
	}
	return total, nil
}

// pruneVictims finds up to pruneChunk item keys to prune.
func (s *Store) pruneVictims(r Retention, now time.Time) ([][]byte, error) {
	var victims [][]byte
	err := s.bolt.View(func(tx *bolt.Tx) error {
		if r.MaxAge > 0 {
			limit := timeKey(now.Add(-r.MaxAge))
			c := tx.Bucket(bucketBySeen).Cursor()
			for k, _ := c.First(); k != nil && bytes.Compare(k[:8], limit) < 0 && len(victims) < pruneChunk; k, _ = c.Next() {
				victims = append(victims, bytes.Clone(k[8:]))
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
				victims = append(victims, concat(append(bytes.Clone(name), 0), k[8:]))
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
	err := s.bolt.Update(func(tx *bolt.Tx) error {
		tombs := tx.Bucket(bucketTombs)
		var expired [][]byte // deleting under a cursor skips keys: collect first
		c := tombs.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if bytes.Compare(v, limit) < 0 {
				expired = append(expired, bytes.Clone(k))
			}
		}
		for _, k := range expired {
			if err := tombs.Delete(k); err != nil {
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
