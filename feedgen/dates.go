package feedgen

import (
	"time"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/topic"
)

// epoch stands in for the date of a feed with no dated entries: fixed, so an
// empty feed renders the same bytes on every request.
var epoch = time.Unix(0, 0).UTC()

// feedUpdated is the feed's date: the caller's, else the newest date any
// entry carries, else the epoch. It never reads the clock.
func feedUpdated(given time.Time, entries []topic.Entry) time.Time {
	if !given.IsZero() {
		return given
	}
	newest := epoch
	for i := range entries {
		it := &entries[i].Item
		for _, t := range [...]time.Time{it.Published, it.Updated, it.FirstSeen} {
			if t.After(newest) {
				newest = t
			}
		}
	}
	return newest
}

// atomUpdated is an entry's required Atom <updated>: updated, else published,
// else first seen, else the feed's own date.
func atomUpdated(it *db.Item, feed time.Time) time.Time {
	for _, t := range [...]time.Time{it.Updated, it.Published, it.FirstSeen} {
		if !t.IsZero() {
			return t
		}
	}
	return feed
}

// firstKnown returns the first non-zero time, or the zero time.
func firstKnown(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// rfc3339 formats t in UTC for Atom and JSON Feed; "" for the zero time.
// UTC keeps the bytes independent of the zone a time was decoded with.
func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// rfc1123z formats t in UTC for RSS (RFC 822 with a numeric zone and a
// four-digit year); "" for the zero time.
func rfc1123z(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC1123Z)
}
