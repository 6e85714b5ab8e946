package server

import (
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/feedcurator/feedcurator/db"
)

// unreachable is a store whose database has gone away: every read fails.
type unreachable struct{ db.Engine }

var errGone = errors.New("dial unix /run/postgresql/.s.PGSQL.5432: connect: no such file or directory")

func (unreachable) Ping() error { return errGone }
func (unreachable) TopicCount(string) (int, time.Time, error) {
	return 0, time.Time{}, errGone
}

// TestMetricsWhileTheStoreIsUnreachable: /metrics still answers, with
// feedcurator_store_up 0, and /healthz is 503 saying why.
func TestMetricsWhileTheStoreIsUnreachable(t *testing.T) {
	f := newFixture(t)
	f.reg = prometheus.NewRegistry()
	f.srv = New(Options{
		Store: unreachable{f.store}, Runtime: f.rt, Logger: slog.New(slog.NewTextHandler(testLog{t}, nil)),
		Registry: f.reg, Metrics: NewMetrics(f.reg), Now: f.clock.Now,
	})
	f.ts = httptest.NewServer(f.srv.Handler())
	t.Cleanup(f.ts.Close)

	resp, body := f.do(http.MethodGet, "/metrics")
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "feedcurator_store_up 0") {
		t.Errorf("/metrics = %d, want 200 with feedcurator_store_up 0:\n%s", resp.StatusCode, body)
	}
	resp, body = f.do(http.MethodGet, "/healthz")
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "connect") {
		t.Errorf("/healthz = %d %q, want 503 with the reason", resp.StatusCode, body)
	}
}
