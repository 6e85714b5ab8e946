package httpclient

import (
	"crypto/tls"
	"net"
	"net/http"
	"net/url"
	"time"
)

const (
	defaultTimeout = 30 * time.Second
	defaultMaxBody = 16 << 20

	dialTimeout         = 10 * time.Second
	tlsHandshakeTimeout = 10 * time.Second
	maxHeaderBytes      = 1 << 20
)

// newTransport builds the one transport every poll shares. Each phase has its
// own timeout so that a stuck dial or handshake fails with a clear error; the
// whole exchange is still bounded by the request's context (poll.timeout).
//
// Compression is left to the transport: it asks for gzip and decompresses
// transparently, and the body limit is applied to what it hands back, i.e.
// after decompression.
//
// guard, when set, checks every address dialled. proxy is the proxy
// function (nil: none); with a guard there must be none, since the
// dial-time check would only see the proxy, not where the proxy connects to.
func newTransport(timeout time.Duration, guard *dialGuard, proxy func(*http.Request) (*url.URL, error), perHost int) *http.Transport {
	dialer := &net.Dialer{Timeout: min(dialTimeout, timeout), KeepAlive: 30 * time.Second}
	if guard != nil {
		dialer.Control = guard.control
	}
	return &http.Transport{
		Proxy:                  proxy,
		DialContext:            dialer.DialContext,
		ForceAttemptHTTP2:      true,
		TLSClientConfig:        &tls.Config{MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:    min(tlsHandshakeTimeout, timeout),
		ResponseHeaderTimeout:  timeout,
		ExpectContinueTimeout:  time.Second,
		MaxIdleConns:           64,
		MaxIdleConnsPerHost:    max(perHost, 4), // keep-alive for every slot of a busy host
		IdleConnTimeout:        90 * time.Second,
		MaxResponseHeaderBytes: maxHeaderBytes,
	}
}
