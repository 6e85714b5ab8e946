package fetcher

import "bytes"

// maxDepth is the deepest element nesting accepted. Real feeds nest a dozen
// levels; thousands of levels only serve to exhaust a parser's stack or
// memory, so such a body is refused before gofeed sees it.
const maxDepth = 256

// checkDepth fails with ErrTooDeep when b nests elements deeper than
// maxDepth. An end tag closes the nearest open element of that name, and
// the elements left open inside it, the way a lenient XML parser recovers.
func checkDepth(b []byte) error {
	s := markupScanner{b: b}
	open := make([][]byte, 0, 32)
	for {
		kind, name := s.next()
		switch kind {
		case tokEOF:
			return nil
		case tokStart:
			open = append(open, name)
			if len(open) > maxDepth {
				return ErrTooDeep
			}
		case tokEnd:
			for i := len(open) - 1; i >= 0; i-- {
				if bytes.Equal(open[i], name) {
					open = open[:i]
					break
				}
			}
		}
	}
}
