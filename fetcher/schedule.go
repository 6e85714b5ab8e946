package fetcher

import (
	"math/rand/v2"
	"time"
)

// maxInterval caps every interval, TTL and backoff: a source is tried at least daily.
const maxInterval = 24 * time.Hour

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

func clampInterval(d, minInterval time.Duration) time.Duration {
	if d > maxInterval {
		d = maxInterval
	}
	if d < minInterval {
		d = minInterval
	}
	return d
}

// jitter spreads d by up to ±10% so that sources added together do not poll
// in lockstep for ever; the result never drops below floor.
func jitter(d, floor time.Duration) time.Duration {
	spread := int64(d) / 10
	if spread <= 0 {
		return d
	}
	j := d + time.Duration(rand.Int64N(2*spread+1)-spread)
	if j < floor {
		j = floor
	}
	return j
}
