package parser

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/feedcurator/feedcurator/fetcher/charset"
)

// bodyKind is what a body looks like before any parser runs on it.
type bodyKind int

const (
	kindUnknown bodyKind = iota
	kindJSON
	kindXML
	kindHTML
)

// sniffBody classifies UTF-8 text by its first significant byte and, for
// markup, its root element, then its DOCTYPE. Servers label feeds text/html
// often enough (and some feeds carry an XHTML DOCTYPE) that a feed's root
// element wins over both. For kindUnknown, detail says what was found.
func sniffBody(text []byte, contentType string) (kind bodyKind, detail string) {
	trimmed := bytes.TrimLeft(text, " \t\r\n")
	if len(trimmed) == 0 {
		return kindUnknown, "empty body"
	}
	switch trimmed[0] {
	case '{':
		return kindJSON, ""
	case '<':
		root, htmlDoctype := rootElement(trimmed)
		switch {
		case isFeedRoot(root):
			return kindXML, ""
		case htmlDoctype || strings.EqualFold(string(localName(root)), "html") || charset.IsHTMLType(contentType):
			return kindHTML, ""
		case len(root) == 0:
			return kindUnknown, "markup without a root element"
		}
		return kindXML, "" // gofeed decides, and names an unknown root
	}
	if charset.IsHTMLType(contentType) {
		return kindHTML, ""
	}
	return kindUnknown, fmt.Sprintf("body starts with %q", trimmed[:min(len(trimmed), 24)])
}

// rootElement is the name of the first element of b, and whether a DOCTYPE
// before it declared HTML.
func rootElement(b []byte) (name []byte, htmlDoctype bool) {
	s := markupScanner{b: b}
	for {
		kind, n := s.next()
		switch kind {
		case tokEOF:
			return nil, htmlDoctype
		case tokDoctype:
			htmlDoctype = strings.EqualFold(string(n), "html")
		case tokStart, tokSelfClosing:
			return n, htmlDoctype
		case tokEnd:
			// a stray end tag before the root: keep looking
		}
	}
}

// isFeedRoot reports the root elements of RSS (rss, rdf:RDF) and Atom (feed).
func isFeedRoot(name []byte) bool {
	switch strings.ToLower(string(localName(name))) {
	case "rss", "rdf", "feed":
		return true
	}
	return false
}

func localName(name []byte) []byte {
	if i := bytes.LastIndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}
