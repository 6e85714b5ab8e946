package httpclient

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/feedcurator/feedcurator/config"
)

// acceptHeader prefers the feed formats, then generic XML/JSON, then
// anything (some servers answer 406 when */* is missing).
const acceptHeader = "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"

// drainLimit is how much of an error body is read so the connection can be
// reused; a longer one is simply closed.
const drainLimit = 64 << 10

// FetchOptions are what a poll adds to a plain Fetch.
type FetchOptions struct {
	// PublicOnly continues a fetch that reached a public address, so that
	// no hop of this one may reach a private address.
	PublicOnly bool
	// Headers are the source's configured request headers, sent only to
	// HeaderHost, the host of the URL the user configured them for: never
	// to a redirect target elsewhere, nor to a host the source moved to.
	Headers    config.Headers
	HeaderHost string
	// accept replaces the feed formats' Accept header (a page, not a feed).
	accept string
}

// fetch is Fetch with a poll's options, or a page's.
func (c *Client) fetch(parent context.Context, rawURL string, v Validators, o FetchOptions) (*Response, error) {
	// The slot at the source's host is taken before poll.timeout starts:
	// waiting in line behind a publisher's other feeds is politeness, not
	// slowness, and must not fail the poll.
	if u, err := url.Parse(rawURL); err == nil && u.Host != "" {
		held, release, err := c.limiter.hold(parent, hostKey(u.Hostname()))
		if err != nil {
			return nil, err
		}
		defer release()
		parent = held
	}
	ctx, cancel := context.WithTimeout(parent, c.timeout)
	defer cancel()
	ctx, ex := withExchange(ctx, o.PublicOnly)
	ctx = context.WithValue(ctx, fetchOptionsKey{}, &o)
	req, err := c.newRequest(ctx, rawURL, v)
	if err != nil {
		return nil, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, c.transportError(parent, rawURL, err)
	}
	defer resp.Body.Close()

	out := c.describe(resp, v)
	out.ReachedPublic, out.FromPrivate = ex.reachedPublic.Load(), ex.lastPrivate.Load()
	switch {
	case resp.StatusCode == http.StatusNotModified:
		return out, nil
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		body, err := readBody(resp.Body, resp.ContentLength, c.maxBody)
		if err != nil {
			if errors.Is(err, ErrBodyTooLarge) {
				return out, fmt.Errorf("%w (GET %s)", err, out.URL)
			}
			return out, c.transportError(parent, out.URL, err)
		}
		out.Body = body
		return out, nil
	default:
		_, _ = io.CopyN(io.Discard, resp.Body, drainLimit)
		return out, &StatusError{
			StatusCode: resp.StatusCode,
			Status:     resp.Status,
			URL:        out.URL,
			RetryAfter: out.RetryAfter,
		}
	}
}

// newRequest builds the conditional GET. Only absolute http(s) URLs are
// fetched: a source URL is never a file or another scheme.
func (c *Client) newRequest(ctx context.Context, rawURL string, v Validators) (*http.Request, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("fetcher: source URL %q: %w", rawURL, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("fetcher: source URL %q: only absolute http and https URLs can be fetched", rawURL)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("fetcher: source URL %q: %w", rawURL, err)
	}
	req.Header.Set("Accept", acceptHeader)
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}
	if o, _ := ctx.Value(fetchOptionsKey{}).(*FetchOptions); o != nil {
		if o.accept != "" {
			req.Header.Set("Accept", o.accept)
		}
		o.setHeaders(req)
	}
	return req, nil
}

type fetchOptionsKey struct{}

// setHeaders adds the source's configured headers to a request for their
// host and takes them off a request for any other (the http.Client copies
// the first request's headers onto every redirect).
func (o *FetchOptions) setHeaders(req *http.Request) {
	if len(o.Headers) == 0 {
		return
	}
	ours := strings.EqualFold(req.URL.Hostname(), o.HeaderHost)
	for name, value := range o.Headers {
		if ours {
			req.Header.Set(name, value)
		} else {
			req.Header.Del(name)
		}
	}
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", acceptHeader)
	}
}

// describe fills a Response from the status line and headers; the body is
// read by the caller.
func (c *Client) describe(resp *http.Response, sent Validators) *Response {
	now := c.now()
	out := &Response{
		StatusCode:   resp.StatusCode,
		ContentType:  resp.Header.Get("Content-Type"),
		Validators:   validatorsFrom(resp.Header, sent, resp.StatusCode == http.StatusNotModified),
		URL:          resp.Request.URL.String(),
		PermanentURL: permanentURL(resp),
		MaxAge:       maxAge(resp.Header, now),
	}
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
		out.RetryAfter = retryAfter(resp.Header, now)
	}
	return out
}

// transportError wraps a failed exchange, saying plainly when poll.timeout
// ran out (rather than the caller's own context ending).
func (c *Client) transportError(parent context.Context, rawURL string, err error) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = uerr.Err
	}
	if parent.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("fetcher: GET %s: timed out after %s (poll.timeout): %w", rawURL, c.timeout, err)
	}
	return fmt.Errorf("fetcher: GET %s: %w", rawURL, err)
}

// urlHostname is the host name of rawURL, "" when it has none.
func urlHostname(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	return u.Hostname()
}
