package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/internal/admin"
	"github.com/feedcurator/feedcurator/topic"
)

// openOrAsk opens the store for a command that reads it. While the daemon
// runs it holds the store's lock; then the store is nil and the command asks
// the daemon over the admin channel instead (ask wraps that), for exactly
// what it needs rather than a copy of the whole store.
func openOrAsk(cfg *config.Config, set *topic.Set) (store db.Engine, daemon bool, err error) {
	if cfg.DatabaseURL != "" {
		// A shared database has no lock to hold: read it directly.
		store, err = openEngine(cfg, set)
		return store, false, err
	}
	if !storeExists(cfg) {
		return nil, false, fmt.Errorf("there is no store at %s yet (run or fetch first)", storePath(cfg))
	}
	store, err = openEngine(cfg, set)
	if isLocked(err) {
		return nil, true, nil
	}
	return store, false, err
}

// ask runs fn with the admin client of the daemon holding cfg's store.
func ask(cfg *config.Config, fn func(ctx context.Context, c *admin.Client) error) error {
	return askDaemon(storePath(cfg), cfg.DataDir, fn)
}

// writeFileAtomically writes r to path through a temporary file in the same
// directory, synced and renamed, so that path is never half written. perm is
// the new file's mode: 0600 for copies of the store, which hold everything.
func writeFileAtomically(path string, r io.Reader, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, r); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
