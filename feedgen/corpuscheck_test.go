package feedgen

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/feedcurator/feedcurator/topic"
	"github.com/mmcdole/gofeed"
)

// What "a feed every reader accepts" means, checked on the bytes Render
// wrote and written without the code under test: well-formed XML (a strict
// token walk) or valid JSON; valid UTF-8 with no character XML forbids; no
// entity XML does not declare; nothing escaped twice, and no entity left in
// plain text; dates in the form each format prescribes; the elements each
// format requires; ids unique and, in Atom, absolute IRIs; and gofeed reads
// every entry back, title and link intact.

// problems collects what is wrong with one output.
type problems []string

func (p *problems) addf(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

// checkOutput returns the problems of one rendered feed of entries; src is
// the text Render was given.
func checkOutput(f Format, out []byte, entries []topic.Entry, src *sourceText) problems {
	var p problems
	if !utf8.Valid(out) {
		p.addf("output is not valid UTF-8")
	}
	switch f {
	case JSON:
		checkJSONOutput(&p, src, out, len(entries))
	default:
		checkXMLOutput(&p, src, f, out, len(entries))
	}
	checkParsesBack(&p, out, entries)
	return p
}

// corpusParser reads outputs back as a reader would. The image scan is off:
// it costs a full HTML parse per item and checks nothing here.
var corpusParser = func() *gofeed.Parser {
	p := gofeed.NewParser()
	p.RSSTranslator = &gofeed.DefaultRSSTranslator{DisableContentImageScan: true}
	return p
}()

// checkParsesBack: gofeed reads every entry back, with its title and link
// as given (an RSS item with neither title nor description is titled by its
// link).
func checkParsesBack(p *problems, out []byte, entries []topic.Entry) {
	back, err := corpusParser.Parse(bytes.NewReader(out))
	if err != nil {
		p.addf("gofeed cannot parse it: %v", err)
		return
	}
	if len(back.Items) != len(entries) {
		p.addf("gofeed reads %d items, want %d", len(back.Items), len(entries))
		return
	}
	for i, got := range back.Items {
		title, link := asXMLText(entries[i].Item.Title), asXMLText(entries[i].Item.Link)
		if got.Title != title && !(title == "" && got.Title == link) {
			p.addf("item %d: gofeed reads the title %q, want %q", i, got.Title, title)
		}
		if got.Link != link {
			p.addf("item %d: gofeed reads the link %q, want %q", i, got.Link, link)
		}
	}
}

// asXMLText is s as an output can carry it: bytes that are not UTF-8 as
// U+FFFD, characters XML forbids dropped.
func asXMLText(s string) string {
	return strings.Map(func(r rune) rune {
		if forbiddenInXML(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

var rfc3339Shape = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$`)

func checkRFC3339(p *problems, where, s string, required bool) {
	if s == "" {
		if required {
			p.addf("%s: missing", where)
		}
		return
	}
	if _, err := time.Parse(time.RFC3339, s); err != nil || !rfc3339Shape.MatchString(s) {
		p.addf("%s: %q is not an RFC 3339 date", where, s)
	}
}

func checkRFC1123Z(p *problems, where, s string) {
	if s == "" {
		return
	}
	if _, err := time.Parse(time.RFC1123Z, s); err != nil {
		p.addf("%s: %q is not an RFC 1123 date with a numeric zone", where, s)
	}
}

var iriScheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:.`)

// isAbsoluteIRIRef is a syntax check of an absolute IRI: a scheme, something
// after it, nothing RFC 3987 excludes, and percent signs that escape.
func isAbsoluteIRIRef(s string) bool {
	if !iriScheme.MatchString(s) || !utf8.ValidString(s) || strings.ContainsAny(s, " <>\"{}|\\^`") {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r >= 0x7f && r <= 0x9f {
			return false
		}
	}
	_, err := url.Parse(s)
	return err == nil
}

// uniqueID checks an entry id: present, unique in the output, and an
// absolute IRI when iri is set.
func uniqueID(p *problems, seen map[string]bool, where, id string, iri bool) {
	switch {
	case id == "":
		p.addf("%s: no id", where)
	case seen[id]:
		p.addf("%s: id %q used twice", where, id)
	case iri && !isAbsoluteIRIRef(id):
		p.addf("%s: id %q is not an absolute IRI", where, id)
	}
	seen[id] = true
}
