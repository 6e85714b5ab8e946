package db

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Snapshot writes a consistent copy of the store to w, for backups and
// copies streamed to clients that may read slowly. A bbolt read
// transaction keeps the file from being remapped, so while one is open no
// commit that grows the file can finish: streaming straight from the
// transaction to a stalled reader would stop every poll. The copy is made
// inside a short transaction into a temporary file beside the store (local
// disk speed, and the same file system, so there is room for it where the
// store has room), and only that file is streamed to w.
func (s *Store) Snapshot(w io.Writer) (int64, error) {
	tmp, err := os.CreateTemp(filepath.Dir(s.path), filepath.Base(s.path)+snapshotSuffix+"*")
	if err != nil {
		return 0, fmt.Errorf("db: snapshot: %w", err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	if _, err := s.WriteTo(tmp); err != nil {
		return 0, fmt.Errorf("db: snapshot: %w", err)
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return 0, fmt.Errorf("db: snapshot: %w", err)
	}
	return io.Copy(w, tmp)
}

// snapshotSuffix marks Snapshot's temporary files: "feedcurator.db.snapshot-123".
const snapshotSuffix = ".snapshot-"

// removeStaleSnapshots deletes the temporary files of snapshots cut short by
// a crash; each is as large as the store was.
func removeStaleSnapshots(storePath string) {
	stale, _ := filepath.Glob(filepath.Join(filepath.Dir(storePath), filepath.Base(storePath)+snapshotSuffix+"*"))
	for _, f := range stale {
		os.Remove(f)
	}
}
