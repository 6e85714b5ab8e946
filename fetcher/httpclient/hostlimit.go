package httpclient

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
)

// DefaultPerHost is poll.per_host when the config leaves it at zero or
// below; the scheduler's host queues fall back to it too.
const DefaultPerHost = 2

// hostLimiter is the http.RoundTripper that enforces poll.per_host: at most
// perHost requests in flight to one publisher (see hostKey) at a time.
//
// It sits between http.Client and the transport, so every hop of a redirect
// chain waits for a slot at the host that hop actually goes to, not at the
// host the source URL names. A request holds its slot until its body is
// closed, not merely until the headers arrive: a server that trickles a body
// is as busy serving us as one that is slow to answer.
//
// Client.fetch takes the slot at the source URL's host with hold before
// poll.timeout starts, so that a poll waiting in line behind the same
// publisher's other feeds does not time out; hops of that request to the
// same host use the held slot. Only a redirect to another host waits under
// the request's deadline.
type hostLimiter struct {
	next    http.RoundTripper
	perHost int

	mu    sync.Mutex
	hosts map[string]*hostSlots // only keys in use: dropped when idle

	// waiting, when set, is called as a request starts to wait for a slot
	// (tests use it to know a request is queued without sleeping).
	waiting func(key string)
}

// hostSlots is one publisher's semaphore.
type hostSlots struct {
	sem   chan struct{}
	users int // requests holding or waiting for a slot; guarded by hostLimiter.mu
}

func newHostLimiter(next http.RoundTripper, perHost int) *hostLimiter {
	if perHost <= 0 {
		perHost = DefaultPerHost
	}
	return &hostLimiter{next: next, perHost: perHost, hosts: make(map[string]*hostSlots)}
}

// RoundTrip waits for a slot at the request's host, then hands the request
// to the transport. The slot is released when the response body is closed,
// or at once when no response comes.
func (l *hostLimiter) RoundTrip(req *http.Request) (*http.Response, error) {
	key := hostKey(req.URL.Hostname())
	if held, _ := req.Context().Value(heldSlotKey{}).(string); held == key {
		return l.next.RoundTrip(req) // the exchange already holds a slot here
	}
	release, err := l.acquire(req.Context(), key)
	if err != nil {
		if req.Body != nil {
			req.Body.Close() // a RoundTripper closes the body, even on errors
		}
		return nil, err
	}
	resp, err := l.next.RoundTrip(req)
	if err != nil {
		release()
		return nil, err
	}
	if resp.Body == nil {
		release()
		return resp, nil
	}
	resp.Body = &slotBody{ReadCloser: resp.Body, release: sync.OnceFunc(release)}
	return resp, nil
}

// heldSlotKey marks a context whose exchange holds a slot (the value: its key).
type heldSlotKey struct{}

// hold takes a slot for key for a whole exchange, waiting as long as ctx
// allows; the returned context tells RoundTrip not to take another for the
// same key. release must be called once the exchange is over.
func (l *hostLimiter) hold(ctx context.Context, key string) (context.Context, func(), error) {
	release, err := l.acquire(ctx, key)
	if err != nil {
		return nil, nil, err
	}
	return context.WithValue(ctx, heldSlotKey{}, key), release, nil
}

// acquire takes a slot for key, waiting until one is free or ctx ends.
func (l *hostLimiter) acquire(ctx context.Context, key string) (release func(), err error) {
	l.mu.Lock()
	h := l.hosts[key]
	if h == nil {
		h = &hostSlots{sem: make(chan struct{}, l.perHost)}
		l.hosts[key] = h
	}
	h.users++
	l.mu.Unlock()

	release = func() {
		<-h.sem
		l.leave(key, h)
	}
	select {
	case h.sem <- struct{}{}:
		return release, nil
	default:
	}
	if l.waiting != nil {
		l.waiting(key)
	}
	select {
	case h.sem <- struct{}{}:
		return release, nil
	case <-ctx.Done():
		l.leave(key, h)
		return nil, fmt.Errorf("fetcher: waiting for one of poll.per_host=%d connection slots to %s: %w", l.perHost, key, ctx.Err())
	}
}

// leave forgets a user of h, and h itself once nobody holds or awaits a
// slot, so the map holds only the hosts in use however many sources come
// and go over months.
func (l *hostLimiter) leave(key string, h *hostSlots) {
	l.mu.Lock()
	defer l.mu.Unlock()
	h.users--
	if h.users == 0 && l.hosts[key] == h {
		delete(l.hosts, key)
	}
}

// inUse is how many hosts currently have a request holding or awaiting a slot.
func (l *hostLimiter) inUse() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.hosts)
}

// CloseIdleConnections passes the call on to the transport, which
// http.Client.CloseIdleConnections would otherwise not reach through this
// wrapper.
func (l *hostLimiter) CloseIdleConnections() {
	if c, ok := l.next.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// slotBody is a response body that gives its host slot back when closed.
type slotBody struct {
	io.ReadCloser
	release func() // idempotent
}

func (b *slotBody) Close() error {
	err := b.ReadCloser.Close()
	b.release()
	return err
}
