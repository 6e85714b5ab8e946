package topic

import (
	"sort"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
)

// Entry is one item of a republished feed.
type Entry struct {
	Item    db.Item
	Reasons []db.Reason // why the topic selected it; empty in the all feed
	Also    []db.Item   // other sources' copies of the same story (cluster: true)
}

// Reader is the part of the store that selection needs.
type Reader interface {
	TopicItems(topic string, fn func(it *db.Item, reasons []db.Reason) bool) error
	AllItems(fn func(it *db.Item) bool) error
	// Copies returns the stored items that carry the same link (normalised),
	// only the topic's members when topic is not empty.
	Copies(link, topic string) ([]db.Item, error)
}

// Select returns the newest n entries of a topic, curated per CONTRACT.md:
// one item per link (the earliest published copy), stories clustered when the
// topic asks for it, and at most PerSourceMax entries from one source.
func Select(r Reader, t config.Topic, n int) ([]Entry, error) {
	walk := func(limit int) ([]Entry, bool, error) {
		var out []Entry
		err := r.TopicItems(t.ID, func(it *db.Item, reasons []db.Reason) bool {
			out = append(out, Entry{Item: *it, Reasons: reasons})
			return len(out) < limit
		})
		return out, len(out) >= limit, err
	}
	return curate(r, t.ID, walk, n, t.Cluster, t.PerSourceMax)
}

// SelectAll returns the newest n items of every source, each link once.
func SelectAll(r Reader, n int) ([]Entry, error) {
	walk := func(limit int) ([]Entry, bool, error) {
		var out []Entry
		err := r.AllItems(func(it *db.Item) bool {
			out = append(out, Entry{Item: *it})
			return len(out) < limit
		})
		return out, len(out) >= limit, err
	}
	return curate(r, "", walk, n, false, 0)
}

// curate walks candidates newest first and applies the curation rules. The
// candidates are read first and the copies looked up afterwards, never inside
// the store's iteration: a second read transaction opened inside a first one
// can deadlock against a writer that waits to grow the file. When curation
// discards too many candidates the walk is repeated with a larger window.
func curate(r Reader, topicID string, walk func(limit int) ([]Entry, bool, error), n int, cluster bool, perSource int) ([]Entry, error) {
	if n <= 0 {
		return nil, nil
	}
	limit := 4*n + 50
	for {
		candidates, truncated, err := walk(limit)
		if err != nil {
			return nil, err
		}
		entries, err := dedupLinks(r, topicID, candidates)
		if err != nil {
			return nil, err
		}
		if cluster {
			entries = clusterStories(entries)
		}
		entries = capPerSource(entries, perSource)
		if len(entries) >= n || !truncated {
			if len(entries) > n {
				entries = entries[:n]
			}
			return entries, nil
		}
		limit *= 4
	}
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
		link := db.NormalizeLink(e.Item.Link)
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
