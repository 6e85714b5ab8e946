package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/feedcurator/feedcurator/classify"
	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/fetcher"
	"github.com/feedcurator/feedcurator/fetcher/fulltext"
	"github.com/feedcurator/feedcurator/fetcher/httpclient"
	"github.com/feedcurator/feedcurator/render"
	"github.com/feedcurator/feedcurator/server"
)

// Shutdown budget: polls in flight get drainPolls to finish and commit, the
// HTTP server drainHTTP to answer the requests it is serving.
const (
	drainPolls = 10 * time.Second
	drainHTTP  = 5 * time.Second
)

// renderEvery bounds how often a busy ingest makes a feed render again: in
// the 10,000-source benchmark nearly every GET re-rendered otherwise.
const renderEvery = 500 * time.Millisecond

// retentionEvery is how often retention runs, whatever the sources answer.
const retentionEvery = time.Minute

func cmdRun(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("run", stderr)
	configPath := configFlag(fs)
	listen := fs.String("listen", "", "address to serve on, instead of the config's listen (port 0: any free port)")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		return err
	}
	if *listen != "" {
		cfg.SetListen(*listen)
	}
	return daemon(cfg, nil, stdout, stderr, func(d *daemonState) { announce(stdout, d) })
}

// listenOn opens cfg.Listen. A port of 0 becomes the free port the kernel
// chose, in cfg.Listen and in a base_url derived from it, so that self links
// and the announcement name the real address.
func listenOn(cfg *config.Config) (net.Listener, error) {
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w (is another feedcurator running? use -listen ADDR, or set listen: in the config)", cfg.Listen, err)
	}
	if _, port, err := net.SplitHostPort(cfg.Listen); err == nil && port == "0" {
		cfg.SetListen(ln.Addr().String())
	}
	return ln, nil
}

// daemonState is the running daemon: what reload swaps and what the
// announcement prints.
type daemonState struct {
	log      *slog.Logger
	logs     *reloadableHandler // log's destination, which a reload replaces
	logw     io.Writer
	client   *httpclient.Client // the scheduler's, closed when a reload replaces it
	store    db.Engine          // what the server and render read
	writes   *classify.Store    // store's write path: the scheduler's and full text's
	sched    *fetcher.Scheduler
	fullText *fulltext.Fetcher
	metrics  *server.Metrics
	server   *server.Server
	render   *render.Renderer // the server's, and the admin channel's export
	rounds   *pollRounds
	runtime  atomic.Pointer[server.Runtime]
	reloadMu sync.Mutex
	status   atomic.Pointer[server.Status]
}

// newDaemon wires the pipeline for cfg: store, topics, scheduler, server.
// Nothing runs until run; close releases the store.
func newDaemon(cfg *config.Config, logw io.Writer) (*daemonState, error) {
	tuneGC()
	logs := newReloadableHandler(newLogger(cfg, logw).Handler())
	log := slog.New(logs)
	set, err := compileTopics(cfg)
	if err != nil {
		return nil, err
	}
	store, err := openEngine(cfg, set)
	if err != nil {
		return nil, err
	}
	if l, ok := store.(interface{ SetLogger(*slog.Logger) }); ok {
		l.SetLogger(log)
	}
	writes, err := writePath(store, set)
	if err != nil {
		store.Close()
		return nil, err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	d := &daemonState{log: log, logs: logs, logw: logw, client: newClient(cfg), store: store, writes: writes, metrics: server.NewMetrics(reg), rounds: newPollRounds(log, cfg.Sources, time.Now)}
	d.runtime.Store(&server.Runtime{Config: cfg, Topics: set})
	d.status.Store(&server.Status{ConfigPath: cfg.Path, LoadedAt: time.Now()})
	d.fullText = newFullText(cfg, d.client, writes, log, fullTextCounter(reg))
	d.sched = fetcher.NewScheduler(fetcher.SchedulerOptions{
		Client: d.client, Store: writes, Logger: log, OnResult: d.pollDone,
		Pipeline: pipelineOf(d.fullText),
		Leaser:   pollLeaser(store),
	})
	if err := d.sched.SetSources(cfg.Sources, cfg.Poll); err != nil {
		store.Close()
		return nil, err
	}
	d.render = render.New(store, log)
	d.server = server.New(server.Options{
		Store: store, Runtime: &d.runtime, Logger: log, Registry: reg, Metrics: d.metrics,
		RenderEvery: renderEvery,
		Renderer:    d.render,
		Status:      func() server.Status { return *d.status.Load() },
	})
	// Parsing a large config (its YAML syntax tree) is the peak of Go
	// memory at start; hand it back to the OS now rather than slowly.
	debug.FreeOSMemory()
	return d, nil
}

func (d *daemonState) close() error { return d.store.Close() }

// setClient gives the scheduler and the full-text stage a new client; they
// share one, and with it the per-host slots. The previous one's idle
// connections go; fetches in flight finish with it.
func (d *daemonState) setClient(c *httpclient.Client) {
	previous := d.client
	d.client = c
	d.sched.SetClient(c)
	d.fullText.SetClient(c)
	previous.CloseIdleConnections()
}

// pollDone records a poll's outcome and, when it stored something, lets the
// WebSub publisher look for changed feeds.
func (d *daemonState) pollDone(r fetcher.Result) {
	d.metrics.ObservePoll(r)
	d.rounds.add(r)
	if r.Err == nil && r.Items > 0 {
		d.server.NotifyChanged()
	}
}

// daemon runs the whole pipeline on cfg until SIGINT or SIGTERM: the
// scheduler polls into the store, retention prunes it, the server serves the
// curated feeds, SIGHUP and edits of the config file reload it. ready is
// called once the daemon serves. It serves on ln, or when ln is nil on
// cfg.Listen, opened once the store is: a second daemon on the same store
// is told about the lock, the cause, rather than about the address.
func daemon(cfg *config.Config, ln net.Listener, stdout, stderr io.Writer, ready func(*daemonState)) error {
	d, err := newDaemon(cfg, stderr)
	if err != nil {
		if ln != nil {
			ln.Close()
		}
		return err
	}
	defer d.close()
	slog.SetDefault(d.log)
	if ln == nil {
		baseURL := cfg.BaseURL
		// Nothing runs yet, so cfg (the runtime's) may still change.
		if ln, err = listenOn(cfg); err != nil {
			return err
		}
		if cfg.BaseURL != baseURL {
			d.setClient(newClient(cfg)) // its User-Agent names base_url
		}
	}
	defer d.listenAdmin(cfg.DataDir)() // closed before the store
	httpSrv := d.server.HTTPServer(cfg.Listen)
	serveErr := make(chan error, 1)
	go func() { serveErr <- httpSrv.Serve(ln) }()

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	var wg sync.WaitGroup
	wg.Add(5)
	go func() { defer wg.Done(); d.sched.Run(ctx) }()
	go func() { defer wg.Done(); d.fullText.Run(ctx) }()
	go func() { defer wg.Done(); d.server.RunWebSub(ctx, server.WebSubOptions{}) }()
	go func() { defer wg.Done(); d.retain(ctx) }()
	go func() { defer wg.Done(); d.watchConfig(ctx) }()
	d.log.Info("feedcurator running", "listen", cfg.Listen, "base_url", cfg.BaseURL, "config", configName(cfg),
		"store", d.store.Location(), "sources", len(cfg.Sources), "topics", len(cfg.Topics))
	if len(cfg.Sources) == 0 {
		d.log.Warn(`no sources configured: nothing will be polled; add some under "sources:" (feedcurator check says the same)`)
	}
	ready(d)

	select {
	case <-ctx.Done():
		d.log.Info("shutting down: finishing polls in flight", "deadline", drainPolls)
	case err := <-serveErr:
		stop()
		wg.Wait()
		return fmt.Errorf("http server: %w", err)
	}
	waitOrTimeout(&wg, drainPolls+time.Second)
	sctx, cancel := context.WithTimeout(context.Background(), drainHTTP)
	defer cancel()
	if err := httpSrv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		d.log.Warn("http shutdown", "error", err)
	}
	d.log.Info("stopped")
	return nil
}

func waitOrTimeout(wg *sync.WaitGroup, d time.Duration) {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
	}
}

// retain runs retention once a minute, whatever the sources answer, so that
// a source that only ever answers 304 ages too.
func (d *daemonState) retain(ctx context.Context) {
	t := time.NewTicker(retentionEvery)
	defer t.Stop()
	for {
		cfg := d.runtime.Load().Config
		if n, err := d.store.Prune(db.Retention{MaxAge: cfg.Retention.MaxAge, MaxItems: cfg.Retention.MaxItems}); err != nil {
			d.log.Error("retention failed", "error", err)
		} else if n > 0 {
			d.log.Info("retention pruned items", "items", n)
		}
		if err := d.store.WriteError(); err != nil {
			d.log.Error("writes to the store fail; serving what is stored", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			d.rounds.flush() // the polls of the minute past; not at the start, while the first round runs
		}
	}
}

func configName(cfg *config.Config) string {
	if cfg.Path == "" {
		return "built-in"
	}
	return cfg.Path
}

// announce prints where to subscribe.
func announce(w io.Writer, d *daemonState) {
	rt := d.runtime.Load()
	base := rt.Config.BaseURL
	fmt.Fprintf(w, "feedcurator: serving %s/ (listening on %s)\n", base, rt.Config.Listen)
	for _, t := range rt.Config.Topics {
		fmt.Fprintf(w, "  %-12s %s/feeds/%s.atom  .rss  .json\n", t.ID, base, t.ID)
	}
	fmt.Fprintf(w, "  %-12s %s/feeds/all.atom  .rss  .json\n", "(all)", base)
	fmt.Fprintf(w, "  sources:     %s/api/sources\n", base)
	if f, ok := w.(*os.File); ok {
		f.Sync()
	}
}
