package server

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/render"
)

// manyTopicsFixture is a fixture whose config has n topics that all select
// the same items, as the attack run's 5,000 overlapping topics did.
func manyTopicsFixture(t testing.TB, n int) *fixture {
	t.Helper()
	words := wordTopics{}
	cfg := testConfig()
	cfg.Topics = nil
	for i := range n {
		id := fmt.Sprintf("t%04d", i)
		words[id] = "Korea"
		cfg.Topics = append(cfg.Topics, config.Topic{ID: id, Title: "Korea " + id,
			Any: []config.Term{{Raw: "Korea", Kind: config.TermWord, Text: "Korea"}}})
	}
	clk := &testClock{t: t0}
	store, err := db.Open(filepath.Join(t.TempDir(), "feedcurator.db"), db.Options{Classifier: words, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	f := fixtureOn(t, store, clk)
	f.rt.Store(&Runtime{Config: cfg})
	f.seed()
	return f
}

// TestIndexWithThousandsOfTopics: past indexTopicCards topics the index
// lists names and feeds only, and <head> carries the first cards' feeds, so
// the page's cost no longer grows with a selection per topic.
func TestIndexWithThousandsOfTopics(t *testing.T) {
	f := manyTopicsFixture(t, 5000)
	_, page := f.get("/")
	if got := bytes.Count(page, []byte(`<article class="topic"`)); got != indexTopicCards+1 {
		t.Errorf("%d topic cards, want %d and the all feed's", got, indexTopicCards)
	}
	if !bytes.Contains(page, []byte("4900 more topics")) || !bytes.Contains(page, []byte(`href="topics/t4999"`)) {
		t.Error("the topics past the cards are not listed")
	}
	if n := len(headLinks(t, page)); n > 3*(indexTopicCards+1)+1 {
		t.Errorf("%d <link>s in head, want at most the cards' feeds and the stylesheet", n)
	}
}

// BenchmarkIndexThousandsOfTopics renders the index of 5,000 overlapping
// topics afresh (issue 11 item 11: it took 39 s and 1 GB).
func BenchmarkIndexThousandsOfTopics(b *testing.B) {
	f := manyTopicsFixture(b, 5000)
	rt := f.rt.Load()
	for b.Loop() {
		f.srv.render = render.New(f.store, nil) // selecting afresh
		if _, err := f.srv.indexData(rt, false, Status{}); err != nil {
			b.Fatal(err)
		}
	}
}
