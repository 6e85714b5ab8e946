package server

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/feedcurator/feedcurator/db"
)

// notAFile is the fixture's store seen only through db.Engine, as a shared
// engine (PostgreSQL) is: no file, no size, backups left to its own tools.
type notAFile struct{ db.Engine }

func (notAFile) Snapshot(io.Writer) (int64, error) {
	return 0, fmt.Errorf("db: snapshot: %w", db.ErrNotSupported)
}

// TestServerOnAnEngineThatIsNotAFile: the server needs of its store only
// the storage contract; what only a file has (a size, a copy) is answered
// for what it is, not as a failure of the store.
func TestServerOnAnEngineThatIsNotAFile(t *testing.T) {
	f := newFixture(t)
	f.reg = prometheus.NewRegistry()
	f.srv = New(Options{
		Store: notAFile{f.store}, Runtime: f.rt, Logger: slog.New(slog.NewTextHandler(testLog{t}, nil)),
		Registry: f.reg, Metrics: NewMetrics(f.reg), Now: f.clock.Now,
	})
	f.ts = httptest.NewServer(f.srv.Handler())
	t.Cleanup(f.ts.Close)

	if _, body := f.get("/feeds/t.atom"); !strings.Contains(string(body), "Korea talks resume") {
		t.Errorf("the topic feed lacks its item:\n%s", body)
	}
	if _, body := f.get("/healthz"); !strings.HasPrefix(string(body), "ok") {
		t.Errorf("/healthz = %q", body)
	}
	_, body := f.get("/api/status")
	var st struct {
		StoreBytes int64 `json:"store_bytes"`
	}
	if err := json.Unmarshal(body, &st); err != nil || st.StoreBytes != 0 {
		t.Errorf("/api/status store_bytes = %d, %v; want 0 for a store that is no file", st.StoreBytes, err)
	}
	f.get("/metrics")
	resp, body := f.do(http.MethodGet, "/api/backup")
	if resp.StatusCode != http.StatusNotImplemented || !strings.Contains(string(body), "not supported") {
		t.Errorf("GET /api/backup = %d %q, want 501 saying the engine does not support it", resp.StatusCode, body)
	}
	if resp, _ := f.do(http.MethodHead, "/api/backup"); resp.Header.Get("Content-Length") != "" && resp.Header.Get("Content-Length") != "0" {
		t.Errorf("HEAD /api/backup gives a Content-Length of %s for a store that is no file", resp.Header.Get("Content-Length"))
	}
}
