package server

import (
	"net/http"
	"net/url"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/feedgen"
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
	b, err := topicsOPML(rt.Config, withPrivate)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if withPrivate {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	writeBytes(w, "text/x-opml; charset=utf-8", b)
}

// topicsOPML lists the topic feeds; private topics only for a request that
// carried the token, which their URLs then carry too, as readers need.
func topicsOPML(cfg *config.Config, withPrivate bool) ([]byte, error) {
	doc := opmlDoc{Version: "2.0", Title: "feedcurator topics"}
	if cfg.Output.SiteName != "" {
		doc.Title = cfg.Output.SiteName + " topics"
	}
	for _, t := range cfg.Topics {
		if t.Private && !withPrivate {
			continue
		}
		title := render.FeedTitle(cfg, t)
		o := opmlOutline{
			Type: "rss", Text: title, Title: title,
			XMLURL:  render.FeedURL(cfg, t.ID, feedgen.Atom),
			HTMLURL: cfg.BaseURL + "/topics/" + t.ID,
		}
		if t.Private {
			q := "?token=" + url.QueryEscape(cfg.Access.Token)
			o.XMLURL += q
			o.HTMLURL += q
		}
		doc.Outline = append(doc.Outline, o)
	}
	return doc.marshal()
}
