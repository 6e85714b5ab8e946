package render

import (
	"strconv"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/feedgen"
	"github.com/feedcurator/feedcurator/topic"
)

// IconFile is the feeds' logo under /static/ (Atom logo, RSS image, JSON
// Feed icon), and favicon.ico their small icon at the root. Feeds link to
// them at the daemon's URLs; the daemon (server) serves them from the
// binary under these names.
const IconFile = "icon.png"

// feedPage is one page of a feed (RFC 5005 paged feeds) as its URL names
// it: query is its ?page= (0 for the plain URL, which serves page 1) and
// more whether a later page has entries.
type feedPage struct {
	query int
	more  bool
	last  int // the number of the last page; 0 when unknown
}

// number is the page's number, from 1.
func (p feedPage) number() int { return max(p.query, 1) }

// channel describes one page of a republished feed. Its id leaves out the
// format and the page, so that the Atom, RSS and JSON copies of a topic and
// all their pages are known as one feed. The self link is the page's own
// URL; pages link to the next (older) one while there is one within
// topic.MaxPages, and from page 2 on to the previous one, the first (the
// plain feed URL) and the last (Renderer.lastPage). The alternate is the
// topic's page, the icons are the daemon's (server/assets), at the URLs it
// serves them from.
func channel(cfg *config.Config, t config.Topic, format feedgen.Format, pg feedPage) feedgen.Channel {
	ch := feedgen.Channel{
		TopicID:         t.ID,
		Title:           FeedTitle(cfg, t),
		Description:     t.Description,
		ID:              cfg.BaseURL + "/feeds/" + t.ID,
		SelfURL:         feedPageURL(cfg, t.ID, format, pg.query),
		HomeURL:         cfg.BaseURL + "/",
		PageURL:         cfg.BaseURL + "/topics/" + t.ID,
		IconURL:         cfg.BaseURL + "/favicon.ico",
		LogoURL:         cfg.BaseURL + "/static/" + IconFile,
		HubURL:          cfg.WebSub.Hub,
		MatchCategories: cfg.Output.MatchCategories,
	}
	n := pg.number()
	if pg.more && n < topic.MaxPages {
		ch.NextURL = feedPageURL(cfg, t.ID, format, n+1)
	}
	if pg.last > 1 {
		ch.LastURL = feedPageURL(cfg, t.ID, format, pg.last)
	}
	if n > 1 {
		ch.FirstURL = FeedURL(cfg, t.ID, format)
		ch.PrevURL = FeedURL(cfg, t.ID, format)
		if n > 2 {
			ch.PrevURL = feedPageURL(cfg, t.ID, format, n-1)
		}
	}
	return ch
}

// FeedURL is the absolute URL of a topic's feed in one format.
func FeedURL(cfg *config.Config, topicID string, format feedgen.Format) string {
	return cfg.BaseURL + "/feeds/" + topicID + "." + string(format)
}

// feedPageURL is the absolute URL of a page of a feed: "?page=N", or the
// plain URL for page 0.
func feedPageURL(cfg *config.Config, topicID string, format feedgen.Format, page int) string {
	if page == 0 {
		return FeedURL(cfg, topicID, format)
	}
	return FeedURL(cfg, topicID, format) + "?page=" + strconv.Itoa(page)
}

// FeedTitle says what a feed is: the topic's title and the site's name,
// "Korea — feedcurator" (output.site_name; empty, the bare title).
func FeedTitle(cfg *config.Config, t config.Topic) string {
	if cfg.Output.SiteName == "" {
		return TopicTitle(t)
	}
	return TopicTitle(t) + " — " + cfg.Output.SiteName
}

// TopicTitle falls back to the id, so that no page or feed is untitled.
func TopicTitle(t config.Topic) string {
	if t.Title != "" {
		return t.Title
	}
	return t.ID
}
