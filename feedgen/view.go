package feedgen

import (
	"strings"
	"time"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/topic"
)

// feedView is the format-independent reading of Render's input: every string
// already safe for XML, dates resolved, provenance looked up once. The three
// writers only map it onto their element structs.
type feedView struct {
	ch          Channel
	updated     time.Time // the feed's date, never zero
	matchScheme string    // category scheme of match terms; "" without a HomeURL
	entries     []entryView
}

// entryView is one entry as every format sees it.
type entryView struct {
	item    db.Item // cleaned copy
	source  Source  // cleaned
	reasons []db.Reason
	score   float64
	terms   []matchedTerm // match terms to publish as categories; none unless the channel asks
	// authors are the item's own, else its source feed's (entryAuthors).
	authors []db.Person
	// published and modified are the entry's dates in every format (entryDates).
	published, modified time.Time
	also                []alsoLink
	// html is the item's HTML body as republished: its content (else its
	// summary when other sources are listed) followed by the "Also reported
	// by" list. Empty when the item has neither.
	html string
}

// matchedTerm is one distinct match term and the fields it matched in.
type matchedTerm struct {
	term   string
	fields []string
}

// label is the human-readable text of a match category.
func (m matchedTerm) label() string {
	return "matched " + m.term + " in " + strings.Join(m.fields, ", ")
}

func newFeedView(ch Channel, entries []topic.Entry, sourceOf func(id string) Source) *feedView {
	v := &feedView{ch: cleanChannel(ch), entries: make([]entryView, len(entries))}
	v.updated = feedUpdated(v.ch.Updated, entries)
	v.matchScheme = matchScheme(v.ch.HomeURL, v.ch.TopicID)
	for i := range entries {
		v.entries[i] = newEntryView(&entries[i], sourceOf)
		if !v.ch.MatchCategories {
			v.entries[i].terms = nil
		}
	}
	return v
}

func newEntryView(e *topic.Entry, sourceOf func(id string) Source) entryView {
	ev := entryView{
		item:    cleanItem(e.Item),
		source:  cleanSource(sourceOf(e.Item.SourceID), e.Item.SourceID),
		reasons: cleanReasons(e.Reasons),
		score:   e.Score,
	}
	ev.terms = distinctTerms(ev.reasons)
	ev.authors = entryAuthors(&ev.item, &ev.source)
	ev.published, ev.modified = entryDates(e)
	ev.also = alsoLinks(e.Also, sourceOf)
	ev.html = ev.item.Content
	if len(ev.also) > 0 {
		if ev.html == "" {
			ev.html = ev.item.Summary
		}
		ev.html += alsoHTML(ev.also)
	}
	return ev
}

// distinctTerms folds reasons into one entry per term, in order of first
// appearance, each with the distinct fields it matched in.
func distinctTerms(reasons []db.Reason) []matchedTerm {
	var terms []matchedTerm
next:
	for _, r := range reasons {
		if r.Term == "" {
			continue
		}
		for i := range terms {
			if terms[i].term != r.Term {
				continue
			}
			for _, f := range terms[i].fields {
				if f == r.Field {
					continue next
				}
			}
			terms[i].fields = append(terms[i].fields, r.Field)
			continue next
		}
		terms = append(terms, matchedTerm{term: r.Term, fields: []string{r.Field}})
	}
	return terms
}

// matchScheme is the category scheme under which match terms are published:
// HomeURL + "topics/" + topic + "#match". It names, rather than locates, the
// topic's vocabulary; without a HomeURL there is no absolute IRI to use.
func matchScheme(homeURL, topicID string) string {
	if homeURL == "" || topicID == "" {
		return ""
	}
	if !strings.HasSuffix(homeURL, "/") {
		homeURL += "/"
	}
	return homeURL + "topics/" + topicID + "#match"
}

// firstNonEmpty returns the first of ss that is not empty, else "".
func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
