package dbtest

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/db"
)

var _ = register("ReclassifySwapsMemberships", func(t *testing.T, h *harness) {
	h.classify(t, words{"", []string{"Korea"}})
	h.save(t, "src", item("a", "Korea", t0), item("b", "China", t0.Add(time.Minute)))
	v := h.e.Version()
	if err := h.w.Reclassify(words{"", []string{"China"}}); err != nil {
		t.Fatal(err)
	}
	if h.e.Version() == v {
		t.Error("Version did not move on Reclassify")
	}
	if got := h.topic(t, "korea"); len(got) != 0 {
		t.Errorf("korea after Reclassify = %v, want empty", got)
	}
	if got := h.topic(t, "china"); !equalIDs(got, "b") {
		t.Errorf("china after Reclassify = %v, want [b]", got)
	}
	if n, _, err := h.e.TopicCount("korea"); err != nil || n != 0 {
		t.Errorf("TopicCount(korea) after Reclassify = %d, %v", n, err)
	}
	// Later polls use the new classifier.
	h.save(t, "src", item("c", "China again", t0.Add(2*time.Minute)))
	if got := h.topic(t, "china"); !equalIDs(got, "c", "b") {
		t.Errorf("china after a poll = %v, want [c b]", got)
	}
	if copies, err := h.e.Copies("https://example.com/a", "korea"); err != nil || len(copies) != 0 {
		t.Errorf("Copies in a topic the item left: %d, %v", len(copies), err)
	}
})

var _ = register("VersionMovesOnChanges", func(t *testing.T, h *harness) {
	v, sv := h.e.Version(), h.e.StateVersion()
	h.save(t, "src", item("a", "x", t0.Add(-time.Hour)), item("b", "x", t0))
	if h.e.Version() == v {
		t.Error("Version did not move on new items")
	}
	if h.e.StateVersion() == sv {
		t.Error("StateVersion did not move on a poll")
	}
	v = h.e.Version()
	if n, err := h.e.Prune(db.Retention{MaxItems: 1}); err != nil || n != 1 {
		t.Fatalf("Prune = %d, %v", n, err)
	}
	if h.e.Version() == v {
		t.Error("Version did not move when retention removed an item")
	}
	v = h.e.Version()
	// What feeds show of the source (its title) changed, with no new item.
	if _, err := h.e.SavePoll(db.SourceState{ID: "src", Title: "Renamed"}, []db.Item{item("b", "x", t0)}); err != nil {
		t.Fatal(err)
	}
	if h.e.Version() == v {
		t.Error("Version did not move when the source's title changed")
	}
})

var _ = register("TopicChangedMovesOnlyWithTheDefinition", func(t *testing.T, h *harness) {
	at := func(fp string) time.Time {
		t.Helper()
		got, err := h.e.TopicChanged("korea", fp)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := at("v1"); !got.Equal(t0) {
		t.Errorf("first sight %v, want now %v", got, t0)
	}
	h.clk.Add(time.Hour)
	if got := at("v1"); !got.Equal(t0) {
		t.Errorf("the same definition moved to %v", got)
	}
	if got := at("v2"); !got.Equal(t0.Add(time.Hour)) {
		t.Errorf("a changed definition %v, want %v", got, t0.Add(time.Hour))
	}
	if got, err := h.e.TopicChanged("china", "v2"); err != nil || !got.Equal(t0.Add(time.Hour)) {
		t.Errorf("another topic: %v, %v", got, err)
	}
})

var _ = register("SnapshotOrNotSupported", func(t *testing.T, h *harness) {
	h.save(t, "src", item("a", "x", t0))
	var buf bytes.Buffer
	n, err := h.e.Snapshot(&buf)
	if errors.Is(err, db.ErrNotSupported) {
		t.Logf("Snapshot: %v", err)
		return
	}
	if err != nil || n == 0 || n != int64(buf.Len()) {
		t.Errorf("Snapshot = %d, %v with %d bytes written", n, err, buf.Len())
	}
})

var _ = register("HealthOfAFreshEngine", func(t *testing.T, h *harness) {
	if err := h.e.Ping(); err != nil {
		t.Errorf("Ping: %v", err)
	}
	h.save(t, "src", item("a", "x", t0))
	if err := h.e.WriteError(); err != nil {
		t.Errorf("WriteError after a good commit: %v", err)
	}
	if d := h.e.Damage(); d.Records != 0 || d.Structural != nil {
		t.Errorf("Damage of a fresh engine: %+v", d)
	}
	if h.e.Location() == "" {
		t.Error("Location is empty: logs could not say which store")
	}
})
