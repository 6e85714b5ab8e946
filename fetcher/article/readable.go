package article

import (
	"fmt"
	"net/url"
	"strings"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
)

// maxElements bounds Readability's work on one page: it scores every
// element, several times over on hard pages. Real news pages have a few
// thousand; the body cap already keeps pages small, this keeps a page of
// nothing but tags from costing seconds.
const maxElements = 60000

// byReadability finds the article with Readability, which scores blocks by
// their text, commas and link density and drops nav, aside, footer, share
// bars and "related" lists along the way. It mutates doc.
func byReadability(doc *html.Node, base *url.URL) (content, title string, err error) {
	p := readability.NewParser()
	p.MaxElemsToParse = maxElements
	a, err := p.ParseAndMutate(doc, base)
	if err != nil {
		return "", "", fmt.Errorf("article: readability: %w", err)
	}
	if a.Node == nil {
		return "", "", ErrTooLittleText
	}
	var b strings.Builder
	if err := a.RenderHTML(&b); err != nil {
		return "", "", fmt.Errorf("article: rendering: %w", err)
	}
	return b.String(), a.Title(), nil
}
