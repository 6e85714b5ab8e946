package parser

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/feedcurator/feedcurator/fetcher/internal/fetchtest"
)

// BenchmarkParse is the parse of one feed, charset to normalised items: the
// shared fixtures (ordinary feeds of a few dozen items), a 50-item feed and
// a 15,000-item one (parsed a window of maxItems items at a time).
func BenchmarkParse(b *testing.B) {
	bodies := map[string][]byte{
		"rss50":    fetchtest.BigFeed(50),
		"rss15000": fetchtest.BigFeed(15000),
	}
	if dir := filepath.Join("..", "..", "..", "shared", "fixtures"); dirExists(dir) {
		for _, name := range []string{"wsws.rss", "asia-desk.atom", "wire.json"} {
			bodies[name] = readFile(b, filepath.Join(dir, name))
		}
	}
	for _, name := range []string{"wsws.rss", "asia-desk.atom", "wire.json", "rss50", "rss15000"} {
		body, ok := bodies[name]
		if !ok {
			continue
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse("bench", "https://bench.example/feed", "", body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func dirExists(dir string) bool {
	fi, err := os.Stat(dir)
	return err == nil && fi.IsDir()
}
