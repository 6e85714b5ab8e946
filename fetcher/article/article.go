// Package article turns a fetched HTML page into the article a reader came
// for: the page decoded to UTF-8, the story's block found (by a site's CSS
// selector when one is configured, else by Readability, the algorithm behind
// Firefox's Reader View), the site's navigation, sidebars and footers left
// out, and the result sanitised like feed content. It does no I/O: the
// fetcher hands it bytes it got through its own client and limits.
package article

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"net/url"
	"strings"

	"golang.org/x/net/html"

	"github.com/feedcurator/feedcurator/fetcher/charset"
	"github.com/feedcurator/feedcurator/fetcher/sanitize"
	"github.com/feedcurator/feedcurator/internal/htmltext"
)

// Page is one fetched page, as the client received it.
type Page struct {
	Body        []byte
	URL         string // the page's final URL, after redirects: relative links resolve against it
	ContentType string // the Content-Type header, "" if none
}

// Article is what Extract found.
type Article struct {
	Title   string // the page's own title, "" if none
	HTML    string // the article, sanitised, links and images absolute
	Text    string // HTML as plain text on one line, as topics read it
	Charset string // the encoding the page was read in
}

// Extractor finds articles in pages. A page is read, and its article
// cleaned, by exactly the rules feed content obeys: the fetcher's charset
// decoder (charset.Decode) and sanitiser (sanitize.Content). An Extractor
// is safe for concurrent use; its zero value is ready.
type Extractor struct {
	// MinText is the least amount of text (see textWeight) an article
	// must have; 0 means DefaultMinText.
	MinText int
}

// Errors that leave the item as the feed gave it. They are distinct so the
// fetcher can count why full text failed.
var (
	ErrNotHTML       = errors.New("article: page is not HTML")
	ErrTooLittleText = errors.New("article: too little text (paywall, consent wall or empty page)")
	ErrNoMatch       = errors.New("article: selector matches nothing on the page")
)

// Extract finds the article in page: the elements selector matches when
// selector is not empty (a source's full_text_selector; Readability is not
// consulted then), else the block Readability picks. A page that is not
// HTML, where the selector finds nothing, or whose article is too short to
// be more than a teaser gives an error and no Article.
func (e Extractor) Extract(page Page, selector string) (Article, error) {
	if !isHTML(page.ContentType, page.Body) {
		return Article{}, fmt.Errorf("%w (%s)", ErrNotHTML, page.ContentType)
	}
	base, err := url.Parse(page.URL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return Article{}, fmt.Errorf("article: page URL %q is not an absolute http(s) URL", page.URL)
	}
	body, charsetName := charset.Decode(page.Body, page.ContentType)
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil { // x/net/html only fails on reader errors; kept for safety
		return Article{}, fmt.Errorf("article: parsing %s: %w", page.URL, err)
	}
	var raw, title string
	if selector != "" {
		raw, title, err = bySelector(doc, selector)
	} else {
		raw, title, err = byReadability(doc, base)
	}
	if err != nil {
		return Article{}, err
	}
	clean := sanitize.Content(raw, base)
	text := htmltext.Line(clean)
	minText := e.MinText
	if minText <= 0 {
		minText = DefaultMinText
	}
	if w := textWeight(text); w < minText {
		return Article{}, fmt.Errorf("%w: %d of %d", ErrTooLittleText, w, minText)
	}
	return Article{Title: strings.TrimSpace(title), HTML: clean, Text: text, Charset: charsetName}, nil
}

// isHTML accepts text/html and XHTML by Content-Type, and, when the server
// sent none or a generic one, a body that starts like markup.
func isHTML(contentType string, body []byte) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err == nil {
		switch mt {
		case "text/html", "application/xhtml+xml":
			return true
		case "", "application/octet-stream", "text/plain", "binary/octet-stream":
		default:
			return false
		}
	}
	head := bytes.TrimLeft(body[:min(len(body), 512)], "\ufeff \t\r\n")
	return len(head) > 0 && head[0] == '<'
}
