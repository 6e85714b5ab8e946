package server

import (
	"errors"
	"sync"
	"time"
)

// errNotFound is what a render returns when there is nothing to render,
// such as a feed page past the last: the answer is a 404.
var errNotFound = errors.New("server: not found")

// cacheKey names what an entry holds and the inputs it was rendered from.
// Version is the store's change counter, rt the config it was rendered
// under, and salt anything else the page depends on (zero for feeds).
type cacheKey struct {
	version uint64
	rt      *Runtime
	salt    uint64
}

// renderCache holds one rendered representation per name (a feed, a page).
// Each name has its own lock, so that concurrent requests for
// a stale entry wait for one render instead of each rendering it, while
// requests for other names go on.
//
// It is the server's, not package render's: it caches answers to URLs (a
// page of a feed, the index), each with its gzip copy and validators, and
// serves a recent one to a feed in demand during an ingest; all of that is
// HTTP. Render keeps only what every output shares, the selections.
type renderCache struct {
	now func() time.Time
	// every is how long an entry is served after the store changed before
	// it is rendered again (Options.RenderEvery); zero renders on every change.
	every time.Duration

	mu    sync.Mutex
	slots map[cacheName]*cacheSlot

	renders func(name cacheName) // test hook: called once per render
}

type cacheSlot struct {
	mu    sync.Mutex
	key   cacheKey
	entry *rendered // the last bytes rendered, kept through a missing spell
	// missing: the render for key found nothing (errNotFound). It is
	// remembered like bytes are, so that asking again and again for a page
	// past the end costs one render per change of the store.
	missing bool
	// renderedAt is when entry was last rendered (or found identical);
	// askedAt when the entry was last asked for.
	renderedAt, askedAt time.Time
}

func newRenderCache(now func() time.Time) *renderCache {
	return &renderCache{now: now, slots: map[cacheName]*cacheSlot{}}
}

// get returns the entry for name, calling render when none exists for key.
// A render whose bytes equal the previous ones keeps the previous entry,
// validators included; a changed one gets a Last-Modified later than the
// previous, even within the same second, so If-Modified-Since never hides it.
// A render that fails with errNotFound is remembered for key too.
func (c *renderCache) get(name cacheName, key cacheKey, contentType, cacheControl string, render func() ([]byte, error)) (*rendered, error) {
	return c.getDated(name, key, contentType, cacheControl, func() ([]byte, time.Time, error) {
		b, err := render()
		return b, time.Time{}, err
	})
}

// getDated is get for renders that know when their content last changed
// (feeds derive it from the store): that is the entry's Last-Modified, so
// that it survives a restart, unless it is not later than the previous
// entry's. A zero time stands for the moment of the render.
func (c *renderCache) getDated(name cacheName, key cacheKey, contentType, cacheControl string, render func() ([]byte, time.Time, error)) (*rendered, error) {
	slot := c.slot(name)
	slot.mu.Lock()
	defer slot.mu.Unlock()
	if slot.key == key {
		switch {
		case slot.missing:
			return nil, errNotFound
		case slot.entry != nil:
			return slot.entry, nil
		}
	}
	// During a busy ingest the store changes many times a second; without
	// this every request would render. An entry of the same config serves
	// on for a moment after the store (or the salt) moved on, but only to a
	// feed in demand (asked for twice within the moment): a single request
	// after a quiet spell always gets what the store holds now.
	now := c.now()
	previousAsk := slot.askedAt
	slot.askedAt = now
	if c.every > 0 && slot.entry != nil && !slot.missing && slot.key.rt == key.rt &&
		now.Sub(slot.renderedAt) < c.every && now.Sub(previousAsk) < c.every {
		return slot.entry, nil
	}
	if c.renders != nil {
		c.renders(name)
	}
	body, modified, err := render()
	if errors.Is(err, errNotFound) {
		slot.key, slot.missing = key, true
		return nil, err
	}
	if err != nil {
		return nil, err
	}
	slot.missing = false
	if !slot.entry.sameBytes(body) {
		at := modified
		if at.IsZero() {
			at = c.now()
		}
		if prev := slot.entry; prev != nil && !at.After(prev.lastModified.Add(time.Second-1)) {
			at = prev.lastModified.Add(time.Second)
		}
		slot.entry = newRendered(contentType, cacheControl, body, at)
	}
	slot.key = key
	slot.renderedAt = c.now()
	return slot.entry, nil
}

func (c *renderCache) slot(name cacheName) *cacheSlot {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.slots[name]
	if s == nil {
		s = &cacheSlot{}
		c.slots[name] = s
	}
	return s
}

// retain drops the entries whose names keep rejects: the feeds of a topic
// removed from the config would otherwise stay in memory until restart.
func (c *renderCache) retain(keep func(name cacheName) bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for name := range c.slots {
		if !keep(name) {
			delete(c.slots, name)
		}
	}
}
