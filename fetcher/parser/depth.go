package parser

import "bytes"

// maxDepth is the deepest element nesting accepted. Real feeds nest a dozen
// levels; thousands of levels only serve to exhaust a parser's stack or
// memory, so such a body is refused before gofeed sees it.
const maxDepth = 256

// openTag is an element scanXML has seen start and not yet end.
type openTag struct {
	name       []byte
	start, end int // the start tag's bytes
}

// scanXML checks the shape of b in one allocation-light pass before gofeed
// spends memory on it. It fails with ErrTooDeep when b nests elements
// deeper than maxDepth. An end tag closes the nearest open element of that
// name, and the elements left open inside it, the way a lenient XML parser
// recovers.
//
// In the same pass it finds the feed's items (see itemWindows): the
// elements named item or entry (any namespace prefix) below the root and
// not inside another item, wherever they are, so that no item can hide from
// the windows in the markup around them. It returns nil windows when there
// are at most window of them, the common case, in which the feed is parsed
// whole.
func scanXML(b []byte, window int) (*itemWindows, error) {
	s := markupScanner{b: b}
	open := make([]openTag, 0, 32)
	w := &itemWindows{doc: b}
	itemDepth, inItem := 0, false
	for {
		kind, name := s.next()
		switch kind {
		case tokEOF:
			if w.count <= window {
				return nil, nil
			}
			w.tail = w.spans[len(w.spans)-1].end
			return w, nil
		case tokStart, tokSelfClosing:
			isItem := !inItem && len(open) > 0 && isItemName(name)
			if isItem {
				if w.count == 0 {
					w.ancestors = append([]openTag(nil), open...)
				}
				w.startItem(s.tag, window)
				w.spans[len(w.spans)-1].end = len(b) // until it ends
				if kind == tokSelfClosing {
					w.spans[len(w.spans)-1].end = s.pos
				}
			}
			if kind == tokSelfClosing {
				continue
			}
			open = append(open, openTag{name: name, start: s.tag, end: s.pos})
			if isItem {
				inItem, itemDepth = true, len(open)
			}
			if len(open) > maxDepth {
				return nil, ErrTooDeep
			}
		case tokEnd:
			for i := len(open) - 1; i >= 0; i-- {
				if bytes.Equal(open[i].name, name) {
					open = open[:i]
					break
				}
			}
			if inItem && len(open) < itemDepth {
				inItem = false
				w.spans[len(w.spans)-1].end = s.pos
			}
		}
	}
}

// isItemName reports an element named item or entry, with or without a
// namespace prefix.
func isItemName(name []byte) bool {
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	return string(name) == "item" || string(name) == "entry"
}
