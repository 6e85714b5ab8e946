// Package fetcher polls sources: one shared HTTP client with conditional GET,
// politeness and limits; charset detection before parsing; gofeed for parsing;
// normalisation of every item; and the scheduler that decides when to poll.
package fetcher

import (
	"context"
	"net/http"
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
)

// Validators are the conditional-GET headers remembered from the last success.
type Validators struct {
	ETag         string
	LastModified string
}

// Response is the outcome of one HTTP exchange, read in full.
type Response struct {
	StatusCode  int
	Body        []byte // nil for 304
	ContentType string
	Validators  Validators
	// URL is the URL the body came from after redirects.
	URL string
	// PermanentURL is set when every redirect on the way was permanent
	// (301/308): the source's URL should move there.
	PermanentURL string
	// RetryAfter is the server's Retry-After (429/503), zero if absent.
	RetryAfter time.Duration
	// MaxAge is the freshness lifetime from Cache-Control max-age or Expires.
	MaxAge time.Duration
}

// NotModified reports a 304.
func (r *Response) NotModified() bool { return r.StatusCode == http.StatusNotModified }

// Client is the HTTP side of fetching. One Client is shared by every poll.
type Client struct{}

// ClientOptions configure a Client.
type ClientOptions struct {
	Poll      config.Poll
	UserAgent string
	// Transport overrides the dialing transport in tests; nil for the real one.
	Transport http.RoundTripper
}

func NewClient(opts ClientOptions) *Client { panic("unimplemented") }

// Fetch performs a conditional GET of url. A non-2xx, non-304 status is
// returned as a *StatusError with the Response filled in as far as known.
func (c *Client) Fetch(ctx context.Context, url string, v Validators) (*Response, error) {
	panic("unimplemented")
}

// Feed is a parsed, normalised source feed.
type Feed struct {
	Title   string
	SiteURL string
	FeedID  string
	// TTL is the feed's own refresh hint (RSS ttl, sy:updatePeriod), zero if none.
	TTL   time.Duration
	Items []db.Item
}

// Parse detects the body's charset, parses it as RSS, Atom or JSON Feed and
// normalises its items for source sourceID. feedURL resolves relative links.
// An HTML page is an *HTMLPageError carrying its advertised feed URL, if any.
func Parse(sourceID, feedURL, contentType string, body []byte) (*Feed, error) {
	panic("unimplemented")
}
