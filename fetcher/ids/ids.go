// Package ids gives each item of a feed its identity within its source:
// the same on every poll, from the feed's bytes alone, and unique within
// one feed even when the feed repeats itself.
package ids

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/internal/linkid"
	"github.com/mmcdole/gofeed"
)

// Item is the item's identity within its source: its guid, else its
// normalised link, else a hash of its raw title, summary and content. It
// depends on nothing but the feed's bytes (never on the time of the poll),
// so the same item gets the same ID on every poll. The hash (ContentHash)
// uses gofeed's values before our cleaning, so that a change to the
// sanitiser does not change IDs.
func Item(guid, link, hash string) string {
	if guid != "" {
		return guid
	}
	if link != "" {
		return linkid.Normalize(link)
	}
	return hash
}

// ContentHash digests what the source said of an item: its raw title,
// summary and content. It is the id of an item with neither guid nor link,
// and tells the store when a source edited an item.
func ContentHash(gi *gofeed.Item) string {
	h := sha256.New()
	for _, field := range []string{gi.Title, gi.Description, gi.Content} {
		h.Write([]byte(field))
		h.Write([]byte{0})
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// Disambiguate makes the IDs of one feed unique: the first item with an
// ID keeps it, later ones get "#2", "#3", ... in document order, skipping any
// ID another item already has. Feeds that reuse one guid for several items
// (a common CMS bug) thereby keep all of them, under IDs that stay the same
// from poll to poll as long as the order does.
func Disambiguate(items []db.Item) {
	taken := make(map[string]bool, len(items))
	for i := range items {
		taken[items[i].ID] = true
	}
	seen := make(map[string]bool, len(items))
	for i := range items {
		id := items[i].ID
		if !seen[id] {
			seen[id] = true
			continue
		}
		for n := 2; ; n++ {
			candidate := id + "#" + strconv.Itoa(n)
			if !seen[candidate] && !taken[candidate] {
				items[i].ID = candidate
				seen[candidate] = true
				break
			}
		}
	}
}
