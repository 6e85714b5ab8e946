package server

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/render"
	"github.com/feedcurator/feedcurator/topic"
)

type topicPage struct {
	pageHead
	Topic     topicCard
	Rules     *topicRules // nil for the all feed
	Headlines []headline
	// Paging, as the feeds page: ?page=N holds the Nth output.items items.
	Page             int
	PrevURL, NextURL string // relative to the page; empty at either end
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
	sel, ok := render.Find(rt.Config, id)
	if !ok || !visible(rt.Config, sel, r) {
		http.Error(w, "not found: no topic "+id, http.StatusNotFound)
		return
	}
	page, ok := feedPageOf(r)
	if !ok {
		http.Error(w, fmt.Sprintf("not found: page is a number from 1 to %d", topic.MaxPages), http.StatusNotFound)
		return
	}
	if page > 1 {
		// A page past the last is a 404, as for the feeds; asked before
		// the render so that the cache holds only pages that exist.
		entries, _, err := s.render.Entries(rt.Config, sel, rt.Config.Output.Items, page)
		if err != nil {
			s.internalError(w, r, err)
			return
		}
		if len(entries) == 0 {
			http.Error(w, fmt.Sprintf("not found: topic %s has no page %d", id, page), http.StatusNotFound)
			return
		}
	}
	key := cacheKey{version: s.store.Version(), rt: rt}
	s.servePage(w, r, topicPagePageCacheName(id, page), key, "topic.html", cacheControlFor(sel, pageCacheControl), func() (any, error) { return s.topicPageData(rt, sel, page) })
}

func (s *Server) topicPageData(rt *Runtime, sel render.Selection, page int) (*topicPage, error) {
	ix := s.render.ItemSources(rt.Config)
	n := rt.Config.Output.Items
	card, err := s.topicCard(rt.Config, sel, ix, n)
	if err == nil {
		err = ix.Err()
	}
	if err != nil {
		return nil, err
	}
	p := &topicPage{
		pageHead:  pageHead{Title: card.Title + " · feedcurator", Root: "../", StyleURL: "../" + s.styleURL(), Alternates: card.Feeds},
		Topic:     card,
		Headlines: card.Headlines,
		Page:      max(page, 1),
	}
	entries, more, err := s.render.Entries(rt.Config, sel, n, p.Page)
	if err != nil {
		return nil, err
	}
	if p.Page > 1 {
		p.Headlines = headlines(entries, ix)
		p.PrevURL = sel.Topic.ID
		if p.Page > 2 {
			p.PrevURL += "?page=" + strconv.Itoa(p.Page-1)
		}
	}
	if more && p.Page < topic.MaxPages {
		p.NextURL = sel.Topic.ID + "?page=" + strconv.Itoa(p.Page+1)
	}
	if !sel.Every {
		p.Rules = rules(sel.Topic)
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
