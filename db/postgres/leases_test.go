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
