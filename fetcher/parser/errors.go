package parser

import (
	"errors"
	"fmt"
)

// Sentinel errors, returned wrapped with the detail of the case, so test
// them with errors.Is.
var (
	// ErrNotAFeed: the body is neither RSS, Atom nor JSON Feed. It is an
	// error, never an empty success, so that /api/sources shows it.
	ErrNotAFeed = errors.New("fetcher: not a feed")
	// ErrTooDeep: XML nested deeper than maxDepth elements. It is also an
	// ErrNotAFeed.
	ErrTooDeep = fmt.Errorf("%w: XML nested deeper than %d elements", ErrNotAFeed, maxDepth)
)

// HTMLPageError says the body was an HTML page rather than a feed. FeedURL is
// the absolute URL of the first feed the page advertises with
// <link rel="alternate">, or "" when it advertises none. It unwraps to
// ErrNotAFeed either way.
type HTMLPageError struct {
	PageURL string
	FeedURL string
}

func (e *HTMLPageError) Error() string {
	if e.FeedURL == "" {
		return fmt.Sprintf("fetcher: %s is an HTML page, not a feed, and it links to no feed (no <link rel=\"alternate\" type=\"application/rss+xml\"> or atom+xml)", e.PageURL)
	}
	return fmt.Sprintf("fetcher: %s is an HTML page, not a feed; its feed is %s", e.PageURL, e.FeedURL)
}

func (e *HTMLPageError) Unwrap() error { return ErrNotAFeed }
