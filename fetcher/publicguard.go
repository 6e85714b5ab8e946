package fetcher

import (
	"context"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/netip"
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
type publicGuard struct {
	open, strict http.RoundTripper
	reason       func(netip.Addr) string // why an address is private; "" when public
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

func (g *publicGuard) CloseIdleConnections() {
	for _, rt := range []http.RoundTripper{g.open, g.strict} {
		if c, ok := rt.(interface{ CloseIdleConnections() }); ok {
			c.CloseIdleConnections()
		}
	}
}
