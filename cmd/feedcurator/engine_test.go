package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
)

// sharedEngine is a store seen only through db.Engine, as a database is.
type sharedEngine struct{ db.Engine }

// TestFileCommandsNeedAFile: the daemon opens its store as a db.Engine;
// commands that copy or check the file get it as a file, and any other
// engine gets an error that says what to use instead.
func TestFileCommandsNeedAFile(t *testing.T) {
	cfg := &config.Config{DataDir: t.TempDir()}
	e, err := openEngine(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	file, err := fileStore(e)
	if err != nil || file.Path() != filepath.Join(cfg.DataDir, storeFile) {
		t.Fatalf("fileStore of the bbolt store = %v, %v", file, err)
	}
	if _, err := fileStore(sharedEngine{e}); err == nil || !strings.Contains(err.Error(), "pg_dump") {
		t.Errorf("fileStore of an engine that is no file = %v, want an error naming pg_dump", err)
	}
}
