package render

import (
	"github.com/feedcurator/feedcurator/config"
)

// AllTopicID names the feed of every source; a configured topic of that name
// takes its place.
const AllTopicID = "all"

// Selection is what a feed or page shows: a configured topic, or every
// source (the all feed, when no topic is named "all").
type Selection struct {
	Topic config.Topic
	Every bool
}

// Find resolves the topic a URL or a command names.
func Find(cfg *config.Config, id string) (Selection, bool) {
	if t, ok := findTopic(cfg, id); ok {
		return Selection{Topic: t}, true
	}
	if id == AllTopicID {
		return All(), true
	}
	return Selection{}, false
}

// All is the feed of every source.
func All() Selection {
	return Selection{
		Topic: config.Topic{ID: AllTopicID, Title: "All sources", Description: "The newest items of every source"},
		Every: true,
	}
}

// Listed is every selection that has a feed, in config order and the all
// feed last unless a topic takes its name; private topics only withPrivate.
func Listed(cfg *config.Config, withPrivate bool) []Selection {
	sels := make([]Selection, 0, len(cfg.Topics)+1)
	for _, t := range cfg.Topics {
		if !t.Private || withPrivate {
			sels = append(sels, Selection{Topic: t})
		}
	}
	if _, ok := findTopic(cfg, AllTopicID); !ok {
		sels = append(sels, All())
	}
	return sels
}

func findTopic(cfg *config.Config, id string) (config.Topic, bool) {
	for _, t := range cfg.Topics {
		if t.ID == id {
			return t, true
		}
	}
	return config.Topic{}, false
}
