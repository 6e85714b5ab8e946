package topic

import (
	"reflect"
	"sync"
	"testing"

	"github.com/feedcurator/feedcurator/db"
)

// TestClassifyConcurrent classifies the fixture items from many goroutines
// at once (run with -race) and checks every answer against a sequential run.
func TestClassifyConcurrent(t *testing.T) {
	s := mustCompile(t, fixtureTopics()...)
	var items []db.Item
	for _, fi := range loadFixtureItems(t) {
		items = append(items, db.Item{Title: fi.Title, Summary: fi.Summary, Content: fi.Content, Categories: fi.Categories})
	}
	want := make([][]db.Membership, len(items))
	for i := range items {
		want[i] = s.Classify(&items[i])
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for round := range 20 {
				i := (g + round) % len(items)
				if got := s.Classify(&items[i]); !reflect.DeepEqual(got, want[i]) {
					t.Errorf("item %d: concurrent %+v, sequential %+v", i, got, want[i])
				}
			}
		})
	}
	wg.Wait()
}

// TestClassifyAllocations checks that an item no topic selects costs no
// allocation: buffers come from the Set's pool.
func TestClassifyAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items at random under the race detector")
	}
	s := mustCompile(t, fixtureTopics()...)
	it := &db.Item{
		Title:   "Monsoon season begins early",
		Content: "<p>Heavy rain is forecast for the coming week&mdash;in <b>Mumbai</b>’s suburbs.</p>",
	}
	s.Classify(it) // warm the pool
	if allocs := testing.AllocsPerRun(100, func() { s.Classify(it) }); allocs != 0 {
		t.Errorf("Classify of an unselected item allocates %v times, want 0", allocs)
	}
}
