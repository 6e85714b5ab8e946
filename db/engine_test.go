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

// TestEngineKill9 runs the suite's kill -9 case on a bbolt file.
func TestEngineKill9(t *testing.T) {
	dbtest.RunKill9(t, filepath.Join(t.TempDir(), "feedcurator.db"), func(t testing.TB, where string) db.Engine {
		s, err := db.Open(where, db.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}
