package server

import (
	"net/http"

	"github.com/feedcurator/feedcurator/render"
)

// serveTopicsOPML answers /topics.opml: one outline per topic, its Atom feed
// and its page, so that a reader subscribes to every topic at once.
func (s *Server) serveTopicsOPML(w http.ResponseWriter, r *http.Request) {
	rt := s.runtime(w)
	if rt == nil {
		return
	}
	withPrivate := carriesToken(rt.Config, r)
	b, err := render.TopicsOPML(rt.Config, withPrivate)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if withPrivate {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	writeBytes(w, "text/x-opml; charset=utf-8", b)
}
