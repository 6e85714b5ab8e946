package db

import (
	"fmt"
	"time"
)

// The rules every engine applies to what it stores, in one place so that
// bbolt and PostgreSQL cannot drift apart.

// Repolled makes it, an item a poll brings again, what is to be stored over
// prev, the stored copy: it keeps prev's FirstSeen (now instead, when that
// lies more than futureSlack ahead: first seen while the clock ran ahead,
// it would sort first and escape max_age until that date), and its
// Modified moves to now when the source changed its title or text (a
// record from before content hashes were kept has none to compare and
// adopts the new one quietly). An item without the article stored with it
// is refused (ErrStale): the write path keeps articles, so a save without
// one was prepared before the article was stored.
func Repolled(prev, it *Item, now time.Time) error {
	it.FirstSeen = prev.FirstSeen
	if it.FirstSeen.After(now.Add(futureSlack)) {
		it.FirstSeen = now
	}
	it.Modified = prev.Modified
	if prev.ContentHash != "" && it.ContentHash != "" && prev.ContentHash != it.ContentHash {
		it.Modified = now
	}
	if it.Article == "" && prev.Article != "" {
		return fmt.Errorf("%w: item %s of %s has an article stored", ErrStale, it.ID, it.SourceID)
	}
	return nil
}

// ArticleModified is the Modified of prev once article, found on the
// item's page, is stored with it by a commit at the time at: a new article
// is a change readers must learn of (Atom updated, JSON Feed
// date_modified, and with them the feed's Last-Modified, which a reader
// polling with If-Modified-Since would otherwise answer 304 over the
// article); the same article again is not.
func ArticleModified(prev *Item, article string, at time.Time) time.Time {
	if article == prev.Article || at.IsZero() || !at.After(prev.Modified) {
		return prev.Modified
	}
	return at
}

// scheduleHorizon is the furthest ahead a stored NextFetch may lie: the
// fetcher caps every interval and backoff at a day.
const scheduleHorizon = 25 * time.Hour

// ClampSchedule brings a NextFetch more than scheduleHorizon ahead of now
// back to now: it was saved while the clock ran ahead, and would stop the
// source's polling until that date.
func (st *SourceState) ClampSchedule(now time.Time) {
	if st.NextFetch.After(now.Add(scheduleHorizon)) {
		st.NextFetch = now
	}
}
