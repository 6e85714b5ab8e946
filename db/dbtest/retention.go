package dbtest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/db"
)

var _ = register("PrunedItemsNotStoredAgainWhileListed", func(t *testing.T, h *harness) {
	h.classify(t, words{"", []string{"K"}})
	var items []db.Item
	for i := 0; i < 10; i++ {
		items = append(items, item(string(rune('a'+i)), "K item", t0.Add(time.Duration(i)*time.Minute)))
	}
	h.save(t, "src", items...)
	n, err := h.e.Prune(db.Retention{MaxItems: 4})
	if err != nil || n != 6 {
		t.Fatalf("Prune = %d, %v; want 6", n, err)
	}
	if got := h.all(t); !equalIDs(got, "j", "i", "h", "g") {
		t.Errorf("kept %v, want the newest four", got)
	}
	if got := h.topic(t, "k"); len(got) != 4 {
		t.Errorf("the topic holds %d items, want 4", len(got))
	}
	// The source still lists all ten: the pruned six are not stored again.
	if n := h.save(t, "src", items...); n != 0 {
		t.Fatalf("re-poll added %d pruned items", n)
	}
	if got := h.all(t); len(got) != 4 {
		t.Errorf("after the re-poll %d items, want 4", len(got))
	}
	// It stops listing a: a's tombstone goes, and a may come back later.
	h.save(t, "src", items[1:]...)
	if n := h.save(t, "src", items...); n != 1 {
		t.Errorf("after its tombstone went, listing a again added %d, want 1", n)
	}
})

var _ = register("RetentionByMaxItemsPerSource", func(t *testing.T, h *harness) {
	for _, src := range []string{"one", "two"} {
		var items []db.Item
		for i := 0; i < 5; i++ {
			items = append(items, item(fmt.Sprintf("%s%d", src, i), "x", t0.Add(-time.Duration(5-i)*time.Hour)))
		}
		// Undated: sorts by first seen, now, so it is the newest.
		items = append(items, item(src+"-undated", "x", time.Time{}))
		h.save(t, src, items...)
	}
	n, err := h.e.Prune(db.Retention{MaxItems: 2})
	if err != nil || n != 8 {
		t.Fatalf("Prune = %d, %v; want 8", n, err)
	}
	counts, err := h.e.ItemCounts()
	if err != nil || counts["one"] != 2 || counts["two"] != 2 {
		t.Errorf("ItemCounts = %v, %v; want two each", counts, err)
	}
	got := h.all(t)
	slices.Sort(got)
	if !equalIDs(got, "one-undated", "one4", "two-undated", "two4") {
		t.Errorf("kept %v, want each source's undated item (first seen now) and its newest dated one", got)
	}
	if n, err := h.e.Prune(db.Retention{MaxItems: 2}); err != nil || n != 0 {
		t.Errorf("a second prune removed %d, %v", n, err)
	}
	if n, err := h.e.Prune(db.Retention{}); err != nil || n != 0 {
		t.Errorf("no limits removed %d, %v", n, err)
	}
})

var _ = register("RetentionByMaxAge", func(t *testing.T, h *harness) {
	h.classify(t, words{"", []string{"o"}})
	h.save(t, "src", item("old", "old", time.Time{}))
	h.clk.Add(48 * time.Hour)
	h.save(t, "src", item("old", "old", time.Time{}), item("new", "new", time.Time{}))
	n, err := h.e.Prune(db.Retention{MaxAge: 24 * time.Hour})
	if err != nil || n != 1 {
		t.Fatalf("Prune = %d, %v; want 1", n, err)
	}
	if got := h.all(t); !equalIDs(got, "new") {
		t.Errorf("left %v, want [new]", got)
	}
	if got := h.topic(t, "o"); len(got) != 0 {
		t.Errorf("the pruned item is still in its topic: %v", got)
	}
	// Still listed: not stored again, so it does not come back as new.
	if n := h.save(t, "src", item("old", "old", time.Time{}), item("new", "new", time.Time{})); n != 0 {
		t.Errorf("re-poll added %d", n)
	}
})
