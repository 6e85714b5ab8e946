package render

import (
	"sync"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/topic"
)

// selectionCache remembers selections for the store version they were made
// at, so that the three formats of a feed, its topic page, the WebSub check
// and an export select once per change, not once each: a clustered topic
// reads 48 h of items beyond its last entry, which is the costly part of a
// render. It lives here, not in the server's render cache, because it is
// what every output of the same store version shares, whatever it renders.
type selectionCache struct {
	mu      sync.Mutex
	version uint64
	calls   map[selectionKey]*selectionCall
}

type selectionKey struct {
	cfg   *config.Config // the selection's topic and the configured sources
	topic string
	every bool
	n     int
	page  int
}

type selectionCall struct {
	once    sync.Once
	entries []topic.Entry
	more    bool
	err     error
}

// get returns the selection for key at the store's version, computing it
// with sel once however many ask at the same time.
func (c *selectionCache) get(version uint64, key selectionKey, sel func() ([]topic.Entry, bool, error)) ([]topic.Entry, bool, error) {
	c.mu.Lock()
	if c.calls == nil || c.version != version {
		c.calls, c.version = map[selectionKey]*selectionCall{}, version
	}
	call := c.calls[key]
	if call == nil {
		call = &selectionCall{}
		c.calls[key] = call
	}
	c.mu.Unlock()
	call.once.Do(func() { call.entries, call.more, call.err = sel() })
	if call.err != nil {
		c.mu.Lock()
		if c.calls[key] == call {
			delete(c.calls, key) // a failure is not remembered
		}
		c.mu.Unlock()
	}
	return call.entries, call.more, call.err
}

// reset forgets every selection (benchmarks measure selecting afresh).
func (c *selectionCache) reset() {
	c.mu.Lock()
	c.calls = nil
	c.mu.Unlock()
}
