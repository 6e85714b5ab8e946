// Package server answers feedcurator's HTTP surface: the curated feeds in
// three formats, the index and topic pages, OPML, the JSON API, health,
// metrics and the loopback-only backup.
//
// Every page and feed is rendered at most once per change of the store or the
// config and then served from memory, with validators and a gzip copy made at
// render time: feed readers poll far more often than feeds change, so the
// common request costs a map lookup and a header comparison.
//
// What a feed holds (selection, ids, links, dates) is package render's, which
// `export` calls too; the server adds HTTP to it: routes, access, caching
// by URL with validators, conditional GET.
package server

import (
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/render"
	"github.com/feedcurator/feedcurator/topic"
)

// Runtime is the current config and its compiled topics. The daemon builds a
// new one on every reload and swaps the pointer; the server never mutates it.
type Runtime struct {
	Config *config.Config
	Topics *topic.Set
}

// Options configure a Server.
type Options struct {
	Store   db.Engine
	Runtime *atomic.Pointer[Runtime]
	Logger  *slog.Logger
	// Registry is exposed at /metrics (404 when nil). When set, New also
	// registers on it a collector of store size and items per topic.
	Registry *prometheus.Registry
	// Metrics, when set, counts requests per route and status code.
	Metrics *Metrics
	// Status reports the config reload state for /api/status; may be nil.
	Status func() Status
	// Now replaces the clock in tests.
	Now func() time.Time
	// Renderer selects and renders the feeds; nil makes one of Store. The
	// daemon passes the one its admin channel's export uses, so that both
	// share selections.
	Renderer *render.Renderer
	// RenderEvery is how long a rendered feed or page in demand (asked for
	// again within RenderEvery) goes on being served after the store changed
	// before it is rendered again. During a busy ingest the store changes
	// many times a second; readers then get bytes at most this old instead
	// of a render each. A request after a quiet spell always renders what
	// the store holds. Zero renders on every change.
	RenderEvery time.Duration
}

// Server serves the HTTP surface. It is safe for concurrent use.
type Server struct {
	store   db.Engine
	rt      *atomic.Pointer[Runtime]
	log     *slog.Logger
	reg     *prometheus.Registry
	metrics *Metrics
	status  func() Status
	now     func() time.Time

	render  *render.Renderer
	cache   *renderCache
	static  map[string]*rendered // embedded assets by URL path, rendered once
	handler http.Handler

	lastRT atomic.Pointer[Runtime] // the runtime the cache was last swept for

	changed       chan struct{} // NotifyChanged → RunWebSub
	websubStarted func()        // test hook: RunWebSub has its starting point
}

// New makes a Server. Store and Runtime are required.
func New(opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Renderer == nil {
		opts.Renderer = render.New(opts.Store, opts.Logger)
	}
	s := &Server{
		store: opts.Store, rt: opts.Runtime, log: opts.Logger, reg: opts.Registry,
		metrics: opts.Metrics, status: opts.Status, now: opts.Now,
		render: opts.Renderer, changed: make(chan struct{}, 1),
	}
	s.cache = newRenderCache(s.now)
	s.cache.every = opts.RenderEvery
	s.static = staticAssets(s.now())
	if opts.Registry != nil {
		registerStoreCollector(opts.Registry, opts.Store, opts.Runtime, s.log)
	}
	s.handler = s.routes()
	return s
}

// Handler is the server's root handler.
func (s *Server) Handler() http.Handler { return s.handler }
