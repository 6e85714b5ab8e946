package feedgen

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// The XML checks of the corpus test: a strict parse, then the shape RFC 4287
// and RSS 2.0 require.

// xmlNode is an element read back without knowing its shape.
type xmlNode struct {
	name  xml.Name
	attrs []xml.Attr
	kids  []*xmlNode
	text  []byte
}

func (n *xmlNode) attr(local string) string {
	for _, a := range n.attrs {
		if a.Name.Space == "" && a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

func (n *xmlNode) children(space, local string) []*xmlNode {
	var out []*xmlNode
	for _, k := range n.kids {
		if k.name.Space == space && k.name.Local == local {
			out = append(out, k)
		}
	}
	return out
}

// child is the first such child, or nil.
func (n *xmlNode) child(space, local string) *xmlNode {
	if c := n.children(space, local); len(c) > 0 {
		return c[0]
	}
	return nil
}

// childText is the text of the first such child; ok is false without one.
func (n *xmlNode) childText(space, local string) (text string, ok bool) {
	if c := n.child(space, local); c != nil {
		return string(c.text), true
	}
	return "", false
}

// parseXMLTree decodes strictly: an entity XML does not predefine, a
// character it forbids, a mismatched tag or a DOCTYPE is an error.
func parseXMLTree(out []byte) (*xmlNode, error) {
	d := xml.NewDecoder(bytes.NewReader(out))
	var root *xmlNode
	var stack []*xmlNode
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &xmlNode{name: tok.Name, attrs: tok.Copy().Attr}
			switch {
			case len(stack) > 0:
				top := stack[len(stack)-1]
				top.kids = append(top.kids, n)
			case root != nil:
				return nil, errors.New("a second root element")
			default:
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				top := stack[len(stack)-1]
				top.text = append(top.text, tok...)
			}
		case xml.Directive:
			return nil, fmt.Errorf("directive <!%s>", tok)
		}
	}
	if root == nil {
		return nil, errors.New("no root element")
	}
	return root, nil
}

// xmlEntityRef is an entity reference; XML predefines five, and these
// outputs declare no others.
var xmlEntityRef = regexp.MustCompile(`&([A-Za-z_][-A-Za-z0-9._]*);`)

// checkXMLOutput checks an Atom or RSS feed of n items.
func checkXMLOutput(p *problems, src *sourceText, f Format, out []byte, n int) {
	for _, m := range xmlEntityRef.FindAllSubmatch(out, -1) {
		switch string(m[1]) {
		case "amp", "lt", "gt", "quot", "apos":
		default:
			p.addf("undeclared entity %s in the XML", m[0])
		}
	}
	root, err := parseXMLTree(out)
	if err != nil {
		p.addf("not well-formed XML: %v", err)
		return
	}
	checkXMLTexts(p, src, f, root, root.name.Local)
	if f == Atom {
		checkAtomShape(p, root, n)
	} else {
		checkRSSShape(p, root, n)
	}
}

// checkXMLTexts checks every character data and attribute value below n.
// HTML is the text of Atom elements typed html and RSS descriptions.
func checkXMLTexts(p *problems, src *sourceText, f Format, n *xmlNode, path string) {
	kind := textPlain
	switch {
	case f == Atom && n.attr("type") == "html":
		kind = textHTML
	case f == RSS && (n.name.Local == "description" || n.name.Local == "encoded"):
		kind = textHTML
	}
	checkText(p, src, path, string(n.text), kind)
	for _, a := range n.attrs {
		checkText(p, src, path+"/@"+a.Name.Local, a.Value, textPlain)
	}
	for _, k := range n.kids {
		checkXMLTexts(p, src, f, k, path+"/"+k.name.Local)
	}
}

// checkAtomShape checks what RFC 4287 requires of a feed and its entries.
func checkAtomShape(p *problems, feed *xmlNode, n int) {
	if feed.name != (xml.Name{Space: atomNS, Local: "feed"}) {
		p.addf("root is %v, not atom:feed", feed.name)
		return
	}
	id, _ := feed.childText(atomNS, "id")
	uniqueID(p, map[string]bool{}, "feed", id, true)
	if title, ok := feed.childText(atomNS, "title"); !ok || strings.TrimSpace(title) == "" {
		p.addf("feed: no title")
	}
	updated, _ := feed.childText(atomNS, "updated")
	checkRFC3339(p, "feed updated", updated, true)
	checkAtomLinks(p, "feed", feed)
	// The daemon is nobody's author: a feed-level author would be
	// inherited by every entry without one (RFC 4287 section 4.2.1).
	for _, a := range feed.children(atomNS, "author") {
		if name, _ := a.childText(atomNS, "name"); strings.EqualFold(strings.TrimSpace(name), generatorName) {
			p.addf("feed: author %q credits the daemon", name)
		}
	}
	feedAuthor := hasAtomAuthor(feed)
	entries := feed.children(atomNS, "entry")
	if len(entries) != n {
		p.addf("%d entries, want %d", len(entries), n)
	}
	ids := map[string]bool{}
	for i, e := range entries {
		where := fmt.Sprintf("entry %d", i)
		id, _ := e.childText(atomNS, "id")
		uniqueID(p, ids, where, id, true)
		if _, ok := e.childText(atomNS, "title"); !ok {
			p.addf("%s: no title", where)
		}
		updated, _ := e.childText(atomNS, "updated")
		checkRFC3339(p, where+" updated", updated, true)
		published, _ := e.childText(atomNS, "published")
		checkRFC3339(p, where+" published", published, false)
		if src := e.child(atomNS, "source"); !feedAuthor && !hasAtomAuthor(e) && (src == nil || !hasAtomAuthor(src)) {
			p.addf("%s: no author, none in its source and none at feed level", where)
		}
		alternate := checkAtomLinks(p, where, e)
		if !alternate && e.child(atomNS, "content") == nil {
			p.addf("%s: neither an alternate link nor content", where)
		}
		if src := e.child(atomNS, "source"); src != nil {
			if id, ok := src.childText(atomNS, "id"); ok && !isAbsoluteIRIRef(id) {
				p.addf("%s source: id %q is not an absolute IRI", where, id)
			}
			checkAtomLinks(p, where+" source", src)
		}
	}
}

// checkAtomLinks checks that every link of n has an absolute IRI, and
// reports whether one of them is the alternate.
func checkAtomLinks(p *problems, where string, n *xmlNode) (alternate bool) {
	for _, l := range n.children(atomNS, "link") {
		if href := l.attr("href"); !isAbsoluteIRIRef(href) {
			p.addf("%s: link href %q is not an absolute IRI", where, href)
		}
		if rel := l.attr("rel"); rel == "" || rel == "alternate" {
			alternate = true
		}
	}
	return alternate
}

func hasAtomAuthor(n *xmlNode) bool {
	for _, a := range n.children(atomNS, "author") {
		if name, _ := a.childText(atomNS, "name"); strings.TrimSpace(name) != "" {
			return true
		}
	}
	return false
}

// checkRSSShape checks what RSS 2.0 requires of a channel and its items.
func checkRSSShape(p *problems, rss *xmlNode, n int) {
	if rss.name.Local != "rss" || rss.attr("version") != "2.0" {
		p.addf("root is <%s version=%q>, not RSS 2.0", rss.name.Local, rss.attr("version"))
		return
	}
	ch := rss.child("", "channel")
	if ch == nil {
		p.addf("no channel")
		return
	}
	for _, name := range []string{"title", "link", "description"} {
		if text, _ := ch.childText("", name); strings.TrimSpace(text) == "" {
			p.addf("channel: no %s", name)
		}
	}
	for _, name := range []string{"pubDate", "lastBuildDate"} {
		text, _ := ch.childText("", name)
		checkRFC1123Z(p, "channel "+name, text)
	}
	self := false
	for _, l := range ch.children(atomNS, "link") {
		self = self || l.attr("rel") == "self" && isAbsoluteIRIRef(l.attr("href"))
	}
	if !self {
		p.addf("channel: no atom:link rel=self")
	}
	items := ch.children("", "item")
	if len(items) != n {
		p.addf("%d items, want %d", len(items), n)
	}
	guids := map[string]bool{}
	for i, it := range items {
		where := fmt.Sprintf("item %d", i)
		title, _ := it.childText("", "title")
		desc, _ := it.childText("", "description")
		if strings.TrimSpace(title) == "" && strings.TrimSpace(desc) == "" {
			p.addf("%s: neither title nor description", where)
		}
		pub, _ := it.childText("", "pubDate")
		checkRFC1123Z(p, where+" pubDate", pub)
		if guid, ok := it.childText("", "guid"); ok {
			uniqueID(p, guids, where+" guid", guid, false)
		}
		if link, ok := it.childText("", "link"); ok && !isAbsoluteIRIRef(link) {
			p.addf("%s: link %q is not absolute", where, link)
		}
	}
}
