// Package classify gives items their topics on their way into the store.
// Engines store the memberships they are given and call no classifier on
// the write path; Store holds the current classifier, classifies each
// poll's items and each article with its item before the engine stores
// them, and switches classifiers (Reclassify) so that no save lands with
// the memberships of the classifier it replaces, whatever the engine.
//
// Data flows one way: the fetcher saves through a Store, which writes to
// the engine; readers (server, render) read the engine directly.
package classify

import (
	"errors"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/feedcurator/feedcurator/db"
)

// retries bounds how often a save is prepared again after the engine found
// it stale (db.ErrStale: an article stored, or its item changed, between
// the read it was classified from and its commit). A save is refused only
// when another writer committed to its items since it read them, so every
// retry follows someone's progress and a save waits at most for the writes
// that overlap it (a poll of one source is seconds apart at the least);
// the bound only keeps a fault from looping forever. Past it the save fails
// like any store error: its source is polled, its page tried, again later.
const retries = 50

// pauseBeforeRetry waits a little before try+1, longer after each refusal
// (up to 100 ms, jittered): a save refused again and again is racing
// another writer of the same items, and asking at once would only race it
// again, a whole transaction each time.
func pauseBeforeRetry(try int) {
	d := min(time.Duration(try+1)*5*time.Millisecond, 100*time.Millisecond)
	time.Sleep(d/2 + rand.N(d/2+1))
}

// Store is an engine's write path with classification: its SavePoll and
// Reclassify classify; every other method is the engine's own.
type Store struct {
	db.Engine
	articles db.ArticleEngine // the engine's full text; nil when it has none

	// mu is held shared by a save from classifying its items to its
	// commit, and exclusive by Reclassify while the engine rebuilds the
	// memberships: a save is classified entirely by the classifier before
	// the switch, and committed before the rebuild reads, or entirely by
	// the one after. Classifying is CPU work outside any section the
	// engine serialises; only Reclassify waits for saves.
	mu sync.RWMutex
	c  db.Classifier // nil: items are in no topic
}

// New is e's write path with c as its classifier (nil: no topics). e's
// memberships are rebuilt first when c's fingerprint (db.Fingerprinter) is
// not the one they were built with.
func New(e db.Engine, c db.Classifier) (*Store, error) {
	s := &Store{Engine: e}
	s.articles, _ = e.(db.ArticleEngine)
	if err := s.ReclassifyIfChanged(c); err != nil {
		return nil, err
	}
	return s, nil
}

// Reclassify rebuilds every membership with c (the engine keeps readers on
// the old ones until the new are complete) and makes c the classifier of
// later saves. Saves wait meanwhile; those that were classified by the old
// classifier have committed before the rebuild, which replaces their
// memberships. When the rebuild fails, the old classifier stays, as do the
// memberships it built.
func (s *Store) Reclassify(c db.Classifier) error {
	return s.switchTo(c, s.Engine.Reclassify)
}

// ReclassifyIfChanged is Reclassify when the engine's memberships were built
// by a classifier whose fingerprint is not c's.
func (s *Store) ReclassifyIfChanged(c db.Classifier) error {
	return s.switchTo(c, s.Engine.ReclassifyIfChanged)
}

func (s *Store) switchTo(c db.Classifier, rebuild func(db.Classifier) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c != nil {
		if err := rebuild(c); err != nil {
			return err
		}
	}
	s.c = c
	return nil
}

// SavePoll classifies a poll's items and has the engine store them. An item
// that comes without an article keeps the one stored with it (the feed
// brings its teaser again; the page's article stays) and is classified
// with it, since topics read the article. items stay the caller's.
func (s *Store) SavePoll(st db.SourceState, items []db.Item) (added int, err error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ids := make([]string, len(items))
	for i := range items {
		ids[i] = items[i].ID
	}
	for try := 0; ; try++ {
		var kept map[string]string
		if s.articles != nil {
			if kept, err = s.articles.StoredArticles(st.ID, ids); err != nil {
				return 0, err
			}
		}
		classified := slices.Clone(items)
		for i := range classified {
			it := &classified[i]
			it.SourceID = st.ID
			if it.Article == "" {
				it.Article = kept[it.ID]
			}
			it.Memberships = s.classify(it)
		}
		added, err = s.Engine.SavePoll(st, classified)
		if !errors.Is(err, db.ErrStale) || try == retries {
			return added, err
		}
		pauseBeforeRetry(try)
	}
}

func (s *Store) classify(it *db.Item) []db.Membership {
	if s.c == nil {
		return nil
	}
	return s.c.Classify(it)
}
