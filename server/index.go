package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/render"
)

// indexHeadlines is how many headlines each topic shows on the index page.
const indexHeadlines = 5

type indexPage struct {
	pageHead
	Notices []notice // what is wrong, first (see notices.go)
	Topics  []topicCard
	// MoreTopics are the topics past indexTopicCards: listed by title and
	// feeds only, since each card costs a selection.
	MoreTopics  []topicCard
	Sources     []sourceRow
	MoreSources int // sources left out of the table (see /api/sources)
}

// indexTopicCards caps the topics shown as cards, with counts and
// headlines: each costs a count and a selection, and a config of thousands
// of topics made the page take 39 s and 1 GB. The rest are listed by title
// and feeds, and /topics.opml has them all; their autodiscovery links are
// left out of <head> too (no reader offers thousands of feeds to pick from).
const indexTopicCards = 100

// indexSourceRows caps the index's sources table: past a few hundred rows a
// table is no use to a person and the page grows by megabytes.
const indexSourceRows = 300

// trimSourceRows keeps at most max rows, failing sources first, in config
// order otherwise, and says how many were left out.
func trimSourceRows(rows []sourceRow, max int) ([]sourceRow, int) {
	if len(rows) <= max {
		return rows, 0
	}
	kept := make([]sourceRow, 0, max)
	for _, r := range rows {
		if r.Class == "failing" && len(kept) < max {
			kept = append(kept, r)
		}
	}
	for _, r := range rows {
		if r.Class != "failing" && len(kept) < max {
			kept = append(kept, r)
		}
	}
	return kept, len(rows) - len(kept)
}

// topicCard is one topic on a page: what it is, how full, its feeds.
type topicCard struct {
	ID          string
	Title       string
	Description string
	PageURL     string // relative to the site root
	Items       int    // stored items the topic selects
	// InFeed is how many items the feed's first page holds; FeedMore that
	// more pages follow. Left out of the feed: copies of another item's
	// link, items merged into a story, past per_source_max, of removed
	// sources. LeftOut names what applies, for when InFeed < Items.
	InFeed    int
	FeedMore  bool
	LeftOut   string
	Updated   time.Time
	Feeds     []feedLink
	Headlines []headline
}

// sourceRow is one source in the index's table.
type sourceRow struct {
	ID, URL, Title       string
	LastFetch, NextFetch time.Time
	LastError            string
	Items                int
	Gone                 bool
	StatusText           string
	Class                string // "ok", "failing" or ""
}

// serveIndex answers GET /. The page shows absolute times, so it changes only
// when the store, the config or a source's fetch state does; the last is not
// covered by the store's version (a poll that changes no item keeps it), so
// the cache key carries the store's state version too.
func (s *Server) serveIndex(w http.ResponseWriter, r *http.Request) {
	rt := s.runtime(w)
	if rt == nil {
		return
	}
	// A failed reload changes neither the store nor the runtime; the
	// reload's time in the key makes the page show it.
	st := s.statusNow(rt)
	salt := s.store.StateVersion()*31 + uint64(st.LastReload.UnixNano())
	key := cacheKey{version: s.store.Version(), rt: rt, salt: salt}
	// Private topics are listed only to requests with the token: that view
	// is cached apart, and no shared cache may keep it.
	withPrivate := hasPrivate(rt.Config) && carriesToken(rt.Config, r)
	name, cc := indexCacheName, pageCacheControl
	if withPrivate {
		name, cc = indexPrivateCacheName, "private, "+pageCacheControl
	}
	s.servePage(w, r, name, key, "index.html", cc, func() (any, error) { return s.indexData(rt, withPrivate, st) })
}

// statusNow is the daemon's config state, or what rt alone says of it.
func (s *Server) statusNow(rt *Runtime) Status {
	if s.status != nil {
		return s.status()
	}
	return Status{ConfigPath: rt.Config.Path}
}

func (s *Server) indexData(rt *Runtime, withPrivate bool, st Status) (*indexPage, error) {
	cfg := rt.Config
	ix, err := s.render.AllSources(cfg)
	if err != nil {
		return nil, err
	}
	p := &indexPage{pageHead: pageHead{Title: "feedcurator", StyleURL: s.styleURL()}}
	for i, sel := range render.Listed(cfg, withPrivate) {
		if i >= indexTopicCards && !sel.Every {
			p.MoreTopics = append(p.MoreTopics, topicListing(cfg, sel))
			continue
		}
		card, err := s.topicCard(cfg, sel, ix, indexHeadlines)
		if err != nil {
			return nil, err
		}
		p.Topics = append(p.Topics, card)
		p.Alternates = append(p.Alternates, card.Feeds...)
	}
	infos, err := s.sourceInfos(rt)
	if err != nil {
		return nil, err
	}
	for _, si := range infos {
		p.Sources = append(p.Sources, newSourceRow(si))
	}
	st.LastReloadError = redactText(cfg, st.LastReloadError) // errors quote URLs and values
	for _, n := range []*notice{reloadNotice(st), unreachableNotice(infos)} {
		if n != nil {
			p.Notices = append(p.Notices, *n)
		}
	}
	p.Sources, p.MoreSources = trimSourceRows(p.Sources, indexSourceRows)
	return p, nil
}

// topicCard describes a selection with its newest n headlines.
func (s *Server) topicCard(cfg *config.Config, sel render.Selection, ix *render.Sources, n int) (topicCard, error) {
	t := sel.Topic
	card := topicCard{
		ID: t.ID, Title: render.TopicTitle(t), Description: t.Description,
		PageURL: "topics/" + t.ID, Feeds: feedLinks(cfg, t),
	}
	var err error
	if sel.Every {
		card.Items, card.Updated, err = s.allCount()
	} else {
		card.Items, card.Updated, err = s.store.TopicCount(t.ID)
	}
	if err != nil {
		return card, err
	}
	// The feed's first page, as GET /feeds/ID.* selects it (and shares the
	// selection with it), gives both the count and the headlines: the
	// newest n of it are the newest n of the feed.
	entries, more, err := s.render.Entries(cfg, sel, cfg.Output.Items, 1)
	if err != nil {
		return card, err
	}
	card.InFeed, card.FeedMore, card.LeftOut = len(entries), more, leftOut(t)
	card.Headlines = headlines(entries[:min(n, len(entries))], ix)
	return card, nil
}

// topicListing is a topic as the index lists it past its cards: what it
// is and its feeds, at no cost to the store.
func topicListing(cfg *config.Config, sel render.Selection) topicCard {
	t := sel.Topic
	return topicCard{ID: t.ID, Title: render.TopicTitle(t), PageURL: "topics/" + t.ID, Feeds: feedLinks(cfg, t)}
}

// leftOut says what curation leaves out of a topic's feed, for the pages'
// "N stored" note.
func leftOut(t config.Topic) string {
	what := "copies of another item's link"
	if t.Cluster {
		what += ", other reports of a story"
	}
	if t.PerSourceMax > 0 {
		what += ", items past " + strconv.Itoa(t.PerSourceMax) + " per source"
	}
	return what + " and items of removed sources are left out"
}

// allCount is the all feed's counterpart of TopicCount: every stored item and
// the newest one's date.
func (s *Server) allCount() (int, time.Time, error) {
	counts, err := s.store.ItemCounts()
	if err != nil {
		return 0, time.Time{}, err
	}
	n := 0
	for _, c := range counts {
		n += c
	}
	var newest time.Time
	err = s.store.AllItems(func(it *db.Item) bool { newest = it.SortTime(); return false })
	return n, newest, err
}

func newSourceRow(si sourceInfo) sourceRow {
	row := sourceRow{
		ID: si.ID, URL: si.URL, Title: si.Title, LastFetch: time.Time(si.LastFetch), NextFetch: time.Time(si.NextFetch),
		LastError: si.LastError, Items: si.Items, Gone: si.Gone,
	}
	if row.Title == "" {
		row.Title = si.ID
	}
	switch {
	case si.Gone:
		row.StatusText, row.Class = "gone (410): polling stopped", "failing"
	case time.Time(si.LastFetch).IsZero():
		row.StatusText, row.Class = "not fetched yet", "pending"
	case si.LastError != "":
		row.StatusText, row.Class = "failing", "failing"
		if si.LastStatus != 0 {
			row.StatusText = strconv.Itoa(si.LastStatus) + " " + http.StatusText(si.LastStatus)
		}
		if si.Failures > 1 {
			row.StatusText += " (" + strconv.Itoa(si.Failures) + " in a row)"
		}
	default:
		row.StatusText, row.Class = "ok", "ok"
		if si.LastStatus == http.StatusNotModified {
			row.StatusText = "ok (not modified)"
		}
	}
	return row
}
