package server

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/feedcurator/feedcurator/fetcher"
)

// Metrics are feedcurator's own Prometheus collectors. The daemon feeds polls
// and reloads into them; the server counts requests. A nil *Metrics is valid
// and records nothing, so tests and commands without metrics need no stub.
type Metrics struct {
	fetches       *prometheus.CounterVec
	fetchDuration prometheus.Histogram
	fetchedBytes  prometheus.Counter
	ingested      prometheus.Counter
	requests      *prometheus.CounterVec
	reloads       *prometheus.CounterVec
	lastSuccess   *prometheus.GaugeVec
}

// NewMetrics makes the collectors and registers them on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		fetches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "feedcurator_fetches_total", Help: "Polls of sources by result: ok, not_modified, gone, http_error, error.",
		}, []string{"result"}),
		fetchDuration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "feedcurator_fetch_duration_seconds", Help: "Time one poll took, fetch, parse and store included.",
			Buckets: []float64{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60},
		}),
		fetchedBytes: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "feedcurator_fetched_bytes_total", Help: "Feed bytes received, after decompression.",
		}),
		ingested: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "feedcurator_items_ingested_total", Help: "Items stored for the first time.",
		}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "feedcurator_http_requests_total", Help: "HTTP requests answered, by route pattern and status code.",
		}, []string{"route", "code"}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "feedcurator_reloads_total", Help: "Config reloads by result: ok, error.",
		}, []string{"result"}),
		lastSuccess: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "feedcurator_last_success_timestamp_seconds", Help: "Unix time of each source's last successful poll (a 304 included).",
		}, []string{"source"}),
	}
	reg.MustRegister(m.fetches, m.fetchDuration, m.fetchedBytes, m.ingested, m.requests, m.reloads, m.lastSuccess)
	return m
}

// ObservePoll records one poll; pass it as the scheduler's OnResult (or call
// it from there).
func (m *Metrics) ObservePoll(r fetcher.Result) {
	if m == nil {
		return
	}
	outcome := r.Outcome()
	m.fetches.WithLabelValues(outcome).Inc()
	m.fetchDuration.Observe(r.Duration.Seconds())
	m.fetchedBytes.Add(float64(r.Bytes))
	m.ingested.Add(float64(r.Added))
	if outcome == "ok" || outcome == "not_modified" {
		m.lastSuccess.WithLabelValues(r.Source).SetToCurrentTime()
	}
}

// ObserveReload records one config reload attempt.
func (m *Metrics) ObserveReload(ok bool) {
	if m == nil {
		return
	}
	result := "ok"
	if !ok {
		result = "error"
	}
	m.reloads.WithLabelValues(result).Inc()
}

// ForgetSource drops a source's series, for a source removed from the config.
func (m *Metrics) ForgetSource(id string) {
	if m == nil {
		return
	}
	m.lastSuccess.DeleteLabelValues(id)
}

// register adds c to reg, tolerating a second registration of the same
// collector (two Servers on one registry in tests).
func register(reg prometheus.Registerer, c prometheus.Collector) error {
	err := reg.Register(c)
	var are prometheus.AlreadyRegisteredError
	if errors.As(err, &are) {
		return nil
	}
	return err
}
