package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
)

// storeWithUnreadableState makes, in dataDir, a store with two Korea items
// of source "seoul" and 200 more sources, the page holding the state of
// "src-150" damaged: reading that one state fails, everything else reads.
func storeWithUnreadableState(t *testing.T, dataDir string) {
	t.Helper()
	path := filepath.Join(dataDir, storeFile)
	s, err := db.Open(path, db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pad := strings.Repeat("p", 300)
	for i := 0; i < 200; i++ {
		s.SaveSource(db.SourceState{ID: fmt.Sprintf("src-%03d", i), Title: pad}) // committed together, at Close
	}
	_, err = s.SavePoll(db.SourceState{ID: "seoul"}, []db.Item{
		{ID: "1", Title: "Korea one", Link: "https://seoul.test/1"},
		{ID: "2", Title: "Korea two", Link: "https://seoul.test/2"},
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, _, err := db.Compact(path, time.Second); err != nil { // one copy of each record
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	marker := []byte(`{"id":"src-150"`)
	if bytes.Count(data, marker) != 1 {
		t.Fatal("the state to damage is not in the store once")
	}
	ps := os.Getpagesize()
	data[bytes.Index(data, marker)/ps*ps+8] = 0 // its page's type: neither branch nor leaf
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// reloadConfig is a config of dataDir with the given sources (never
// polled here), topics and log level.
func reloadConfig(dataDir, level string, sources []string, topics ...string) string {
	var list []source
	for _, id := range sources {
		list = append(list, source{id, "http://127.0.0.1:9/" + id})
	}
	return configYAML("127.0.0.1:0", dataDir, list, topics...) + "log:\n  level: " + level + "\n"
}

func newTestDaemon(t *testing.T, configPath string) *daemonState {
	t.Helper()
	cfg, err := config.Load(configPath)
	if err != nil {
		t.Fatal(err)
	}
	d, err := newDaemon(cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.close() })
	return d
}

func topicItemCount(t *testing.T, d *daemonState, topicID string) int {
	t.Helper()
	n := 0
	if err := d.store.TopicItems(topicID, func(*db.Item, db.Membership) bool { n++; return true }); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestReloadIsAllOrNothing: a reload that fails part way (here the new
// sources cannot be read) leaves the store's topics, the scheduler and
// the server on the running config. It used to apply the new topics to
// the store first and then fail, leaving the server on the old topics
// over a store classified by the new ones: the running topics emptied.
func TestReloadIsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	dataDir := filepath.Join(dir, "data")
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		t.Fatal(err)
	}
	storeWithUnreadableState(t, dataDir)
	configPath := writeFile(t, dir, "config.yaml", reloadConfig(dataDir, "info", []string{"seoul"}, koreaTopic))
	d := newTestDaemon(t, configPath)
	if n := topicItemCount(t, d, "korea"); n != 2 {
		t.Fatalf("korea holds %d items at start, want 2", n)
	}

	writeFile(t, dir, "config.yaml", reloadConfig(dataDir, "info", []string{"seoul", "src-150"}, chinaTopic))
	d.reload("test")
	if st := d.status.Load(); !strings.Contains(st.LastReloadError, "damaged") {
		t.Errorf("the reload did not fail saying why: %q", st.LastReloadError)
	}
	if rt := d.runtime.Load(); len(rt.Config.Topics) != 1 || rt.Config.Topics[0].ID != "korea" || len(rt.Config.Sources) != 1 {
		t.Errorf("the server runs on %d sources and topics %v after the failed reload", len(rt.Config.Sources), rt.Config.Topics)
	}
	if n := topicItemCount(t, d, "korea"); n != 2 {
		t.Errorf("after the failed reload the running topic korea holds %d items in the store, want 2", n)
	}
}

// TestReloadAppliesLogSettings: a reload that changes log.level changes
// what the running daemon logs; it used to be ignored until a restart.
func TestReloadAppliesLogSettings(t *testing.T) {
	dir := t.TempDir()
	dataDir := filepath.Join(dir, "data")
	configPath := writeFile(t, dir, "config.yaml", reloadConfig(dataDir, "info", []string{"seoul"}, koreaTopic))
	d := newTestDaemon(t, configPath)
	ctx := context.Background()
	if d.log.Enabled(ctx, slog.LevelDebug) {
		t.Fatal("debug logging is on at level info")
	}
	component := d.log.With("component", "scheduler") // as handed out at start
	writeFile(t, dir, "config.yaml", reloadConfig(dataDir, "debug", []string{"seoul"}, koreaTopic))
	d.reload("test")
	if st := d.status.Load(); st.LastReloadError != "" {
		t.Fatal(st.LastReloadError)
	}
	if !d.log.Enabled(ctx, slog.LevelDebug) || !component.Enabled(ctx, slog.LevelDebug) {
		t.Error("debug logging is still off after a reload to level debug")
	}
}

// TestReloadClosesTheOldClient: a reload that replaces the HTTP client (new
// poll settings) closes the old one's idle connections instead of leaving
// them open for good.
func TestReloadClosesTheOldClient(t *testing.T) {
	closed := make(chan struct{}, 16)
	feed, err := os.ReadFile(filepath.Join("testdata", "seoul.rss"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(feed)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateClosed {
			closed <- struct{}{}
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)

	dir := t.TempDir()
	dataDir := filepath.Join(dir, "data")
	yaml := configYAML("127.0.0.1:0", dataDir, []source{{"seoul", srv.URL + "/seoul.rss"}}, koreaTopic)
	configPath := writeFile(t, dir, "config.yaml", yaml)
	d := newTestDaemon(t, configPath)
	for _, r := range d.sched.PollAll(context.Background()) {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	writeFile(t, dir, "config.yaml", yaml+"poll:\n  timeout: 20s\n")
	d.reload("test")
	if st := d.status.Load(); st.LastReloadError != "" {
		t.Fatal(st.LastReloadError)
	}
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Error("the old client's idle connection is still open after the reload")
	}
}
