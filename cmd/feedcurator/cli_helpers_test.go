package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/feedcurator/feedcurator/db"
)

// runCLI runs one command line in-process, as main does, and returns the
// exit code and what the command wrote.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// feedFarm serves the feeds in testdata/ on loopback, as a publisher would,
// and counts the requests it answers. A name that testdata lacks is a 404.
type feedFarm struct {
	*httptest.Server
	requests atomic.Int64
}

var farmContentTypes = map[string]string{
	".rss": "application/rss+xml", ".atom": "application/atom+xml", ".json": "application/feed+json",
}

func newFeedFarm(t *testing.T) *feedFarm {
	t.Helper()
	dir, err := filepath.Abs("testdata") // other tests may t.Chdir
	if err != nil {
		t.Fatal(err)
	}
	f := &feedFarm{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.requests.Add(1)
		name := filepath.Base(r.URL.Path)
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", farmContentTypes[filepath.Ext(name)])
		w.Write(b)
	}))
	t.Cleanup(f.Close)
	return f
}

// source is one entry of a test config's sources: list.
type source struct{ id, url string }

// koreaTopic selects the Korea stories of testdata/ and vetoes the K-pop one.
const koreaTopic = `  - id: korea
    title: Korea
    any: ["Korea*", "Pyongyang", "Seoul", "Kim Jong Un"]
    none: ["K-pop"]
`

// chinaTopic selects the one China story of testdata/world.atom.
const chinaTopic = `  - id: china
    title: China
    any: ["China", "Beijing"]
`

// configYAML is a config with a store in dataDir, the given sources and
// topics (each a YAML list entry like koreaTopic). listen may be empty.
func configYAML(listen, dataDir string, sources []source, topics ...string) string {
	var b strings.Builder
	b.WriteString("# a test config\n")
	if listen != "" {
		fmt.Fprintf(&b, "listen: %s\n", listen)
	}
	fmt.Fprintf(&b, "data_dir: %q\nsources:\n", dataDir)
	for _, s := range sources {
		fmt.Fprintf(&b, "  - id: %s\n    url: %s\n", s.id, s.url)
	}
	if len(topics) > 0 {
		b.WriteString("topics:\n" + strings.Join(topics, ""))
	}
	return b.String()
}

// writeFile writes content to dir/name and returns the path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// fetchedStore fetches testdata/seoul.rss, a 404 and testdata/broken.rss
// into a fresh store with the korea topic, and returns the config's path and
// the store's.
func fetchedStore(t *testing.T) (configPath, storePath string) {
	t.Helper()
	farm := newFeedFarm(t)
	dir := t.TempDir()
	dataDir := filepath.Join(dir, "data")
	configPath = writeFile(t, dir, "config.yaml", configYAML("", dataDir, []source{
		{"seoul", farm.URL + "/seoul.rss"},
		{"missing", farm.URL + "/missing.rss"},
		{"broken", farm.URL + "/broken.rss"},
	}, koreaTopic))
	if code, out, errOut := runCLI(t, "fetch", "-config", configPath); code != exitOK {
		t.Fatalf("fetch: exit %d\n%s%s", code, out, errOut)
	}
	return configPath, filepath.Join(dataDir, storeFile)
}

// openStoreFile opens a store file the way a later run would, failing the
// test if it does not open.
func openStoreFile(t *testing.T, path string) *db.Store {
	t.Helper()
	s, err := db.Open(path, db.Options{})
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// storedTitles returns the titles of every item in s.
func storedTitles(t *testing.T, s *db.Store) []string {
	t.Helper()
	var titles []string
	if err := s.AllItems(func(it *db.Item) bool {
		titles = append(titles, it.Title)
		return true
	}); err != nil {
		t.Fatal(err)
	}
	return titles
}

// parseFeed parses a republished feed and returns it with its item titles.
func parseFeed(t *testing.T, body string) (*gofeed.Feed, []string) {
	t.Helper()
	feed, err := gofeed.NewParser().ParseString(body)
	if err != nil {
		t.Fatalf("the feed does not parse: %v\n%s", err, body)
	}
	var titles []string
	for _, it := range feed.Items {
		titles = append(titles, it.Title)
	}
	return feed, titles
}

// sameSet reports whether got and want hold the same strings, in any order.
func sameSet(got, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	count := map[string]int{}
	for _, s := range got {
		count[s]++
	}
	for _, s := range want {
		if count[s]--; count[s] < 0 {
			return false
		}
	}
	return true
}

// Titles of testdata's stories, by what the korea topic makes of them.
const (
	titleMissile = "North Korea test-fires a missile over the sea" // selected: Korea* in title
	titleMarkets = "Markets open higher"                           // selected: Seoul in the HTML summary
	titleKpop    = "K-pop group tops the charts in Korea"          // vetoed by none: K-pop
	titleWeather = "Rain expected in Paris"                        // no term
	titleFactory = "Kim Jong Un visits a tractor factory"          // world.atom, selected: the phrase
	titleFair    = "Beijing hosts a trade fair"                    // world.atom, china only
)
