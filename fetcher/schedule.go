package fetcher

import (
	"cmp"
	"math/rand/v2"
	"time"

	"github.com/feedcurator/feedcurator/config"
)

const (
	// maxInterval caps every interval, TTL and backoff, jitter included: a
	// source is tried at least daily.
	maxInterval = 24 * time.Hour
	// fallbackMinInterval is the floor when poll.min_interval is unset (a
	// config not made by config.Parse): zero would poll in a tight loop.
	fallbackMinInterval = time.Minute
)

// sourceInterval is the source's own interval, else poll.interval. Configs
// from config.Parse always fill the former; a hand-made one may not.
func sourceInterval(src config.Source, poll config.Poll) time.Duration {
	return cmp.Or(src.Interval, poll.Interval)
}

// nextInterval is the wait after a success: the configured interval,
// lengthened (never shortened) by the feed's own hints (RSS ttl,
// sy:updatePeriod, Cache-Control max-age, Expires), clamped to
// [minInterval, maxInterval].
func nextInterval(configured, minInterval time.Duration, hints ...time.Duration) time.Duration {
	d := configured
	for _, h := range hints {
		if h > d {
			d = h
		}
	}
	return clampInterval(d, minInterval)
}

// backoff is the wait after the n-th consecutive failure: the interval doubled
// per failure, capped at a day.
func backoff(interval, minInterval time.Duration, failures int) time.Duration {
	d := clampInterval(interval, minInterval)
	for i := 1; i < failures && d < maxInterval; i++ {
		d *= 2
	}
	return clampInterval(d, minInterval)
}

// clampInterval bounds d to [minInterval, maxInterval]; a minInterval of
// zero or less means fallbackMinInterval.
func clampInterval(d, minInterval time.Duration) time.Duration {
	if minInterval <= 0 {
		minInterval = fallbackMinInterval
	}
	if d > maxInterval {
		d = maxInterval
	}
	if d < minInterval {
		d = minInterval
	}
	return d
}

// jitter spreads d by up to ±10% so that sources added together do not poll
// in lockstep for ever; the result stays within [floor, maxInterval], so
// jitter never breaks the daily cap nor the politeness floor.
func jitter(d, floor time.Duration) time.Duration {
	spread := int64(d) / 10
	if spread <= 0 {
		return clampInterval(d, floor)
	}
	return clampInterval(d+time.Duration(rand.Int64N(2*spread+1)-spread), floor)
}
