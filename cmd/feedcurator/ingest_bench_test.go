package main

// The ingest benchmarks measure what `feedcurator fetch` does on an empty
// store against a running feedfarm (../shared/bench/feedfarm): fetch,
// decode, parse, normalise, sanitise, classify and store every item of every
// farm feed. They exist to be profiled (BENCHMARKS.md "Ingest vs the floor"),
// so they need a farm that is already running and skip without one:
//
//	FEEDCURATOR_FARM=http://127.0.0.1:8900 go test -run '^$' -bench Ingest \
//	    -benchtime 1x -cpuprofile $TMPDIR/ingest.prof ./cmd/feedcurator/
//
// FEEDCURATOR_FARM_N (default 1000) is how many farm feeds become sources.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/internal/pgtest"
)

// Environment variables that point the ingest benchmarks at a farm.
const (
	farmURLEnv   = "FEEDCURATOR_FARM"
	farmCountEnv = "FEEDCURATOR_FARM_N"
)

// ingestTopics are the korea and china topics of
// ../shared/fixtures/topics.yaml, so that every item is classified the
// way a real config classifies it.
const ingestTopics = `topics:
  - id: korea
    title: Korea
    description: North and South Korea
    any: ["Korea*", "DPRK", "Pyongyang", "Seoul", "Kim Jong Un", "한국", "북한", "朝鲜", "韩国", "北朝鮮"]
    none: ["K-pop"]
  - id: china
    title: China
    description: The People's Republic of China
    any: ["China", "Chinese", "Beijing", "Xi Jinping", "PRC", "中国", "北京", "习近平", "중국"]
`

// ingestFarm is the running feedfarm the benchmarks poll.
type ingestFarm struct {
	base         string // e.g. http://127.0.0.1:8900
	feeds        int    // sources to configure: /feed/0.xml … /feed/{feeds-1}.xml
	itemsPerFeed int    // what the farm serves per feed, from its /stats
	// databaseURL, when set, stores in PostgreSQL instead of data_dir.
	databaseURL string
}

// farmStats is the part of the farm's /stats answer the benchmarks read.
type farmStats struct {
	Feeds        int `json:"feeds"`
	ItemsPerFeed int `json:"items_per_feed"`
	Status200    int `json:"status_200"`
	Status304    int `json:"status_304"`
}

// requireFarm returns the farm named by $FEEDCURATOR_FARM, skipping the
// benchmark when it is unset. The farm must be on loopback: benchmarks, like
// tests, never reach the network.
func requireFarm(b *testing.B) ingestFarm {
	b.Helper()
	base := strings.TrimRight(os.Getenv(farmURLEnv), "/")
	if base == "" {
		b.Skipf("$%s is not set: start ../shared/bench/feedfarm and set it to its URL", farmURLEnv)
	}
	u, err := url.Parse(base)
	if err != nil || u.Scheme != "http" {
		b.Fatalf("$%s=%q: want http://127.0.0.1:PORT", farmURLEnv, base)
	}
	if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
		b.Fatalf("$%s=%q: the farm must be on loopback", farmURLEnv, base)
	}
	farm := ingestFarm{base: base, feeds: 1000}
	if s := os.Getenv(farmCountEnv); s != "" {
		if farm.feeds, err = strconv.Atoi(s); err != nil || farm.feeds < 1 {
			b.Fatalf("$%s=%q: want a positive number of feeds", farmCountEnv, s)
		}
	}
	st := farm.stats(b, false)
	if farm.feeds > st.Feeds {
		b.Fatalf("$%s=%d but the farm serves %d feeds", farmCountEnv, farm.feeds, st.Feeds)
	}
	farm.itemsPerFeed = st.ItemsPerFeed
	return farm
}

// stats reads the farm's request counters, zeroing them when reset is set.
func (f ingestFarm) stats(b *testing.B, reset bool) farmStats {
	b.Helper()
	u := f.base + "/stats"
	if reset {
		u += "?reset=1"
	}
	resp, err := http.Get(u)
	if err != nil {
		b.Fatalf("farm stats: %v", err)
	}
	defer resp.Body.Close()
	var st farmStats
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		b.Fatalf("farm stats: %v", err)
	}
	return st
}

// config is a config for an empty store in dataDir with the farm's first
// f.feeds feeds as sources. All farm feeds are on one IP, so per_host equals
// concurrency: the floor has no per-host limit either.
func (f ingestFarm) config(b *testing.B, dataDir string) *config.Config {
	b.Helper()
	var y strings.Builder
	fmt.Fprintf(&y, "listen: 127.0.0.1:0\nbase_url: http://bench.test\ndata_dir: %q\n", dataDir)
	y.WriteString("poll:\n  concurrency: 16\n  per_host: 16\nlog:\n  level: warn\nsources:\n")
	for i := range f.feeds {
		fmt.Fprintf(&y, "  - id: feed-%d\n    url: %s/feed/%d.xml\n", i, f.base, i)
	}
	y.WriteString(ingestTopics)
	cfg, err := config.Parse("ingest-bench.yaml", []byte(y.String()))
	if err != nil {
		b.Fatalf("config: %v", err)
	}
	if f.databaseURL != "" {
		cfg.DatabaseURL = f.databaseURL
	}
	return cfg
}

// ingest wires the daemon on dataDir, polls every source once and closes
// the store, as `feedcurator fetch` does. It fails the benchmark on any
// failed poll and returns how many items were new. The work carries the
// profiler label round=name (goroutines it starts inherit it), so that
// `pprof -tagfocus round=second` shows the measured round without the
// setup ingest that precedes it.
func (f ingestFarm) ingest(b *testing.B, dataDir, name string) (added int) {
	b.Helper()
	cfg := f.config(b, dataDir)
	pprof.Do(context.Background(), pprof.Labels("round", name), func(ctx context.Context) {
		d, err := newDaemon(cfg, io.Discard)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range d.sched.PollAll(ctx) {
			if r.Err != nil {
				b.Errorf("poll %s: %v", r.Source, r.Err)
			}
			added += r.Added
		}
		if err := d.close(); err != nil {
			b.Fatal(err)
		}
	})
	return added
}

// BenchmarkFirstIngest is the first full ingest of the farm into an empty
// store; every item must be stored, none lost.
func BenchmarkFirstIngest(b *testing.B) {
	farm := requireFarm(b)
	want := farm.feeds * farm.itemsPerFeed
	stored := 0
	for b.Loop() {
		added := farm.ingest(b, b.TempDir(), "first")
		if added != want {
			b.Fatalf("first ingest stored %d new items, want %d (%d feeds × %d)", added, want, farm.feeds, farm.itemsPerFeed)
		}
		stored += added
	}
	b.ReportMetric(float64(stored)/b.Elapsed().Seconds(), "items/s")
}

// BenchmarkSecondIngest is the round after a first ingest, on the same
// store: every source answers 304, so it costs requests and source-state
// writes only, no parse and no item write.
func BenchmarkSecondIngest(b *testing.B) {
	farm := requireFarm(b)
	dir := b.TempDir()
	farm.ingest(b, dir, "first")
	farm.stats(b, true)
	rounds := 0
	for b.Loop() {
		if added := farm.ingest(b, dir, "second"); added != 0 {
			b.Fatalf("304 round stored %d new items, want 0", added)
		}
		rounds++
	}
	st := farm.stats(b, true)
	if st.Status200 != 0 || st.Status304 == 0 {
		b.Fatalf("farm answered %d × 200 and %d × 304 during the round; want only 304s", st.Status200, st.Status304)
	}
	b.ReportMetric(float64(farm.feeds*rounds)/b.Elapsed().Seconds(), "polls/s")
}

// BenchmarkFirstIngestPostgres is BenchmarkFirstIngest on PostgreSQL: a
// fresh schema of the test database (pgtest) per ingest.
func BenchmarkFirstIngestPostgres(b *testing.B) {
	farm := requireFarm(b)
	want := farm.feeds * farm.itemsPerFeed
	stored := 0
	for b.Loop() {
		b.StopTimer()
		farm.databaseURL = pgtest.FreshURL(b)
		b.StartTimer()
		added := farm.ingest(b, b.TempDir(), "first")
		if added != want {
			b.Fatalf("first ingest stored %d new items, want %d (%d feeds × %d)", added, want, farm.feeds, farm.itemsPerFeed)
		}
		stored += added
	}
	b.ReportMetric(float64(stored)/b.Elapsed().Seconds(), "items/s")
}

// BenchmarkIngestReplicasPostgres is the first ingest of the farm by one
// and by two replicas (each a daemon with its own data_dir: scheduler,
// leases, store) sharing one fresh database, through the daemon's run loop
// as `feedcurator run` polls, leases and per-host slots included. It
// times the ingest from the replicas' start until every item is stored,
// and fails if any feed was fetched twice (the farm counts its 200s).
func BenchmarkIngestReplicasPostgres(b *testing.B) {
	for _, n := range []int{1, 2} {
		b.Run(fmt.Sprintf("replicas=%d", n), func(b *testing.B) {
			farm := requireFarm(b)
			want := farm.feeds * farm.itemsPerFeed
			for b.Loop() {
				b.StopTimer()
				farm.databaseURL = pgtest.FreshURL(b)
				farm.stats(b, true)
				b.StartTimer()
				farm.ingestReplicas(b, n, want)
				b.StopTimer()
				if st := farm.stats(b, true); st.Status200 != farm.feeds {
					b.Fatalf("%d replicas: the farm answered %d × 200 for %d feeds: a feed was fetched twice, or not at all", n, st.Status200, farm.feeds)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(want*b.N)/b.Elapsed().Seconds(), "items/s")
		})
	}
}

// ingestReplicas runs n daemons on farm.databaseURL until the store holds
// want items, then stops them.
func (f ingestFarm) ingestReplicas(b *testing.B, n, want int) {
	b.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var daemons []*daemonState
	for range n {
		d, err := newDaemon(f.config(b, b.TempDir()), io.Discard)
		if err != nil {
			b.Fatal(err)
		}
		daemons = append(daemons, d)
		wg.Add(1)
		go func() { defer wg.Done(); d.sched.Run(ctx) }()
	}
	// Stored items are counted in the database, by replica 0, every 50 ms:
	// coarse next to an ingest of several seconds.
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for stored := 0; stored < want; {
		<-tick.C
		counts, err := daemons[0].store.ItemCounts()
		if err != nil {
			b.Fatal(err)
		}
		stored = 0
		for _, c := range counts {
			stored += c
		}
	}
	cancel()
	wg.Wait()
	for _, d := range daemons {
		if err := d.close(); err != nil {
			b.Fatal(err)
		}
	}
}
