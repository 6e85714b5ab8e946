package server

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/internal/feedtest"
)

// damagedFixture is a fixture over a store whose item "Korea flipped" no
// longer decodes (a byte flipped on disk), beside two sound Korea items.
func damagedFixture(t *testing.T) *fixture {
	t.Helper()
	clk := &testClock{t: t0}
	path := filepath.Join(t.TempDir(), "feedcurator.db")
	store, err := db.Open(path, db.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	_, err = feedtest.Classified(t, store, wordTopics{"t": "Korea"}).SavePoll(db.SourceState{ID: "one", URL: "http://one.test/feed.xml", ConfiguredURL: "http://one.test/feed.xml"}, []db.Item{
		item("a1", "Korea talks resume", "https://one.test/a1", 3),
		item("a2", "Korea flipped", "https://one.test/a2", 2),
		item("a3", "Korea votes", "https://one.test/a3", 1),
	})
	if err != nil {
		t.Fatal(err)
	}
	store.Close()
	// The title's length becomes a varint that never ends.
	return reopenDamaged(t, path, clk, "Korea flipped", func(data []byte, at int) { data[at-1] = 0xff })
}

// reopenDamaged finds marker, once, in the store file at path, lets damage
// change the bytes around it (at is where it starts), and returns a
// fixture over the store opened again.
func reopenDamaged(t *testing.T, path string, clk *testClock, marker string, damage func(data []byte, at int)) *fixture {
	t.Helper()
	data, _ := os.ReadFile(path)
	if bytes.Count(data, []byte(marker)) != 1 {
		t.Fatalf("%q is not in the store once", marker)
	}
	damage(data, bytes.Index(data, []byte(marker)))
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	store, err := db.Open(path, db.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return fixtureOn(t, store, clk, wordTopics{"t": "Korea"})
}

// TestDamagedItemCostsOnlyItself: pages and feeds holding a damaged item
// answer 200 without it; /healthz and a metric say the store is damaged.
func TestDamagedItemCostsOnlyItself(t *testing.T) {
	f := damagedFixture(t)
	for _, path := range []string{"/", "/topics/t", "/feeds/t.atom", "/feeds/t.json", "/feeds/all.rss", "/api/sources"} {
		_, body := f.get(path)
		if strings.Contains(string(body), "flipped") {
			t.Errorf("%s shows the damaged item", path)
		}
		if path == "/feeds/t.atom" && (!strings.Contains(string(body), "Korea votes") || !strings.Contains(string(body), "Korea talks resume")) {
			t.Errorf("%s lost the items around the damaged one:\n%s", path, body)
		}
	}
	for i := 0; i < 2; i++ {
		resp, body := f.do(http.MethodGet, "/healthz")
		if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "damaged") || !strings.Contains(string(body), "feedcurator verify") {
			t.Errorf("/healthz = %d %s", resp.StatusCode, body)
		}
	}
	_, metrics := f.get("/metrics")
	for _, want := range []string{"feedcurator_store_damaged 1", "feedcurator_store_damaged_records 1"} {
		if !strings.Contains(string(metrics), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

// TestWriteFailureIsShown: a poll whose commit fails shows its error in
// /api/sources, and /healthz answers 503 on every request, not now and then.
func TestWriteFailureIsShown(t *testing.T) {
	clk := &testClock{t: t0}
	path := filepath.Join(t.TempDir(), "feedcurator.db")
	store, err := db.Open(path, db.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	store.Close()
	store, err = db.Open(path, db.Options{ReadOnly: true, Now: clk.Now}) // every commit fails
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	f := fixtureOn(t, store, clk, wordTopics{"t": "Korea"})
	if _, err := store.SavePoll(db.SourceState{ID: "one", URL: "http://one.test/feed.xml", ConfiguredURL: "http://one.test/feed.xml", LastStatus: 200}, []db.Item{item("a1", "Korea", "https://one.test/a1", 1)}); err == nil {
		t.Fatal("a commit to a read-only store succeeded")
	}
	_, body := f.get("/api/sources")
	if !strings.Contains(string(body), "save poll of one") {
		t.Errorf("/api/sources does not show the write error:\n%s", body)
	}
	for i := 0; i < 3; i++ {
		if resp, body := f.do(http.MethodGet, "/healthz"); resp.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("/healthz = %d %s", resp.StatusCode, body)
		}
	}
}

// TestUnreadableSourceStateFailsTheRender: when a source's state cannot be
// read (its page is damaged), a feed naming that source fails instead of
// being rendered, and cached, without its provenance.
func TestUnreadableSourceStateFailsTheRender(t *testing.T) {
	clk := &testClock{t: t0}
	path := filepath.Join(t.TempDir(), "feedcurator.db")
	store, err := db.Open(path, db.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	w := feedtest.Classified(t, store, wordTopics{"t": "Korea"})
	// Enough sources that their states fill pages of their own.
	pad := strings.Repeat("p", 300)
	for i := 0; i < 200; i++ {
		id := fmt.Sprintf("src-%03d", i)
		var items []db.Item
		if i == 150 {
			items = []db.Item{item("k", "Korea news", "https://one.test/k", 1)}
		}
		st := db.SourceState{ID: id, URL: "http://one.test/" + id, Title: pad}
		if items == nil {
			store.SaveSource(st) // committed together, at Close
		} else if _, err := w.SavePoll(st, items); err != nil {
			t.Fatal(err)
		}
	}
	store.Close()
	if _, _, err := db.Compact(path, time.Second); err != nil { // one copy of each record
		t.Fatal(err)
	}
	f := reopenDamaged(t, path, clk, `{"id":"src-150"`, func(data []byte, at int) {
		ps := os.Getpagesize()
		data[at/ps*ps+8] = 0x00 // the type of its page: neither branch nor leaf
	})
	cfg := testConfig()
	cfg.Sources = append(cfg.Sources, config.Source{ID: "src-150", URL: "http://one.test/src-150"})
	f.rt.Store(&Runtime{Config: cfg})
	if resp, body := f.do(http.MethodGet, "/feeds/t.atom"); resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("/feeds/t.atom = %d, want 500 while its source cannot be read:\n%s", resp.StatusCode, body)
	}
	if resp, body := f.do(http.MethodGet, "/healthz"); resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "damaged") {
		t.Errorf("/healthz = %d %s", resp.StatusCode, body)
	}
}
