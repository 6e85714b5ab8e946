package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/feedgen"
	"github.com/feedcurator/feedcurator/topic"
)

// feedCacheControl lets readers and proxies reuse a feed for five minutes,
// well under any sensible poll interval of the sources behind it.
const feedCacheControl = "public, max-age=300"

// allTopicID names the feed of every source; a configured topic of that name
// takes its place.
const allTopicID = "all"

// serveFeed answers /feeds/{topic}.{atom|rss|json}.
func (s *Server) serveFeed(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	dot := strings.LastIndexByte(name, '.')
	if dot < 0 {
		http.Error(w, "not found: a feed is /feeds/TOPIC.atom, .rss or .json", http.StatusNotFound)
		return
	}
	id := name[:dot]
	format, ok := feedgen.ParseFormat(name[dot+1:])
	if !ok {
		http.Error(w, "not found: unknown feed format "+name[dot+1:]+" (atom, rss, json)", http.StatusNotFound)
		return
	}
	rt := s.runtime(w)
	if rt == nil {
		return
	}
	sel, ok := findSelection(rt.Config, id)
	if !ok {
		http.Error(w, "not found: no topic "+id, http.StatusNotFound)
		return
	}
	e, err := s.cachedFeed(rt, sel, name, format)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	serveRendered(w, r, e)
}

// cachedFeed returns the feed rendered for the store's current version,
// rendering it when the cache holds an older one.
// file is the feed's file name ("korea.atom"), the cache entry's name.
func (s *Server) cachedFeed(rt *Runtime, sel selection, file string, format feedgen.Format) (*rendered, error) {
	key := cacheKey{version: s.store.Version(), rt: rt}
	return s.cache.get(feedCacheName(file), key, format.ContentType(), feedCacheControl, func() ([]byte, error) {
		return s.renderFeed(rt, sel, format)
	})
}

// selection is what a feed or page shows: a configured topic, or every
// source (the all feed, when no topic is named "all").
type selection struct {
	topic config.Topic
	every bool
}

// findSelection resolves the topic a URL names.
func findSelection(cfg *config.Config, id string) (selection, bool) {
	if t, ok := findTopic(cfg, id); ok {
		return selection{topic: t}, true
	}
	if id == allTopicID {
		return allSelection(), true
	}
	return selection{}, false
}

func allSelection() selection {
	return selection{
		topic: config.Topic{ID: allTopicID, Title: "All sources", Description: "The newest items of every source"},
		every: true,
	}
}

func findTopic(cfg *config.Config, id string) (config.Topic, bool) {
	for _, t := range cfg.Topics {
		if t.ID == id {
			return t, true
		}
	}
	return config.Topic{}, false
}

// entries returns the newest n entries of the selection.
func (s *Server) entries(sel selection, n int) ([]topic.Entry, error) {
	if sel.every {
		return topic.SelectAll(s.store, n)
	}
	return topic.Select(s.store, sel.topic, n)
}

// WriteFeed renders one feed exactly as GET /feeds/{topic}.{format} serves
// it (the export command).
func (s *Server) WriteFeed(w io.Writer, topicID string, format feedgen.Format) error {
	rt := s.rt.Load()
	if rt == nil {
		return errors.New("server: no config loaded")
	}
	sel, ok := findSelection(rt.Config, topicID)
	if !ok {
		return fmt.Errorf("server: no topic %q", topicID)
	}
	b, err := s.renderFeed(rt, sel, format)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// renderFeed selects and renders one feed.
func (s *Server) renderFeed(rt *Runtime, sel selection, format feedgen.Format) ([]byte, error) {
	fail := func(err error) ([]byte, error) {
		return nil, fmt.Errorf("server: render feed %s.%s: %w", sel.topic.ID, format, err)
	}
	entries, err := s.entries(sel, rt.Config.Output.Items)
	if err != nil {
		return fail(err)
	}
	sources, err := s.sourceIndex(rt.Config)
	if err != nil {
		return fail(err)
	}
	var buf bytes.Buffer
	if err := feedgen.Render(&buf, format, channel(rt.Config, sel.topic, format, entries), entries, sources.provenance); err != nil {
		return fail(err)
	}
	return buf.Bytes(), nil
}
