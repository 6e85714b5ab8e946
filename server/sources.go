package server

import (
	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/feedgen"
	"github.com/feedcurator/feedcurator/internal/redact"
)

// sourceIndex joins the configured sources with what the store knows of them,
// read once per render.
type sourceIndex struct {
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

// itemSourceIndex is a sourceIndex that reads source states as they are
// asked for (feeds and topic pages, which name few sources).
func (s *Server) itemSourceIndex(cfg *config.Config) *sourceIndex {
	ix := &sourceIndex{
		config: s.configSources(cfg),
		state:  map[string]db.SourceState{},
	}
	ix.lookup = func(id string) (db.SourceState, bool) {
		st, ok, err := s.store.Source(id)
		if err != nil && ix.err == nil {
			ix.err = err
		}
		return st, ok && err == nil
	}
	return ix
}

// configSources maps the config's sources by id, built once per config.
func (s *Server) configSources(cfg *config.Config) map[string]config.Source {
	if c := s.sourcesByID.Load(); c != nil && c.cfg == cfg {
		return c.byID
	}
	byID := make(map[string]config.Source, len(cfg.Sources))
	for _, src := range cfg.Sources {
		byID[src.ID] = src
	}
	s.sourcesByID.Store(&configSourceMap{cfg: cfg, byID: byID})
	return byID
}

type configSourceMap struct {
	cfg  *config.Config
	byID map[string]config.Source
}

// stateOf is what the store knows of source id.
func (ix *sourceIndex) stateOf(id string) (db.SourceState, bool) {
	if st, ok := ix.state[id]; ok || ix.lookup == nil {
		return st, ok
	}
	st, ok := ix.lookup(id)
	if ok {
		ix.state[id] = st
	}
	return st, ok
}

func (s *Server) sourceIndex(cfg *config.Config) (*sourceIndex, error) {
	states, err := s.store.Sources()
	if err != nil {
		return nil, err
	}
	ix := &sourceIndex{
		config: s.configSources(cfg),
		state:  make(map[string]db.SourceState, len(states)),
	}
	for _, st := range states {
		ix.state[st.ID] = st
	}
	return ix, nil
}

// provenance names a source in a feed, a page or the API: the configured
// title, else the feed's own; its current URL. Every URL in it is redacted:
// this is the one door through which source addresses leave the daemon.
func (ix *sourceIndex) provenance(id string) feedgen.Source {
	src, configured := ix.config[id]
	st, known := ix.stateOf(id)
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

// title is the name pages show for a source.
func (ix *sourceIndex) title(id string) string {
	if t := ix.provenance(id).Title; t != "" {
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
