package db_test

import (
	"path/filepath"
	"testing"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/db/dbtest"
)

// TestEngine runs the storage contract's conformance suite on bbolt.
func TestEngine(t *testing.T) {
	dbtest.Run(t, func(t *testing.T) db.Engine {
		s, err := db.Open(filepath.Join(t.TempDir(), "feedcurator.db"), db.Options{Now: dbtest.Now(t)})
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}
