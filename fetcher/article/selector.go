package article

import (
	"fmt"
	"strings"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// CheckSelector reports whether s is a CSS selector Extract can use, so a
// bad full_text_selector is refused when the configuration is loaded rather
// than on every item.
func CheckSelector(s string) error {
	_, err := cascadia.Compile(s)
	if err != nil {
		return fmt.Errorf("full_text_selector %q: %w", s, err)
	}
	return nil
}

// bySelector returns the elements sel matches, in document order, each
// once (an element inside another match comes with it). Inside them the
// boxes that are never the story (nav, aside, forms, share and
// newsletter widgets, ads) are
// still removed: a selector names the container, and containers carry them.
func bySelector(doc *html.Node, sel string) (content, title string, err error) {
	s, err := cascadia.Compile(sel)
	if err != nil {
		return "", "", fmt.Errorf("article: full_text_selector %q: %w", sel, err)
	}
	matches := s.MatchAll(doc)
	if len(matches) == 0 {
		return "", "", fmt.Errorf("%w: %q", ErrNoMatch, sel)
	}
	var b strings.Builder
	for i, n := range matches {
		if insideAny(n, matches[:i]) {
			continue
		}
		dropBoilerplate(n)
		if err := html.Render(&b, n); err != nil {
			return "", "", fmt.Errorf("article: rendering: %w", err)
		}
	}
	return b.String(), documentTitle(doc), nil
}

func insideAny(n *html.Node, others []*html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		for _, o := range others {
			if p == o {
				return true
			}
		}
	}
	return false
}

// boilerplate matches what is never article text even inside the
// article's container.
var boilerplate = cascadia.MustCompile(`nav, aside, form, button, script, style, noscript, template,
	[role=navigation], [role=complementary], [aria-hidden=true],
	.share, .sharing, .social, .related, .newsletter, .advert, .ad`)

func dropBoilerplate(root *html.Node) {
	for _, n := range boilerplate.MatchAll(root) {
		if n != root && n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
}

// documentTitle is the text of the page's <title>.
func documentTitle(doc *html.Node) string {
	var find func(*html.Node) string
	find = func(n *html.Node) string {
		if n.Type == html.ElementNode && n.DataAtom == atom.Title {
			var b strings.Builder
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.TextNode {
					b.WriteString(c.Data)
				}
			}
			return b.String()
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Body {
			return ""
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if t := find(c); t != "" {
				return t
			}
		}
		return ""
	}
	return find(doc)
}
