package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

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

// serveFeed answers /feeds/{topic}.{atom|rss|json} and its pages,
// /feeds/{topic}.{format}?page=N (see feedPageOf).
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
	page, ok := feedPageOf(r)
	if !ok {
		http.Error(w, fmt.Sprintf("not found: page is a number from 1 to %d", topic.MaxPages), http.StatusNotFound)
		return
	}
	rt := s.runtime(w)
	if rt == nil {
		return
	}
	sel, ok := findSelection(rt.Config, id)
	if !ok || !visible(rt.Config, sel, r) {
		http.Error(w, "not found: no topic "+id, http.StatusNotFound)
		return
	}
	e, err := s.cachedFeedPage(rt, sel, name, format, page)
	switch {
	case errors.Is(err, errNotFound):
		http.Error(w, fmt.Sprintf("not found: %s has no page %d", name, page), http.StatusNotFound)
		return
	case err != nil:
		s.internalError(w, r, err)
		return
	}
	serveRendered(w, r, e)
}

// feedPageOf reads which page of a feed the URL asks for (RFC 5005 paged
// feeds): 0 without a page parameter, the plain feed and its first page;
// else N of "page=N", written as a decimal from 1 to topic.MaxPages. Deeper
// pages are not served, so that crawlers cannot make selection walk the
// whole store. Anything else ("page=0", "page=02", "page=x", two pages) is
// no page (false): other spellings would be more names for the same bytes,
// each with its own cache entry.
func feedPageOf(r *http.Request) (int, bool) {
	if r.URL.RawQuery == "" {
		return 0, true // the common request parses nothing
	}
	values, ok := r.URL.Query()["page"]
	if !ok {
		return 0, true
	}
	if len(values) != 1 {
		return 0, false
	}
	v := values[0]
	if v == "" || v[0] == '0' || len(v) > len(strconv.Itoa(topic.MaxPages)) {
		return 0, false
	}
	n := 0
	for _, c := range []byte(v) {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = 10*n + int(c-'0')
	}
	return n, n <= topic.MaxPages
}

// cachedFeed returns the plain feed rendered for the store's current
// version, rendering it when the cache holds an older one.
// file is the feed's file name ("korea.atom"), the cache entry's name.
func (s *Server) cachedFeed(rt *Runtime, sel selection, file string, format feedgen.Format) (*rendered, error) {
	return s.cachedFeedPage(rt, sel, file, format, 0)
}

// cachedFeedPage is cachedFeed for the page feedPageOf read; each page is
// cached apart. A page past the last is errNotFound.
func (s *Server) cachedFeedPage(rt *Runtime, sel selection, file string, format feedgen.Format, page int) (*rendered, error) {
	key := cacheKey{version: s.store.Version(), rt: rt}
	return s.cache.getDated(feedPageCacheName(file, page), key, format.ContentType(), cacheControlFor(sel, feedCacheControl), func() ([]byte, time.Time, error) {
		return s.renderFeed(rt, sel, format, page, true)
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

// entriesPage returns page number page of the selection, n entries a page,
// and whether a later page has entries.
// Entries are shared with other renders of the same store version: callers
// must not modify them.
func (s *Server) entriesPage(cfg *config.Config, sel selection, n, page int) ([]topic.Entry, bool, error) {
	key := selectionKey{cfg: cfg, topic: sel.topic.ID, every: sel.every, n: n, page: page}
	return s.selections.get(s.store.Version(), key, func() ([]topic.Entry, bool, error) {
		// Feeds show the configured sources only: a source removed from the
		// config leaves its items in the store until retention prunes them.
		configured := s.configSources(cfg)
		r := topic.OnlySources(s.store, func(id string) bool { _, ok := configured[id]; return ok })
		if sel.every {
			return topic.SelectAllPage(r, n, page)
		}
		return topic.SelectPage(r, sel.topic, n, page)
	})
}

// WriteFeed renders one feed as GET /feeds/{topic}.{format} serves it, but
// without paging links (the export command): a file published on its own
// has no pages to link to.
func (s *Server) WriteFeed(w io.Writer, topicID string, format feedgen.Format) error {
	rt := s.rt.Load()
	if rt == nil {
		return errors.New("server: no config loaded")
	}
	sel, ok := findSelection(rt.Config, topicID)
	if !ok {
		return fmt.Errorf("server: no topic %q", topicID)
	}
	b, _, err := s.renderFeed(rt, sel, format, 0, false)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// renderFeed selects and renders one page of a feed (page as feedPageOf
// reads it), with paging links when paged is set, and returns when its
// content last changed, its Last-Modified (lastChanged). Every page but the
// first needs entries: a page past the last is errNotFound.
func (s *Server) renderFeed(rt *Runtime, sel selection, format feedgen.Format, page int, paged bool) ([]byte, time.Time, error) {
	fail := func(err error) ([]byte, time.Time, error) {
		return nil, time.Time{}, fmt.Errorf("server: render feed %s.%s page %d: %w", sel.topic.ID, format, max(page, 1), err)
	}
	pg := feedPage{query: page}
	entries, more, err := s.entriesPage(rt.Config, sel, rt.Config.Output.Items, pg.number())
	if err != nil {
		return fail(err)
	}
	if len(entries) == 0 && pg.number() > 1 {
		return fail(errNotFound)
	}
	pg.more = more && paged
	// A page's Last-Modified counts the entries of every page before it
	// too: a new item on page 1 moves one from each page to the next.
	dated := entries
	if paged && pg.number() > 1 {
		if pg.last, dated, err = s.lastPage(rt.Config, sel); err != nil {
			return fail(err)
		}
	}
	sources := s.itemSourceIndex(rt.Config)
	ch := channel(rt.Config, sel.topic, format, pg)
	changed := s.selectionChanged(rt.Config, sel)
	if ch.Updated = feedgen.Newest(entries); ch.Updated.IsZero() {
		ch.Updated = changed // an empty feed is as old as its definition
	}
	var buf bytes.Buffer
	if err := feedgen.Render(&buf, format, ch, entries, sources.provenance); err != nil {
		return fail(err)
	}
	if sources.err != nil {
		return fail(sources.err)
	}
	return buf.Bytes(), lastChanged(changed, dated), nil
}

// lastPage is the number of the selection's last page (RFC 5005's
// rel="last"), at most topic.MaxPages, and the entries of all its pages:
// the pages are cut from one curated list, so its length up to MaxPages
// pages tells. The selection is cached
// with the others, once per store version for every format and page. Only
// pages after the first link to the last: counting the pages curates up to
// MaxPages pages, which would make every render of the plain feed, the one
// every reader polls, several times dearer (BENCHMARKS.md).
func (s *Server) lastPage(cfg *config.Config, sel selection) (int, []topic.Entry, error) {
	n := cfg.Output.Items
	entries, _, err := s.entriesPage(cfg, sel, n*topic.MaxPages, 1)
	if err != nil {
		return 0, nil, err
	}
	return max(1, (len(entries)+n-1)/n), entries, nil
}
