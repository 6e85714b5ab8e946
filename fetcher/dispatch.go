package fetcher

import (
	"context"
	"net/url"
	"sync"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/fetcher/httpclient"
)

// hostQueues is the scheduler's side of poll.per_host. Due sources wait in
// one queue per host, and a source leaves its queue only when its host has a
// free slot; only then does it take one of the poll.concurrency slots. A
// source waiting for a busy host therefore never holds a global slot, and
// sixty slow feeds on one host cannot keep the other hosts waiting.
//
// The client's host limiter (fetcher/httpclient) still enforces the limit
// by the host actually connected to; the queues here key by the configured
// URL, which is the same host except after a redirect to another one.
type hostQueues struct {
	mu    sync.Mutex
	busy  map[string]int // polls in flight per host key
	freed chan struct{}  // closed and replaced whenever a host slot is released
}

func newHostQueues() *hostQueues {
	return &hostQueues{busy: map[string]int{}, freed: make(chan struct{})}
}

// reserve takes a slot at the first host in order, starting at from, that
// has work queued and a free slot. When none has, it returns the channel
// that is closed at the next release, taken under the same lock so that no
// release is missed.
func (q *hostQueues) reserve(order []string, queued map[string][]int, from, perHost int) (at int, wait <-chan struct{}) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for n := range order {
		i := (from + n) % len(order)
		key := order[i]
		if len(queued[key]) > 0 && q.busy[key] < perHost {
			q.busy[key]++
			return i, nil
		}
	}
	return -1, q.freed
}

func (q *hostQueues) release(key string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.busy[key]--; q.busy[key] <= 0 {
		delete(q.busy, key)
	}
	close(q.freed)
	q.freed = make(chan struct{})
}

// sourceHostKey is the per-host queue a source waits in.
func sourceHostKey(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return rawURL
	}
	return httpclient.HostKey(rawURL)
}

// dispatch starts a poll of every source in due, at most perHost at a time
// per host and one per free slot of slots, hosts taking turns and each
// host's sources in config order. start(i, done) runs the poll of due[i] in
// its own goroutine and must call done when it is over. When stop ends
// first, dispatch returns the indexes it did not start.
func (q *hostQueues) dispatch(stop context.Context, due []config.Source, perHost int, slots chan struct{}, start func(i int, done func())) (notStarted []int) {
	if perHost <= 0 {
		perHost = httpclient.DefaultPerHost
	}
	queued := map[string][]int{}
	var order []string
	for i, src := range due {
		key := sourceHostKey(src.URL)
		if _, ok := queued[key]; !ok {
			order = append(order, key)
		}
		queued[key] = append(queued[key], i)
	}
	left := func() []int {
		var rest []int
		for _, key := range order {
			rest = append(rest, queued[key]...)
		}
		return rest
	}
	next := 0
	for remaining := len(due); remaining > 0; {
		at, wait := q.reserve(order, queued, next, perHost)
		if at < 0 {
			select {
			case <-wait:
				continue
			case <-stop.Done():
				return left()
			}
		}
		key := order[at]
		select {
		case slots <- struct{}{}:
		case <-stop.Done():
			q.release(key)
			return left()
		}
		if stop.Err() != nil { // stopped while a slot came free
			<-slots
			q.release(key)
			return left()
		}
		i := queued[key][0]
		queued[key] = queued[key][1:]
		remaining--
		next = at + 1
		start(i, func() {
			<-slots
			q.release(key)
		})
	}
	return nil
}
