package server

import (
	"net/http"

	"github.com/feedcurator/feedcurator/render"
)

// serveOPML answers /opml: the configured sources (render.SourcesOPML).
func (s *Server) serveOPML(w http.ResponseWriter, r *http.Request) {
	rt := s.runtime(w)
	if rt == nil {
		return
	}
	ix := render.ConfiguredSources(rt.Config)
	if s.store != nil {
		var err error
		if ix, err = s.render.AllSources(rt.Config); err != nil {
			s.internalError(w, r, err)
			return
		}
	}
	b, err := render.SourcesOPML(rt.Config, ix)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	writeBytes(w, "text/x-opml; charset=utf-8", b)
}
