package fetcher

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/fetcher/parser"
)

// flakyHandler serves a feed whose behaviour the test switches: "ok" (with
// ETag v1, honouring If-None-Match), "broken" (a 200 with a new ETag and a
// body that is not a feed) or "fail" (500).
type flakyHandler struct {
	mu       sync.Mutex
	mode     string
	lastETag string // If-None-Match of the last request
}

func (h *flakyHandler) set(mode string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.mode = mode
}

func (h *flakyHandler) sentETag() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.lastETag
}

func (h *flakyHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	mode := h.mode
	h.lastETag = r.Header.Get("If-None-Match")
	h.mu.Unlock()
	switch mode {
	case "ok":
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(rssItems("flaky", 2)))
	case "broken":
		w.Header().Set("ETag", `"v2"`)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"error":"maintenance"}`))
	default:
		http.Error(w, "oops", http.StatusInternalServerError)
	}
}

// TestSchedulerBackoff: consecutive failures wait longer each time up to the
// daily cap, keep the last good validators, and a success resets them.
func TestSchedulerBackoff(t *testing.T) {
	h := &flakyHandler{}
	srv := httptest.NewServer(h)
	defer srv.Close()
	store := openTestStore(t)
	clock := newFakeClock()
	poll := schedPoll()
	src := source("flaky", srv.URL+"/feed")
	s := newTestScheduler(t, store, clock, poll, src)

	h.set("ok")
	r := pollAt(t, s, clock, clock.Now(), src, poll)
	if r.Err != nil {
		t.Fatal(r.Err)
	}

	// A 200 that is not a feed: failure 1, and its new ETag is not kept.
	h.set("broken")
	r = pollAt(t, s, clock, r.Next, src, poll)
	st := sourceState(t, store, "flaky")
	if !errors.Is(r.Err, parser.ErrNotAFeed) || st.Failures != 1 || st.ETag != `"v1"` || st.LastStatus != 200 {
		t.Fatalf("broken poll: err %v, state %+v", r.Err, st)
	}
	waits := []time.Duration{st.NextFetch.Sub(clock.Now())}

	h.set("fail")
	for failures := 2; failures <= 8; failures++ {
		r = pollAt(t, s, clock, r.Next, src, poll)
		st = sourceState(t, store, "flaky")
		if st.Failures != failures || st.LastStatus != 500 || r.Outcome() != "http_error" {
			t.Fatalf("failure %d: state %+v, outcome %s", failures, st, r.Outcome())
		}
		if etag := h.sentETag(); etag != `"v1"` {
			t.Errorf("failure %d sent If-None-Match %q, want the last good one", failures, etag)
		}
		waits = append(waits, st.NextFetch.Sub(clock.Now()))
	}
	t.Logf("waits after failures 1..8: %v", waits)
	for i, w := range waits {
		nominal := min(time.Hour<<i, maxInterval)
		if w < nominal-nominal/10 || w > min(nominal+nominal/10, maxInterval) {
			t.Errorf("wait after failure %d is %v, want %v ±10%% and at most %v", i+1, w, nominal, maxInterval)
		}
		if i > 0 && i < 5 && w <= waits[i-1] {
			t.Errorf("wait after failure %d (%v) does not grow from %v", i+1, w, waits[i-1])
		}
	}

	// Success (a 304 against the last good ETag) resets the backoff.
	h.set("ok")
	r = pollAt(t, s, clock, r.Next, src, poll)
	st = sourceState(t, store, "flaky")
	if r.Err != nil || st.Failures != 0 || st.LastError != "" || st.LastStatus != 304 {
		t.Fatalf("after recovery: err %v, state %+v", r.Err, st)
	}
	if w := st.NextFetch.Sub(clock.Now()); w < 54*time.Minute || w > 66*time.Minute {
		t.Errorf("wait after recovery %v, want the interval again", w)
	}
}
