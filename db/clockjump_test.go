package db

import (
	"testing"
	"time"
)

// TestJudgeClock pins the rule both engines apply to a retention pass.
func TestJudgeClock(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	year := t0.AddDate(1, 0, 0)
	tests := []struct {
		name            string
		last, jump, now time.Time
		hold            bool
		pending         time.Time
	}{
		{"first pass", time.Time{}, time.Time{}, t0, false, time.Time{}},
		{"normal", t0, time.Time{}, t0.Add(time.Minute), false, time.Time{}},
		{"clock went back", t0, time.Time{}, t0.Add(-time.Hour), false, time.Time{}},
		{"jump seen", t0, time.Time{}, year, true, year},
		{"jump not yet confirmed", t0, year, year.Add(30 * time.Minute), true, year},
		{"jump fell back", t0, year, year.Add(-time.Minute), true, year.Add(-time.Minute)},
		{"jump confirmed", t0, year, year.Add(time.Hour + time.Second), false, time.Time{}},
	}
	for _, tt := range tests {
		v := JudgeClock(tt.last, tt.jump, tt.now)
		if v.Hold != tt.hold || !v.Pending.Equal(tt.pending) {
			t.Errorf("%s: %+v, want hold %v pending %v", tt.name, v, tt.hold, tt.pending)
		}
	}
}
