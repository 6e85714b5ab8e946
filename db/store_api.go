package db

// This file is a placeholder listing the Store API; the implementation lands in store.go.

import (
	"io"
	"time"
)

// Store is the bbolt-backed store. It is safe for concurrent use.
type Store struct{}

// Options tune Open.
type Options struct {
	// Timeout bounds the wait for the file lock held by another process.
	Timeout time.Duration
	// Classifier assigns topics to stored items; nil stores no memberships.
	Classifier Classifier
}

func Open(path string, opts Options) (*Store, error) { panic("unimplemented") }
func (s *Store) Close() error                       { panic("unimplemented") }

// Version changes whenever a commit changes what a feed could show; caches key on it.
func (s *Store) Version() uint64 { panic("unimplemented") }
func (s *Store) Ping() error     { panic("unimplemented") }

func (s *Store) Source(id string) (SourceState, bool, error) { panic("unimplemented") }
func (s *Store) Sources() ([]SourceState, error)            { panic("unimplemented") }
func (s *Store) SaveSource(st SourceState) error            { panic("unimplemented") }

// SavePoll stores a successful poll in one transaction: items first, then the
// source state (validators), so that an ETag is never saved without its items.
func (s *Store) SavePoll(st SourceState, items []Item) (added int, err error) {
	panic("unimplemented")
}

// TopicItems calls fn for the topic's items, newest first, until fn returns false.
func (s *Store) TopicItems(topic string, fn func(it *Item, reasons []Reason) bool) error {
	panic("unimplemented")
}

// AllItems calls fn for every item, newest first, until fn returns false.
func (s *Store) AllItems(fn func(it *Item) bool) error { panic("unimplemented") }

// ItemCounts returns the number of stored items per source.
func (s *Store) ItemCounts() (map[string]int, error) { panic("unimplemented") }

// TopicCount returns the number of items in a topic and the newest one's sort time.
func (s *Store) TopicCount(topic string) (int, time.Time, error) { panic("unimplemented") }

// Reclassify applies c to every stored item and rebuilds the topic indexes.
func (s *Store) Reclassify(c Classifier) error { panic("unimplemented") }

// WriteTo writes a consistent copy of the store (a hot backup).
func (s *Store) WriteTo(w io.Writer) (int64, error) { panic("unimplemented") }
