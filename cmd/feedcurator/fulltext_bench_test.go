package main

// BenchmarkFullTextIngest measures what full_text costs on a first ingest:
// thin sources (50 items each, a one-line teaser per item) served by
// internal/articlefarm on eight loopback addresses (eight hosts to the
// fetcher's per-host limits), polled once into an empty store and, with
// full_text on, every item's article page fetched, extracted, stored and
// classified. FEEDCURATOR_FULLTEXT_N (default 100) is how many sources:
//
//	FEEDCURATOR_FULLTEXT_N=1000 go test -run '^$' -bench FullTextIngest -benchtime 1x ./cmd/feedcurator/

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/internal/articlefarm"
)

const fullTextBenchItems = 50

func BenchmarkFullTextIngest(b *testing.B) {
	sources := 100
	if s := os.Getenv("FEEDCURATOR_FULLTEXT_N"); s != "" {
		var err error
		if sources, err = strconv.Atoi(s); err != nil || sources < 1 {
			b.Fatalf("FEEDCURATOR_FULLTEXT_N=%q: want a positive number", s)
		}
	}
	farm := articlefarm.Start()
	defer farm.Close()
	hosts := []string{farm.URL}
	for i := 2; i <= 8; i++ {
		u, err := farm.ServeAlso(fmt.Sprintf("127.0.0.%d", i))
		if err != nil {
			b.Skipf("cannot serve on 127.0.0.%d: %v", i, err)
		}
		hosts = append(hosts, u)
	}
	for _, on := range []bool{false, true} {
		b.Run(fmt.Sprintf("full_text=%v", on), func(b *testing.B) {
			articles := 0
			peak := watchRSS()
			for b.Loop() {
				articles += fullTextIngest(b, hosts, sources, on)
			}
			anon, file := peak()
			b.ReportMetric(float64(sources*fullTextBenchItems*b.N)/b.Elapsed().Seconds(), "items/s")
			b.ReportMetric(float64(articles)/float64(b.N), "articles/op")
			b.ReportMetric(anon, "peak-anon-MiB")
			b.ReportMetric(file, "peak-file-MiB")
		})
	}
	for host, n := range farm.MaxInFlight() {
		if n > 2 {
			b.Errorf("host %s answered %d requests at once; poll.per_host is 2", host, n)
		}
	}
}

// fullTextIngest polls every source once into an empty store, waits for
// the articles, and returns how many were stored.
func fullTextIngest(b *testing.B, hosts []string, sources int, fullText bool) int {
	b.Helper()
	var y strings.Builder
	fmt.Fprintf(&y, "listen: 127.0.0.1:0\nbase_url: http://bench.test\ndata_dir: %q\n", b.TempDir())
	y.WriteString("poll:\n  concurrency: 16\n  per_host: 2\n  timeout: 60s\nlog:\n  level: error\nsources:\n")
	for i := range sources {
		fmt.Fprintf(&y, "  - id: s%d\n    url: %s%s\n    full_text: %v\n", i, hosts[i%len(hosts)], articlefarm.BenchFeedPath(i, fullTextBenchItems), fullText)
	}
	y.WriteString(ingestTopics)
	cfg, err := config.Parse("fulltext-bench.yaml", []byte(y.String()))
	if err != nil {
		b.Fatal(err)
	}
	d, err := newDaemon(cfg, io.Discard)
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	done := make(chan struct{})
	go func() { d.fullText.Run(ctx); close(done) }()
	for _, r := range d.sched.PollAll(ctx) {
		if r.Err != nil {
			b.Errorf("poll %s: %v", r.Source, r.Err)
		}
	}
	if err := d.fullText.WaitIdle(ctx); err != nil {
		b.Fatal(err)
	}
	counts, err := d.store.(db.ArticleEngine).ArticleCounts()
	if err != nil {
		b.Fatal(err)
	}
	stored := 0
	for _, c := range counts {
		stored += c.OK
		if c.Failed > 0 {
			b.Errorf("%d articles failed", c.Failed)
		}
	}
	if fullText && stored != sources*fullTextBenchItems {
		b.Errorf("stored %d articles, want %d", stored, sources*fullTextBenchItems)
	}
	cancel()
	<-done
	if err := d.close(); err != nil {
		b.Fatal(err)
	}
	return stored
}

// watchRSS samples the process's resident memory, anonymous (the Go heap
// and stacks) and file-backed (the store's mapped pages, which the kernel
// drops under pressure) apart, every 50 ms until the returned function
// reports the peaks in MiB (zeros where /proc is missing).
func watchRSS() (peaks func() (anon, file float64)) {
	stop := make(chan struct{})
	done := make(chan struct{})
	var anon, file float64
	go func() {
		defer close(done)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			a, f := rssMiB()
			anon, file = max(anon, a), max(file, f)
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	return func() (float64, float64) {
		close(stop)
		<-done
		return anon, file
	}
}

// rssMiB is the process's RssAnon and RssFile now, in MiB.
func rssMiB() (anon, file float64) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		name, v, ok := strings.Cut(line, ":")
		if !ok || (name != "RssAnon" && name != "RssFile") {
			continue
		}
		kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
		if err != nil {
			continue
		}
		if name == "RssAnon" {
			anon = float64(kb) / 1024
		} else {
			file = float64(kb) / 1024
		}
	}
	return anon, file
}
