package topic

import (
	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
)

// Entry is one item of a republished feed.
type Entry struct {
	Item    db.Item
	Reasons []db.Reason // why the topic selected it; empty in the all feed
	Also    []db.Item   // other sources' copies of the same story (cluster: true)
}

// Reader is the part of the store that selection needs.
type Reader interface {
	TopicItems(topic string, fn func(it *db.Item, reasons []db.Reason) bool) error
	AllItems(fn func(it *db.Item) bool) error
}

// Select returns the newest n entries of a topic, curated (see CONTRACT.md).
func Select(r Reader, t config.Topic, n int) ([]Entry, error) { panic("unimplemented") }

// SelectAll returns the newest n items of every source, each link once.
func SelectAll(r Reader, n int) ([]Entry, error) { panic("unimplemented") }
