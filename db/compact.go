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
	src, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: lockTimeout})
	if errors.Is(err, bolt.ErrTimeout) {
		return 0, 0, fmt.Errorf("%w: %s (stop the running feedcurator first)", ErrLocked, path)
	}
	if err != nil {
		return 0, 0, fmt.Errorf("db: compact: open %s: %w", path, err)
	}
	defer src.Close()
	tmp := path + ".compact"
	os.Remove(tmp)
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: lockTimeout, NoSync: true})
	if err != nil {
		return 0, 0, fmt.Errorf("db: compact: create %s: %w", tmp, err)
	}
	cleanup := func() { dst.Close(); os.Remove(tmp) }
	if err := bolt.Compact(dst, src, 64<<20); err != nil {
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
