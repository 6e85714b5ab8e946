// Package process is the per-item stage of a poll: fetch → parse → process
// → store → enrich. A Transform changes an item before it is stored (quick,
// local work done in the poll, such as language detection); an Enricher
// takes the items once they are stored for slow work that must never hold
// up a poll (fetching each item's article page), and writes what it finds
// to the store itself.
package process

import (
	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
)

// Transform changes a parsed item before it is stored. It runs in the
// poll's goroutine, so it must be quick and do no I/O.
type Transform interface {
	Transform(src config.Source, it *db.Item)
}

// Poll is what an Enricher learns of a successful poll.
type Poll struct {
	Source config.Source
	// Items are the feed's items as stored (nil after a 304: the feed did
	// not change, but the source was reached).
	Items []db.Item
	// Public: the feed came from a public address, so what its items
	// link to must be public too (the rule that keeps a public feed from
	// steering requests into the private network).
	Public bool
}

// Enricher takes stored items for slow work. Enqueue must return at once:
// the work is queued, bounded and done elsewhere.
type Enricher interface {
	Enqueue(p Poll)
}

// Pipeline is the stages every poll's items pass through, in order. The
// zero Pipeline (or a nil one) does nothing.
type Pipeline struct {
	Transforms []Transform
	Enrichers  []Enricher
}

// BeforeStore applies every Transform to every item.
func (p *Pipeline) BeforeStore(src config.Source, items []db.Item) {
	if p == nil {
		return
	}
	for _, t := range p.Transforms {
		for i := range items {
			t.Transform(src, &items[i])
		}
	}
}

// AfterStore hands a successful poll to every Enricher.
func (p *Pipeline) AfterStore(poll Poll) {
	if p == nil {
		return
	}
	for _, e := range p.Enrichers {
		e.Enqueue(poll)
	}
}
