package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/db"
)

// hub records publish pings; the first fail answers are 503s.
type hub struct {
	srv   *httptest.Server
	pings chan string
	fail  atomic.Int32
}

func newHub(t *testing.T, fail int32) *hub {
	h := &hub{pings: make(chan string, 64)}
	h.fail.Store(fail)
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.FormValue("hub.mode") != "publish" {
			t.Errorf("hub got %s mode=%q", r.Method, r.FormValue("hub.mode"))
		}
		if h.fail.Add(-1) >= 0 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		h.pings <- r.FormValue("hub.url")
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(h.srv.Close)
	return h
}

// wait collects n pings, failing the test if they do not come.
func (h *hub) wait(t *testing.T, n int) []string {
	t.Helper()
	var got []string
	timeout := time.After(10 * time.Second)
	for len(got) < n {
		select {
		case u := <-h.pings:
			got = append(got, u)
		case <-timeout:
			t.Fatalf("hub got %d pings, want %d: %v", len(got), n, got)
		}
	}
	sort.Strings(got)
	return got
}

func startWebSub(t *testing.T, f *fixture, h *hub) {
	cfg := *f.rt.Load().Config
	cfg.WebSub.Hub = h.srv.URL
	f.rt.Store(&Runtime{Config: &cfg})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	ready := make(chan struct{})
	f.srv.websubStarted = func() { close(ready) }
	go func() {
		defer close(done)
		f.srv.RunWebSub(ctx, WebSubOptions{Backoff: time.Millisecond})
	}()
	<-ready // the feeds as they are now are the starting point
	t.Cleanup(func() { cancel(); <-done })
}

func TestWebSubPingsOncePerChange(t *testing.T) {
	f := newFixture(t)
	h := newHub(t, 0)
	startWebSub(t, f, h)

	// A new Korea item changes topic t and the all feed: each format's URL is announced.
	f.save(db.SourceState{ID: "one"}, item("a9", "Korea summit", "https://one.test/a9", 0))
	f.srv.NotifyChanged()
	got := h.wait(t, 6)
	want := []string{
		"http://feeds.test/feeds/all.atom", "http://feeds.test/feeds/all.json", "http://feeds.test/feeds/all.rss",
		"http://feeds.test/feeds/t.atom", "http://feeds.test/feeds/t.json", "http://feeds.test/feeds/t.rss",
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("pings = %v, want %v", got, want)
	}

	// A change outside topic t announces only the all feed; a notification
	// without a change announces nothing.
	f.srv.NotifyChanged()
	f.save(db.SourceState{ID: "one"}, item("a10", "Weather again", "https://one.test/a10", 0))
	f.srv.NotifyChanged()
	got = h.wait(t, 3)
	for _, u := range got {
		if !strings.Contains(u, "/feeds/all.") {
			t.Errorf("unchanged feed announced: %s", u)
		}
	}
	select {
	case u := <-h.pings:
		t.Errorf("extra ping %s", u)
	default:
	}
}

func TestWebSubRetriesAFailingHub(t *testing.T) {
	f := newFixture(t)
	h := newHub(t, 2) // two 503s, then success
	startWebSub(t, f, h)
	f.save(db.SourceState{ID: "two"}, item("b9", "Korea talks", "https://two.test/b9", 0))
	f.srv.NotifyChanged()
	if got := h.wait(t, 6); len(got) != 6 {
		t.Errorf("pings after retries: %v", got)
	}
}

func TestWebSubLeavesPrivateTopicsOut(t *testing.T) {
	f := newFixture(t)
	withAccess(f) // "p" is private and selects what "t" does
	h := newHub(t, 0)
	startWebSub(t, f, h)
	f.save(db.SourceState{ID: "one"}, item("a9", "Korea summit", "https://one.test/a9", 0))
	f.srv.NotifyChanged()
	for _, u := range h.wait(t, 6) {
		if strings.Contains(u, "/feeds/p.") {
			t.Errorf("the hub was told about a private topic: %s", u)
		}
	}
	select {
	case u := <-h.pings:
		t.Errorf("extra ping %s", u)
	default:
	}
}
