package dbtest

import (
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/db"
)

var _ = register("ItemFieldsRoundTrip", func(t *testing.T, h *harness) {
	in := db.Item{
		ID: "x1", GUID: "urn:x1", Link: "https://example.com/x1", Title: "Korea: «title» ✓",
		Summary: "<p>summary</p>", Content: "<p>content</p>", Author: "Ann, Bo",
		Authors:    []db.Person{{Name: "Ann", Email: "ann@example.com"}, {Name: "Bo", URI: "https://bo.example.com"}},
		Categories: []string{"world", "asia"},
		Enclosures: []db.Enclosure{{URL: "https://example.com/x1.mp3", Type: "audio/mpeg", Length: 12345}},
		Image:      "https://example.com/x1.jpg",
		Published:  t0.Add(-2 * time.Hour), Updated: t0.Add(-time.Hour),
		Lang: "ko", ContentHash: "h1",
	}
	if n := h.save(t, "src", in); n != 1 {
		t.Fatalf("added %d, want 1", n)
	}
	got, ok := h.stored(t, "src", "x1")
	if !ok {
		t.Fatal("the item is not stored")
	}
	want := in
	want.SourceID = "src"
	want.FirstSeen = t0
	if !sameItem(got, want) {
		t.Errorf("stored\n%+v\nwant\n%+v", normalised(got), normalised(want))
	}
})

var _ = register("ItemStoredOnceAcrossTopics", func(t *testing.T, h *harness) {
	h.classify(t, words{"", []string{"Korea", "China"}})
	h.save(t, "src", item("a", "Korea and China", t0))
	if got := h.all(t); !equalIDs(got, "a") {
		t.Errorf("AllItems = %v, want the item once", got)
	}
	for _, topic := range []string{"korea", "china"} {
		if got := h.topic(t, topic); !equalIDs(got, "a") {
			t.Errorf("topic %s = %v, want [a]", topic, got)
		}
	}
	counts, err := h.e.ItemCounts()
	if err != nil || counts["src"] != 1 || len(counts) != 1 {
		t.Errorf("ItemCounts = %v, %v", counts, err)
	}
})

var _ = register("TopicNewestFirstWithReasonsAndScores", func(t *testing.T, h *harness) {
	h.classify(t, words{"", []string{"Korea", "China"}})
	added := h.save(t, "src",
		item("a", "Korea one", t0.Add(-3*time.Hour)),
		item("b", "China two", t0.Add(-2*time.Hour)),
		item("c", "Korea and China three", t0.Add(-1*time.Hour)),
		item("d", "Nothing", time.Time{}))
	if added != 4 {
		t.Fatalf("added %d, want 4", added)
	}
	if got := h.topic(t, "korea"); !equalIDs(got, "c", "a") {
		t.Errorf("korea = %v, want [c a]", got)
	}
	if got := h.topic(t, "china"); !equalIDs(got, "c", "b") {
		t.Errorf("china = %v, want [c b]", got)
	}
	// d has no date: it sorts by first seen (now), newest of all.
	if got := h.all(t); !equalIDs(got, "d", "c", "b", "a") {
		t.Errorf("all = %v, want [d c b a]", got)
	}
	if got := h.topic(t, "nothing at all"); len(got) != 0 {
		t.Errorf("an unknown topic holds %v", got)
	}
	err := h.e.TopicItems("korea", func(it *db.Item, m db.Membership) bool {
		want := db.Reason{Term: "Korea", Field: "title", Text: "Korea"}
		if m.Topic != "korea" || len(m.Reasons) != 1 || m.Reasons[0] != want || m.Score != 5.5 {
			t.Errorf("membership of %s = %+v, want topic korea, reason %+v, score 5.5", it.ID, m, want)
		}
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	// fn stops the walk.
	calls := 0
	h.e.TopicItems("korea", func(*db.Item, db.Membership) bool { calls++; return false })
	if calls != 1 {
		t.Errorf("TopicItems went on after fn returned false: %d calls", calls)
	}
})

var _ = register("SavePollIsIdempotent", func(t *testing.T, h *harness) {
	h.classify(t, words{"", []string{"Korea"}})
	poll := []db.Item{item("a", "Korea one", t0), item("b", "two", t0.Add(time.Minute))}
	if n := h.save(t, "src", poll...); n != 2 {
		t.Fatalf("first poll added %d, want 2", n)
	}
	before, _ := h.stored(t, "src", "a")
	v := h.e.Version()
	h.clk.Add(time.Hour)
	if n := h.save(t, "src", poll...); n != 0 {
		t.Errorf("the same poll again added %d, want 0", n)
	}
	after, _ := h.stored(t, "src", "a")
	if !sameItem(before, after) {
		t.Errorf("the same poll again changed the item:\n%+v\n%+v", before, after)
	}
	if got := h.all(t); !equalIDs(got, "b", "a") {
		t.Errorf("all = %v", got)
	}
	if got := h.topic(t, "korea"); !equalIDs(got, "a") {
		t.Errorf("korea = %v", got)
	}
	if h.e.Version() != v {
		t.Error("Version moved on a poll that changed nothing a feed shows")
	}
})

var _ = register("FirstSeenKeptAndEditsInPlace", func(t *testing.T, h *harness) {
	h.classify(t, words{"", []string{"Korea"}})
	draft := item("a", "Korea draft", time.Time{})
	draft.ContentHash = "h1"
	h.save(t, "src", draft)
	v := h.e.Version()
	h.clk.Add(time.Hour)
	edited := item("a", "Final", time.Time{})
	edited.ContentHash = "h2"
	if n := h.save(t, "src", edited); n != 0 {
		t.Errorf("an edit added %d items", n)
	}
	got, ok := h.stored(t, "src", "a")
	if !ok || got.Title != "Final" || !got.FirstSeen.Equal(t0) {
		t.Errorf("item = %q first seen %v, want Final first seen %v", got.Title, got.FirstSeen, t0)
	}
	if !got.Modified.Equal(t0.Add(time.Hour)) {
		t.Errorf("Modified = %v, want the time of the edit %v", got.Modified, t0.Add(time.Hour))
	}
	if got := h.topic(t, "korea"); len(got) != 0 {
		t.Errorf("korea still holds %v after the edit", got)
	}
	if got := h.all(t); !equalIDs(got, "a") {
		t.Errorf("all = %v, want the one item", got)
	}
	if h.e.Version() == v {
		t.Error("Version did not move on an edit")
	}
})

var _ = register("CopiesByNormalisedLink", func(t *testing.T, h *harness) {
	h.classify(t, words{"", []string{"Korea"}})
	a := item("a", "Korea story", t0)
	a.Link = "https://www.wsws.org/en/articles/x.html"
	b := item("b", "Korea story (copy)", t0.Add(time.Hour))
	b.Link = "HTTPS://WWW.wsws.org/en/articles/x.html?utm_source=twitter&utm_medium=social#comments"
	c := item("c", "Other story", t0)
	c.Link = "https://www.wsws.org/en/articles/x.html?utm_source=rss"
	other := item("d", "Korea elsewhere", t0)
	h.save(t, "one", a, other)
	h.save(t, "two", b)
	h.save(t, "three", c)
	copies, err := h.e.Copies(b.Link, "korea")
	if err != nil || len(copies) != 2 {
		t.Fatalf("Copies in korea = %d, %v; want a and b", len(copies), err)
	}
	all, err := h.e.Copies(a.Link, "")
	if err != nil || len(all) != 3 {
		t.Errorf("Copies in any topic = %d, %v; want a, b and c", len(all), err)
	}
	if copies, err := h.e.Copies(b.Link, "china"); err != nil || len(copies) != 0 {
		t.Errorf("copies in an unknown topic: %d, %v", len(copies), err)
	}
	if copies, err := h.e.Copies("", ""); err != nil || len(copies) != 0 {
		t.Errorf("copies of no link: %d, %v", len(copies), err)
	}
})

var _ = register("Counts", func(t *testing.T, h *harness) {
	h.classify(t, words{"", []string{"Korea"}})
	h.save(t, "one", item("a", "Korea", t0.Add(-time.Hour)), item("b", "Korea", t0.Add(-2*time.Hour)), item("c", "x", t0))
	h.save(t, "two", item("a", "Korea", t0.Add(-3*time.Hour)))
	counts, err := h.e.ItemCounts()
	if err != nil || len(counts) != 2 || counts["one"] != 3 || counts["two"] != 1 {
		t.Errorf("ItemCounts = %v, %v; want one:3 two:1", counts, err)
	}
	n, newest, err := h.e.TopicCount("korea")
	if err != nil || n != 3 || !newest.Equal(t0.Add(-time.Hour)) {
		t.Errorf("TopicCount(korea) = %d, %v, %v; want 3, %v", n, newest, err, t0.Add(-time.Hour))
	}
	n, newest, err = h.e.TopicCount("china")
	if err != nil || n != 0 || !newest.IsZero() {
		t.Errorf("TopicCount of an unknown topic = %d, %v, %v", n, newest, err)
	}
})
