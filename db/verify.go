package db

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Report is what Verify found in a store.
type Report struct {
	Path string
	Size int64
	// Structure lists the problems of the file's B+trees and page
	// accounting (bbolt's consistency check); any is serious: restore a backup.
	Structure []string
	// Records that do not decode, per kind, and the first few of their keys.
	Items, DamagedItems             int
	Memberships, DamagedMemberships int
	Sources, DamagedSources         int
	Tombstones                      int
	Damaged                         []string
	// Dangling counts index entries that lead to no item (or to an item
	// that no longer agrees with them): harmless, readers skip them and
	// retention drops them.
	Dangling int

	bad []badRecord // what Repair drops
}

// badRecord is a damaged record or a dangling index entry: key in the
// bucket at path (nested buckets name each level).
type badRecord struct {
	path [][]byte
	key  []byte
}

// maxReported bounds the lists of a report.
const maxReported = 20

// OK reports whether the store is undamaged (dangling index entries are not damage).
func (r *Report) OK() bool {
	return len(r.Structure) == 0 && r.DamagedItems+r.DamagedMemberships+r.DamagedSources == 0
}

// Err is nil for an undamaged store, else a DamagedError that sums the damage up.
func (r *Report) Err() error {
	if r.OK() {
		return nil
	}
	var parts []string
	if len(r.Structure) > 0 {
		parts = append(parts, fmt.Sprintf("%d structural problems (first: %s)", len(r.Structure), r.Structure[0]))
	}
	for _, c := range []struct {
		n    int
		what string
	}{{r.DamagedItems, "item records"}, {r.DamagedMemberships, "topic membership records"}, {r.DamagedSources, "source state records"}} {
		if c.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s do not decode", c.n, c.what))
		}
	}
	return &DamagedError{Path: r.Path, Reason: strings.Join(parts, ", ")}
}

// WriteTo prints the report for a person.
func (r *Report) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "store %s (%d bytes)\n", r.Path, r.Size)
	if len(r.Structure) == 0 {
		b.WriteString("structure: ok\n")
	} else {
		fmt.Fprintf(&b, "structure: %d problems\n", len(r.Structure))
		for _, p := range r.Structure {
			fmt.Fprintf(&b, "  %s\n", p)
		}
	}
	fmt.Fprintf(&b, "items: %d, %d damaged\n", r.Items, r.DamagedItems)
	fmt.Fprintf(&b, "topic memberships: %d, %d damaged\n", r.Memberships, r.DamagedMemberships)
	fmt.Fprintf(&b, "source states: %d, %d damaged\n", r.Sources, r.DamagedSources)
	fmt.Fprintf(&b, "tombstones: %d\n", r.Tombstones)
	fmt.Fprintf(&b, "index entries without their item: %d (harmless; retention drops them)\n", r.Dangling)
	for _, k := range r.Damaged {
		fmt.Fprintf(&b, "  damaged: %s\n", k)
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

// VerifyFile opens the store at path read-only and verifies it. A file too
// damaged to open is a report of that one problem, not an error: errors are
// for files that cannot be read at all (absent, locked).
func VerifyFile(path string, lockTimeout time.Duration) (*Report, error) {
	s, err := Open(path, Options{ReadOnly: true, Timeout: lockTimeout})
	var d *DamagedError
	if errors.As(err, &d) {
		return &Report{Path: path, Structure: []string{d.Reason}}, nil
	}
	if err != nil {
		return nil, err
	}
	defer s.Close()
	return s.Verify(), nil
}

// Verify walks the whole store: bbolt's consistency check, then every
// record decoded and every index entry followed. It runs in one read
// transaction: writers go on.
func (s *Store) Verify() *Report {
	r := &Report{Path: s.path}
	err := s.view(func(tx *bolt.Tx) error {
		r.Size = tx.Size()
		s.verifyTx(tx, r)
		return nil
	})
	if err != nil {
		r.Structure = append(r.Structure, err.Error())
	}
	return r
}

func (s *Store) verifyTx(tx *bolt.Tx, r *Report) {
	// bbolt's check runs on a goroutine of its own, where a fault on a bad
	// page id cannot be recovered: walk every bucket here first, under
	// guard, and only run it on a tree that reads.
	if err := walkBuckets(tx, r); err != nil || len(r.Structure) > 0 {
		if err != nil {
			r.Structure = append(r.Structure, err.Error())
		}
		return
	}
	for err := range tx.Check() {
		if len(r.Structure) < maxReported {
			r.Structure = append(r.Structure, err.Error())
		}
	}
	s.verifyRecords(tx, r)
}

// walkBuckets reads every key of every bucket and checks their order.
func walkBuckets(tx *bolt.Tx, r *Report) error {
	var walk func(name string, b *bolt.Bucket) error
	walk = func(name string, b *bolt.Bucket) error {
		var prev []byte
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if prev != nil && bytes.Compare(prev, k) >= 0 && len(r.Structure) < maxReported {
				r.Structure = append(r.Structure, fmt.Sprintf("bucket %s: keys out of order at %q", name, printableKey(k)))
			}
			prev = append(prev[:0], k...)
			if v == nil {
				if child := b.Bucket(k); child != nil {
					if err := walk(name+"/"+string(k), child); err != nil {
						return err
					}
				}
			}
		}
		return nil
	}
	return tx.ForEach(func(name []byte, b *bolt.Bucket) error { return walk(string(name), b) })
}

func (s *Store) verifyRecords(tx *bolt.Tx, r *Report) {
	bad := func(key []byte, path ...[]byte) {
		r.bad = append(r.bad, badRecord{path: path, key: bytes.Clone(key)})
	}
	damaged := func(bucket []byte, key []byte, err error) {
		bad(key, bucket)
		if len(r.Damaged) < maxReported {
			r.Damaged = append(r.Damaged, fmt.Sprintf("%s %q: %v", bucket, printableKey(key), err))
		}
	}
	gen := s.gen.Load()
	items := tx.Bucket(bucketItems)
	sortKeys := map[string][]byte{} // item key → timeKey of its sort time
	seenKeys := map[string][]byte{} // item key → timeKey of its first sighting
	unreadable := map[string]bool{} // damaged item keys
	if items != nil {
		items.ForEach(func(k, v []byte) error {
			r.Items++
			sortTime, firstSeen, err := itemTimes(v)
			if err != nil {
				r.DamagedItems++
				damaged(bucketItems, k, err)
				bad(k, membersBucketName(gen)) // its memberships go with it
				unreadable[string(k)] = true
				return nil
			}
			sortKeys[string(k)] = timeKey(sortTime)
			seenKeys[string(k)] = timeKey(firstSeen)
			return nil
		})
	}
	if mb := tx.Bucket(membersBucketName(gen)); mb != nil {
		mb.ForEach(func(k, v []byte) error {
			r.Memberships++
			if _, err := decodeMemberships(v, ""); err != nil {
				r.DamagedMemberships++
				damaged(membersBucketName(gen), k, err)
			}
			return nil
		})
	}
	if sb := tx.Bucket(bucketSources); sb != nil {
		sb.ForEach(func(k, v []byte) error {
			r.Sources++
			var st SourceState
			err := json.Unmarshal(v, &st)
			if err == nil && st.ID != string(k) {
				err = fmt.Errorf("the record names source %q", st.ID)
			}
			if err != nil {
				r.DamagedSources++
				damaged(bucketSources, k, err)
			}
			return nil
		})
	}
	if tb := tx.Bucket(bucketTombs); tb != nil {
		r.Tombstones = tb.Stats().KeyN
	}
	// An index entry holds the time it sorted by and leads to an item key;
	// one that leads to no readable item, or disagrees with it, dangles.
	dangling := func(want map[string][]byte, tk, key []byte) bool {
		got, ok := want[string(key)]
		return ok && !bytes.Equal(got, tk) || !ok && (unreadable[string(key)] || items == nil || items.Get(key) == nil)
	}
	timeIndex := func(want map[string][]byte, prefix []byte, path ...[]byte) {
		b := tx.Bucket(path[0])
		for _, name := range path[1:] {
			if b != nil {
				b = b.Bucket(name)
			}
		}
		if b == nil {
			return
		}
		b.ForEach(func(k, _ []byte) error {
			if len(k) < 8 || dangling(want, k[:8], concat(prefix, k[8:])) {
				r.Dangling++
				bad(k, path...)
			}
			return nil
		})
	}
	timeIndex(sortKeys, nil, bucketByTime)
	timeIndex(seenKeys, nil, bucketBySeen)
	if bs := tx.Bucket(bucketBySource); bs != nil {
		bs.ForEachBucket(func(name []byte) error {
			timeIndex(sortKeys, append(bytes.Clone(name), 0), bucketBySource, bytes.Clone(name))
			return nil
		})
	}
	if tt := tx.Bucket(topicsBucketName(gen)); tt != nil {
		tt.ForEachBucket(func(name []byte) error {
			timeIndex(sortKeys, nil, topicsBucketName(gen), bytes.Clone(name))
			return nil
		})
	}
}

// Repair drops every record Verify finds damaged (an item with its
// memberships, a membership record, a source state) and every dangling
// index entry, in one transaction, and returns what Verify found before.
// What is dropped comes back with its source's next poll. A store whose
// structure is damaged is left alone: that takes a backup.
func (s *Store) Repair() (*Report, error) {
	r := &Report{Path: s.path}
	err := s.update(func(tx *bolt.Tx) error {
		*r = Report{Path: s.path, Size: tx.Size()}
		if err := walkBuckets(tx, r); err != nil {
			r.Structure = append(r.Structure, err.Error())
		}
		if len(r.Structure) > 0 {
			return r.Err()
		}
		s.verifyRecords(tx, r)
		for _, b := range r.bad {
			bucket := tx.Bucket(b.path[0])
			for _, name := range b.path[1:] {
				if bucket != nil {
					bucket = bucket.Bucket(name)
				}
			}
			if bucket == nil {
				continue
			}
			if err := bucket.Delete(b.key); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return r, fmt.Errorf("db: repair: %w", err)
	}
	s.damage.forget()
	s.changed()
	return r, nil
}

// Clean returns a DamagedError when Verify finds the store damaged. Backup
// and compact call it first: a copy of a damaged store reported as a good
// one is worse than no copy.
func (s *Store) Clean() error {
	return s.Verify().Err()
}
