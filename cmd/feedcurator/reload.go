package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/server"
)

// reloadSettle lets an editor finish writing (truncate, write, rename) before
// the file is read: one reload per save, not three.
const reloadSettle = 300 * time.Millisecond

// watchConfig reloads on SIGHUP and when the config file changes on disk.
func (d *daemonState) watchConfig(ctx context.Context) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)

	var fileEvents <-chan fsnotify.Event
	path := d.runtime.Load().Config.Path
	if path != "" {
		if w, err := fsnotify.NewWatcher(); err != nil {
			d.log.Warn("config watch unavailable; SIGHUP still reloads", "error", err)
		} else {
			defer w.Close()
			// Watch the directory: editors replace the file by renaming over it.
			if err := w.Add(filepath.Dir(path)); err != nil {
				d.log.Warn("config watch unavailable; SIGHUP still reloads", "error", err)
			} else {
				fileEvents = w.Events
			}
		}
	}
	var settle <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			d.reload("SIGHUP")
		case ev := <-fileEvents:
			if filepath.Clean(ev.Name) == filepath.Clean(path) && ev.Op&(fsnotify.Write|fsnotify.Create|fsnotify.Rename) != 0 {
				settle = time.After(reloadSettle)
			}
		case <-settle:
			settle = nil
			d.reload("file changed")
		}
	}
}

// reload validates the config file again and, if it is valid, swaps it in:
// topics are applied again to the stored items (no re-fetch), the scheduler
// takes the new sources, the HTTP client and the log follow the new poll and
// log settings. An invalid config is logged with its position and the
// running one stays. It is all or nothing: every step that can fail runs
// before the steps that cannot, and a failure undoes what went before, so
// the store, the scheduler and the server never run on different configs.
func (d *daemonState) reload(why string) {
	d.reloadMu.Lock()
	defer d.reloadMu.Unlock()
	old := d.runtime.Load()
	path := old.Config.Path
	st := *d.status.Load()
	st.LastReload = time.Now()
	fail := func(err error) {
		d.log.Error("config reload failed; keeping the running config", "reason", why, "error", err)
		st.LastReloadError = err.Error()
		d.status.Store(&st)
		d.metrics.ObserveReload(false)
	}
	if path == "" {
		fail(errors.New("running on the built-in config: there is no file to reload"))
		return
	}
	cfg, err := config.Load(path)
	if err != nil {
		fail(err)
		return
	}
	set, err := compileTopics(cfg)
	if err != nil {
		fail(err)
		return
	}
	was := old.Config.FileListen
	if was == "" {
		was = old.Config.Listen
	}
	if cfg.Listen != was || cfg.DataDir != old.Config.DataDir {
		d.log.Warn("listen and data_dir changes take effect on restart", "listen", old.Config.Listen, "data_dir", old.Config.DataDir)
	}
	// The address served on stays (and a base_url derived from it follows),
	// whether it came from the file, -listen or a port 0.
	cfg.SetListen(old.Config.Listen)
	cfg.DataDir = old.Config.DataDir
	// The scheduler first: it only reads the store, and is put back at
	// once if the reclassification, which commits, fails.
	if err := d.sched.SetSources(cfg.Sources, cfg.Poll); err != nil {
		fail(err)
		return
	}
	if set.Fingerprint() != old.Topics.Fingerprint() {
		start := time.Now()
		if err := d.writes.Reclassify(set); err != nil {
			if rerr := d.sched.SetSources(old.Config.Sources, old.Config.Poll); rerr != nil {
				err = errors.Join(err, fmt.Errorf("and putting the running sources back failed: %w", rerr))
			}
			fail(err)
			return
		}
		d.log.Info("topics applied again to stored items", "took", time.Since(start).Round(time.Millisecond))
	}
	// Nothing below fails.
	d.fullText.SetSources(cfg.Sources)
	if cfg.Poll != old.Config.Poll || cfg.BaseURL != old.Config.BaseURL {
		d.setClient(newClient(cfg))
	}
	if cfg.Log != old.Config.Log {
		d.logs.set(newLogger(cfg, d.logw).Handler())
	}
	d.runtime.Store(&server.Runtime{Config: cfg, Topics: set})
	d.server.NotifyChanged()
	st.LastReloadError = ""
	st.LoadedAt = st.LastReload
	d.status.Store(&st)
	d.metrics.ObserveReload(true)
	d.log.Info("config reloaded", "reason", why, "sources", len(cfg.Sources), "topics", len(cfg.Topics))
}
