package fetcher

import (
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/config"
)

const (
	minute = time.Minute
	hour   = time.Hour
	day    = 24 * time.Hour
)

func TestNextInterval(t *testing.T) {
	tests := []struct {
		name            string
		configured, min time.Duration
		hints           []time.Duration
		want            time.Duration
	}{
		{"the configured interval", 30 * minute, 5 * minute, nil, 30 * minute},
		{"no hints given", 30 * minute, 5 * minute, []time.Duration{0, 0}, 30 * minute},
		{"a longer TTL lengthens", 30 * minute, 5 * minute, []time.Duration{2 * hour, 0}, 2 * hour},
		{"a longer max-age lengthens", 30 * minute, 5 * minute, []time.Duration{0, 90 * minute}, 90 * minute},
		{"the longest hint wins", 30 * minute, 5 * minute, []time.Duration{2 * hour, 3 * hour}, 3 * hour},
		{"a shorter TTL never shortens", 30 * minute, 5 * minute, []time.Duration{10 * minute, 0}, 30 * minute},
		{"a shorter max-age never shortens", 30 * minute, 5 * minute, []time.Duration{0, time.Minute}, 30 * minute},
		{"min_interval floors", 2 * minute, 5 * minute, nil, 5 * minute},
		{"min_interval floors the hints too", time.Minute, 5 * minute, []time.Duration{3 * minute}, 5 * minute},
		{"a day at most", 30 * minute, 5 * minute, []time.Duration{0, 30 * day}, day},
		{"a configured week is a day", 7 * day, 5 * minute, nil, day},
		{"no interval and no floor", 0, 0, nil, fallbackMinInterval},
	}
	for _, tt := range tests {
		if got := nextInterval(tt.configured, tt.min, tt.hints...); got != tt.want {
			t.Errorf("%s: nextInterval(%v, %v, %v) = %v, want %v", tt.name, tt.configured, tt.min, tt.hints, got, tt.want)
		}
	}
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		interval, min time.Duration
		failures      int
		want          time.Duration
	}{
		{hour, 5 * minute, 0, hour},
		{hour, 5 * minute, 1, hour},
		{hour, 5 * minute, 2, 2 * hour},
		{hour, 5 * minute, 3, 4 * hour},
		{hour, 5 * minute, 5, 16 * hour},
		{hour, 5 * minute, 6, day}, // 32h, capped
		{hour, 5 * minute, 1 << 30, day},
		{minute, 5 * minute, 1, 5 * minute}, // floored before doubling
		{minute, 5 * minute, 2, 10 * minute},
		{30 * day, 5 * minute, 1, day},
		{0, 0, 3, 4 * fallbackMinInterval}, // no interval at all still backs off
	}
	for _, tt := range tests {
		if got := backoff(tt.interval, tt.min, tt.failures); got != tt.want {
			t.Errorf("backoff(%v, %v, %d) = %v, want %v", tt.interval, tt.min, tt.failures, got, tt.want)
		}
	}
}

func TestClampInterval(t *testing.T) {
	tests := []struct{ d, min, want time.Duration }{
		{30 * minute, 5 * minute, 30 * minute},
		{time.Second, 5 * minute, 5 * minute},
		{-hour, 5 * minute, 5 * minute},
		{25 * hour, 5 * minute, day},
		{day, 5 * minute, day},
		{time.Second, 0, fallbackMinInterval},
		{time.Second, -minute, fallbackMinInterval},
		{hour, 2 * day, 2 * day}, // a floor above the cap still floors
	}
	for _, tt := range tests {
		if got := clampInterval(tt.d, tt.min); got != tt.want {
			t.Errorf("clampInterval(%v, %v) = %v, want %v", tt.d, tt.min, got, tt.want)
		}
	}
}

// TestJitter draws many times: every draw stays within ±10% of d, inside
// [floor, maxInterval], and the draws do spread.
func TestJitter(t *testing.T) {
	tests := []struct {
		name        string
		d, floor    time.Duration
		lo, hi      time.Duration
		wantsSpread bool
	}{
		{"±10%", hour, 5 * minute, 54 * minute, 66 * minute, true},
		{"never below the floor", 5 * minute, 5 * minute, 5 * minute, 330 * time.Second, true},
		{"never above the daily cap", day, 5 * minute, day - day/10, day, true},
		{"too short to spread", time.Nanosecond, 0, fallbackMinInterval, fallbackMinInterval, false},
	}
	for _, tt := range tests {
		seen := map[time.Duration]bool{}
		for range 2000 {
			got := jitter(tt.d, tt.floor)
			if got < tt.lo || got > tt.hi {
				t.Fatalf("%s: jitter(%v, %v) = %v, want within [%v, %v]", tt.name, tt.d, tt.floor, got, tt.lo, tt.hi)
			}
			seen[got] = true
		}
		if tt.wantsSpread && len(seen) < 100 {
			t.Errorf("%s: only %d distinct values in 2000 draws", tt.name, len(seen))
		}
	}
}

func TestSourceInterval(t *testing.T) {
	poll := config.Poll{Interval: 30 * minute}
	if got := sourceInterval(config.Source{Interval: hour}, poll); got != hour {
		t.Errorf("override: %v", got)
	}
	if got := sourceInterval(config.Source{}, poll); got != 30*minute {
		t.Errorf("unset: %v, want poll.interval", got)
	}
}
