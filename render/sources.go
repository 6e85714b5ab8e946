package render

import (
	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/feedgen"
	"github.com/feedcurator/feedcurator/internal/redact"
)

// Sources joins the configured sources with what the store knows of them,
// read once per render. Feeds, pages, the API and OPML all name sources
// through it, so that a source is named, and its addresses redacted, one
// way wherever it shows.
type Sources struct {
	config map[string]config.Source
	state  map[string]db.SourceState
	// lookup, when set, reads the states that state does not hold yet: a
	// feed names the sources of its few items, and decoding the states of
	// thousands of sources for each render would cost more than the render.
	lookup func(id string) (db.SourceState, bool)
	// err is the first error of lookup: a render that met one fails rather
	// than naming sources wrongly in a feed that is then cached.
	err error
}

// ItemSources is a Sources that reads source states as they are asked for
// (feeds and topic pages, which name few sources). Check Err once done.
func (r *Renderer) ItemSources(cfg *config.Config) *Sources {
	ix := &Sources{
		config: r.configSources(cfg),
		state:  map[string]db.SourceState{},
	}
	ix.lookup = func(id string) (db.SourceState, bool) {
		st, ok, err := r.store.Source(id)
		if err != nil && ix.err == nil {
			ix.err = err
		}
		return st, ok && err == nil
	}
	return ix
}

// AllSources is a Sources with every stored source state read at once (the
// index, the API and OPML, which name every source).
func (r *Renderer) AllSources(cfg *config.Config) (*Sources, error) {
	states, err := r.store.Sources()
	if err != nil {
		return nil, err
	}
	ix := &Sources{
		config: r.configSources(cfg),
		state:  make(map[string]db.SourceState, len(states)),
	}
	for _, st := range states {
		ix.state[st.ID] = st
	}
	return ix, nil
}

// ConfiguredSources is a Sources without a store (when the daemon holds
// it): the configured URLs and titles are all it knows.
func ConfiguredSources(cfg *config.Config) *Sources {
	ix := &Sources{config: make(map[string]config.Source, len(cfg.Sources)), state: map[string]db.SourceState{}}
	for _, src := range cfg.Sources {
		ix.config[src.ID] = src
	}
	return ix
}

// configSources maps the config's sources by id, built once per config.
func (r *Renderer) configSources(cfg *config.Config) map[string]config.Source {
	if c := r.sourcesByID.Load(); c != nil && c.cfg == cfg {
		return c.byID
	}
	byID := make(map[string]config.Source, len(cfg.Sources))
	for _, src := range cfg.Sources {
		byID[src.ID] = src
	}
	r.sourcesByID.Store(&configSourceMap{cfg: cfg, byID: byID})
	return byID
}

type configSourceMap struct {
	cfg  *config.Config
	byID map[string]config.Source
}

// State is what the store knows of source id.
func (ix *Sources) State(id string) (db.SourceState, bool) {
	if st, ok := ix.state[id]; ok || ix.lookup == nil {
		return st, ok
	}
	st, ok := ix.lookup(id)
	if ok {
		ix.state[id] = st
	}
	return st, ok
}

// Err is the first error met reading a source's state as it was asked for
// (ItemSources): what was named after it may be named wrongly.
func (ix *Sources) Err() error { return ix.err }

// Provenance names a source in a feed, a page or the API: the configured
// title, else the feed's own; its current URL. Every URL in it is redacted:
// this is the one door through which source addresses leave the daemon.
func (ix *Sources) Provenance(id string) feedgen.Source {
	src, configured := ix.config[id]
	st, known := ix.State(id)
	p := feedgen.Source{ID: id, Title: src.Title, SiteURL: redact.URL(st.SiteURL), FeedID: redact.URL(st.FeedID), Authors: st.Authors}
	if p.Title == "" {
		p.Title = st.Title
	}
	switch {
	case configured:
		p.FeedURL = redact.URL(currentURL(src, st, known))
	case known:
		p.FeedURL = redact.URL(st.URL)
	}
	return p
}

// Title is the name pages show for a source.
func (ix *Sources) Title(id string) string {
	if t := ix.Provenance(id).Title; t != "" {
		return t
	}
	return id
}

// currentURL is where a source is fetched now: the stored URL, which follows
// permanent redirects, unless the config has changed the source's URL since
// (then the redirect is forgotten, as the fetcher forgets it).
func currentURL(src config.Source, st db.SourceState, known bool) string {
	if known && st.URL != "" && st.ConfiguredURL == src.URL {
		return st.URL
	}
	return src.URL
}
