package httpclient

import (
	"context"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/netip"
	"net/url"
	"sync/atomic"
)

// publicGuard keeps a fetch that has reached the internet out of private
// networks, whatever poll.block_private says: a hostile public feed must not
// redirect or link the daemon to 127.0.0.1, 169.254.169.254 or the LAN,
// while a source URL the user wrote may well be an intranet feed.
//
// It sits under the hostLimiter, so it sees every hop of a redirect chain.
// Each hop notes whether the connection it got (new or reused) is to a
// public address; once one is, the later hops go through strict, a
// transport of its own whose dialer refuses private addresses after DNS
// resolution (so a name that rebinds to a private address between hops is
// caught) and whose idle pool therefore never holds a private connection
// that a public redirect could reuse.
//
// Through an HTTP proxy (http_proxy and the like, when block_private is
// off) the connection is to the proxy, so a hop is judged instead by the
// addresses its host name resolves to here, and after a public hop one to a
// private host is refused before it is sent. The proxy resolves the name
// again, so there the check is not proof against DNS rebinding.
type publicGuard struct {
	open, strict http.RoundTripper
	reason       func(netip.Addr) string // why an address is private; "" when public
	proxy        func(*http.Request) (*url.URL, error)
	lookup       func(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// exchange is what publicGuard learns about one Fetch across its hops.
type exchange struct {
	reachedPublic atomic.Bool // from now on, public addresses only
	lastPrivate   atomic.Bool // the latest hop connected to a private address
}

type exchangeKey struct{}

// withExchange starts following a fetch; publicOnly says that it continues
// a public one (a feed link found on a public page, a URL moved from one).
func withExchange(ctx context.Context, publicOnly bool) (context.Context, *exchange) {
	ex := &exchange{}
	ex.reachedPublic.Store(publicOnly)
	return context.WithValue(ctx, exchangeKey{}, ex), ex
}

func (g *publicGuard) RoundTrip(req *http.Request) (*http.Response, error) {
	ex, _ := req.Context().Value(exchangeKey{}).(*exchange)
	if ex == nil {
		return g.open.RoundTrip(req)
	}
	if g.proxied(req) {
		if err := g.judgeByName(req, ex); err != nil {
			if req.Body != nil {
				req.Body.Close()
			}
			return nil, err
		}
		return g.open.RoundTrip(req)
	}
	rt := g.open
	if ex.reachedPublic.Load() {
		rt = g.strict
	}
	trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
		private := g.isPrivate(info.Conn)
		ex.lastPrivate.Store(private)
		if !private {
			ex.reachedPublic.Store(true)
		}
	}}
	return rt.RoundTrip(req.WithContext(httptrace.WithClientTrace(req.Context(), trace)))
}

// isPrivate judges a connection by the address it is connected to. Through
// a proxy that is the proxy's address.
func (g *publicGuard) isPrivate(c net.Conn) bool {
	ap, err := netip.ParseAddrPort(c.RemoteAddr().String())
	return err != nil || g.reason(ap.Addr()) != ""
}

func (g *publicGuard) proxied(req *http.Request) bool {
	if g.proxy == nil {
		return false
	}
	u, err := g.proxy(req)
	return err == nil && u != nil
}

// judgeByName is the check of a hop sent through a proxy: its host is
// private when it is, or resolves to, a private address (or does not
// resolve here at all).
func (g *publicGuard) judgeByName(req *http.Request, ex *exchange) error {
	host := req.URL.Hostname()
	addrs := []netip.Addr{}
	if addr, err := netip.ParseAddr(host); err == nil {
		addrs = append(addrs, addr)
	} else if addrs, err = g.lookup(req.Context(), "ip", host); err != nil {
		addrs = nil
	}
	private, reason := len(addrs) == 0, "unresolved"
	var at netip.Addr
	for _, a := range addrs {
		if r := g.reason(a); r != "" {
			private, reason, at = true, r, a
			break
		}
	}
	if private && ex.reachedPublic.Load() {
		return &BlockedAddressError{Addr: at, Reason: reason, AfterPublic: true}
	}
	ex.lastPrivate.Store(private)
	if !private {
		ex.reachedPublic.Store(true)
	}
	return nil
}

func (g *publicGuard) CloseIdleConnections() {
	for _, rt := range []http.RoundTripper{g.open, g.strict} {
		if c, ok := rt.(interface{ CloseIdleConnections() }); ok {
			c.CloseIdleConnections()
		}
	}
}
