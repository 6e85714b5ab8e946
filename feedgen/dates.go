package feedgen

import (
	"time"

	"github.com/feedcurator/feedcurator/topic"
)

// epoch stands in for the date of a feed with no dated entries and no date
// of its own: fixed, so an empty feed renders the same bytes on every request.
var epoch = time.Unix(0, 0).UTC()

// feedUpdated is the feed's date as Render writes it: the caller's, else
// the newest entry's (Newest), else the epoch. It never reads the clock, so
// that the same entries always carry the same date.
func feedUpdated(given time.Time, entries []topic.Entry) time.Time {
	switch newest := Newest(entries); {
	case !given.IsZero():
		return given
	case !newest.IsZero():
		return newest
	}
	return epoch
}

// Newest is the latest modification time among the entries, as every
// format shows it (entryDates): the date of a feed, which CONTRACT.md
// defines as its newest item's. Zero when no entry has a date.
func Newest(entries []topic.Entry) time.Time {
	var newest time.Time
	for i := range entries {
		if _, m := entryDates(&entries[i]); m.After(newest) {
			newest = m
		}
	}
	return newest
}

// entryDates are the dates every format shows for an entry, so that they
// agree with each other and with the topic page:
//
//   - published: the item's sort time (published, else updated, else first
//     seen; a date more than a day after it was first seen counts as first
//     seen), zero only for an item the store never saw;
//   - modified: the latest of published, the source's updated date
//     (clamped the same way), the moment the store saw the source edit the
//     item, and the moment another source's copy joined a clustered story
//     ("also reported by" grew).
func entryDates(e *topic.Entry) (published, modified time.Time) {
	it := &e.Item
	published = it.SortTime()
	modified = published
	later := func(t time.Time) {
		if t.After(modified) {
			modified = t
		}
	}
	if !it.Updated.IsZero() {
		later(it.Clamp(it.Updated))
	}
	later(it.Modified)
	for i := range e.Also {
		later(e.Also[i].FirstSeen)
	}
	return published, modified
}

// atomUpdated is an entry's required Atom <updated>: its modification time,
// else the feed's own date.
func atomUpdated(modified, feed time.Time) time.Time {
	if modified.IsZero() {
		return feed
	}
	return modified
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
