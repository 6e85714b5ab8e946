package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/topic"
)

// openForReading opens the store for a command that only reads it. While the
// daemon runs it holds the store's lock, so then the command reads a
// consistent copy that it asks the daemon for (GET /api/backup on loopback).
// The returned func closes the store and removes any copy.
func openForReading(cfg *config.Config, set *topic.Set) (*db.Store, func(), error) {
	if !storeExists(cfg) {
		return nil, nil, fmt.Errorf("there is no store at %s yet (run or fetch first)", storePath(cfg))
	}
	var c db.Classifier
	if set != nil {
		c = set
	}
	store, err := db.Open(storePath(cfg), db.Options{Timeout: lockWait, Classifier: c})
	if err == nil {
		return store, func() { store.Close() }, nil
	}
	if !isLocked(err) {
		return nil, nil, err
	}
	dir, err := os.MkdirTemp("", "feedcurator-snapshot-")
	if err != nil {
		return nil, nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	path := filepath.Join(dir, storeFile)
	if err := backupFromDaemon(cfg, path); err != nil {
		cleanup()
		return nil, nil, err
	}
	store, err = db.Open(path, db.Options{Timeout: lockWait, Classifier: c})
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	return store, func() { store.Close(); cleanup() }, nil
}

// backupFromDaemon asks the daemon listening at cfg.Listen for a hot copy of
// its store and writes it to path, replacing it only once complete.
func backupFromDaemon(cfg *config.Config, path string) error {
	url := "http://" + cfg.Listen + "/api/backup"
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("the store %s is locked by a running feedcurator, and asking it for a copy failed: %w", storePath(cfg), err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		why, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return fmt.Errorf("the store %s is locked by a running feedcurator, and %s answered %s: %s", storePath(cfg), url, resp.Status, strings.TrimSpace(string(why)))
	}
	return writeFileAtomically(path, resp.Body, 0o600)
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
