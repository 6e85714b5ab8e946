package parser

import (
	"cmp"
	"slices"
	"time"

	"github.com/mmcdole/gofeed"
)

// feedItem is one of gofeed's items with the facts about it that only its
// own parse of the feed knows (hintsFor), so that items from several
// parses of one feed (see itemWindows) can be kept together.
type feedItem struct {
	item  *gofeed.Item
	hints itemHints
}

// itemsOf lists gf's items with their hints, in document order.
func itemsOf(gf *gofeed.Feed) []feedItem {
	out := make([]feedItem, len(gf.Items))
	for i, it := range gf.Items {
		out[i] = feedItem{item: it, hints: hintsFor(gf, i)}
	}
	return out
}

// newestItems returns the n newest items, in document order. An item's age
// is its published date, else its updated date; undated items count as
// oldest, so a feed without dates keeps its first n. Ties go to the earlier
// item, which makes the choice a total order: the n newest of (the n newest
// of A) followed by B are the n newest of A followed by B, so a feed can be
// taken a window of items at a time. It runs on gofeed's items before any
// normalising, so a huge feed costs the sanitizer only the items kept.
func newestItems(items []feedItem, n int) []feedItem {
	if len(items) <= n {
		return items
	}
	idx := make([]int, len(items))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		return itemTime(items[b].item).Compare(itemTime(items[a].item)) // newest first
	})
	idx = idx[:n]
	slices.SortFunc(idx, cmp.Compare[int])
	out := make([]feedItem, n)
	for i, j := range idx {
		out[i] = items[j]
	}
	return out
}

func itemTime(it *gofeed.Item) time.Time {
	if it == nil {
		return time.Time{}
	}
	if it.PublishedParsed != nil {
		return *it.PublishedParsed
	}
	if it.UpdatedParsed != nil {
		return *it.UpdatedParsed
	}
	return time.Time{}
}
