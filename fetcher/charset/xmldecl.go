package charset

import (
	"bytes"
	"io"
	"regexp"
)

// xmlDeclLimit bounds the search for the XML declaration, which must open
// the document; a few stray spaces before it are tolerated.
const xmlDeclLimit = 512

var (
	xmlDeclPattern     = regexp.MustCompile(`^\s*<\?xml\s[^>]*?\?>`)
	xmlEncodingPattern = regexp.MustCompile(`\s+encoding\s*=\s*(?:"([^"]*)"|'([^']*)')`)
)

// xmlDecl returns the span [start, end) of the XML declaration of b, or
// ok == false when b has none.
func xmlDecl(b []byte) (start, end int, ok bool) {
	loc := xmlDeclPattern.FindIndex(b[:min(len(b), xmlDeclLimit)])
	if loc == nil {
		return 0, 0, false
	}
	return loc[0], loc[1], true
}

// xmlDeclEncoding is the encoding the XML declaration names, "" if none.
func xmlDeclEncoding(b []byte) string {
	start, end, ok := xmlDecl(b)
	if !ok {
		return ""
	}
	m := xmlEncodingPattern.FindSubmatch(b[start:end])
	if m == nil {
		return ""
	}
	return string(m[1]) + string(m[2])
}

// WithoutXMLEncoding reads b with the encoding removed from its XML
// declaration. b is already UTF-8 (Decode made it so), and an XML
// parser that saw the old label would transcode it a second time. Only the
// declaration is rewritten: the rest of b is read in place, not copied.
func WithoutXMLEncoding(b []byte) io.Reader {
	start, end, ok := xmlDecl(b)
	if !ok {
		return bytes.NewReader(b)
	}
	decl := b[start:end]
	loc := xmlEncodingPattern.FindIndex(decl)
	if loc == nil {
		return bytes.NewReader(b)
	}
	rewritten := make([]byte, 0, len(decl))
	rewritten = append(rewritten, decl[:loc[0]]...)
	rewritten = append(rewritten, decl[loc[1]:]...)
	return io.MultiReader(bytes.NewReader(rewritten), bytes.NewReader(b[end:]))
}
