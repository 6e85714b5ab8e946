// Package fetcher polls sources: one shared HTTP client with conditional GET,
// politeness and limits; charset detection before parsing; gofeed for parsing;
// normalisation of every item; and the scheduler that decides when to poll.
//
// Fetching and parsing are separate steps on purpose: Fetch returns the bytes
// and what the server said about them (validators, final URL, retry delay),
// and Parse only ever sees a body, so each can be tested and reused alone.
package fetcher

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"net/url"
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

	// reachedPublic: some hop of the exchange was on a public address, so
	// what it leads to (a discovered feed link) must stay public.
	reachedPublic bool
	// fromPrivate: the body came from a private address (or one not known
	// to be public); a source's URL never moves there.
	fromPrivate bool
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

// ClientOptions configure a Client.
type ClientOptions struct {
	Poll      config.Poll
	UserAgent string
	// Transport overrides the dialing transport in tests; nil for the real one.
	// Poll.BlockPrivate and the public-to-private rule are enforced by the
	// real transports' dialers, so an injected transport is subject to neither.
	Transport http.RoundTripper

	// addrReason replaces blockReason, so that tests can treat a loopback
	// server as public without weakening the rule for everyone else.
	addrReason func(netip.Addr) string
	// proxy replaces http.ProxyFromEnvironment in tests (which reads the
	// environment once per process and never proxies loopback).
	proxy func(*http.Request) (*url.URL, error)
}

// NewClient builds the shared client. Zero Poll.Timeout, Poll.MaxBody and
// Poll.PerHost fall back to 30s, 16 MiB and 2, so a half-filled config never
// means "no limit". Poll.PerHost applies to an injected Transport too.
func NewClient(opts ClientOptions) *Client {
	timeout := opts.Poll.Timeout
	if timeout <= 0 {
		timeout = defaultTimeout
	}
	maxBody := opts.Poll.MaxBody
	if maxBody <= 0 {
		maxBody = defaultMaxBody
	}
	reason := opts.addrReason
	if reason == nil {
		reason = blockReason
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
	return c.fetch(ctx, url, v, fetchOptions{})
}

// CloseIdleConnections drops pooled connections, e.g. when a reloaded config
// replaces this Client with a new one.
func (c *Client) CloseIdleConnections() { c.http.CloseIdleConnections() }
