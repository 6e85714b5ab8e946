// Package topic compiles the topics of the config into matchers and selects
// the items each topic republishes.
package topic

import (
	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
)

// Set is every topic of one config, compiled. It is immutable and safe for
// concurrent use; a config reload compiles a new Set and swaps it in.
type Set struct{}

// Compile compiles the topics. The config package has already validated their
// terms, so an error here means an internal inconsistency.
func Compile(topics []config.Topic) (*Set, error) { panic("unimplemented") }

// Classify returns the topics that select it, with the reasons; it implements
// db.Classifier.
func (s *Set) Classify(it *db.Item) []db.Membership { panic("unimplemented") }

// Verdict is the full evaluation of one topic on one item, for `feedcurator match`.
type Verdict struct {
	Topic    string
	Selected bool
	Reasons  []db.Reason // matched any/all terms
	Vetoes   []db.Reason // matched none terms
	Missing  []string    // all terms that did not match
	Filtered bool        // the item's source is not among the topic's sources
}

// Explain evaluates one topic on one item; ok is false for an unknown topic.
func (s *Set) Explain(topicID string, it *db.Item) (v Verdict, ok bool) { panic("unimplemented") }
