package server

import (
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/feedgen"
	"github.com/feedcurator/feedcurator/topic"
)

// channel describes a republished feed. Its id leaves out the format, so
// that the Atom, RSS and JSON copies of a topic are known as one feed.
func channel(cfg *config.Config, t config.Topic, format feedgen.Format, entries []topic.Entry) feedgen.Channel {
	return feedgen.Channel{
		TopicID:     t.ID,
		Title:       topicTitle(t),
		Description: t.Description,
		ID:          cfg.BaseURL + "/feeds/" + t.ID,
		SelfURL:     feedURL(cfg, t.ID, format),
		HomeURL:     cfg.BaseURL + "/",
		HubURL:      cfg.WebSub.Hub,
		Updated:     newest(entries),
	}
}

// feedURL is the absolute URL of a topic's feed in one format.
func feedURL(cfg *config.Config, topicID string, format feedgen.Format) string {
	return cfg.BaseURL + "/feeds/" + topicID + "." + string(format)
}

// topicTitle falls back to the id, so that no page or feed is untitled.
func topicTitle(t config.Topic) string {
	if t.Title != "" {
		return t.Title
	}
	return t.ID
}

// newest is the latest sort time among entries; clustering may have moved an
// entry, so every one is looked at. Zero for none.
func newest(entries []topic.Entry) time.Time {
	var t time.Time
	for i := range entries {
		if st := entries[i].Item.SortTime(); st.After(t) {
			t = st
		}
	}
	return t
}
