package main

import (
	"context"
	"fmt"
	"io"
	"os/signal"
	"slices"
	"syscall"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/fetcher"
	"github.com/feedcurator/feedcurator/internal/admin"
)

// cmdFetch polls every source once and exits: for people who run feedcurator
// from cron and publish with export. Failed sources are logged and recorded
// for /api/sources; they do not make the command fail.
func cmdFetch(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("fetch", stderr)
	configPath := configFlag(fs)
	var only []string
	fs.Func("source", "poll only this source (repeatable)", func(id string) error { only = append(only, id); return nil })
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	cfg, set, err := loadTopics(*configPath)
	if err != nil {
		return err
	}
	for _, id := range only {
		if !slices.ContainsFunc(cfg.Sources, func(src config.Source) bool { return src.ID == id }) {
			return usagef("-source %q: no such source in %s", id, configName(cfg))
		}
	}
	log := newLogger(cfg, stderr)
	tuneGC()
	store, err := openEngine(cfg, set)
	if isLocked(err) {
		return fetchByDaemon(cfg, only, stdout)
	}
	if err != nil {
		return err
	}
	defer store.Close()
	w, err := writePath(store, set)
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	client := newClient(cfg)
	ft := newFullText(cfg, client, w, log, nil)
	ftCtx, stopFullText := context.WithCancel(ctx)
	ftDone := make(chan struct{})
	go func() { ft.Run(ftCtx); close(ftDone) }()
	defer func() { stopFullText(); <-ftDone }()
	sched := fetcher.NewScheduler(fetcher.SchedulerOptions{Client: client, Store: w, Logger: log, Pipeline: pipelineOf(ft)})
	if err := sched.SetSources(cfg.Sources, cfg.Poll); err != nil {
		return err
	}
	var results []fetcher.Result
	if len(only) == 0 {
		results = sched.PollAll(ctx)
	} else if results, err = sched.PollNow(ctx, only); err != nil {
		return err
	}
	failed, added := 0, 0
	for _, r := range results {
		added += r.Added
		if r.Err != nil {
			failed++
		}
	}
	// The articles of full_text sources' new items, before the store closes.
	_ = ft.WaitIdle(ctx)
	if _, err := store.Prune(db.Retention{MaxAge: cfg.Retention.MaxAge, MaxItems: cfg.Retention.MaxItems}); err != nil {
		log.Warn("retention failed", "error", err)
	}
	fmt.Fprintf(stdout, "fetched %d sources: %d new items, %d failed\n", len(results), added, failed)
	return ctx.Err()
}

// fetchByDaemon asks the daemon that holds the store to poll the sources now
// and waits until it has stored what they gave. Failures are reported as the
// daemon recorded them; like a fetch of its own, they do not fail the command.
func fetchByDaemon(cfg *config.Config, only []string, stdout io.Writer) error {
	var results []admin.FetchResult
	err := ask(cfg, func(ctx context.Context, c *admin.Client) error {
		var err error
		results, err = c.Fetch(ctx, only)
		return err
	})
	if err != nil {
		return err
	}
	failed, added := 0, 0
	for _, r := range results {
		added += r.Added
		if r.Error != "" {
			failed++
			fmt.Fprintf(stdout, "  %s: %s\n", r.Source, r.Error)
		}
	}
	fmt.Fprintf(stdout, "fetched %d sources (by the running daemon): %d new items, %d failed\n", len(results), added, failed)
	return nil
}
