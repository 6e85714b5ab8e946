package fetcher

import (
	"cmp"
	"slices"
	"time"

	"github.com/mmcdole/gofeed"
)

// newestItems returns the indexes of the n newest items, in document order.
// An item's age is its published date, else its updated date; undated items
// count as oldest, so a feed without dates keeps its first n. It runs on
// gofeed's items before any normalising, so a huge feed costs the
// sanitizer only the items kept.
func newestItems(items []*gofeed.Item, n int) []int {
	idx := make([]int, len(items))
	for i := range idx {
		idx[i] = i
	}
	if len(items) <= n {
		return idx
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		return itemTime(items[b]).Compare(itemTime(items[a])) // newest first
	})
	idx = idx[:n]
	slices.SortFunc(idx, cmp.Compare[int])
	return idx
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
