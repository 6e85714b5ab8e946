package main

import (
	"context"
	"fmt"
	"io"
	"os/signal"
	"syscall"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/fetcher"
)

// cmdFetch polls every source once and exits: for people who run feedcurator
// from cron and publish with export. Failed sources are logged and recorded
// for /api/sources; they do not make the command fail.
func cmdFetch(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("fetch", stderr)
	configPath := configFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	cfg, set, err := loadTopics(*configPath)
	if err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	store, err := openStore(cfg, set)
	if err != nil {
		return err
	}
	defer store.Close()

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	sched := fetcher.NewScheduler(fetcher.SchedulerOptions{Client: newClient(cfg), Store: store, Logger: log})
	if err := sched.SetSources(cfg.Sources, cfg.Poll); err != nil {
		return err
	}
	failed, added := 0, 0
	for _, r := range sched.PollAll(ctx) {
		added += r.Added
		if r.Err != nil {
			failed++
		}
	}
	if _, err := store.Prune(db.Retention{MaxAge: cfg.Retention.MaxAge, MaxItems: cfg.Retention.MaxItems}); err != nil {
		log.Warn("retention failed", "error", err)
	}
	fmt.Fprintf(stdout, "fetched %d sources: %d new items, %d failed\n", len(cfg.Sources), added, failed)
	return ctx.Err()
}
