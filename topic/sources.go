package topic

import "github.com/feedcurator/feedcurator/db"

// OnlySources narrows r to the items of the sources keep accepts. A source
// removed from the config keeps its stored items until retention prunes
// them; feeds stop showing them at once, and a copy of a story from a removed
// source can no longer stand in for the original.
func OnlySources(r Reader, keep func(sourceID string) bool) Reader {
	return sourceFilter{r, keep}
}

type sourceFilter struct {
	r    Reader
	keep func(string) bool
}

func (f sourceFilter) TopicItems(topic string, fn func(it *db.Item, m db.Membership) bool) error {
	return f.r.TopicItems(topic, func(it *db.Item, m db.Membership) bool {
		return !f.keep(it.SourceID) || fn(it, m)
	})
}

func (f sourceFilter) AllItems(fn func(it *db.Item) bool) error {
	return f.r.AllItems(func(it *db.Item) bool {
		return !f.keep(it.SourceID) || fn(it)
	})
}

func (f sourceFilter) Copies(link, topic string) ([]db.Item, error) {
	copies, err := f.r.Copies(link, topic)
	out := copies[:0]
	for _, c := range copies {
		if f.keep(c.SourceID) {
			out = append(out, c)
		}
	}
	return out, err
}
