package postgres

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/fetcher"
	"github.com/feedcurator/feedcurator/fetcher/httpclient"
)

// pollFarm serves n RSS feeds at /feed/I, each with one new item per
// request, and records when each feed was asked for.
type pollFarm struct {
	*httptest.Server
	mu    sync.Mutex
	times map[string][]time.Time
}

func newPollFarm(t *testing.T) *pollFarm {
	f := &pollFarm{times: map[string][]time.Time{}}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.times[r.URL.Path] = append(f.times[r.URL.Path], time.Now())
		n := len(f.times[r.URL.Path])
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/rss+xml")
		var items strings.Builder
		for k := 1; k <= n; k++ {
			fmt.Fprintf(&items, "<item><guid>%s-%d</guid><title>All news %d</title><link>https://news.example/%s/%d</link></item>", r.URL.Path, k, k, r.URL.Path, k)
		}
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title><link>https://news.example/</link>%s</channel></rss>`, r.URL.Path, items.String())
	}))
	t.Cleanup(f.Close)
	return f
}

// TestReplicasSharePolling runs two replicas (an engine and a scheduler
// each) on one database, 40 sources on a 2 s interval: every source is
// polled, none twice within its interval, both replicas do some of the
// polling, and each serves what the other stored.
func TestReplicasSharePolling(t *testing.T) {
	url := testURL(t)
	farm := newPollFarm(t)
	const n, interval = 40, 2 * time.Second
	poll := config.Poll{Interval: interval, MinInterval: interval, Concurrency: 8, PerHost: n, Timeout: 5 * time.Second, MaxBody: 1 << 20}
	var sources []config.Source
	for i := range n {
		sources = append(sources, config.Source{ID: fmt.Sprintf("s%02d", i), URL: fmt.Sprintf("%s/feed/%d", farm.URL, i), Interval: interval})
	}
	var polls [2]atomic.Int64
	stores, stop := startReplicas(t, url, poll, sources, func(i int, res fetcher.Result) {
		if res.Err != nil {
			t.Errorf("poll of %s: %v", res.Source, res.Err)
		}
		polls[i].Add(1)
	})
	versions := []uint64{stores[0].Version(), stores[1].Version()}
	// Until every source has been polled three times (two intervals).
	waitFor(t, func() bool {
		farm.mu.Lock()
		defer farm.mu.Unlock()
		for i := range n {
			if len(farm.times[fmt.Sprintf("/feed/%d", i)]) < 3 {
				return false
			}
		}
		return true
	})
	stop()

	farm.mu.Lock()
	defer farm.mu.Unlock()
	for i := range n {
		times := farm.times[fmt.Sprintf("/feed/%d", i)]
		for k := 1; k < len(times); k++ {
			if gap := times[k].Sub(times[k-1]); gap < interval {
				t.Errorf("source %d polled twice within %v (%v apart)", i, interval, gap)
			}
		}
	}
	a, b := polls[0].Load(), polls[1].Load()
	if a == 0 || b == 0 {
		t.Errorf("polls by replica: %d and %d; both should share the work", a, b)
	}
	t.Logf("polls by replica: %d and %d", a, b)
	// Each replica serves every stored item, whoever polled it, and its
	// version moved with the other's polls.
	for i, r := range stores {
		var ids []string
		if err := r.AllItems(func(it *db.Item) bool { ids = append(ids, it.ID); return true }); err != nil {
			t.Fatal(err)
		}
		count, _, err := r.TopicCount("All")
		if err != nil || count != len(ids) || len(ids) < 3*n {
			t.Errorf("replica %d: %d items, topic All %d (%v)", i, len(ids), count, err)
		}
		if r.Version() == versions[i] {
			t.Errorf("replica %d: version did not move", i)
		}
	}
}

// TestPerHostAcrossReplicas: with poll.per_host P, two replicas never have
// more than P requests in flight to one publisher between them. With P > 1
// each poll of a replica must hold a slot of its own: slots counted per
// replica would let each replica run P polls on one slot.
func TestPerHostAcrossReplicas(t *testing.T) {
	for _, perHost := range []int{1, 3} {
		t.Run(fmt.Sprintf("per_host=%d", perHost), func(t *testing.T) { testPerHostAcrossReplicas(t, perHost) })
	}
}

func testPerHostAcrossReplicas(t *testing.T, perHost int) {
	url := testURL(t)
	var inFlight, most atomic.Int64
	var mu sync.Mutex
	polled := map[string]int{}
	release := make(chan struct{})
	farm := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		defer inFlight.Add(-1)
		// Hold the request until the other replica has had time to ask
		// for a slot: a poll of its own in flight meanwhile would show.
		select {
		case <-release:
		case <-time.After(50 * time.Millisecond):
		}
		mu.Lock()
		polled[r.URL.Path]++
		mu.Unlock()
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><guid>%s</guid><title>x</title></item></channel></rss>`, r.URL.Path)
	}))
	defer farm.Close()
	n, interval := 6*perHost, 2*time.Second
	poll := config.Poll{Interval: interval, MinInterval: interval, Concurrency: 4 * perHost, PerHost: perHost, Timeout: 5 * time.Second, MaxBody: 1 << 20}
	var sources []config.Source
	for i := range n {
		sources = append(sources, config.Source{ID: fmt.Sprintf("s%d", i), URL: fmt.Sprintf("%s/feed/%d", farm.URL, i), Interval: interval})
	}
	_, stop := startReplicas(t, url, poll, sources, nil)
	waitFor(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(polled) == n
	})
	stop()
	close(release)
	if most.Load() > int64(perHost) {
		t.Errorf("%d requests in flight to one publisher at once with per_host %d across two replicas", most.Load(), perHost)
	}
}

// TestSlowPollKeepsItsLease: a poll that outlasts its lease's time renews
// the lease, so the other replica does not poll the source meanwhile.
func TestSlowPollKeepsItsLease(t *testing.T) {
	url := testURL(t)
	var inFlight, most, requests atomic.Int64
	farm := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		defer inFlight.Add(-1)
		if requests.Add(1) == 1 {
			time.Sleep(2500 * time.Millisecond) // the slow publisher: 2.5 leases long
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><guid>1</guid><title>x</title></item></channel></rss>`)
	}))
	defer farm.Close()
	const interval = time.Second
	poll := config.Poll{Interval: interval, MinInterval: interval, Concurrency: 2, PerHost: 2, Timeout: 5 * time.Second, MaxBody: 1 << 20}
	sources := []config.Source{{ID: "slow", URL: farm.URL + "/feed", Interval: interval}}
	_, stop := startReplicas(t, url, poll, sources, nil)
	waitFor(t, func() bool { return requests.Load() >= 2 })
	stop()
	if most.Load() != 1 {
		t.Errorf("%d polls of one source in flight at once: the slow poll's lease was taken", most.Load())
	}
}

// startReplicas runs two replicas (a store and a scheduler each, sharing
// url) polling sources until stop; onResult, when set, hears each poll
// with the replica's index.
func startReplicas(t *testing.T, url string, poll config.Poll, sources []config.Source, onResult func(int, fetcher.Result)) (stores []*Store, stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for i := range 2 {
		store, w := openClassified(t, url, Options{}, wordClassifier{"1"})
		opts := fetcher.SchedulerOptions{
			Client: httpclient.New(httpclient.Options{Poll: poll, UserAgent: "feedcurator-test"}),
			Store:  w, Leaser: store, Logger: slog.New(slog.DiscardHandler),
		}
		if onResult != nil {
			opts.OnResult = func(r fetcher.Result) { onResult(i, r) }
		}
		sched := fetcher.NewScheduler(opts)
		if err := sched.SetSources(sources, poll); err != nil {
			t.Fatal(err)
		}
		stores = append(stores, store)
		wg.Add(1)
		go func() { defer wg.Done(); sched.Run(ctx) }()
	}
	return stores, func() { cancel(); wg.Wait() }
}
