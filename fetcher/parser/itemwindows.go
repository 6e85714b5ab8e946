package parser

import (
	"bytes"
	"io"

	"github.com/feedcurator/feedcurator/fetcher/charset"
	"github.com/mmcdole/gofeed"
)

// itemWindows cuts a feed with more items than are kept (maxItems) into
// documents of at most that many items each, so that gofeed, whose memory
// grows with the number of items (about 750 bytes for each, however tiny),
// never holds more than one window of them: a 16 MB feed of half a million
// <item><guid>N</guid></item> then costs a few megabytes beyond its body
// instead of hundreds. The newest items are kept window by window (see
// newestItems), so the result is the same as from one parse of the whole
// feed.
//
// The first window's document is the feed with only that window's items:
// everything before the first item and after the last, so every feed-level
// field is read from it. The others are the window's items inside the start
// tags of the elements enclosing the items (their namespace declarations
// included) and the matching end tags. Markup between two windows' items
// (a stray channel element in the middle of the items) is not read.
type itemWindows struct {
	doc       []byte
	spans     []span    // window k: from its first item's start tag to its last item's end
	ancestors []openTag // the elements enclosing the items, outermost first
	tail      int       // where the markup after the last item starts
	count     int       // items found
	// prefix and suffix of a later window's document in other formats (JSON
	// Feed); when nil, they are made from ancestors.
	prefix, suffix []byte
}

type span struct{ start, end int }

// startItem counts an item starting at pos, opening a new window every
// window items.
func (w *itemWindows) startItem(pos, window int) {
	if w.count%max(window, 1) == 0 {
		w.spans = append(w.spans, span{start: pos})
	}
	w.count++
}

// reader returns window k's document.
func (w *itemWindows) reader(k int) io.Reader {
	items := w.doc[w.spans[k].start:w.spans[k].end]
	if k == 0 {
		return io.MultiReader(charset.WithoutXMLEncoding(w.doc[:w.spans[0].start]), bytes.NewReader(items), bytes.NewReader(w.doc[w.tail:]))
	}
	if w.prefix == nil {
		for _, a := range w.ancestors {
			w.prefix = append(w.prefix, w.doc[a.start:a.end]...)
		}
		for i := len(w.ancestors) - 1; i >= 0; i-- {
			w.suffix = append(append(append(w.suffix, "</"...), w.ancestors[i].name...), '>')
		}
	}
	return io.MultiReader(bytes.NewReader(w.prefix), bytes.NewReader(items), bytes.NewReader(w.suffix))
}

// parse parses every window with p and returns the first window's feed,
// for the feed-level fields, and the newest n items of all windows.
func (w *itemWindows) parse(p func(io.Reader) (*gofeed.Feed, error), n int) (*gofeed.Feed, []feedItem, error) {
	first, err := p(w.reader(0))
	if err != nil {
		return nil, nil, err
	}
	kept := newestItems(itemsOf(first), n)
	for k := 1; k < len(w.spans); k++ {
		gf, err := p(w.reader(k))
		if err != nil {
			return nil, nil, err
		}
		kept = newestItems(append(kept, itemsOf(gf)...), n)
	}
	return first, kept, nil
}
