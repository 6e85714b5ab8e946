// Package feedgen renders curated entries as Atom 1.0, RSS 2.0 and JSON Feed 1.1.
package feedgen

import (
	"io"
	"time"

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
func ParseFormat(ext string) (Format, bool) { panic("unimplemented") }

// ContentType is the media type the server answers with, charset included.
func (f Format) ContentType() string { panic("unimplemented") }

// Channel describes the republished feed itself.
type Channel struct {
	TopicID     string // "all" for the all feed
	Title       string
	Description string
	ID          string // stable feed id (an absolute IRI)
	SelfURL     string // this format's own URL under base_url
	HomeURL     string // GET / under base_url
	HubURL      string // WebSub hub, empty for none
	Updated     time.Time
}

// Source is what an entry's provenance names.
type Source struct {
	ID      string
	Title   string
	FeedURL string
	SiteURL string
	FeedID  string // the source feed's own id (Atom id), else its URL
}

// Render writes the entries as one feed in format f. sourceOf resolves an item's
// SourceID to its provenance.
func Render(w io.Writer, f Format, ch Channel, entries []topic.Entry, sourceOf func(id string) Source) error {
	panic("unimplemented")
}
