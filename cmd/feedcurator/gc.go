package main

import (
	"os"
	"runtime/debug"
)

// defaultGCPercent is the collector's target when $GOGC sets none. The
// daemon keeps little alive (10–25 MB of heap) and allocates fast while it
// ingests (about 55 KB per item: gofeed, bluemonday, bbolt's nodes), so at
// Go's default of 100 the collector ran some 350 times in a first ingest
// of 50,000 items and took a tenth of the CPU. At 200 the same ingest took
// 10–20% less CPU for 12–15 MB more peak memory (BENCHMARKS.md, "Ingest vs
// the floor"). $GOGC and $GOMEMLIMIT still rule when set.
const defaultGCPercent = 200

// tuneGC sets the collector's target for the commands that ingest: the
// daemon (run, demo) and fetch.
func tuneGC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(defaultGCPercent)
	}
}
