package server

import (
	"net/http"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/feedgen"
)

// serveTopicsOPML answers /topics.opml: one outline per topic, its Atom feed
// and its page, so that a reader subscribes to every topic at once.
func (s *Server) serveTopicsOPML(w http.ResponseWriter, r *http.Request) {
	rt := s.runtime(w)
	if rt == nil {
		return
	}
	b, err := topicsOPML(rt.Config)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	writeBytes(w, "text/x-opml; charset=utf-8", b)
}

func topicsOPML(cfg *config.Config) ([]byte, error) {
	doc := opmlDoc{Version: "2.0", Title: "feedcurator topics"}
	if cfg.Output.SiteName != "" {
		doc.Title = cfg.Output.SiteName + " topics"
	}
	for _, t := range cfg.Topics {
		title := feedTitle(cfg, t)
		doc.Outline = append(doc.Outline, opmlOutline{
			Type: "rss", Text: title, Title: title,
			XMLURL:  feedURL(cfg, t.ID, feedgen.Atom),
			HTMLURL: cfg.BaseURL + "/topics/" + t.ID,
		})
	}
	return doc.marshal()
}
