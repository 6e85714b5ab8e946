//go:build race

package feedgen

// raceEnabled: the race detector slows gofeed and the fetcher about tenfold,
// so the corpus test samples the corpus under it.
const raceEnabled = true
