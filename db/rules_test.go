package db

import (
	"errors"
	"testing"
	"time"
)

func TestRepolled(t *testing.T) {
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	seen, edited := now.Add(-time.Hour), now.Add(-30*time.Minute)
	for _, tc := range []struct {
		name          string
		prev, it      Item
		first, modded time.Time
		stale         bool
	}{
		{"unchanged", Item{FirstSeen: seen, ContentHash: "a", Modified: edited}, Item{ContentHash: "a"}, seen, edited, false},
		{"edited", Item{FirstSeen: seen, ContentHash: "a"}, Item{ContentHash: "b"}, seen, now, false},
		{"no hash stored", Item{FirstSeen: seen}, Item{ContentHash: "b"}, seen, time.Time{}, false},
		{"first seen ahead", Item{FirstSeen: now.Add(48 * time.Hour)}, Item{}, now, time.Time{}, false},
		{"article kept", Item{FirstSeen: seen, Article: "x"}, Item{Article: "x"}, seen, time.Time{}, false},
		{"article missing", Item{FirstSeen: seen, Article: "x"}, Item{}, seen, time.Time{}, true},
	} {
		it := tc.it
		err := Repolled(&tc.prev, &it, now)
		if !it.FirstSeen.Equal(tc.first) || !it.Modified.Equal(tc.modded) || errors.Is(err, ErrStale) != tc.stale {
			t.Errorf("%s: FirstSeen %v, Modified %v, err %v; want %v, %v, stale %v", tc.name, it.FirstSeen, it.Modified, err, tc.first, tc.modded, tc.stale)
		}
	}
}

func TestClampSchedule(t *testing.T) {
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ next, want time.Time }{
		{now.Add(time.Hour), now.Add(time.Hour)},
		{now.Add(24 * time.Hour), now.Add(24 * time.Hour)},
		{now.Add(72 * time.Hour), now},
	} {
		st := SourceState{NextFetch: tc.next}
		if st.ClampSchedule(now); !st.NextFetch.Equal(tc.want) {
			t.Errorf("NextFetch %v clamped to %v, want %v", tc.next, st.NextFetch, tc.want)
		}
	}
}
