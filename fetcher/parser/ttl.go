package parser

import (
	"cmp"
	"strconv"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"
	"github.com/mmcdole/gofeed/rss"
)

// maxTTL caps the feed's own refresh hint: a feed asking to be polled
// yearly is still polled daily (a conditional GET a day costs nothing).
const maxTTL = 24 * time.Hour

// syPeriods are the sy:updatePeriod values (RSS 1.0 syndication module).
var syPeriods = map[string]time.Duration{
	"hourly":  time.Hour,
	"daily":   24 * time.Hour,
	"weekly":  7 * 24 * time.Hour,
	"monthly": 30 * 24 * time.Hour,
	"yearly":  365 * 24 * time.Hour,
}

// feedTTL is how long the feed says it stays fresh: the longer of RSS <ttl>
// (minutes) and sy:updatePeriod divided by sy:updateFrequency, capped at
// maxTTL; zero when it says nothing.
func feedTTL(gf *gofeed.Feed) time.Duration {
	var ttl time.Duration
	if rf, ok := gf.OriginalFeed().(*rss.Feed); ok {
		if mins, err := strconv.Atoi(strings.TrimSpace(rf.TTL)); err == nil && mins > 0 {
			ttl = time.Duration(min(mins, int(maxTTL/time.Minute))) * time.Minute
		}
	}
	return min(max(ttl, syndicationTTL(gf)), maxTTL)
}

// syndicationTTL reads sy:updatePeriod (default daily) and
// sy:updateFrequency (default 1); zero when neither is present or either is
// malformed.
func syndicationTTL(gf *gofeed.Feed) time.Duration {
	sy := gf.Extensions["sy"]
	period, freq := firstExtValue(sy, "updatePeriod"), firstExtValue(sy, "updateFrequency")
	if period == "" && freq == "" {
		return 0
	}
	d, ok := syPeriods[strings.ToLower(cmp.Or(period, "daily"))]
	n, err := strconv.Atoi(cmp.Or(freq, "1"))
	if !ok || err != nil || n <= 0 {
		return 0
	}
	return d / time.Duration(n)
}

func firstExtValue(exts map[string][]ext.Extension, name string) string {
	if v := exts[name]; len(v) > 0 {
		return strings.TrimSpace(v[0].Value)
	}
	return ""
}
