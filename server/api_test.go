package server

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/fetcher"
	"github.com/feedcurator/feedcurator/render"
)

func TestAPISources(t *testing.T) {
	f := newFixture(t)
	resp, body := f.get("/api/sources")
	if resp.Header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q", resp.Header.Get("Content-Type"))
	}
	var got []map[string]any
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	want := []map[string]any{
		{ // configured title; the URL a permanent redirect moved it to
			"id": "one", "url": "https://one.test/moved.xml", "title": "Source One", "last_fetch": "2026-03-01T12:00:00Z",
			"last_status": 200.0, "last_error": "", "items": 2.0, "next_fetch": "2026-03-01T12:30:00Z", "failures": 0.0, "gone": false,
		},
		{ // the feed's own title; failing
			"id": "two", "url": "http://two.test/rss", "title": "Two's own title", "last_fetch": "2026-03-01T12:00:00Z",
			"last_status": 503.0, "last_error": "fetcher: 503 Service Unavailable", "items": 1.0, "next_fetch": "2026-03-01T13:00:00Z",
			"failures": 2.0, "gone": false,
		},
		{ // never fetched
			"id": "new", "url": "http://new.test/atom", "title": "", "last_fetch": nil,
			"last_status": 0.0, "last_error": "", "items": 0.0, "next_fetch": nil, "failures": 0.0, "gone": false,
		},
	}
	for _, w := range want { // no source of the fixture asks for full text
		w["full_text"], w["full_text_ok"], w["full_text_failed"] = false, 0.0, 0.0
	}
	if len(got) != len(want) {
		t.Fatalf("%d sources, want %d", len(got), len(want))
	}
	for i := range want {
		for k, v := range want[i] {
			if got[i][k] != v {
				t.Errorf("source %d %s = %#v, want %#v", i, k, got[i][k], v)
			}
		}
		if len(got[i]) != len(want[i]) {
			t.Errorf("source %d has fields %v", i, got[i])
		}
	}
}

func TestAPISourcesForgetsARedirectWhenTheConfigMovesTheSource(t *testing.T) {
	f := newFixture(t)
	cfg := testConfig()
	cfg.Sources[0].URL = "http://one.test/new-feed.xml"
	f.rt.Store(&Runtime{Config: cfg})
	_, body := f.get("/api/sources")
	var got []struct {
		ID  string `json:"id"`
		URL string `json:"url"`
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || got[0].ID != "one" || got[0].URL != "http://one.test/new-feed.xml" {
		t.Errorf("stale redirect shown: %+v", got)
	}
}

func TestAPIStatus(t *testing.T) {
	f := newFixture(t)
	_, body := f.get("/api/status")
	var got struct {
		ConfigPath      string `json:"config_path"`
		LoadedAt        string `json:"loaded_at"`
		LastReload      string `json:"last_reload"`
		LastReloadError string `json:"last_reload_error"`
		StoreBytes      int64  `json:"store_bytes"`
		Topics          []struct {
			ID      string `json:"id"`
			Items   int    `json:"items"`
			Updated string `json:"updated"`
		} `json:"topics"`
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if got.ConfigPath != "/etc/feedcurator.yaml" || got.LoadedAt != "2026-03-01T11:00:00Z" || got.LastReload != "2026-03-01T12:00:00Z" ||
		got.LastReloadError != "config.yaml:3:1: bad" || got.StoreBytes <= 0 {
		t.Errorf("status = %+v", got)
	}
	if len(got.Topics) != 1 || got.Topics[0].ID != "t" || got.Topics[0].Items != 2 || got.Topics[0].Updated != "2026-03-01T11:00:00Z" {
		t.Errorf("topics = %+v", got.Topics)
	}
}

func TestOPML(t *testing.T) {
	f := newFixture(t)
	resp, body := f.get("/opml")
	if resp.Header.Get("Content-Type") != "text/x-opml; charset=utf-8" {
		t.Errorf("Content-Type %q", resp.Header.Get("Content-Type"))
	}
	var doc render.OPML
	if err := xml.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != "2.0" || len(doc.Outline) != 3 {
		t.Fatalf("opml = %+v", doc)
	}
	want := []render.Outline{
		{Type: "rss", Text: "Source One", Title: "Source One", XMLURL: "https://one.test/moved.xml", HTMLURL: "https://one.test/"},
		{Type: "rss", Text: "Two's own title", Title: "Two's own title", XMLURL: "http://two.test/rss"},
		{Type: "rss", Text: "new", Title: "new", XMLURL: "http://new.test/atom"},
	}
	for i := range want {
		if doc.Outline[i] != want[i] {
			t.Errorf("outline %d = %+v, want %+v", i, doc.Outline[i], want[i])
		}
	}
}

func TestHealthz(t *testing.T) {
	f := newFixture(t)
	if _, body := f.get("/healthz"); string(body) != "ok\n" {
		t.Errorf("body %q", body)
	}
	f.store.Close()
	resp, body := f.do(http.MethodGet, "/healthz")
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "database not open") {
		t.Errorf("closed store: %d %q", resp.StatusCode, body)
	}
}

func TestBackupOnlyForLoopback(t *testing.T) {
	f := newFixture(t)
	req := httptest.NewRequest(http.MethodGet, "/api/backup", nil)
	req.RemoteAddr = "203.0.113.5:1234"
	rec := httptest.NewRecorder()
	f.srv.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden || rec.Body.Len() == 0 {
		t.Errorf("remote backup: %d %q", rec.Code, rec.Body)
	}

	resp, body := f.get("/api/backup") // httptest.Server listens on 127.0.0.1
	if resp.Header.Get("Content-Type") != "application/octet-stream" ||
		!strings.HasPrefix(resp.Header.Get("Content-Disposition"), `attachment; filename="feedcurator-20260301-120000.db"`) {
		t.Errorf("headers %v", resp.Header)
	}
	path := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(path, body, 0o600); err != nil {
		t.Fatal(err)
	}
	copy, err := db.Open(path, db.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer copy.Close()
	if err := copy.Check(); err != nil {
		t.Fatal(err)
	}
	if n, _, err := copy.TopicCount("t"); err != nil || n != 2 {
		t.Errorf("the copy holds %d items of t (err %v), want 2", n, err)
	}
}

func TestMetrics(t *testing.T) {
	f := newFixture(t)
	m := f.srv.metrics
	m.ObservePoll(fetcher.Result{Source: "one", Status: 200, Added: 3, Bytes: 1000, Duration: 200 * time.Millisecond})
	m.ObservePoll(fetcher.Result{Source: "two", Status: 304})
	m.ObservePoll(fetcher.Result{Source: "two", Err: errors.New("dial: refused")})
	m.ObserveReload(true)
	m.ObserveReload(false)
	f.get("/feeds/t.atom")
	f.do(http.MethodGet, "/feeds/nope.atom")
	f.do(http.MethodGet, "/no/such/page")

	resp, body := f.get("/metrics")
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Errorf("Content-Type %q", resp.Header.Get("Content-Type"))
	}
	for _, want := range []string{
		`feedcurator_fetches_total{result="ok"} 1`,
		`feedcurator_fetches_total{result="not_modified"} 1`,
		`feedcurator_fetches_total{result="error"} 1`,
		`feedcurator_fetch_duration_seconds_count 3`,
		`feedcurator_fetched_bytes_total 1000`,
		`feedcurator_items_ingested_total 3`,
		`feedcurator_reloads_total{result="ok"} 1`,
		`feedcurator_reloads_total{result="error"} 1`,
		`feedcurator_last_success_timestamp_seconds{source="one"}`,
		`feedcurator_last_success_timestamp_seconds{source="two"}`,
		`feedcurator_http_requests_total{code="200",route="GET /feeds/{name}"} 1`,
		`feedcurator_http_requests_total{code="404",route="GET /feeds/{name}"} 1`,
		`feedcurator_http_requests_total{code="404",route="unmatched"} 1`,
		`feedcurator_topic_items{topic="t"} 2`,
		`feedcurator_store_size_bytes `,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestMetricsOffIsNotFound(t *testing.T) {
	f := newFixture(t)
	srv := New(Options{Store: f.store, Runtime: f.rt})
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("/metrics without a registry: %d, want 404", rec.Code)
	}
}

func TestHTTPServerHasTimeouts(t *testing.T) {
	f := newFixture(t)
	hs := f.srv.HTTPServer("127.0.0.1:0")
	if hs.ReadHeaderTimeout <= 0 || hs.ReadTimeout <= 0 || hs.WriteTimeout <= 0 || hs.IdleTimeout <= 0 || hs.MaxHeaderBytes <= 0 {
		t.Errorf("unbounded server: %+v", hs)
	}
	if hs.Addr != "127.0.0.1:0" || hs.Handler == nil {
		t.Errorf("Addr %q, Handler %v", hs.Addr, hs.Handler)
	}
}
