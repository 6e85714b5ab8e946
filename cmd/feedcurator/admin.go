package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/signal"
	"syscall"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/feedgen"
	"github.com/feedcurator/feedcurator/internal/admin"
)

// daemonAdmin answers the admin channel (internal/admin) for the running
// daemon.
type daemonAdmin struct{ d *daemonState }

func (a daemonAdmin) Snapshot(w io.Writer) error {
	_, err := a.d.store.Snapshot(w)
	return err
}

// WriteFeed renders the feed under the config the daemon runs, as it
// serves it, through the server's renderer (and its selections).
func (a daemonAdmin) WriteFeed(w io.Writer, topic string, format feedgen.Format) error {
	return a.d.render.WriteFeed(w, a.d.runtime.Load().Config, topic, format)
}

func (a daemonAdmin) Items(fn func(*db.Item) bool) error { return a.d.store.AllItems(fn) }

func (a daemonAdmin) Fetch(ctx context.Context, sources []string) ([]admin.FetchResult, error) {
	results, err := a.d.sched.PollNow(ctx, sources)
	if err != nil {
		return nil, err
	}
	out := make([]admin.FetchResult, 0, len(results))
	for _, r := range results {
		fr := admin.FetchResult{Source: r.Source, Added: r.Added}
		if r.Err != nil {
			fr.Error = r.Err.Error()
		}
		out = append(out, fr)
	}
	return out, nil
}

// listenAdmin opens the admin channel beside the store. Without it the
// daemon still runs; only the CLI's backup, export, match and fetch cannot
// reach it, and say so.
func (d *daemonState) listenAdmin(dataDir string) func() {
	srv, err := admin.Listen(admin.SocketPath(dataDir), daemonAdmin{d}, d.log)
	if err != nil {
		d.log.Warn("admin socket unavailable: backup, export, match and fetch cannot reach this daemon", "error", err)
		return func() {}
	}
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), drainHTTP)
		defer cancel()
		srv.Close(ctx)
	}
}

// askDaemon is the admin client of the daemon that holds cfg's store, for
// commands that found the store locked. It runs fn under a context that
// SIGINT ends and explains a daemon that does not answer.
func askDaemon(storePath, dataDir string, fn func(ctx context.Context, c *admin.Client) error) error {
	ctx, stop := signalContext()
	defer stop()
	err := fn(ctx, admin.NewClient(admin.SocketPath(dataDir)))
	if errors.Is(err, admin.ErrNoDaemon) {
		return fmt.Errorf("the store %s is locked by another process, and no feedcurator answers on %s: "+
			"if a daemon of an older version runs, stop it first", storePath, admin.SocketPath(dataDir))
	}
	return err
}

// signalContext ends at SIGINT or SIGTERM: a command waiting for the daemon
// stops when the user gives up.
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
}
