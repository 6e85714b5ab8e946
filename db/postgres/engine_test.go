package postgres

import (
	"os"
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

// TestEngineKill9 runs the suite's kill -9 case on PostgreSQL: a writer
// process killed at a random commit loses no committed poll.
func TestEngineKill9(t *testing.T) {
	where := ""
	// The writer process (this binary re-run by RunKill9, which names the
	// store in DBTEST_KILL9_STORE) must not make a schema of its own that
	// its SIGKILL would leave behind.
	if os.Getenv("DBTEST_KILL9_STORE") == "" {
		where = testURL(t)
	}
	dbtest.RunKill9(t, where, func(t testing.TB, where string) db.Engine {
		s, err := Open(where, Options{})
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}
