package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/fetcher"
)

// pollRounds sums up the daemon's polls for the log at info level, so that a
// healthy daemon says what it does: one line once every source has been
// polled after the start, then one a minute (with retention) while polls
// happen. Each failure is logged as it happens, by the scheduler.
type pollRounds struct {
	log *slog.Logger
	now func() time.Time

	mu                                       sync.Mutex
	pending                                  map[string]bool // sources not polled since the start; nil once all were
	since                                    time.Time
	polled, added, notModified, failed, gone int
}

func newPollRounds(log *slog.Logger, sources []config.Source, now func() time.Time) *pollRounds {
	p := &pollRounds{log: log, now: now, since: now(), pending: make(map[string]bool, len(sources))}
	for _, s := range sources {
		p.pending[s.ID] = true
	}
	if len(p.pending) == 0 {
		p.pending = nil
	}
	return p
}

// add counts one poll's result.
func (p *pollRounds) add(r fetcher.Result) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.polled++
	p.added += r.Added
	switch r.Outcome() {
	case "not_modified":
		p.notModified++
	case "gone":
		p.gone++
	case "ok":
	default:
		p.failed++
	}
	if p.pending != nil {
		delete(p.pending, r.Source)
		if len(p.pending) == 0 {
			p.pending = nil
			p.logLocked("first poll round done")
		}
	}
}

// flush logs the polls since the last summary, if there were any.
func (p *pollRounds) flush() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.polled > 0 {
		p.logLocked("poll round")
	}
}

func (p *pollRounds) logLocked(msg string) {
	now := p.now()
	level := slog.LevelInfo
	if p.failed > 0 && p.failed == p.polled {
		level = slog.LevelWarn // nothing could be fetched: offline, or a proxy is needed
	}
	p.log.Log(context.Background(), level, msg, "polled", p.polled, "new_items", p.added, "not_modified", p.notModified,
		"failed", p.failed, "gone", p.gone, "period", now.Sub(p.since).Round(time.Second))
	p.since = now
	p.polled, p.added, p.notModified, p.failed, p.gone = 0, 0, 0, 0, 0
}
