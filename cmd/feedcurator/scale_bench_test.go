package main

// BenchmarkScale is the "Scale on one box" benchmark (BENCHMARKS.md): the
// daemon's real wiring ingests 10,000 farm feeds into an empty store while
// readers fetch the curated feeds from its HTTP handler, and it reports
// how long the ingest took, how many items it stored, how large the store
// grew and how long feed GETs took while the ingest ran. Like the ingest
// benchmarks it needs a running feedfarm and skips without one:
//
//	$TMPDIR/feedfarm -n 10000 -items 20 -port 8901 -anchor 1498000000 &
//	FEEDCURATOR_FARM=http://127.0.0.1:8901 go test -run '^$' -bench Scale \
//	    -benchtime 1x -timeout 30m -cpuprofile $TMPDIR/scale.prof ./cmd/feedcurator/
//
// FEEDCURATOR_FARM_N (default 10000 here) is how many farm feeds become
// sources. The poll settings are concurrency 16 and per_host 16: every farm
// feed is on 127.0.0.1, so the default per_host of 2 would measure the
// per-host limit, not the box. Peak RSS is measured on the real binary
// (`/usr/bin/time -v feedcurator fetch`); the benchmark also reports its own
// process's peak (VmHWM), which includes the readers and the test harness.

import (
	"bufio"
	"context"
	"errors"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// scaleFeeds is how many farm feeds the scale benchmark polls unless
// $FEEDCURATOR_FARM_N says otherwise.
const scaleFeeds = 10000

// scaleReaders is how many goroutines fetch feeds back to back during the
// ingest: a heavier load than real subscribers put on a daemon, so that the
// latencies are a bound, not a typical case.
const scaleReaders = 2

// scalePaths are what the readers fetch, in turn: two topic feeds, the feed
// of every source and the index page, in all three feed formats.
// $FEEDCURATOR_SCALE_PATHS (comma-separated) replaces them, e.g. to time the
// feeds without the index page, whose size grows with the sources.
func scalePaths() []string {
	if s := os.Getenv("FEEDCURATOR_SCALE_PATHS"); s != "" {
		return strings.Split(s, ",")
	}
	return []string{"/feeds/korea.atom", "/feeds/china.rss", "/feeds/all.json", "/"}
}

func BenchmarkScale(b *testing.B) {
	farm := requireFarm(b)
	if os.Getenv(farmCountEnv) == "" {
		farm.feeds = scaleFeeds
		if served := farm.stats(b, false).Feeds; served < farm.feeds {
			b.Fatalf("the farm serves %d feeds; start it with -n %d or set $%s", served, scaleFeeds, farmCountEnv)
		}
	}
	paths := scalePaths()
	farm.warm(b)
	want := farm.feeds * farm.itemsPerFeed
	var ingest time.Duration
	var gets []getSample
	var last scaleRound
	for b.Loop() {
		last = farm.scaleRound(b, b.TempDir(), paths)
		if last.stored != want || last.added != want {
			b.Fatalf("stored %d items (%d new), want %d (%d feeds × %d)", last.stored, last.added, want, farm.feeds, farm.itemsPerFeed)
		}
		ingest += last.ingest
		gets = append(gets, last.gets...)
	}
	rounds := float64(b.N)
	b.ReportMetric(ingest.Seconds()/rounds, "ingest-s")
	b.ReportMetric(float64(want)*rounds/ingest.Seconds(), "items/s")
	b.ReportMetric(float64(last.stored), "items")
	b.ReportMetric(float64(last.storeBytes)/1e6, "store-MB")
	all := latencies(gets, func(string) bool { return true })
	feeds := latencies(gets, func(p string) bool { return strings.HasPrefix(p, "/feeds/") })
	b.ReportMetric(ms(percentile(all, 0.50)), "get-p50-ms")
	b.ReportMetric(ms(percentile(all, 0.99)), "get-p99-ms")
	b.ReportMetric(ms(percentile(all, 1)), "get-max-ms")
	b.ReportMetric(float64(len(all)), "gets")
	b.ReportMetric(ms(percentile(feeds, 0.99)), "feed-get-p99-ms")
	if hwm, err := peakRSS(); err == nil {
		b.ReportMetric(float64(hwm)/(1<<20), "bench-hwm-MiB")
	} else {
		b.Logf("peak RSS: %v", err)
	}
	b.Logf("korea %d, china %d items; %d GETs during %v of ingest", last.korea, last.china, len(all), ingest)
	for _, path := range paths {
		l := latencies(gets, func(p string) bool { return p == path })
		b.Logf("GET %-18s n=%4d p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms  %7.0f KB",
			path, len(l), ms(percentile(l, 0.5)), ms(percentile(l, 0.99)), ms(percentile(l, 1)), lastSize(gets, path)/1e3)
	}
}

// getSample is one GET a reader made during the ingest.
type getSample struct {
	path  string
	took  time.Duration // from sending the request to reading the body's last byte
	bytes int64         // the body's length
}

// latencies are the sorted latencies of the samples whose path keep accepts.
func latencies(gets []getSample, keep func(path string) bool) []time.Duration {
	var out []time.Duration
	for _, g := range gets {
		if keep(g.path) {
			out = append(out, g.took)
		}
	}
	slices.Sort(out)
	return out
}

// lastSize is the body length of the last GET of path, to show how large
// the pages being timed had grown by the end of the ingest.
func lastSize(gets []getSample, path string) float64 {
	for i := len(gets) - 1; i >= 0; i-- {
		if gets[i].path == path {
			return float64(gets[i].bytes)
		}
	}
	return 0
}

// scaleRound is what one ingest measured.
type scaleRound struct {
	ingest       time.Duration // PollAll, from the first poll to the last result
	added        int           // new items the polls reported
	stored       int           // items in the store afterwards
	korea, china int           // items in the two topics
	storeBytes   int64         // the store file's size after close
	gets         []getSample   // every GET answered during the ingest
}

// scaleRound wires the daemon on an empty dataDir, serves its handler, and
// polls every source once while readers fetch paths; it fails the benchmark
// on any failed poll or GET. The ingest runs under the profiler label
// role=ingest and the readers under role=reader, so that
// `pprof -tagfocus role=reader` shows what serving cost during the ingest.
func (f ingestFarm) scaleRound(b *testing.B, dataDir string, paths []string) scaleRound {
	b.Helper()
	d, err := newDaemon(f.config(b, dataDir), io.Discard)
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(d.server.Handler())
	f.stats(b, true)

	ctx, stopReaders := context.WithCancel(context.Background())
	var r scaleRound
	var readers sync.WaitGroup
	var mu sync.Mutex
	for i := range scaleReaders {
		readers.Go(func() {
			pprof.Do(ctx, pprof.Labels("role", "reader"), func(ctx context.Context) {
				got := readFeeds(ctx, b, srv.URL, paths, i*len(paths)/scaleReaders)
				mu.Lock()
				r.gets = append(r.gets, got...)
				mu.Unlock()
			})
		})
	}
	pprof.Do(context.Background(), pprof.Labels("role", "ingest"), func(ctx context.Context) {
		start := time.Now()
		for _, res := range d.sched.PollAll(ctx) {
			if res.Err != nil {
				b.Errorf("poll %s: %v", res.Source, res.Err)
			}
			r.added += res.Added
		}
		r.ingest = time.Since(start)
	})
	stopReaders()
	readers.Wait()
	srv.Close()

	if st := f.stats(b, false); st.Status200 != f.feeds {
		b.Errorf("farm answered %d × 200, want one per source (%d)", st.Status200, f.feeds)
	}
	counts, err := d.store.ItemCounts()
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range counts {
		r.stored += n
	}
	r.korea, _, _ = d.store.TopicCount("korea")
	r.china, _, _ = d.store.TopicCount("china")
	path := d.store.Location() // the bbolt file
	if err := d.close(); err != nil {
		b.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	r.storeBytes = fi.Size()
	return r
}

// readFeeds fetches paths in turn, from the first'th on, until ctx ends,
// and returns every answered request.
func readFeeds(ctx context.Context, b *testing.B, base string, paths []string, first int) []getSample {
	var out []getSample
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	for i := first; ctx.Err() == nil; i++ {
		path := paths[i%len(paths)]
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
		if err != nil {
			b.Error(err)
			return out
		}
		start := time.Now()
		var n int64
		resp, err := client.Do(req)
		if err == nil {
			n, err = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		took := time.Since(start)
		switch {
		case ctx.Err() != nil && err != nil:
			return out // cut short by the end of the ingest: not an answer
		case err != nil:
			b.Errorf("GET %s: %v", path, err)
			return out
		case resp.StatusCode != http.StatusOK:
			b.Errorf("GET %s: %s", path, resp.Status)
			return out
		}
		out = append(out, getSample{path: path, took: took, bytes: n})
	}
	return out
}

// warm fetches every farm feed once, so that the farm has rendered and
// cached each body before the measured ingest: its rendering would
// otherwise compete with feedcurator for the same two cores.
func (f ingestFarm) warm(b *testing.B) {
	b.Helper()
	paths := make(chan int)
	errs := make(chan error, 8)
	var wg sync.WaitGroup
	for range cap(errs) {
		wg.Go(func() {
			for i := range paths {
				resp, err := http.Get(f.base + "/feed/" + strconv.Itoa(i) + ".xml")
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				if err != nil {
					errs <- err
					for range paths {
					}
					return
				}
			}
		})
	}
	for i := range f.feeds {
		paths <- i
	}
	close(paths)
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		b.Fatalf("warming the farm: %v", err)
	}
}

// percentile is the nearest-rank percentile p (0 < p ≤ 1) of sorted.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[max(i, 0)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// peakRSS is this process's peak resident set size in bytes (VmHWM).
func peakRSS() (int64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, errors.New("no VmHWM in /proc/self/status")
}
