package dbtest

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/db"
)

// growingPolls is n polls of src, the k-th listing items 1..k (titled
// "K …", newest last), so that each poll adds exactly one item.
func growingPolls(src string, n int) [][]db.Item {
	var polls [][]db.Item
	var items []db.Item
	for k := 1; k <= n; k++ {
		items = append(items, item(fmt.Sprintf("%s%03d", src, k), "K "+src, t0.Add(-time.Duration(n-k)*time.Minute)))
		polls = append(polls, append([]db.Item(nil), items...))
	}
	return polls
}

// background runs fn in a goroutine until stop is closed, and returns a
// wait for it.
func background(stop <-chan struct{}, fn func() bool) (wait func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if !fn() {
				return
			}
		}
	}()
	return wg.Wait
}

var _ = register("ReclassifyDuringPollsAndPrune", func(t *testing.T, h *harness) {
	h.classify(t, words{"A:", []string{"K"}})
	var seed []db.Item
	for i := 0; i < 200; i++ {
		seed = append(seed, item(fmt.Sprintf("seed%03d", i), "K seed", t0.Add(-time.Duration(i)*time.Hour)))
	}
	h.save(t, "seed", seed...)

	stop := make(chan struct{})
	// Readers see one classifier's memberships, whole: never a mix, never
	// an empty topic while the store holds its items.
	waitReader := background(stop, func() bool {
		tags := map[string]int{}
		n := 0
		err := h.e.TopicItems("k", func(it *db.Item, m db.Membership) bool {
			n++
			if len(m.Reasons) == 1 {
				tags[strings.SplitN(m.Reasons[0].Term, ":", 2)[0]]++
			}
			return true
		})
		if err != nil {
			t.Errorf("TopicItems during Reclassify: %v", err)
			return false
		}
		if n < 150 || len(tags) != 1 {
			t.Errorf("a read during Reclassify saw %d items with the memberships of %v", n, tags)
			return false
		}
		return true
	})
	waitPruner := background(stop, func() bool {
		if _, err := h.e.Prune(db.Retention{MaxItems: 150}); err != nil {
			t.Errorf("Prune during Reclassify: %v", err)
			return false
		}
		return true
	})
	var polls sync.WaitGroup
	polls.Add(1)
	go func() {
		defer polls.Done()
		for _, p := range growingPolls("p", 30) {
			if _, err := h.w.SavePoll(db.SourceState{ID: "p"}, p); err != nil {
				t.Errorf("SavePoll during Reclassify: %v", err)
				return
			}
		}
	}()
	for _, tag := range []string{"B", "C", "D"} {
		if err := h.w.Reclassify(words{tag + ":", []string{"K"}}); err != nil {
			t.Errorf("Reclassify %s: %v", tag, err)
		}
	}
	polls.Wait()
	close(stop)
	waitReader()
	waitPruner()
	if _, err := h.e.Prune(db.Retention{MaxItems: 150}); err != nil {
		t.Fatal(err)
	}

	// Every item is in the topic once, with the last classifier's reason.
	counts, err := h.e.ItemCounts()
	if err != nil || counts["seed"] != 150 || counts["p"] != 30 {
		t.Errorf("ItemCounts = %v, %v; want seed:150 p:30", counts, err)
	}
	n := 0
	h.e.TopicItems("k", func(it *db.Item, m db.Membership) bool {
		n++
		if len(m.Reasons) != 1 || !strings.HasPrefix(m.Reasons[0].Term, "D:") {
			t.Errorf("%s %s: membership %+v, want the last classifier's (D)", it.SourceID, it.ID, m)
			return false
		}
		return true
	})
	if n != 180 {
		t.Errorf("the topic holds %d items, want all 180", n)
	}
})

var _ = register("TwoWritersAtOnce", func(t *testing.T, h *harness) {
	h.classify(t, words{"", []string{"K"}})
	const n = 20
	shared := growingPolls("shared", n)
	var wg sync.WaitGroup
	addedShared := make([]int, 2)
	for w, src := range []string{"one", "two"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k, p := range growingPolls(src, n) {
				if added, err := h.w.SavePoll(db.SourceState{ID: src}, p); err != nil || added != 1 {
					t.Errorf("writer %s poll %d: added %d, %v; want 1", src, k, added, err)
					return
				}
				// Both writers poll the same source with the same items.
				added, err := h.w.SavePoll(db.SourceState{ID: "shared"}, shared[k])
				if err != nil {
					t.Errorf("writer %s, shared poll %d: %v", src, k, err)
					return
				}
				addedShared[w] += added
			}
		}()
	}
	wg.Wait()
	counts, err := h.e.ItemCounts()
	if err != nil || counts["one"] != n || counts["two"] != n || counts["shared"] != n {
		t.Errorf("ItemCounts = %v, %v; want %d each", counts, err, n)
	}
	if got := addedShared[0] + addedShared[1]; got != n {
		t.Errorf("the writers of the shared source were told of %d new items, want %d: each item is new once", got, n)
	}
	if got := h.topic(t, "k"); len(got) != 3*n {
		t.Errorf("the topic holds %d items, want %d", len(got), 3*n)
	}
})

// PollItemsAndStateTogether is the crash case seen through the API: a
// poll's state (its ETag) never shows without its items, so a kill at any
// moment cannot leave validators that would turn the next poll into a 304
// over items never stored.
var _ = register("PollItemsAndStateTogether", func(t *testing.T, h *harness) {
	const n = 25
	done := make(chan struct{})
	go func() {
		defer close(done)
		for k, p := range growingPolls("s", n) {
			st := db.SourceState{ID: "s", ETag: fmt.Sprintf(`"%d"`, k+1), LastStatus: 200}
			if _, err := h.e.SavePoll(st, p); err != nil {
				t.Errorf("SavePoll %d: %v", k+1, err)
				return
			}
		}
	}()
	check := func() {
		st, ok, err := h.e.Source("s")
		if err != nil || !ok {
			if err != nil {
				t.Errorf("Source: %v", err)
			}
			return
		}
		var k int
		fmt.Sscanf(st.ETag, `"%d"`, &k)
		// Read after the state: items only grow, so at least k are there.
		counts, err := h.e.ItemCounts()
		if err != nil {
			t.Errorf("ItemCounts: %v", err)
		} else if counts["s"] < k {
			t.Errorf("the state of poll %d is visible with %d items stored", k, counts["s"])
		}
	}
	for running := true; running; {
		select {
		case <-done:
			running = false
		default:
		}
		check()
	}
	if st, _, _ := h.e.Source("s"); st.ETag != fmt.Sprintf(`"%d"`, n) {
		t.Errorf("last ETag %s, want the last poll's", st.ETag)
	}
})
