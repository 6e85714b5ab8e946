package postgres

import (
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/db/dbtest"
)

// TestEngine runs the storage contract's conformance suite on PostgreSQL,
// each case in a schema of its own.
func TestEngine(t *testing.T) {
	testURL(t) // skips the whole suite at once without PostgreSQL
	dbtest.Run(t, func(t *testing.T) db.Engine {
		s, err := Open(testURL(t), Options{Now: dbtest.Now(t), CheckEvery: 100 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}
