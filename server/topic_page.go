package server

import (
	"net/http"

	"github.com/feedcurator/feedcurator/config"
)

type topicPage struct {
	pageHead
	Topic     topicCard
	Rules     *topicRules // nil for the all feed
	Headlines []headline
}

// topicRules is a topic's definition as the page shows it: the target of the
// "#match" category scheme that feeds put on match terms.
type topicRules struct {
	Any, All, None []string
	Fields         []string
	Sources        []string
}

// serveTopicPage answers /topics/{id}: a topic's newest output.items items,
// each with source, date and why it was selected. It shows no fetch state, so
// the store's version and the config are its whole cache key.
func (s *Server) serveTopicPage(w http.ResponseWriter, r *http.Request) {
	rt := s.runtime(w)
	if rt == nil {
		return
	}
	id := r.PathValue("id")
	sel, ok := findSelection(rt.Config, id)
	if !ok {
		http.Error(w, "not found: no topic "+id, http.StatusNotFound)
		return
	}
	key := cacheKey{version: s.store.Version(), rt: rt}
	s.servePage(w, r, topicPageCacheName(id), key, "topic.html", func() (any, error) { return s.topicPageData(rt, sel) })
}

func (s *Server) topicPageData(rt *Runtime, sel selection) (*topicPage, error) {
	ix := s.itemSourceIndex(rt.Config)
	card, err := s.topicCard(rt.Config, sel, ix, rt.Config.Output.Items)
	if err == nil {
		err = ix.err
	}
	if err != nil {
		return nil, err
	}
	p := &topicPage{
		pageHead:  pageHead{Title: card.Title + " · feedcurator", Root: "../", StyleURL: "../" + s.styleURL(), Alternates: card.Feeds},
		Topic:     card,
		Headlines: card.Headlines,
	}
	if !sel.every {
		p.Rules = rules(sel.topic)
	}
	return p, nil
}

func rules(t config.Topic) *topicRules {
	fields := t.Fields
	if len(fields) == 0 {
		fields = config.DefaultFields
	}
	return &topicRules{Any: raws(t.Any), All: raws(t.All), None: raws(t.None), Fields: fields, Sources: t.Sources}
}

func raws(terms []config.Term) []string {
	out := make([]string, 0, len(terms))
	for _, t := range terms {
		out = append(out, t.Raw)
	}
	return out
}
