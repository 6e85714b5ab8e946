// Package dbtest is the conformance suite of the storage contract
// (db.Engine): every engine runs it, as yarr runs its storage tests on each
// backend, so that what the rest of the program relies on is tested once
// and holds for all of them. An engine's own tests add only what is
// particular to it (a file's lock, a migration).
//
// Engines store the memberships they are given; package classify computes
// them. The cases save through a classify.Store around the engine, so that
// the guarantees tested are what the program gets: the layer's and the
// engine's together.
package dbtest

import (
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/classify"
	"github.com/feedcurator/feedcurator/db"
)

// Run runs the suite, one subtest per guarantee. open returns a fresh,
// empty engine for t, whose clock is Now(t); the suite closes it (and
// checks that Close succeeds), so open must not.
func Run(t *testing.T, open func(t *testing.T) db.Engine) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.fn(t, start(t, open))
		})
	}
}

type testCase struct {
	name string
	fn   func(t *testing.T, h *harness)
}

// cases lists the suite; each file of the package appends its own.
var cases []testCase

func register(name string, fn func(t *testing.T, h *harness)) bool {
	cases = append(cases, testCase{name, fn})
	return true
}

// t0 is where every test's clock starts: whole seconds, so that engines
// storing microseconds (PostgreSQL) give back the very instant.
var t0 = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// Clock is a test's clock: it stands still until the test moves it.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// Now is the clock's time.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// Add moves the clock on by d.
func (c *Clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

var clocks sync.Map // *testing.T → *Clock

// Now is the clock an engine opened for t must use for every time it sets
// (FirstSeen, Modified, retention's now, TopicChanged): retention by age
// cannot be tested in finite time otherwise. Outside the suite it is
// time.Now.
func Now(t testing.TB) func() time.Time {
	if c, ok := clocks.Load(t); ok {
		return c.(*Clock).Now
	}
	return time.Now
}

// harness is one subtest's engine, its write path with classification
// (w, whose classifier starts as none) and clock.
type harness struct {
	e   db.Engine
	w   *classify.Store
	clk *Clock
}

func start(t *testing.T, open func(t *testing.T) db.Engine) *harness {
	t.Helper()
	clk := &Clock{t: t0}
	clocks.Store(t, clk)
	t.Cleanup(func() { clocks.Delete(t) })
	e := open(t)
	if e == nil {
		t.Fatal("open returned no engine")
	}
	t.Cleanup(func() {
		if err := e.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	w, err := classify.New(e, nil)
	if err != nil {
		t.Fatal(err)
	}
	return &harness{e: e, w: w, clk: clk}
}

// words puts an item in topic w (lower-cased) when its title contains w,
// with one reason whose term carries the classifier's tag, so that a test
// can tell which classifier a membership came from, and a score of len(w)
// plus a half, so that a score that lost its fraction shows.
type words struct {
	tag   string
	words []string
}

func (c words) Classify(it *db.Item) []db.Membership {
	var out []db.Membership
	for _, w := range c.words {
		if strings.Contains(it.Title, w) {
			out = append(out, db.Membership{
				Topic:   strings.ToLower(w),
				Reasons: []db.Reason{{Term: c.tag + w, Field: "title", Text: w}},
				Score:   float64(len(w)) + 0.5,
			})
		}
	}
	return out
}

func (c words) Fingerprint() string { return c.tag + strings.Join(c.words, ",") }

// classify makes c the classifier of later saves; on an empty engine that
// is all Reclassify does.
func (h *harness) classify(t *testing.T, c db.Classifier) {
	t.Helper()
	if err := h.w.Reclassify(c); err != nil {
		t.Fatalf("Reclassify: %v", err)
	}
}

func item(id, title string, published time.Time) db.Item {
	return db.Item{ID: id, GUID: id, Link: "https://example.com/" + id, Title: title, Published: published}
}

// save stores one successful poll of src and returns how many items were new.
func (h *harness) save(t *testing.T, src string, items ...db.Item) int {
	t.Helper()
	added, err := h.w.SavePoll(db.SourceState{ID: src, URL: "https://example.com/" + src + ".xml"}, items)
	if err != nil {
		t.Fatalf("SavePoll(%s): %v", src, err)
	}
	return added
}

// topic is the ids of the topic's items, newest first, and checks that
// each came with its reasons.
func (h *harness) topic(t *testing.T, name string) []string {
	t.Helper()
	var out []string
	err := h.e.TopicItems(name, func(it *db.Item, m db.Membership) bool {
		if len(m.Reasons) == 0 {
			t.Errorf("item %s in topic %s without reasons", it.ID, name)
		}
		out = append(out, it.ID)
		return true
	})
	if err != nil {
		t.Fatalf("TopicItems(%s): %v", name, err)
	}
	return out
}

// all is the ids of every item, newest first.
func (h *harness) all(t *testing.T) []string {
	t.Helper()
	var out []string
	if err := h.e.AllItems(func(it *db.Item) bool { out = append(out, it.ID); return true }); err != nil {
		t.Fatalf("AllItems: %v", err)
	}
	return out
}

// stored is the item id of source src as the engine holds it.
func (h *harness) stored(t *testing.T, src, id string) (db.Item, bool) {
	t.Helper()
	var got db.Item
	found := false
	err := h.e.AllItems(func(it *db.Item) bool {
		if it.SourceID == src && it.ID == id {
			got, found = *it, true
			return false
		}
		return true
	})
	if err != nil {
		t.Fatalf("AllItems: %v", err)
	}
	return got, found
}

// normalised makes two items that hold the same comparable with
// reflect.DeepEqual: times in UTC without a monotonic reading, empty
// slices as nil (an engine need not tell them apart).
func normalised(it db.Item) db.Item {
	for _, p := range []*time.Time{&it.Published, &it.Updated, &it.FirstSeen, &it.Modified} {
		*p = p.UTC().Round(0)
	}
	if len(it.Authors) == 0 {
		it.Authors = nil
	}
	if len(it.Categories) == 0 {
		it.Categories = nil
	}
	if len(it.Enclosures) == 0 {
		it.Enclosures = nil
	}
	return it
}

func sameItem(a, b db.Item) bool { return equalValues(normalised(a), normalised(b)) }

func equalValues(a, b any) bool { return reflect.DeepEqual(a, b) }

func join(ids []string) string { return strings.Join(ids, " ") }

func equalIDs(got []string, want ...string) bool { return slices.Equal(got, want) }
