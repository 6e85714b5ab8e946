package topic

import (
	"sort"
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/internal/linkid"
)

// Entry is one item of a republished feed.
type Entry struct {
	Item    db.Item
	Reasons []db.Reason // why the topic selected it; empty in the all feed
	Score   float64     // how strongly it matched (see score.go); 0 in the all feed
	Also    []db.Item   // other sources' copies of the same story (cluster: true)
}

// Reader is the part of the store that selection needs.
type Reader interface {
	TopicItems(topic string, fn func(it *db.Item, m db.Membership) bool) error
	AllItems(fn func(it *db.Item) bool) error
	// Copies returns the stored items that carry the same link (normalised),
	// only the topic's members when topic is not empty.
	Copies(link, topic string) ([]db.Item, error)
}

// MaxPages is how many pages of n entries a feed can be paged through
// (RFC 5005 paged feeds): it bounds how far into the store a crawler can
// make selection walk.
const MaxPages = 20

// Select returns the newest n entries of a topic, curated per CONTRACT.md:
// one item per link (the earliest published copy), stories clustered when the
// topic asks for it, and at most PerSourceMax entries from one source. It is
// the first page of SelectPage.
func Select(r Reader, t config.Topic, n int) ([]Entry, error) {
	entries, _, err := SelectPage(r, t, n, 1)
	return entries, err
}

// SelectAll returns the newest n items of every source, each link once: the
// first page of SelectAllPage.
func SelectAll(r Reader, n int) ([]Entry, error) {
	entries, _, err := SelectAllPage(r, n, 1)
	return entries, err
}

// SelectPage returns page number page (from 1) of a topic's curated list, cut
// into pages of n entries, and whether a later page has entries. A page below
// 1 or beyond MaxPages has none.
//
// Curation (links, clusters, PerSourceMax) happens before paging: every page
// is a slice of one curated list, so that while the store does not change no
// entry shows on two pages and every boundary stays put (see curatePage).
func SelectPage(r Reader, t config.Topic, n, page int) (entries []Entry, more bool, err error) {
	return curatePage(r, t.ID, topicWalk(r, t.ID), n, page, t.Cluster, t.PerSourceMax)
}

// SelectAllPage is SelectPage for the items of every source.
func SelectAllPage(r Reader, n, page int) (entries []Entry, more bool, err error) {
	return curatePage(r, "", allWalk(r), n, page, false, 0)
}

// walkFunc reads up to limit candidates, newest first, and reports whether
// there were more.
type walkFunc func(limit int) (candidates []Entry, truncated bool, err error)

// topicWalk reads a topic's items.
func topicWalk(r Reader, topicID string) walkFunc {
	return func(limit int) ([]Entry, bool, error) {
		var out []Entry
		err := r.TopicItems(topicID, func(it *db.Item, m db.Membership) bool {
			out = append(out, Entry{Item: *it, Reasons: m.Reasons, Score: m.Score})
			return len(out) < limit
		})
		return out, len(out) >= limit, err
	}
}

// allWalk reads the items of every source.
func allWalk(r Reader) walkFunc {
	return func(limit int) ([]Entry, bool, error) {
		var out []Entry
		err := r.AllItems(func(it *db.Item) bool {
			out = append(out, Entry{Item: *it})
			return len(out) < limit
		})
		return out, len(out) >= limit, err
	}
}

// curatePage curates as far as the page and one entry more (which tells
// whether another page follows) and cuts the page out.
//
// Without clustering, a page needs no more: curating further only appends
// to the list (each rule decides an entry by the store and the entries
// before it). Clustering can change an entry when an older copy found
// further down joins its story, so a clustered topic is curated until the
// page lies in the part of the list that nothing further down can change,
// which is the start of the one list every page is cut from.
func curatePage(r Reader, topicID string, walk walkFunc, n, page int, cluster bool, perSource int) ([]Entry, bool, error) {
	if n <= 0 || page < 1 || page > MaxPages {
		return nil, false, nil
	}
	want := page*n + 1
	var entries []Entry
	var err error
	if cluster {
		entries, err = curateClustered(r, topicID, walk, n, want, perSource)
	} else {
		entries, err = curate(r, topicID, walk, want, perSource)
	}
	if err != nil {
		return nil, false, err
	}
	from, to := (page-1)*n, page*n
	if from >= len(entries) {
		return nil, false, nil
	}
	to = min(to, len(entries))
	return entries[from:to:to], len(entries) > page*n, nil
}

// curate returns the first n entries of the curated list of a topic that is
// not clustered. It reads 4n+50
// candidates, and four times as many again while curation leaves fewer than
// n of them. The candidates are read first and the copies looked up
// afterwards, never inside the store's iteration: a second read transaction
// opened inside a first one can deadlock against a writer that waits to grow
// the file.
func curate(r Reader, topicID string, walk walkFunc, n int, perSource int) ([]Entry, error) {
	if n <= 0 {
		return nil, nil
	}
	limit := 4*n + 50
	for {
		candidates, truncated, err := walk(limit)
		if err != nil {
			return nil, err
		}
		entries, err := curateCandidates(r, topicID, candidates, false, perSource)
		if err != nil {
			return nil, err
		}
		if len(entries) >= n || !truncated {
			if len(entries) > n {
				entries = entries[:n]
			}
			return entries, nil
		}
		limit *= 4
	}
}

// curateClustered returns at least the first want entries of a clustered
// topic's curated list, as the whole topic would give them. A window of
// candidates decides the start of the list for good: the stories whose every
// copy is more than clusterWindow newer than the window's oldest candidate,
// since nothing older can join them, and any story formed further down sorts
// after them. The window doubles until that start holds want entries.
//
// The windows are bounded all the same (each is clustered again whole), so
// from twice the depth MaxPages pages reach (doubled again while that yields fewer entries than
// the depth) the list is taken as the window curates it, settled or not: in
// a topic with more than about depth/48 items an hour (20 for pages of 50),
// the deepest pages may then miss an older copy of a story. Every page that
// gets there passes through the same windows, so every page is still cut
// from one list.
func curateClustered(r Reader, topicID string, walk walkFunc, n, want int, perSource int) ([]Entry, error) {
	depth := MaxPages*n + 1
	deep := 2*depth + 50 // the first window of the last resort
	limit := min(4*want+50, deep)
	for {
		candidates, truncated, err := walk(limit)
		if err != nil || len(candidates) == 0 {
			return nil, err
		}
		oldest := candidates[len(candidates)-1].Item.SortTime() // before curation reuses the slice
		entries, err := curateCandidates(r, topicID, candidates, true, perSource)
		if err != nil {
			return nil, err
		}
		if !truncated {
			return entries, nil
		}
		if k := settled(entries, oldest); k >= want {
			return entries[:k], nil
		}
		if limit >= deep && len(entries) >= depth {
			return entries[:depth], nil
		}
		if limit < deep && 2*limit > deep/2 {
			limit = deep // not some other window near it: see above
		} else {
			limit *= 2
		}
	}
}

// settled counts the leading entries none of whose copies is within
// clusterWindow of oldest, the sort time of the oldest candidate read.
func settled(entries []Entry, oldest time.Time) int {
	horizon := oldest.Add(clusterWindow)
	for i, e := range entries {
		if !e.Item.SortTime().After(horizon) {
			return i
		}
		for j := range e.Also {
			if !e.Also[j].SortTime().After(horizon) {
				return i
			}
		}
	}
	return len(entries)
}

// curateCandidates applies the curation rules to candidates, newest first.
func curateCandidates(r Reader, topicID string, candidates []Entry, cluster bool, perSource int) ([]Entry, error) {
	entries, err := dedupLinks(r, topicID, candidates)
	if err != nil {
		return nil, err
	}
	if cluster {
		entries = clusterStories(entries)
	}
	return capPerSource(entries, perSource), nil
}

// dedupLinks keeps, of all the items that share a link, only the original:
// the earliest published copy among the topic's items. A later copy is
// dropped even when the original lies beyond the walk, so that the feed never
// shows a copy in place of the original.
func dedupLinks(r Reader, topicID string, candidates []Entry) ([]Entry, error) {
	seen := make(map[string]bool, len(candidates))
	out := candidates[:0]
	for _, e := range candidates {
		if e.Item.Link == "" {
			out = append(out, e)
			continue
		}
		link := linkid.Normalize(e.Item.Link)
		if seen[link] {
			continue
		}
		copies, err := r.Copies(e.Item.Link, topicID)
		if err != nil {
			return nil, err
		}
		if orig := original(copies); orig != nil && orig.Key() != e.Item.Key() {
			continue // the original comes later in the walk, or not at all
		}
		seen[link] = true
		out = append(out, e)
	}
	return out, nil
}

// Original is the one of copies (items that share a link) a feed keeps, as
// original below chooses it; commands that explain selections use it to say
// which items a feed leaves out as copies.
func Original(copies []db.Item) *db.Item { return original(copies) }

// original is the earliest published of copies: by published date (else
// updated, else first seen), then first seen, then key for a stable answer.
func original(copies []db.Item) *db.Item {
	var best *db.Item
	for i := range copies {
		c := &copies[i]
		if best == nil || earlier(c, best) {
			best = c
		}
	}
	return best
}

func earlier(a, b *db.Item) bool {
	ta, tb := a.SortTime(), b.SortTime()
	if !ta.Equal(tb) {
		return ta.Before(tb)
	}
	if !a.FirstSeen.Equal(b.FirstSeen) {
		return a.FirstSeen.Before(b.FirstSeen)
	}
	return a.Key() < b.Key()
}

func capPerSource(entries []Entry, max int) []Entry {
	if max <= 0 {
		return entries
	}
	count := map[string]int{}
	out := entries[:0]
	for _, e := range entries {
		if count[e.Item.SourceID] >= max {
			continue
		}
		count[e.Item.SourceID]++
		out = append(out, e)
	}
	return out
}

// sortNewestFirst orders entries by their item's sort time, newest first.
func sortNewestFirst(entries []Entry) {
	sort.SliceStable(entries, func(i, j int) bool {
		return entries[i].Item.SortTime().After(entries[j].Item.SortTime())
	})
}
