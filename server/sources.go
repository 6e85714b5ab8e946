package server

import (
	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/feedgen"
)

// sourceIndex joins the configured sources with what the store knows of them,
// read once per render.
type sourceIndex struct {
	config map[string]config.Source
	state  map[string]db.SourceState
}

func (s *Server) sourceIndex(cfg *config.Config) (*sourceIndex, error) {
	states, err := s.store.Sources()
	if err != nil {
		return nil, err
	}
	ix := &sourceIndex{
		config: make(map[string]config.Source, len(cfg.Sources)),
		state:  make(map[string]db.SourceState, len(states)),
	}
	for _, src := range cfg.Sources {
		ix.config[src.ID] = src
	}
	for _, st := range states {
		ix.state[st.ID] = st
	}
	return ix, nil
}

// provenance names a source in a feed: the configured title, else the
// feed's own; its current URL.
func (ix *sourceIndex) provenance(id string) feedgen.Source {
	src, configured := ix.config[id]
	st, known := ix.state[id]
	p := feedgen.Source{ID: id, Title: src.Title, SiteURL: st.SiteURL, FeedID: st.FeedID}
	if p.Title == "" {
		p.Title = st.Title
	}
	switch {
	case configured:
		p.FeedURL = currentURL(src, st, known)
	case known:
		p.FeedURL = st.URL
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
