package server

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/feedcurator/feedcurator/feedgen"
	"github.com/feedcurator/feedcurator/render"
	"github.com/feedcurator/feedcurator/topic"
)

// feedCacheControl lets readers and proxies reuse a feed for five minutes,
// well under any sensible poll interval of the sources behind it.
const feedCacheControl = "public, max-age=300"

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
	sel, ok := render.Find(rt.Config, id)
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
func (s *Server) cachedFeed(rt *Runtime, sel render.Selection, file string, format feedgen.Format) (*rendered, error) {
	return s.cachedFeedPage(rt, sel, file, format, 0)
}

// cachedFeedPage is cachedFeed for the page feedPageOf read; each page is
// cached apart. A page past the last is errNotFound.
func (s *Server) cachedFeedPage(rt *Runtime, sel render.Selection, file string, format feedgen.Format, page int) (*rendered, error) {
	key := cacheKey{version: s.store.Version(), rt: rt}
	return s.cache.getDated(feedPageCacheName(file, page), key, format.ContentType(), cacheControlFor(sel, feedCacheControl), func() ([]byte, time.Time, error) {
		f, err := s.render.Page(rt.Config, sel, format, page)
		if errors.Is(err, render.ErrNoPage) {
			err = errNotFound // remembered as missing, answered 404
		}
		return f.Body, f.Changed, err
	})
}
