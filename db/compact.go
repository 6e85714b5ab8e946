package db

import (
	"errors"
	"fmt"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Compact rewrites the store file at path into a fresh, dense file and
// replaces the original with it, giving back the space that pruned items
// left: bbolt reuses freed pages but never shrinks its file. It needs the
// store closed (it takes the lock itself) and returns the sizes before and
// after. A crash part way leaves the original untouched.
func Compact(path string, lockTimeout time.Duration) (before, after int64, err error) {
	if lockTimeout <= 0 {
		lockTimeout = time.Second
	}
	if _, err := os.Stat(path); err != nil {
		return 0, 0, fmt.Errorf("db: compact: %w", err)
	}
	store, err := Open(path, Options{Timeout: lockTimeout})
	if errors.Is(err, ErrLocked) {
		return 0, 0, fmt.Errorf("%w: %s (stop the running feedcurator first)", ErrLocked, path)
	}
	if err != nil {
		return 0, 0, fmt.Errorf("db: compact: %w", err)
	}
	defer store.Close()
	// A compacted copy of a damaged store would carry the damage on in a
	// file that looks new: refuse, and say so.
	if err := store.Clean(); err != nil {
		return 0, 0, fmt.Errorf("refusing to compact: %w", err)
	}
	src := store.bolt
	tmp := path + ".compact"
	os.Remove(tmp)
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: lockTimeout, NoSync: true})
	if err != nil {
		return 0, 0, fmt.Errorf("db: compact: create %s: %w", tmp, err)
	}
	cleanup := func() { dst.Close(); os.Remove(tmp) }
	if err := guard(path, func() error { return bolt.Compact(dst, src, 64<<20) }); err != nil {
		cleanup()
		return 0, 0, fmt.Errorf("db: compact: %w", err)
	}
	if err := dst.Sync(); err != nil {
		cleanup()
		return 0, 0, fmt.Errorf("db: compact: sync: %w", err)
	}
	if err := dst.Close(); err != nil {
		os.Remove(tmp)
		return 0, 0, fmt.Errorf("db: compact: %w", err)
	}
	if fi, err := os.Stat(path); err == nil {
		before = fi.Size()
	}
	if fi, err := os.Stat(tmp); err == nil {
		after = fi.Size()
	}
	// Rename while the source's lock is still held, so that no feedcurator
	// opens the old file in between.
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return 0, 0, fmt.Errorf("db: compact: replace %s: %w", path, err)
	}
	return before, after, nil
}
