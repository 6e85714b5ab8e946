package render

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/topic"
)

// lastChanged is a feed's Last-Modified, derived from the store so that it
// does not move across a restart: the latest of when the selection was
// redefined and when the store first saw, or saw an edit of, one of the
// entries or of their clustered copies. Publication dates do not count: a
// late item dated before what a reader already has must not be hidden
// behind a 304.
func lastChanged(changed time.Time, entries []topic.Entry) time.Time {
	latest := changed
	later := func(t time.Time) {
		if t.After(latest) {
			latest = t
		}
	}
	for i := range entries {
		later(entries[i].Item.FirstSeen)
		later(entries[i].Item.Modified)
		for j := range entries[i].Also {
			later(entries[i].Also[j].FirstSeen)
		}
	}
	return latest
}

// selectionChanged is when what the selection shows was last redefined:
// its topic, or the configured sources it draws on. An empty feed is dated
// by it, and no feed's date (nor its Last-Modified) is older. Without it
// (a store that cannot record it) the feed is dated by its entries alone.
func (r *Renderer) selectionChanged(cfg *config.Config, sel Selection) time.Time {
	at, err := r.store.TopicChanged(sel.Topic.ID, selectionFingerprint(cfg, sel))
	if err != nil {
		r.log.Warn("render: topic change time unknown", "topic", sel.Topic.ID, "err", err)
	}
	return at
}

// selectionFingerprint digests what defines a selection's content.
func selectionFingerprint(cfg *config.Config, sel Selection) string {
	sources := make([]string, len(cfg.Sources))
	for i, src := range cfg.Sources {
		sources[i] = src.ID
	}
	b, _ := json.Marshal(struct { // plain data: it always marshals
		Topic   config.Topic
		Every   bool
		Sources []string
	}{sel.Topic, sel.Every, sources})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}
