package feedgen

import (
	"strconv"
	"strings"

	"github.com/feedcurator/feedcurator/db"
)

// itemGUID is the source's own guid of the item, else the store's id of it
// (which derives from the link or the content).
func itemGUID(it *db.Item) string {
	if it.GUID != "" {
		return it.GUID
	}
	return it.ID
}

// isPermaLink reports whether an RSS guid may be declared a permalink: only
// when it is the item's link and an absolute http(s) URL.
func isPermaLink(guid string, it *db.Item) bool {
	return guid == it.Link && isWebURL(guid)
}

// entryIDs hands out the entry ids of one feed, which must be unique within
// it: readers take two entries with one id for one entry and show only one.
// An id is the guid the caller proposes (the source's own, as CONTRACT.md
// asks) when the format accepts it and no earlier entry of the feed took it.
// Otherwise it is urn:uuid:v5(SourceID "\x00" guid-or-id), the same in all
// three formats and from one refresh to the next. That covers two sources
// syndicating one guid, and a format's rule (Atom ids must be IRIs).
//
// An item the fetcher renumbered because its source reused a guid (ID
// "guid#2") never takes the bare guid, even when the item that owns it is
// not in this feed, so that its id does not depend on its neighbours.
type entryIDs struct {
	used   map[string]struct{}
	accept func(guid string) bool // whether the format takes a guid as it is
}

func newEntryIDs(n int, accept func(string) bool) *entryIDs {
	return &entryIDs{used: make(map[string]struct{}, n), accept: accept}
}

// next returns the id of the item whose proposed id is guid.
func (ids *entryIDs) next(it *db.Item, guid string) string {
	if guid != "" && !renumbered(it) && ids.accept(guid) && ids.claim(guid) {
		return guid
	}
	key := itemGUID(it)
	if renumbered(it) {
		key = it.ID
	}
	name := it.SourceID + "\x00" + key
	for n := 1; ; n++ {
		id := "urn:uuid:" + uuidV5(itemNamespace, name).String()
		if ids.claim(id) {
			return id
		}
		// Only the same item listed twice gets here; number the copies.
		name = it.SourceID + "\x00" + key + "\x00" + strconv.Itoa(n)
	}
}

// claim marks id used and reports whether it was free.
func (ids *entryIDs) claim(id string) bool {
	if _, taken := ids.used[id]; taken {
		return false
	}
	ids.used[id] = struct{}{}
	return true
}

// renumbered reports whether the item's ID is its guid numbered by the
// fetcher ("guid#2", "guid#3", ...) because its source listed the guid on
// more than one item.
func renumbered(it *db.Item) bool {
	n, ok := strings.CutPrefix(it.ID, it.GUID+"#")
	if it.GUID == "" || !ok || n == "" {
		return false
	}
	for _, c := range n {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func nonEmpty(s string) bool { return s != "" }
