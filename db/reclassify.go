package db

import (
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// reclassifyChunk bounds how many items one write transaction of Reclassify
// touches, so the write lock is never held for long.
const reclassifyChunk = 2000

// Reclassify applies c to every stored item and rebuilds the topic indexes
// from what it says. The new indexes are built beside the old ones (a new
// generation) and swapped in one commit, so feeds are served from the old
// selection until the new one is complete. Saves and prunes wait meanwhile,
// so that none lands in the generation being replaced.
func (s *Store) Reclassify(c Classifier) error {
	s.genMu.Lock()
	defer s.genMu.Unlock()
	next := s.gen.Load() + 1
	err := s.update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{topicsBucketName(next), membersBucketName(next)} {
			if tx.Bucket(name) != nil {
				if err := tx.DeleteBucket(name); err != nil {
					return err
				}
			}
			if _, err := tx.CreateBucket(name); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("db: reclassify: %w", err)
	}

	var after []byte // last item key done
	for {
		batch, last, err := s.readChunk(after)
		if err != nil {
			return fmt.Errorf("db: reclassify: %w", err)
		}
		if last == nil {
			break
		}
		type row struct{ key, tk, members []byte }
		rows := make([]row, 0, len(batch))
		for i := range batch {
			ms := c.Classify(&batch[i])
			if len(ms) == 0 {
				continue
			}
			rows = append(rows, row{[]byte(batch[i].Key()), timeKey(batch[i].SortTime()), encodeReasons(ms)})
		}
		err = s.update(func(tx *bolt.Tx) error {
			for _, r := range rows {
				if err := putMembersIn(tx, next, r.key, r.tk, r.members); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("db: reclassify: %w", err)
		}
		after = last
	}

	fingerprint := ""
	if f, ok := c.(Fingerprinter); ok {
		fingerprint = f.Fingerprint()
	}
	err = s.update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if err := meta.Put(keyGen, []byte(strconv.FormatUint(next, 10))); err != nil {
			return err
		}
		if err := meta.Put(keyFingerprint, []byte(fingerprint)); err != nil {
			return err
		}
		for _, name := range [][]byte{topicsBucketName(s.gen.Load()), membersBucketName(s.gen.Load())} {
			if tx.Bucket(name) != nil {
				if err := tx.DeleteBucket(name); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("db: reclassify: %w", err)
	}
	s.gen.Store(next)
	s.changed()
	return nil
}

// ReclassifyIfChanged is Reclassify when c's fingerprint (Fingerprinter) is
// not the one the store's memberships were built with; a c without one is
// taken to be the store's.
func (s *Store) ReclassifyIfChanged(c Classifier) error {
	changed, err := s.fingerprintChanged(c)
	if err != nil || !changed {
		return err
	}
	return s.Reclassify(c)
}

// readChunk decodes up to reclassifyChunk items whose keys follow after.
func (s *Store) readChunk(after []byte) (items []Item, last []byte, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketItems).Cursor()
		k, v := c.First()
		if after != nil {
			k, v = c.Seek(after)
			if k != nil && string(k) == string(after) {
				k, v = c.Next()
			}
		}
		for ; k != nil && len(items) < reclassifyChunk; k, v = c.Next() {
			last = append(last[:0], k...)
			var it Item
			if err := decodeItem(v, &it); err != nil {
				s.skipDamaged(bucketItems, k, err)
				continue
			}
			items = append(items, it)
		}
		return nil
	})
	return items, last, err
}
