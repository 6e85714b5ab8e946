package db

import (
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func itemCount(t *testing.T, s *Store) int {
	t.Helper()
	n := 0
	if err := s.AllItems(func(*Item) bool { n++; return true }); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestPruneHeldAfterClockJump: a retention pass a year ahead of the last
// one prunes nothing by age until the new time has held for an hour; then
// it prunes by it. A clock that comes back in time has cost nothing.
func TestPruneHeldAfterClockJump(t *testing.T) {
	clk := &clock{t: t0}
	s, path := openTest(t, clk)
	keep := Retention{MaxAge: 30 * 24 * time.Hour, MaxItems: 100}
	s.SavePoll(SourceState{ID: "src"}, []Item{item("a", "a", t0), item("b", "b", t0)})
	if n, err := s.Prune(keep); err != nil || n != 0 {
		t.Fatalf("first pass: %d, %v", n, err)
	}

	clk.Add(365 * 24 * time.Hour)
	for i := 0; i < 3; i++ {
		if n, err := s.Prune(keep); err != nil || n != 0 {
			t.Fatalf("pass %d after the jump pruned %d (%v)", i, n, err)
		}
		clk.Add(20 * time.Minute)
	}
	if got := itemCount(t, s); got != 2 {
		t.Fatalf("after the jump %d items are left, want 2", got)
	}
	// The clock is put right: nothing was lost, and passes go on as before.
	clk.Add(-365*24*time.Hour - time.Hour)
	if n, err := s.Prune(keep); err != nil || n != 0 || itemCount(t, s) != 2 {
		t.Fatalf("after the clock came back: pruned %d (%v)", n, err)
	}

	// A jump that holds for an hour is believed, and survives a restart.
	clk.Add(365 * 24 * time.Hour)
	s.Prune(keep)
	s.Close()
	clk.Add(61 * time.Minute)
	s2, err := Open(path, Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if n, err := s2.Prune(keep); err != nil || n != 2 {
		t.Fatalf("an hour after the jump the pass pruned %d (%v), want 2", n, err)
	}
}

// TestFutureTombstoneExpires: a tombstone dated a year ahead (laid while
// the clock ran ahead) counts from now, so it expires and its item can
// come back.
func TestFutureTombstoneExpires(t *testing.T) {
	clk := &clock{t: t0}
	s, _ := openTest(t, clk)
	age := Retention{MaxAge: 30 * 24 * time.Hour}
	err := s.bolt.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketTombs).Put([]byte("src\x00a"), timeKey(t0.AddDate(1, 0, 0)))
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Prune(age); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 31; i++ { // a pass a day, as the daemon makes many
		clk.Add(24 * time.Hour)
		if _, err := s.Prune(age); err != nil {
			t.Fatal(err)
		}
	}
	var tomb []byte
	s.bolt.View(func(tx *bolt.Tx) error { tomb = tx.Bucket(bucketTombs).Get([]byte("src\x00a")); return nil })
	if tomb != nil {
		t.Errorf("the future tombstone is still there, dated %v", timeFromKey(tomb))
	}
}

// TestFutureDatesClampedOnLoad: a NextFetch saved a year ahead is due now
// when read, and an item first seen a year ahead counts from now when its
// source lists it again.
func TestFutureDatesClampedOnLoad(t *testing.T) {
	clk := &clock{t: t0.AddDate(1, 0, 0)}
	s, _ := openTest(t, clk)
	if _, err := s.SavePoll(SourceState{ID: "src", NextFetch: clk.Now().Add(time.Hour)}, []Item{item("a", "a", time.Time{})}); err != nil {
		t.Fatal(err)
	}
	clk.Add(-365 * 24 * time.Hour)
	st, _, err := s.Source("src")
	if err != nil || st.NextFetch.After(clk.Now()) {
		t.Errorf("NextFetch %v is after now %v (%v)", st.NextFetch, clk.Now(), err)
	}
	if _, err := s.SavePoll(SourceState{ID: "src"}, []Item{item("a", "a", time.Time{})}); err != nil {
		t.Fatal(err)
	}
	s.AllItems(func(it *Item) bool {
		if !it.FirstSeen.Equal(clk.Now()) {
			t.Errorf("FirstSeen %v, want now %v", it.FirstSeen, clk.Now())
		}
		return true
	})
	if r := s.Verify(); !r.OK() || r.Dangling != 0 {
		t.Errorf("after the reset: %+v", r)
	}
}
