package config

import (
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var (
	errDurationSyntax = errors.New("use Go syntax like 90s, 30m, 12h or days like 30d")
	errDurationRange  = errors.New("is too long; keep it under 100000d")
)

// The two parts of a duration: a day count ("30", "1.5") before a "d", and
// the rest in Go syntax ("12h30m"). Syntax is checked here so that
// time.ParseDuration failing afterwards can only mean "out of range".
var (
	dayCount   = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)
	goDuration = regexp.MustCompile(`^(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+$`)
)

// parseDuration reads Go duration syntax (time.ParseDuration) extended with
// a leading day count: "30d", "1d12h", "-2d". Days are 24 hours: retention
// and polling periods are about elapsed time, not calendar days.
func parseDuration(s string) (time.Duration, error) {
	body, negative := strings.CutPrefix(s, "-")
	if !negative {
		body, _ = strings.CutPrefix(body, "+")
	}
	days, rest, hasDays := strings.Cut(body, "d")
	if !hasDays {
		days, rest = "0", body
		if rest == "" {
			return 0, errDurationSyntax
		}
	}
	if !dayCount.MatchString(days) || (rest != "" && rest != "0" && !goDuration.MatchString(rest)) {
		return 0, errDurationSyntax
	}
	n, err := strconv.ParseFloat(days, 64)
	if err != nil {
		return 0, errDurationSyntax
	}
	dayPart := n * float64(24*time.Hour)
	if dayPart >= math.MaxInt64 {
		return 0, errDurationRange
	}
	total := time.Duration(dayPart)
	if rest != "" {
		r, err := time.ParseDuration(rest)
		if err != nil || r > math.MaxInt64-total {
			return 0, errDurationRange
		}
		total += r
	}
	if negative {
		total = -total
	}
	return total, nil
}

// formatDuration writes d the way a config would: whole days as "30d",
// everything else in Go syntax with the zero units dropped ("5m", not "5m0s").
func formatDuration(d time.Duration) string {
	day := 24 * time.Hour
	if d != 0 && d%day == 0 {
		return strconv.FormatInt(int64(d/day), 10) + "d"
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
