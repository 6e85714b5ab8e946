package main

import (
	"context"
	"log/slog"
	"sync/atomic"
)

// reloadableHandler is a slog.Handler whose destination handler a config
// reload replaces (log.level, log.format): the scheduler, store and server
// keep the logger they were given at start, and still follow the config.
// Attributes and groups added with With… are kept as steps, replayed on the
// handler of the moment.
type reloadableHandler struct {
	current *atomic.Pointer[slog.Handler]
	steps   []func(slog.Handler) slog.Handler
}

func newReloadableHandler(h slog.Handler) *reloadableHandler {
	p := &atomic.Pointer[slog.Handler]{}
	p.Store(&h)
	return &reloadableHandler{current: p}
}

// set makes h the destination of every logger built on this handler.
func (r *reloadableHandler) set(h slog.Handler) { r.current.Store(&h) }

func (r *reloadableHandler) handler() slog.Handler {
	h := *r.current.Load()
	for _, step := range r.steps {
		h = step(h)
	}
	return h
}

func (r *reloadableHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return (*r.current.Load()).Enabled(ctx, l)
}

func (r *reloadableHandler) Handle(ctx context.Context, rec slog.Record) error {
	return r.handler().Handle(ctx, rec)
}

func (r *reloadableHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return r.with(func(h slog.Handler) slog.Handler { return h.WithAttrs(attrs) })
}

func (r *reloadableHandler) WithGroup(name string) slog.Handler {
	return r.with(func(h slog.Handler) slog.Handler { return h.WithGroup(name) })
}

func (r *reloadableHandler) with(step func(slog.Handler) slog.Handler) slog.Handler {
	steps := append(append([]func(slog.Handler) slog.Handler(nil), r.steps...), step)
	return &reloadableHandler{current: r.current, steps: steps}
}
