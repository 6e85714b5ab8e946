package feedgen

import (
	"strconv"

	"github.com/feedcurator/feedcurator/db"
)

// itemGUID is the id RSS and JSON Feed publish: the source's own guid, else
// the store's id of the item (which derives from the link or the content).
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

// atomIDs hands out entry ids for one Atom feed. An id is the item's guid when
// that is an absolute IRI; otherwise, or when another entry of the feed already
// uses that IRI (two sources can syndicate the same guid), it is
// urn:uuid:v5(SourceID "\x00" guid-or-id), which stays the same from one
// refresh to the next.
type atomIDs map[string]struct{}

func (used atomIDs) next(it *db.Item) string {
	guid := itemGUID(it)
	if isAbsoluteIRI(guid) && used.claim(guid) {
		return guid
	}
	name := it.SourceID + "\x00" + guid
	for n := 1; ; n++ {
		id := "urn:uuid:" + uuidV5(itemNamespace, name).String()
		if used.claim(id) {
			return id
		}
		// Only the same item listed twice gets here; number the copies.
		name = it.SourceID + "\x00" + guid + "\x00" + strconv.Itoa(n)
	}
}

// claim marks id used and reports whether it was free.
func (used atomIDs) claim(id string) bool {
	if _, taken := used[id]; taken {
		return false
	}
	used[id] = struct{}{}
	return true
}
