package parser

import "bytes"

// tokenKind is what markupScanner found.
type tokenKind int

const (
	tokEOF tokenKind = iota
	tokStart
	tokEnd
	tokSelfClosing
	tokDoctype
)

// markupScanner walks XML markup without building anything: it reports tags
// with their names and skips text, comments, CDATA sections, processing
// instructions and the DOCTYPE's internal subset. It is lenient like gofeed's
// non-strict decoder: a '<' that opens nothing is text. It exists so that
// checks on the document's shape (nesting depth, root element) cost one
// allocation-free pass, before the real parser spends memory on it.
type markupScanner struct {
	b   []byte
	pos int
	tag int // where the tag last returned starts (its '<')
}

// next returns the next tag and its name (a slice of the input), or tokEOF.
func (s *markupScanner) next() (tokenKind, []byte) {
	for {
		i := bytes.IndexByte(s.b[s.pos:], '<')
		if i < 0 {
			s.pos = len(s.b)
			return tokEOF, nil
		}
		s.pos += i
		s.tag = s.pos
		rest := s.b[s.pos:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			s.skipPast(4, "-->")
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			s.skipPast(9, "]]>")
		case bytes.HasPrefix(rest, []byte("<?")):
			s.skipPast(2, "?>")
		case len(rest) >= 9 && bytes.EqualFold(rest[:9], []byte("<!DOCTYPE")):
			name := markupName(bytes.TrimLeft(rest[9:], " \t\r\n"))
			s.skipDoctype()
			return tokDoctype, name
		case len(rest) > 2 && rest[1] == '/' && isNameStart(rest[2]):
			name := markupName(rest[2:])
			s.skipTag()
			return tokEnd, name
		case len(rest) > 1 && isNameStart(rest[1]):
			name := markupName(rest[1:])
			if s.skipTag() {
				return tokSelfClosing, name
			}
			return tokStart, name
		default:
			s.pos++
		}
	}
}

// skipPast moves past the first end after skipping n bytes, or to EOF.
func (s *markupScanner) skipPast(n int, end string) {
	i := bytes.Index(s.b[s.pos+n:], []byte(end))
	if i < 0 {
		s.pos = len(s.b)
		return
	}
	s.pos += n + i + len(end)
}

// skipTag moves past the '>' closing the tag at pos, ignoring '>' inside
// quoted attribute values, and reports whether the tag closed itself ("/>").
func (s *markupScanner) skipTag() (selfClosing bool) { return s.skipDeclaration(1, false) }

// skipDoctype moves past a DOCTYPE, including an internal subset in [...].
func (s *markupScanner) skipDoctype() { s.skipDeclaration(2, true) }

// skipDeclaration moves past the '>' that closes the markup at pos, looking
// from pos+from, outside quotes and, with subset, outside [...]; it reports
// whether that '>' closed an empty element ("/>").
func (s *markupScanner) skipDeclaration(from int, subset bool) (selfClosing bool) {
	var quote byte
	brackets := 0
	for i := s.pos + from; i < len(s.b); i++ {
		c := s.b[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case subset && c == '[':
			brackets++
		case subset && c == ']':
			brackets--
		case c == '>' && brackets <= 0:
			s.pos = i + 1
			return s.b[i-1] == '/'
		}
	}
	s.pos = len(s.b)
	return false
}

// markupName is the tag name at the start of b.
func markupName(b []byte) []byte {
	for i, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n', '/', '>', '[':
			return b[:i]
		}
	}
	return b
}

func isNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c >= 0x80
}
