package server

import (
	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/feedgen"
	"github.com/feedcurator/feedcurator/render"
)

// feedLink is one feed of a topic, for <link rel="alternate"> and buttons.
type feedLink struct {
	Label string // "Atom"
	Title string // "Korea (Atom)"
	Type  string // media type without parameters
	Href  string // absolute
}

var formatLabels = map[feedgen.Format]string{feedgen.Atom: "Atom", feedgen.RSS: "RSS", feedgen.JSON: "JSON Feed"}

var formatTypes = map[feedgen.Format]string{
	feedgen.Atom: "application/atom+xml", feedgen.RSS: "application/rss+xml", feedgen.JSON: "application/feed+json",
}

// feedLinks lists a topic's three feeds.
func feedLinks(cfg *config.Config, t config.Topic) []feedLink {
	out := make([]feedLink, 0, len(feedgen.Formats))
	for _, f := range feedgen.Formats {
		out = append(out, feedLink{
			Label: formatLabels[f], Title: render.TopicTitle(t) + " (" + formatLabels[f] + ")",
			Type: formatTypes[f], Href: render.FeedURL(cfg, t.ID, f),
		})
	}
	return out
}
