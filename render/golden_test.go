package render

import (
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/db/postgres"
	"github.com/feedcurator/feedcurator/feedgen"
	"github.com/feedcurator/feedcurator/internal/feedtest"
	"github.com/feedcurator/feedcurator/internal/pgtest"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the current output")

// TestGolden pins every byte of the fixture's feeds, each page and the
// standalone copy, in each format, for a topic and the all feed. The files
// were written by the server's renderer before rendering moved into this
// package: the move changed no byte the daemon serves (an ETag each reader
// holds). Run with -update to accept a deliberate change, then read the diff.
func TestGolden(t *testing.T) { testGolden(t, pagedStore(t)) }

// TestGoldenOnPostgres: a store in PostgreSQL gives the same bytes, so
// replicas on it serve what a daemon on bbolt serves. Skips without a test
// database (internal/pgtest).
func TestGoldenOnPostgres(t *testing.T) {
	store, err := postgres.Open(pgtest.FreshURL(t), postgres.Options{Classifier: feedtest.Topics(), Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	feedtest.Seed(t, store)
	feedtest.AddKoreaStories(t, store, 24)
	testGolden(t, store)
}

func testGolden(t *testing.T, store db.Engine) {
	r := New(store, nil)
	cfg := testConfig()
	for _, id := range []string{"t", AllTopicID} {
		sel, ok := Find(cfg, id)
		if !ok {
			t.Fatalf("no selection %q", id)
		}
		for _, format := range feedgen.Formats {
			for _, page := range []int{0, 2, 3, -1} {
				name := fmt.Sprintf("%s.page%d.%s", id, page, format)
				feed, err := r.Page(cfg, sel, format, page)
				if page < 0 {
					name = fmt.Sprintf("%s.standalone.%s", id, format)
					feed, err = r.Standalone(cfg, sel, format)
				}
				t.Run(name, func(t *testing.T) {
					if err != nil {
						t.Fatal(err)
					}
					if !feed.Changed.Equal(t0) {
						t.Errorf("changed %v, want %v (every item first seen then)", feed.Changed, t0)
					}
					feedtest.CheckGolden(t, filepath.Join("testdata", "golden", name+".golden"), feed.Body, *update)
				})
			}
			// 26 and 27 entries, 10 a page: page 4 is past the last.
			if _, err := r.Page(cfg, sel, format, 4); !errors.Is(err, ErrNoPage) {
				t.Errorf("%s.%s page 4: error %v, want ErrNoPage", id, format, err)
			}
		}
	}
}
