package render

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/internal/feedtest"
)

// The fixture is the server's (feedtest): the golden files were rendered by
// the server on it before rendering moved here.

var t0 = feedtest.T0

func testConfig() *config.Config { return feedtest.Config() }

// newStore is a bbolt store in the test's directory whose clock reads at.
func newStore(t testing.TB, at time.Time) *db.Store {
	t.Helper()
	store, err := db.Open(filepath.Join(t.TempDir(), "feedcurator.db"), db.Options{
		Classifier: feedtest.Topics(),
		Now:        func() time.Time { return at },
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return store
}

// pagedStore is a store at t0 with the two sources' polls and topic t of 26
// items, 3 pages of 10 (the all feed 27).
func pagedStore(t testing.TB) *db.Store {
	t.Helper()
	store := newStore(t, t0)
	feedtest.Seed(t, store)
	feedtest.AddKoreaStories(t, store, 24)
	return store
}
