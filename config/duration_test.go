package config

import (
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	const day = 24 * time.Hour
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"0", 0},
		{"90s", 90 * time.Second},
		{"30m", 30 * time.Minute},
		{"12h", 12 * time.Hour},
		{"1h30m", 90 * time.Minute},
		{"1.5h", 90 * time.Minute},
		{"30d", 30 * day},
		{"1d12h", day + 12*time.Hour},
		{"1d12h30m", day + 12*time.Hour + 30*time.Minute},
		{"0.5d", 12 * time.Hour},
		{"-2d", -2 * day},
		{"-1h", -time.Hour},
		{"+1d", day},
		{"100000d", 100000 * day},
		{".5h", 30 * time.Minute},
		{"1d0", day},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseDuration(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("parseDuration(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestParseDurationErrors(t *testing.T) {
	tests := []struct {
		in   string
		want error
	}{
		{"", errDurationSyntax},
		{"3x", errDurationSyntax},
		{"30", errDurationSyntax}, // no unit
		{"d", errDurationSyntax},
		{"1dd", errDurationSyntax},
		{"1h1d", errDurationSyntax}, // days come first
		{"1d-1h", errDurationSyntax},
		{"1e3d", errDurationSyntax},
		{"1 d", errDurationSyntax},
		{"one day", errDurationSyntax},
		{".h", errDurationSyntax},
		{"1d.h", errDurationSyntax},
		{"200000d", errDurationRange},
		{"9999999999h", errDurationRange},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseDuration(tt.in)
			if err != tt.want {
				t.Errorf("parseDuration(%q) = %v, %v; want error %v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestFormatDuration(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{0, "0s"},
		{90 * time.Second, "1m30s"},
		{5 * time.Minute, "5m"},
		{time.Hour, "1h"},
		{90 * time.Minute, "1h30m"},
		{48 * time.Hour, "2d"},
		{36 * time.Hour, "36h"},
	}
	for _, tt := range tests {
		if got := formatDuration(tt.in); got != tt.want {
			t.Errorf("formatDuration(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
