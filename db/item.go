// Package db is feedcurator's store: one bbolt file that holds every item once,
// each source's fetch state and schedule, and the indexes that answer
// "newest N items of a topic" without scanning the whole store.
package db

import "time"

// Item is one entry of a source feed, normalised by the fetcher: text is UTF-8,
// HTML is sanitised and its URLs are absolute, the title is plain text.
type Item struct {
	SourceID string
	// ID identifies the item within its source and never changes between polls:
	// the source's guid/id, else the normalised link, else a content hash.
	ID string
	// GUID is the source's own guid/id, empty when it had none.
	GUID    string
	Link    string
	Title   string // plain text
	Summary string // sanitised HTML
	Content string // sanitised HTML, as the feed gave it
	// Article is the item's page as full text extraction found it
	// (sanitised HTML), "" when its source does not ask for full text or
	// the page could not be had. It is kept apart from Content so that a
	// later poll, which brings the feed's teaser again, never overwrites it;
	// ArticleOrContent is what topics match and feeds carry.
	Article string
	// Author is the names of Authors joined, what topics match and pages show.
	Author string
	// Authors are the item's own authors, each with what the source gave of
	// them; empty when the source named none (feeds then credit the source
	// feed's author, never the daemon).
	Authors    []Person
	Categories []string
	// Enclosures are the item's media (RSS enclosure, Atom link
	// rel="enclosure", JSON Feed attachments, Media RSS media:content),
	// each an absolute http(s) URL.
	Enclosures []Enclosure
	Image      string    // a picture of the item (media:thumbnail), absolute http(s); "" for none
	Published  time.Time // zero when the source gave none
	Updated    time.Time // zero when the source gave none
	FirstSeen  time.Time // set by the store on first insert
	// Lang is the language its feed declared (RSS <language>, Atom xml:lang,
	// JSON Feed language), lower-case BCP 47, empty when none: topics scoped
	// to a language use it where the text alone cannot tell.
	Lang string
	// ContentHash is a digest of what the source said (title and text),
	// set by the fetcher from the raw feed so that a change to the
	// sanitiser is not mistaken for an edit.
	ContentHash string
	// Modified is when the store saw the source change the item's title or
	// text (its ContentHash); zero while it never has. Readers learn of an
	// edit through it (Atom updated, JSON Feed date_modified).
	Modified time.Time

	// Memberships are the item's topics as its saver classified it
	// (package classify), what SavePoll and SaveArticles store as the
	// item's memberships: engines store what they are given and classify
	// nothing themselves. They are not part of the item's record, and items
	// read back carry none (TopicItems passes the membership beside the
	// item).
	Memberships []Membership `json:"-"`
}

// ArticleOrContent is the item's body as readers and topics get it: the
// extracted article when there is one, else the feed's content.
func (it *Item) ArticleOrContent() string {
	if it.Article != "" {
		return it.Article
	}
	return it.Content
}

// Person is an author as a feed names them; any field may be empty.
type Person struct {
	Name, Email, URI string
}

// Enclosure is a media file attached to an item. Length is in bytes, 0 when
// unknown.
type Enclosure struct {
	URL, Type string
	Length    int64
}

// Key is the item's storage key: unique across the store.
func (it *Item) Key() string { return it.SourceID + "\x00" + it.ID }

// futureSlack is how far past its first sighting an item's own date may lie
// before it is distrusted: a publisher's clock error (or a date in the future
// on purpose) would otherwise pin the item to the top of every feed.
const futureSlack = 24 * time.Hour

// SortTime orders items newest first: published, else updated, else first
// seen; a date more than a day after the item was first seen counts as first seen.
func (it *Item) SortTime() time.Time {
	t := it.Published
	if t.IsZero() {
		t = it.Updated
	}
	if t.IsZero() {
		return it.FirstSeen
	}
	return it.Clamp(t)
}

// Clamp is t, or FirstSeen when t lies more than a day after it: the rule
// SortTime applies, for every other date of the item that is shown, so that
// pages and every feed format agree.
func (it *Item) Clamp(t time.Time) time.Time {
	if !it.FirstSeen.IsZero() && t.After(it.FirstSeen.Add(futureSlack)) {
		return it.FirstSeen
	}
	return t
}

// Reason says why a topic selected an item: which term matched, in which field,
// and the text it matched there.
type Reason struct {
	Term  string
	Field string
	Text  string
}

// Membership records that an item belongs to a topic, and why.
type Membership struct {
	Topic   string
	Reasons []Reason
	// Score is how strongly the item matched the topic: where its terms hit
	// and how many distinct ones did (topic.Set computes it).
	Score float64
}

// Classifier decides which topics an item belongs to. The topic package
// implements it; package classify calls it on every item saved, and an
// engine's Reclassify on every item it holds. It must be safe for
// concurrent use.
type Classifier interface {
	Classify(it *Item) []Membership
}

// SourceState is everything the store remembers about a source between polls:
// its validators, schedule and the outcome of the last fetch.
type SourceState struct {
	ID  string `json:"id"`
	URL string `json:"url"` // current URL: the configured one, or where a 301/308 moved it
	// ConfiguredURL is the URL from the config that URL derives from; when the
	// config changes it, the stored redirect target is dropped.
	ConfiguredURL string    `json:"configured_url"`
	Title         string    `json:"title"`    // the feed's own title
	SiteURL       string    `json:"site_url"` // the feed's home page
	FeedID        string    `json:"feed_id"`  // the feed's own id (Atom id), else its URL
	ETag          string    `json:"etag"`
	LastModified  string    `json:"last_modified"`
	LastFetch     time.Time `json:"last_fetch"` // last attempt, success or not
	LastSuccess   time.Time `json:"last_success"`
	LastStatus    int       `json:"last_status"` // HTTP status of the last attempt, 0 if none
	LastError     string    `json:"last_error"`  // empty after a success
	NextFetch     time.Time `json:"next_fetch"`
	Failures      int       `json:"failures"` // consecutive
	Gone          bool      `json:"gone"`     // 410: polling stopped
	// Authors are the feed's own authors, credited on its items that name
	// none of their own.
	Authors []Person `json:"authors,omitempty"`
}
