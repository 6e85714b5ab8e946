package server

import (
	"bytes"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/db"
)

// getBody GETs url and returns the body of a 200 answer.
func getBody(t *testing.T, url string) []byte {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", url, resp.StatusCode, err)
	}
	return b
}

// TestIndexShowsFailedReload: after a reload fails, the index says that the
// running config is older than the file, and why (file:line:col); once a
// reload succeeds the notice goes.
func TestIndexShowsFailedReload(t *testing.T) {
	f := newFixture(t)
	var st atomic.Pointer[Status]
	st.Store(&Status{ConfigPath: "config.yaml", LoadedAt: t0})
	srv := New(Options{Store: f.store, Runtime: f.rt, Now: f.clock.Now, Status: func() Status { return *st.Load() }})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	if page := getBody(t, ts.URL+"/"); bytes.Contains(page, []byte("older than")) {
		t.Error("the index speaks of a failed reload before any")
	}
	st.Store(&Status{ConfigPath: "config.yaml", LoadedAt: t0, LastReload: t0.Add(time.Minute),
		LastReloadError: `config.yaml:12:5: topic "korea": unknown field "anyy" (did you mean "any"?)`})
	page := html.UnescapeString(string(getBody(t, ts.URL+"/")))
	for _, want := range []string{
		"The running config is older than config.yaml",
		"2026-03-01 12:01, failed",
		`config.yaml:12:5: topic "korea": unknown field "anyy" (did you mean "any"?)`,
		"feedcurator check -config config.yaml",
	} {
		if !bytes.Contains([]byte(page), []byte(want)) {
			t.Errorf("index lacks %q", want)
		}
	}
	st.Store(&Status{ConfigPath: "config.yaml", LoadedAt: t0.Add(2 * time.Minute), LastReload: t0.Add(2 * time.Minute)})
	if page := getBody(t, ts.URL+"/"); bytes.Contains(page, []byte("older than")) {
		t.Error("the notice outlived a successful reload")
	}
}

// TestIndexSaysSourcesUnreachable: when every source has been tried and
// every one failed to resolve (no network), the index says so and suggests
// the demo; while one source works it says nothing of the kind.
func TestIndexSaysSourcesUnreachable(t *testing.T) {
	f := newFixture(t)
	if page := getBody(t, f.ts.URL+"/"); bytes.Contains(page, []byte("feedcurator demo")) {
		t.Error("the index suggests the demo while a source works")
	}
	for _, id := range []string{"one", "two", "new"} {
		if err := f.store.SaveSource(db.SourceState{
			ID: id, URL: "http://" + id + ".test/feed", ConfiguredURL: "http://" + id + ".test/feed", LastFetch: t0,
			LastError: `Get "http://` + id + `.test/feed": dial tcp: lookup ` + id + `.test on 127.0.0.53:53: no such host`, Failures: 1,
		}); err != nil {
			t.Fatal(err)
		}
	}
	page := getBody(t, f.ts.URL+"/")
	for _, want := range []string{"No source could be reached", "(DNS) failed for every one", "<code>feedcurator demo</code>"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("index lacks %q", want)
		}
	}
}

// TestIndexSaysNoSources: a config without sources gets a notice that says
// how to add some, not an empty page.
func TestIndexSaysNoSources(t *testing.T) {
	f := newFixture(t)
	cfg := *testConfig()
	cfg.Sources = nil
	f.rt.Store(&Runtime{Config: &cfg})
	page := getBody(t, f.ts.URL+"/")
	for _, want := range []string{"No sources are configured", "<code>feedcurator opml import -write FILE.opml</code>"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("index lacks %q", want)
		}
	}
}
