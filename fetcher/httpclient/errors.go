package httpclient

import (
	"errors"
	"fmt"
	"net/netip"
	"time"
)

// Sentinel errors. Each is returned wrapped with the detail of the case (the
// limit, the URL, the offending value), so test them with errors.Is.
var (
	// ErrBodyTooLarge: the body, after decompression, exceeded poll.max_body.
	// The feed is refused rather than parsed truncated.
	ErrBodyTooLarge = errors.New("fetcher: response body too large")
	// ErrTooManyRedirects: more than maxRedirects redirects.
	ErrTooManyRedirects = errors.New("fetcher: too many redirects")
	// ErrRedirectLoop: a redirect led back to a URL already visited.
	ErrRedirectLoop = errors.New("fetcher: redirect loop")
	// ErrInsecureRedirect: an https URL redirected to plain http.
	ErrInsecureRedirect = errors.New("fetcher: redirect from https to http refused")
)

// StatusError is an HTTP answer other than 2xx and 304. The scheduler decides
// from StatusCode what to do: 410 stops polling, 429/503 wait RetryAfter,
// anything else backs off.
type StatusError struct {
	StatusCode int
	Status     string // e.g. "503 Service Unavailable"
	URL        string // the URL that answered, after redirects
	// RetryAfter is the server's Retry-After for 429/503, zero if absent.
	RetryAfter time.Duration
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("fetcher: GET %s: %s", e.URL, e.Status)
	if e.RetryAfter > 0 {
		msg += fmt.Sprintf(" (retry after %s)", e.RetryAfter)
	}
	return msg
}

// Gone reports a 410: the source asked not to be polled again.
func (e *StatusError) Gone() bool { return e.StatusCode == 410 }

// BlockedAddressError is a connection refused at dial time, so redirects and
// DNS answers cannot get around it: under poll.block_private any private
// address, and whatever that setting says, a private address that a
// redirect or a discovered feed link leads to from a public one
// (AfterPublic).
type BlockedAddressError struct {
	Addr   netip.Addr
	Reason string // "loopback", "private", "link-local", ...
	// AfterPublic: refused because an earlier step of the fetch (a redirect,
	// the page that linked to the feed, the URL the source was moved from)
	// was on a public address.
	AfterPublic bool
}

func (e *BlockedAddressError) Error() string {
	if e.AfterPublic {
		return fmt.Sprintf("fetcher: refusing to connect to %s (%s address) after a public one: a redirect or feed link from the internet may not lead into a private network", e.Addr, e.Reason)
	}
	return fmt.Sprintf("fetcher: refusing to connect to %s (%s address; poll.block_private is on)", e.Addr, e.Reason)
}
