package fetcher

import (
	"context"
	"errors"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/fetcher/httpclient"
	"github.com/feedcurator/feedcurator/fetcher/parser"
)

// TestSchedulerHostileFarm polls every misbehaving source of the farm, and a
// good one, in one PollAll: it returns for all of them, the good ones are
// stored, and each failure is named in its source's stored state without
// its validators.
func TestSchedulerHostileFarm(t *testing.T) {
	f := newFarm(t)
	store := openTestStore(t)
	clock := newFakeClock()
	poll := schedPoll()

	type want struct {
		status   int
		errIs    error  // when set, the result's error wraps it
		errText  string // in LastError; "" for a success
		items    int
		url      string // the stored URL, "" for the configured one
		etag     string // the stored ETag
		failures int
		gone     bool
		minWait  time.Duration // NextFetch at least this after the poll
	}
	refused := refusedURL(t)
	tests := []struct {
		id, url string
		want    want
	}{
		{"good", f.URL + "/good", want{status: 200, items: 3, etag: goodETag, minWait: 54 * time.Minute}},
		{"bomb", f.URL + "/bomb", want{status: 200, errIs: httpclient.ErrBodyTooLarge, errText: "poll.max_body", failures: 1}},
		{"endless", f.URL + "/endless", want{status: 200, errIs: httpclient.ErrBodyTooLarge, errText: "poll.max_body", failures: 1}},
		{"loop", f.URL + "/loop1", want{errIs: httpclient.ErrRedirectLoop, errText: "redirect loop", failures: 1}},
		{"moved", f.URL + "/perm1", want{status: 200, items: 2, url: f.URL + "/perm-feed"}},
		{"temporary", f.URL + "/temp", want{status: 200, items: 2}},
		{"gone", f.URL + "/gone", want{status: 410, errText: "410 Gone", failures: 1, gone: true}},
		{"ratelimited", f.URL + "/429", want{status: 429, errText: "429", failures: 1, minWait: 2 * time.Hour}},
		{"broken", f.URL + "/500", want{status: 500, errText: "500 Internal Server Error", failures: 1, minWait: 54 * time.Minute}},
		{"page", f.URL + "/page", want{status: 200, items: 4, url: f.URL + "/page-feed.xml"}},
		{"mislabelled", f.URL + "/mislabelled", want{status: 200, items: 1}},
		{"huge", f.URL + "/huge", want{status: 200, items: 1000}}, // the parser keeps the newest 1,000
		{"deep", f.URL + "/deep", want{status: 200, errIs: parser.ErrTooDeep, errText: "nested deeper than 256", failures: 1}},
		{"json", f.URL + "/not-a-feed.json", want{status: 200, errIs: parser.ErrNotAFeed, errText: "jsonfeed.org/version/1", failures: 1}},
		{"refused", refused, want{errText: "connection refused", failures: 1}},
	}
	sources := make([]config.Source, len(tests))
	for i, tt := range tests {
		sources[i] = source(tt.id, tt.url)
	}
	s := newTestScheduler(t, store, clock, poll, sources...)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute) // a bound for a hang, never reached
	defer cancel()
	start := time.Now()
	results := s.PollAll(ctx)
	elapsed := time.Since(start)
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	t.Logf("PollAll of %d hostile sources took %v; heap in use afterwards %d MiB", len(tests), elapsed, mem.HeapInuse>>20)
	if mem.HeapInuse > 200<<20 {
		t.Errorf("heap in use %d MiB after the bomb and the endless body", mem.HeapInuse>>20)
	}
	if len(results) != len(tests) {
		t.Fatalf("%d results for %d sources", len(results), len(tests))
	}

	now := clock.Now()
	for i, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			r, w := results[i], tt.want
			if r.Source != tt.id {
				t.Fatalf("result %d is for %q", i, r.Source)
			}
			if w.errIs != nil && !errors.Is(r.Err, w.errIs) {
				t.Errorf("result error %v, want %v", r.Err, w.errIs)
			}
			if w.errText == "" && r.Err != nil {
				t.Errorf("result error %v, want success", r.Err)
			}
			st := sourceState(t, store, tt.id)
			if st.LastStatus != w.status || r.Status != w.status {
				t.Errorf("LastStatus %d, result status %d, want %d", st.LastStatus, r.Status, w.status)
			}
			if w.errText == "" && st.LastError != "" || !strings.Contains(st.LastError, w.errText) {
				t.Errorf("LastError %q, want it to contain %q", st.LastError, w.errText)
			}
			if w.errText != "" && !strings.HasPrefix(st.LastError, "fetcher: ") {
				t.Errorf("LastError %q does not name its package", st.LastError)
			}
			if st.Failures != w.failures || st.Gone != w.gone || r.Gone != w.gone {
				t.Errorf("Failures %d, Gone %v (result %v), want %d, %v", st.Failures, st.Gone, r.Gone, w.failures, w.gone)
			}
			if got := itemCount(t, store, tt.id); got != w.items || (r.Err == nil && r.Items != w.items) {
				t.Errorf("%d items stored, %d in the result, want %d", got, r.Items, w.items)
			}
			wantURL := w.url
			if wantURL == "" {
				wantURL = tt.url
			}
			if st.URL != wantURL || st.ConfiguredURL != tt.url {
				t.Errorf("URL %q (configured %q), want %q", st.URL, st.ConfiguredURL, wantURL)
			}
			if st.ETag != w.etag {
				t.Errorf("ETag %q, want %q: a failed poll must not save its validators", st.ETag, w.etag)
			}
			if !st.LastFetch.Equal(now) {
				t.Errorf("LastFetch %v, want the poll's time %v", st.LastFetch, now)
			}
			switch {
			case w.gone:
				if !st.NextFetch.IsZero() {
					t.Errorf("a gone source has NextFetch %v", st.NextFetch)
				}
			case st.NextFetch.Before(now.Add(max(w.minWait, poll.MinInterval))):
				t.Errorf("NextFetch %v is before now+%v", st.NextFetch, max(w.minWait, poll.MinInterval))
			case st.NextFetch.After(now.Add(maxInterval)):
				t.Errorf("NextFetch %v is past the daily cap", st.NextFetch)
			}
			if w.errText == "" && !st.LastSuccess.Equal(now) {
				t.Errorf("LastSuccess %v after a success", st.LastSuccess)
			}
		})
	}

	items := storedItems(t, store, "mislabelled")
	if len(items) != 1 || items[0].Title != mislabelled {
		t.Errorf("mislabelled feed stored %+v, want the title %q", items, mislabelled)
	}
	if st := sourceState(t, store, "page"); st.Title != "discovered" {
		t.Errorf("the discovered feed's title is %q", st.Title)
	}
	if f.Hits("/gone") != 1 || f.Hits("/429") != 1 {
		t.Errorf("hits: gone %d, 429 %d, want one each", f.Hits("/gone"), f.Hits("/429"))
	}
}

// TestSchedulerSlowDrip: a body trickled a byte at a time fails when
// poll.timeout runs out, and the failure says which limit it was.
func TestSchedulerSlowDrip(t *testing.T) {
	f := newFarm(t)
	store := openTestStore(t)
	clock := newFakeClock()
	poll := schedPoll()
	poll.Timeout = 300 * time.Millisecond
	src := source("drip", f.URL+"/drip")
	s := newTestScheduler(t, store, clock, poll, src)

	start := time.Now()
	r := pollAt(t, s, clock, clock.Now(), src, poll)
	if elapsed := time.Since(start); elapsed > failAfter/2 {
		t.Errorf("a 300ms timeout took %v", elapsed)
	}
	if !errors.Is(r.Err, context.DeadlineExceeded) {
		t.Errorf("err %v, want a deadline", r.Err)
	}
	st := sourceState(t, store, "drip")
	if !strings.Contains(st.LastError, "poll.timeout") || st.LastStatus != 200 || st.Failures != 1 || itemCount(t, store, "drip") != 0 {
		t.Errorf("state %+v", st)
	}
}

// TestSchedulerConditionalGet: the second poll of an unchanged feed sends the
// stored validators, gets a 304 and writes no items: the item count and the
// store's version stay as they were.
func TestSchedulerConditionalGet(t *testing.T) {
	f := newFarm(t)
	store := openTestStore(t)
	clock := newFakeClock()
	poll := schedPoll()
	src := source("good", f.URL+"/good")
	s := newTestScheduler(t, store, clock, poll, src)

	first := pollAt(t, s, clock, clock.Now(), src, poll)
	if first.Err != nil || first.Added != 3 || first.Outcome() != "ok" {
		t.Fatalf("first poll: %+v", first)
	}
	if etag, lm := f.lastConditional(); etag != "" || lm != "" {
		t.Errorf("first poll sent validators %q, %q", etag, lm)
	}
	version, polls := store.Version(), store.savePolls.Load()

	second := pollAt(t, s, clock, first.Next, src, poll)
	if etag, lm := f.lastConditional(); etag != goodETag || lm != goodLastMod {
		t.Errorf("second poll sent If-None-Match %q, If-Modified-Since %q", etag, lm)
	}
	if second.Err != nil || second.Status != http.StatusNotModified || second.Outcome() != "not_modified" {
		t.Fatalf("second poll: %+v", second)
	}
	if got := store.savePolls.Load(); got != polls {
		t.Errorf("a 304 cost %d SavePoll calls", got-polls)
	}
	if store.Version() != version || itemCount(t, store, "good") != 3 {
		t.Errorf("after a 304: version %d → %d, %d items", version, store.Version(), itemCount(t, store, "good"))
	}
	st := sourceState(t, store, "good")
	if st.LastStatus != 304 || st.ETag != goodETag || st.LastModified != goodLastMod || !st.LastFetch.Equal(first.Next) {
		t.Errorf("state after a 304: %+v", st)
	}
	if !st.NextFetch.After(first.Next.Add(poll.MinInterval)) {
		t.Errorf("a 304 did not reschedule: NextFetch %v", st.NextFetch)
	}
}

// TestSchedulerRedirectsAndDiscovery: a source moved by 301/308 or found
// through its HTML page is fetched at its new URL from then on; one behind a
// 302 keeps its URL; a new URL in the config drops the remembered one.
func TestSchedulerRedirectsAndDiscovery(t *testing.T) {
	f := newFarm(t)
	store := openTestStore(t)
	clock := newFakeClock()
	poll := schedPoll()
	moved, temp, page := source("moved", f.URL+"/perm1"), source("temp", f.URL+"/temp"), source("page", f.URL+"/page")
	s := newTestScheduler(t, store, clock, poll, moved, temp, page)

	for round := range 2 {
		for _, src := range []config.Source{moved, temp, page} {
			if r := pollAt(t, s, clock, clock.Now().Add(time.Duration(round)*25*time.Hour), src, poll); r.Err != nil {
				t.Fatalf("round %d, %s: %v", round, src.ID, r.Err)
			}
		}
	}
	for path, want := range map[string]int{"/perm1": 1, "/perm2": 1, "/perm-feed": 2, "/temp": 2, "/temp-feed": 2, "/page": 1, "/page-feed.xml": 2} {
		if got := f.Hits(path); got != want {
			t.Errorf("%s requested %d times, want %d", path, got, want)
		}
	}
	if st := sourceState(t, store, "temp"); st.URL != temp.URL {
		t.Errorf("a 302 moved the source to %q", st.URL)
	}

	// The config now names another URL: the redirect target is forgotten.
	moved.URL = f.URL + "/temp-feed"
	if err := s.SetSources([]config.Source{moved}, poll); err != nil {
		t.Fatal(err)
	}
	if r := pollAt(t, s, clock, clock.Now(), moved, poll); r.Err != nil {
		t.Fatal(r.Err)
	}
	if st := sourceState(t, store, "moved"); st.URL != moved.URL || st.ConfiguredURL != moved.URL {
		t.Errorf("after a config change: URL %q, configured %q", st.URL, st.ConfiguredURL)
	}
}

var _ Store = (*db.Store)(nil)
