package postgres

import (
	"context"
	"testing"
	"time"
)

func TestLeases(t *testing.T) {
	url := testURL(t)
	a, b := openTest(t, url, Options{}), openTest(t, url, Options{})
	ctx := context.Background()
	acquire := func(s *Store, ttl time.Duration) bool {
		t.Helper()
		ok, err := s.Acquire(ctx, "src", ttl)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !acquire(a, time.Minute) {
		t.Fatal("a free lease was not taken")
	}
	if acquire(b, time.Minute) {
		t.Fatal("a lease held by another replica was taken")
	}
	if !acquire(a, 300*time.Millisecond) {
		t.Fatal("the holder could not renew its lease")
	}
	// a dies without releasing: its lease runs out and b takes it over.
	waitFor(t, func() bool { return acquire(b, time.Minute) })
	if acquire(a, time.Minute) {
		t.Fatal("the old holder took back a lease another holds")
	}
	if err := a.Release(ctx, "src"); err != nil {
		t.Fatal(err)
	}
	if acquire(a, time.Minute) {
		t.Fatal("a release by a replica that does not hold the lease freed it")
	}
	if err := b.Release(ctx, "src"); err != nil {
		t.Fatal(err)
	}
	if !acquire(a, time.Minute) {
		t.Fatal("a released lease was not free")
	}
}

// AcquireAny hands out each of its names once, whoever asks, this replica
// included, until one is released or runs out.
func TestAcquireAny(t *testing.T) {
	url := testURL(t)
	a, b := openTest(t, url, Options{}), openTest(t, url, Options{})
	ctx := context.Background()
	slots := []string{"host:x#0", "host:x#1"}
	take := func(s *Store, ttl time.Duration) string {
		t.Helper()
		name, err := s.AcquireAny(ctx, slots, ttl)
		if err != nil {
			t.Fatal(err)
		}
		return name
	}
	first := take(a, time.Minute)
	second := take(a, 300*time.Millisecond)
	if first == "" || second == "" || first == second {
		t.Fatalf("two polls of one replica took %q and %q, want the two slots", first, second)
	}
	if got := take(a, time.Minute); got != "" {
		t.Fatalf("a third poll took %q with both slots held", got)
	}
	if got := take(b, time.Minute); got != "" {
		t.Fatalf("another replica took %q with both slots held", got)
	}
	// The short lease runs out: the other replica gets that slot.
	var got string
	waitFor(t, func() bool { got = take(b, time.Minute); return got != "" })
	if got != second {
		t.Fatalf("after %q expired, the other replica took %q", second, got)
	}
	if err := a.Release(ctx, first); err != nil {
		t.Fatal(err)
	}
	if got := take(b, time.Minute); got != first {
		t.Fatalf("after %q was released, the other replica took %q", first, got)
	}
}
