package main

import (
	"log/slog"
	"slices"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/feedcurator/feedcurator/classify"
	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/fetcher/fulltext"
	"github.com/feedcurator/feedcurator/fetcher/httpclient"
	stage "github.com/feedcurator/feedcurator/fetcher/process"
)

// robotsAgent is the product token of our User-Agent, which robots.txt
// groups are matched against.
const robotsAgent = "feedcurator"

// newFullText builds the full-text stage of cfg's sources on client, the
// client the scheduler polls with, so that article pages and feed polls
// share one set of per-host slots. A quarter of poll.concurrency fetches
// pages (at least one), so that polls keep the rest; when a source turns
// full_text on, its newest output.items stored items get their articles.
//
// Articles are saved through store, which classifies each with its item.
// An engine without full-text support (db.ArticleEngine) gets none: a nil
// Fetcher, which does nothing, and a warning when a source asks for it.
func newFullText(cfg *config.Config, client *httpclient.Client, store *classify.Store, log *slog.Logger, onOutcome func(source, outcome string)) *fulltext.Fetcher {
	ae := store.Articles()
	if ae == nil {
		if slices.ContainsFunc(cfg.Sources, func(s config.Source) bool { return s.FullText }) {
			log.Warn("full_text is not supported by this store; items keep the feeds' text", "store", store.Location())
		}
		return nil
	}
	ft := fulltext.New(fulltext.Options{
		Client: client, Store: ae, Agent: robotsAgent, Logger: log,
		Workers:   max(1, cfg.Poll.Concurrency/4),
		Backfill:  cfg.Output.Items,
		OnOutcome: onOutcome,
	})
	ft.SetSources(cfg.Sources)
	return ft
}

// pipelineOf is the per-item stage every poll's items go through.
func pipelineOf(ft *fulltext.Fetcher) *stage.Pipeline {
	return &stage.Pipeline{Enrichers: []stage.Enricher{ft}}
}

// fullTextCounter counts article attempts by outcome (ok, robots,
// not_found, paywall, timeout, …) as feedcurator_fulltext_total.
func fullTextCounter(reg prometheus.Registerer) func(source, outcome string) {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "feedcurator_fulltext_total",
		Help: "Full-text article fetches by outcome: ok, or why the item kept the feed's text (robots, robots_unavailable, not_found, http_error, server_error, timeout, paywall, not_html, no_match, blocked, too_large, error).",
	}, []string{"outcome"})
	reg.MustRegister(c)
	return func(_, outcome string) { c.WithLabelValues(outcome).Inc() }
}
