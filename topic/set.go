// Package topic compiles the topics of the config into matchers and selects
// the items each topic republishes.
//
// Matching (CONTRACT.md "Topic matching semantics") works in three steps per
// item, whatever the number of topics: each field is reduced from HTML to
// the text a reader sees, put in one normal form (NFKC, case-folded, white
// space collapsed), and scanned once by a single Aho-Corasick automaton that
// holds every plain term of every topic; candidate hits are then checked
// against the word-boundary rule of the term's script. Regex terms run on the
// NFKC text, each distinct expression once.
package topic

import (
	"slices"
	"sync"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
)

// Set is every topic of one config, compiled. It is immutable and safe for
// concurrent use; a config reload compiles a new Set and swaps it in.
type Set struct {
	topics []compiledTopic
	byID   map[string]int
	slots  []termSlot

	patterns      []pattern  // plain terms (words, prefixes, phrases, region names)
	ac            *automaton // over every pattern; nil when there is none
	patternFields fieldMask  // fields some plain term looks at
	regexes       []regexGroup
	regexFields   fieldMask // fields some regex term looks at

	// needLang: some term or known word is scoped to a language, so each
	// item's language must be known before matching.
	needLang bool

	fingerprint string
	scanners    sync.Pool // of *scanner
}

// Classify returns the topics that select it, with the reasons; it implements
// db.Classifier.
func (s *Set) Classify(it *db.Item) []db.Membership {
	var active fieldMask
	for i := range s.topics {
		if s.topics[i].accepts(it.SourceID) {
			active |= s.topics[i].fields
		}
	}
	if active&(s.patternFields|s.regexFields) == 0 {
		return nil
	}
	sc := s.acquire()
	defer s.release(sc)
	sc.run(s, it, active)
	var out []db.Membership
	for i := range s.topics {
		t := &s.topics[i]
		if !t.accepts(it.SourceID) || !sc.matches.selects(t) {
			continue
		}
		score := sc.score(s, int32(i))
		if score < t.minScore {
			continue
		}
		out = append(out, db.Membership{Topic: t.cfg.ID, Reasons: sc.matches.reasons(s, t.any, t.all), Score: score})
	}
	return out
}

// Verdict is the full evaluation of one topic on one item, for `feedcurator match`.
type Verdict struct {
	Topic    string
	Selected bool
	Reasons  []db.Reason // matched any/all terms
	Vetoes   []db.Reason // matched none terms
	Missing  []string    // all terms that did not match
	Filtered bool        // the item's source is not among the topic's sources
	Score    float64     // how strongly it matched (see score.go)
	// BelowScore: the terms would select it, but its score is below the
	// topic's min_score.
	BelowScore bool
	MinScore   float64
}

// Explain evaluates one topic on one item; ok is false for an unknown topic.
// A filtered item is still matched, so that the verdict shows what would
// have selected it.
func (s *Set) Explain(topicID string, it *db.Item) (v Verdict, ok bool) {
	i, ok := s.byID[topicID]
	if !ok {
		return Verdict{}, false
	}
	t := &s.topics[i]
	sc := s.acquire()
	defer s.release(sc)
	sc.run(s, it, t.fields)
	v = Verdict{
		Topic:    t.cfg.ID,
		Reasons:  sc.matches.reasons(s, t.any, t.all),
		Vetoes:   sc.matches.reasons(s, t.none),
		Filtered: !t.accepts(it.SourceID),
	}
	for _, slot := range t.all {
		if !sc.matches.has(slot) {
			v.Missing = append(v.Missing, s.slots[slot].term.Raw)
		}
	}
	v.Score = sc.score(s, int32(i))
	v.Selected = !v.Filtered && sc.matches.selects(t) && v.Score >= t.minScore
	v.BelowScore = !v.Filtered && sc.matches.selects(t) && v.Score < t.minScore
	v.MinScore = t.minScore
	return v, true
}

// Fingerprint is a stable hash of what decides memberships (each topic's id,
// terms, fields and sources, and the version of the matching rules): equal
// fingerprints classify every item alike, so the store reclassifies only
// when a reload changes it.
func (s *Set) Fingerprint() string { return s.fingerprint }

// Topics returns the topics in config order. The caller may modify the result.
func (s *Set) Topics() []config.Topic {
	out := make([]config.Topic, len(s.topics))
	for i := range s.topics {
		out[i] = cloneTopic(s.topics[i].cfg)
	}
	return out
}

// Topic returns the topic with the id.
func (s *Set) Topic(id string) (config.Topic, bool) {
	i, ok := s.byID[id]
	if !ok {
		return config.Topic{}, false
	}
	return cloneTopic(s.topics[i].cfg), true
}

// accepts reports whether the topic takes items from the source.
func (t *compiledTopic) accepts(sourceID string) bool {
	return len(t.cfg.Sources) == 0 || slices.Contains(t.cfg.Sources, sourceID)
}
