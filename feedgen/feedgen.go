// Package feedgen renders curated entries as Atom 1.0, RSS 2.0 and JSON Feed 1.1.
//
// The XML formats reuse gorilla/feeds' element structs, embedded in wrappers
// that add what a republished feed needs and gorilla does not model
// (provenance, match categories, related links, namespaces); the JSON format
// embeds gorilla's JSON Feed structs the same way. Output is a pure function of
// the input: no clock, no random ids, so identical input renders byte-identical
// output and the server can derive ETags from it.
//
// Why an item matched is always in JSON Feed's "_match" extension. With
// Channel.MatchCategories it is also published as categories in the scheme
//
//	Channel.HomeURL + "topics/" + Channel.TopicID + "#match"
//
// (Atom <category scheme=…>, RSS <category domain=…>), so a reader can tell
// feedcurator's match terms from the item's own categories, which are kept
// without a scheme. It is off by default: readers show categories as tags
// and ignore the scheme, so "region:KP" would look like the item's own tag.
package feedgen

import (
	"fmt"
	"io"
	"time"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/topic"
)

// Format is one of the three output formats, named by its file extension.
type Format string

const (
	Atom Format = "atom"
	RSS  Format = "rss"
	JSON Format = "json"
)

// Formats lists the formats in the order pages show them.
var Formats = []Format{Atom, RSS, JSON}

// ParseFormat maps a file extension ("atom", "rss", "json") to its Format.
// Extensions are matched exactly, as URL paths are case-sensitive.
func ParseFormat(ext string) (Format, bool) {
	switch f := Format(ext); f {
	case Atom, RSS, JSON:
		return f, true
	}
	return "", false
}

// ContentType is the media type the server answers with, charset included.
// An unknown format gets the generic binary type.
func (f Format) ContentType() string {
	switch f {
	case Atom:
		return "application/atom+xml; charset=utf-8"
	case RSS:
		return "application/rss+xml; charset=utf-8"
	case JSON:
		return "application/feed+json; charset=utf-8"
	}
	return "application/octet-stream"
}

// Channel describes the republished feed itself.
type Channel struct {
	TopicID     string // "all" for the all feed
	Title       string
	Description string
	ID          string // stable feed id (an absolute IRI)
	SelfURL     string // this format's own URL under base_url
	HomeURL     string // GET / under base_url
	HubURL      string // WebSub hub, empty for none
	// PageURL is the topic's HTML page (GET /topics/{topic}), the feed's
	// rel="alternate"; HomeURL stands in when it is empty.
	PageURL string
	// IconURL is a small square icon (the favicon), LogoURL a larger one;
	// either may be empty.
	IconURL, LogoURL string
	// Updated is the feed's date; zero for the newest entry's (Newest).
	// A feed without entries is dated by it: callers pass when the
	// selection last changed, so that an empty feed never says 1970.
	Updated time.Time
	// MatchCategories publishes match terms as categories (see the package
	// comment). Off, they are only in JSON Feed's "_match": readers show
	// categories as tags and ignore the scheme that marks them.
	MatchCategories bool

	// Paging (RFC 5005 section 3, paged feeds): the absolute URLs of the
	// next (older) page, the previous (newer) one, the first and the last
	// one; empty where there is none. Atom and RSS carry them as links; JSON
	// Feed knows only next_url, and its feed_url is the first page's.
	NextURL, PrevURL, FirstURL, LastURL string
}

// Source is what an entry's provenance names.
type Source struct {
	ID      string
	Title   string
	FeedURL string
	SiteURL string
	FeedID  string // the source feed's own id (Atom id), else its URL
	// Authors are the source feed's own authors, credited on its items
	// that name none.
	Authors []db.Person
}

// Render writes the entries as one feed in format f. sourceOf resolves an item's
// SourceID to its provenance; nil names every source by its id only.
//
// When ch.Updated is zero the feed's date is the newest entry's (Newest; the
// Unix epoch for an empty feed), never the current time, so that the same
// entries always render the same bytes.
func Render(w io.Writer, f Format, ch Channel, entries []topic.Entry, sourceOf func(id string) Source) error {
	if sourceOf == nil {
		sourceOf = func(id string) Source { return Source{ID: id} }
	}
	v := newFeedView(ch, entries, sourceOf)
	var err error
	switch f {
	case Atom:
		err = writeAtom(w, v)
	case RSS:
		err = writeRSS(w, v)
	case JSON:
		err = writeJSON(w, v)
	default:
		return fmt.Errorf("feedgen: unknown format %q", string(f))
	}
	if err != nil {
		return fmt.Errorf("feedgen: render %s: %w", f, err)
	}
	return nil
}
