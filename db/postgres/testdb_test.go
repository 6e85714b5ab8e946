package postgres

import (
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/classify"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/internal/pgtest"
)

// testURL is a fresh schema of the test database (pgtest.FreshURL).
func testURL(t testing.TB) string {
	t.Helper()
	return pgtest.FreshURL(t)
}

// openTest opens a store on url, closed when the test ends.
func openTest(t testing.TB, url string, opts Options) *Store {
	t.Helper()
	if opts.CheckEvery == 0 {
		opts.CheckEvery = 200 * time.Millisecond
	}
	s, err := Open(url, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// openClassified is openTest with the store's write path classifying with
// c (package classify), as the daemon wires it.
func openClassified(t testing.TB, url string, opts Options, c db.Classifier) (*Store, *classify.Store) {
	t.Helper()
	s := openTest(t, url, opts)
	w, err := classify.New(s, c)
	if err != nil {
		t.Fatal(err)
	}
	return s, w
}
