// Package render turns what the store holds into the curated feeds: it
// selects a topic's items (or every source's) page by page, names their
// sources, and renders Atom, RSS or JSON Feed through feedgen with the
// daemon's ids, links and dates. The daemon's HTTP server, `export` and any
// later output call it, so that each publishes the same bytes for the same
// store and config.
//
// It keeps one cache, of selections by store version (selections.go):
// selecting is the costly part of a render and every output shares it. The
// cache of rendered bytes stays in server, because what it holds is HTTP:
// representations by URL with their gzip copy and validators, and the rule
// of serving a recent render to a feed in demand during an ingest. An export
// renders once and needs none of it.
//
// A Renderer needs the config, not the compiled topics: selection reads the
// memberships the store recorded when it classified, under each topic's
// configured curation rules.
package render

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/feedgen"
	"github.com/feedcurator/feedcurator/topic"
)

// ErrNoPage is what a render of a page past a feed's last returns: every
// page but the first needs entries.
var ErrNoPage = errors.New("render: no such page")

// Renderer selects and renders feeds from one store. It is safe for
// concurrent use; the daemon keeps one for its server and its admin channel
// so that they share selections.
type Renderer struct {
	store       db.Engine
	log         *slog.Logger
	selections  selectionCache
	sourcesByID atomic.Pointer[configSourceMap]
}

// New makes a Renderer of store; log gets what a render survives (a topic
// whose change time the store could not tell); nil is slog.Default().
func New(store db.Engine, log *slog.Logger) *Renderer {
	if log == nil {
		log = slog.Default()
	}
	return &Renderer{store: store, log: log}
}

// Feed is one rendered page of a feed.
type Feed struct {
	Body []byte
	// Changed is when its content last changed (lastChanged): derived from
	// the store, it does not move across a restart. The daemon serves it
	// as Last-Modified.
	Changed time.Time
}

// Page renders a feed as GET /feeds/{topic}.{format} serves it: page is
// the URL's ?page= (0 for the plain URL, which is page 1), with RFC 5005
// links to the pages around it. A page past the last is ErrNoPage.
func (r *Renderer) Page(cfg *config.Config, sel Selection, format feedgen.Format, page int) (Feed, error) {
	return r.render(cfg, sel, format, page, true)
}

// Standalone renders the first page of a feed without paging links: a file
// published on its own (export) has no pages to link to.
func (r *Renderer) Standalone(cfg *config.Config, sel Selection, format feedgen.Format) (Feed, error) {
	return r.render(cfg, sel, format, 0, false)
}

// WriteFeed writes the Standalone feed of topicID (or "all") under cfg to
// w: what `export` publishes, from the store directly or through the
// daemon.
func (r *Renderer) WriteFeed(w io.Writer, cfg *config.Config, topicID string, format feedgen.Format) error {
	sel, ok := Find(cfg, topicID)
	if !ok {
		return fmt.Errorf("render: no topic %q", topicID)
	}
	f, err := r.Standalone(cfg, sel, format)
	if err != nil {
		return err
	}
	_, err = w.Write(f.Body)
	return err
}

// Entries returns page number page of the selection, n entries a page,
// and whether a later page has entries; a page past the last is empty.
// Entries are shared with other renders of the same store version: callers
// must not modify them.
func (r *Renderer) Entries(cfg *config.Config, sel Selection, n, page int) ([]topic.Entry, bool, error) {
	key := selectionKey{cfg: cfg, topic: sel.Topic.ID, every: sel.Every, n: n, page: page}
	return r.selections.get(r.store.Version(), key, func() ([]topic.Entry, bool, error) {
		// Feeds show the configured sources only: a source removed from the
		// config leaves its items in the store until retention prunes them.
		configured := r.configSources(cfg)
		rd := topic.OnlySources(r.store, func(id string) bool { _, ok := configured[id]; return ok })
		if sel.Every {
			return topic.SelectAllPage(rd, n, page)
		}
		return topic.SelectPage(rd, sel.Topic, n, page)
	})
}

// render selects and renders one page of a feed (page as the URL's ?page=
// names it), with paging links when paged is set.
func (r *Renderer) render(cfg *config.Config, sel Selection, format feedgen.Format, page int, paged bool) (Feed, error) {
	fail := func(err error) (Feed, error) {
		return Feed{}, fmt.Errorf("render: feed %s.%s page %d: %w", sel.Topic.ID, format, max(page, 1), err)
	}
	pg := feedPage{query: page}
	entries, more, err := r.Entries(cfg, sel, cfg.Output.Items, pg.number())
	if err != nil {
		return fail(err)
	}
	if len(entries) == 0 && pg.number() > 1 {
		return fail(ErrNoPage)
	}
	pg.more = more && paged
	// A page's Last-Modified counts the entries of every page before it
	// too: a new item on page 1 moves one from each page to the next.
	dated := entries
	if paged && pg.number() > 1 {
		if pg.last, dated, err = r.lastPage(cfg, sel); err != nil {
			return fail(err)
		}
	}
	sources := r.ItemSources(cfg)
	ch := channel(cfg, sel.Topic, format, pg)
	changed := r.selectionChanged(cfg, sel)
	if ch.Updated = feedgen.Newest(entries); ch.Updated.IsZero() {
		ch.Updated = changed // an empty feed is as old as its definition
	}
	var buf bytes.Buffer
	if err := feedgen.Render(&buf, format, ch, entries, sources.Provenance); err != nil {
		return fail(err)
	}
	if err := sources.Err(); err != nil {
		return fail(err)
	}
	return Feed{Body: buf.Bytes(), Changed: lastChanged(changed, dated)}, nil
}

// lastPage is the number of the selection's last page (RFC 5005's
// rel="last"), at most topic.MaxPages, and the entries of all its pages:
// the pages are cut from one curated list, so its length up to MaxPages
// pages tells. The selection is cached
// with the others, once per store version for every format and page. Only
// pages after the first link to the last: counting the pages curates up to
// MaxPages pages, which would make every render of the plain feed, the one
// every reader polls, several times dearer (BENCHMARKS.md).
func (r *Renderer) lastPage(cfg *config.Config, sel Selection) (int, []topic.Entry, error) {
	n := cfg.Output.Items
	entries, _, err := r.Entries(cfg, sel, n*topic.MaxPages, 1)
	if err != nil {
		return 0, nil, err
	}
	return max(1, (len(entries)+n-1)/n), entries, nil
}
