// Package httpclient is the one HTTP client every poll and every article
// page goes through: conditional GET, redirects (followed with care,
// permanent ones reported), poll.timeout, poll.max_body after
// decompression, poll.per_host slots per publisher, the User-Agent, and the
// address rules (poll.block_private, and never a private address after a
// public one). It fetches bytes and says what the server said about them;
// parsing is fetcher/parser's.
package httpclient

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"time"

	"github.com/feedcurator/feedcurator/config"
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

	// ReachedPublic: some hop of the exchange was on a public address, so
	// what it leads to (a discovered feed link, an item's page) must stay
	// public (FetchOptions.PublicOnly).
	ReachedPublic bool
	// FromPrivate: the body came from a private address (or one not known
	// to be public); a source's URL never moves there.
	FromPrivate bool
}

// NotModified reports a 304.
func (r *Response) NotModified() bool { return r.StatusCode == http.StatusNotModified }

// Client is the HTTP side of fetching. One Client is shared by every poll: it
// owns the one *http.Transport, so connections are pooled across sources.
type Client struct {
	http      *http.Client
	limiter   *hostLimiter
	userAgent string
	timeout   time.Duration // poll.timeout: the whole exchange, body included
	maxBody   int64         // poll.max_body, after decompression
	now       func() time.Time
}

// Options configure a Client.
type Options struct {
	Poll      config.Poll
	UserAgent string
	// Transport overrides the dialing transport in tests; nil for the real one.
	// Poll.BlockPrivate and the public-to-private rule are enforced by the
	// real transports' dialers, so an injected transport is subject to neither.
	Transport http.RoundTripper

	// PublicAddrs are addresses counted as public whatever they are, so
	// that tests can serve "the internet" from a loopback server; nil (as
	// in every real use) leaves the rules as they are.
	PublicAddrs []netip.Addr
	// proxy replaces http.ProxyFromEnvironment in tests (which reads the
	// environment once per process and never proxies loopback).
	proxy func(*http.Request) (*url.URL, error)
}

// New builds the shared client. Zero Poll.Timeout, Poll.MaxBody and
// Poll.PerHost fall back to 30s, 16 MiB and 2, so a half-filled config never
// means "no limit". Poll.PerHost applies to an injected Transport too.
func New(opts Options) *Client {
	timeout := opts.Poll.Timeout
	if timeout <= 0 {
		timeout = defaultTimeout
	}
	maxBody := opts.Poll.MaxBody
	if maxBody <= 0 {
		maxBody = defaultMaxBody
	}
	reason := blockReason
	if len(opts.PublicAddrs) > 0 {
		reason = func(addr netip.Addr) string {
			if slices.Contains(opts.PublicAddrs, addr.Unmap()) {
				return ""
			}
			return blockReason(addr)
		}
	}
	guard := &publicGuard{open: opts.Transport, strict: opts.Transport, reason: reason, lookup: net.DefaultResolver.LookupNetIP}
	if opts.Transport == nil {
		var openDial *dialGuard
		guard.proxy = opts.proxy
		if guard.proxy == nil {
			guard.proxy = http.ProxyFromEnvironment
		}
		if opts.Poll.BlockPrivate {
			openDial, guard.proxy = &dialGuard{reason: reason}, nil
		}
		guard.open = newTransport(timeout, openDial, guard.proxy, opts.Poll.PerHost)
		guard.strict = newTransport(timeout, &dialGuard{reason: reason, afterPublic: true}, nil, opts.Poll.PerHost)
	}
	limiter := newHostLimiter(guard, opts.Poll.PerHost)
	return &Client{
		http: &http.Client{
			Transport:     limiter,
			CheckRedirect: checkRedirect,
		},
		limiter:   limiter,
		userAgent: opts.UserAgent,
		timeout:   timeout,
		maxBody:   maxBody,
		now:       time.Now,
	}
}

// Fetch performs a conditional GET of url. A non-2xx, non-304 status is
// returned as a *StatusError with the Response filled in as far as known.
//
// Other errors: ErrBodyTooLarge (with the Response), ErrTooManyRedirects,
// ErrRedirectLoop, ErrInsecureRedirect, a *BlockedAddressError (under
// poll.block_private, or a redirect from a public address to a private one), and context.DeadlineExceeded when poll.timeout runs out
// (test with errors.Is / errors.As). The whole exchange, body included, is
// bounded by poll.timeout as well as by ctx; so is the wait for a
// poll.per_host slot at each host the exchange goes to.
func (c *Client) Fetch(ctx context.Context, url string, v Validators) (*Response, error) {
	return c.fetch(ctx, url, v, FetchOptions{})
}

// FetchWith is Fetch with what a poll adds (see FetchOptions).
func (c *Client) FetchWith(ctx context.Context, url string, v Validators, o FetchOptions) (*Response, error) {
	return c.fetch(ctx, url, v, o)
}

// CloseIdleConnections drops pooled connections, e.g. when a reloaded config
// replaces this Client with a new one.
func (c *Client) CloseIdleConnections() { c.http.CloseIdleConnections() }
