package main

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/internal/linkid"
)

// sharedFixtures is ../shared/fixtures, seen from this package's directory.
var sharedFixtures = filepath.Join("..", "..", "..", "shared", "fixtures")

// fixtureContentTypes are the media types the fixture server sends; the
// non-UTF-8 feeds send no charset, so their XML declarations must be read.
var fixtureContentTypes = map[string]string{
	".rss": "application/rss+xml", ".atom": "application/atom+xml", ".json": "application/feed+json",
}

// startPipeline serves dir's feeds over HTTP, configures them as sources with
// topicsYAML's topics, and wires the real daemon (store, scheduler, server).
func startPipeline(t *testing.T, dir string, files []string, topicsYAML string) (*daemonState, *httptest.Server) {
	t.Helper()
	feeds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := filepath.Base(r.URL.Path)
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", fixtureContentTypes[filepath.Ext(name)])
		w.Write(b)
	}))
	t.Cleanup(feeds.Close)
	var b strings.Builder
	fmt.Fprintf(&b, "listen: 127.0.0.1:0\nbase_url: http://feeds.test\ndata_dir: %q\nsources:\n", t.TempDir())
	for _, f := range files {
		id := strings.NewReplacer(".", "-").Replace(f)
		fmt.Fprintf(&b, "  - id: %s\n    url: %s/%s\n", id, feeds.URL, f)
	}
	b.WriteString(topicsYAML)
	cfg, err := config.Parse("e2e.yaml", []byte(b.String()))
	if err != nil {
		t.Fatalf("config: %v\n%s", err, b.String())
	}
	d, err := newDaemon(cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.close() })
	for _, r := range d.sched.PollAll(context.Background()) {
		if r.Err != nil {
			t.Errorf("poll %s: %v", r.Source, r.Err)
		}
	}
	srv := httptest.NewServer(d.server.Handler())
	t.Cleanup(srv.Close)
	return d, srv
}

func get(t *testing.T, url string) []byte {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	return b
}

// feedLinks fetches one republished feed and returns its items' links,
// checking that XML formats are well-formed on the way.
func feedLinks(t *testing.T, url string) []string {
	t.Helper()
	body := get(t, url)
	if !strings.HasSuffix(url, ".json") {
		dec := xml.NewDecoder(strings.NewReader(string(body)))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s is not well-formed XML: %v", url, err)
			}
		}
	} else {
		var probe struct{ Version string }
		if err := json.Unmarshal(body, &probe); err != nil || probe.Version != "https://jsonfeed.org/version/1.1" {
			t.Fatalf("%s: not JSON Feed 1.1 (%v, %q)", url, err, probe.Version)
		}
	}
	feed, err := gofeed.NewParser().ParseString(string(body))
	if err != nil {
		t.Fatalf("%s does not parse back: %v", url, err)
	}
	var links []string
	for _, it := range feed.Items {
		links = append(links, it.Link)
	}
	sort.Strings(links)
	return links
}

// TestSharedFixturesEndToEnd polls the six fixture feeds through the real
// wiring and checks every format of every topic feed against expected.json.
func TestSharedFixturesEndToEnd(t *testing.T) {
	expectedJSON, err := os.ReadFile(filepath.Join(sharedFixtures, "expected.json"))
	if err != nil {
		t.Skipf("shared fixtures absent (%v): run from a checkout beside ../shared", err)
	}
	topicsYAML, err := os.ReadFile(filepath.Join(sharedFixtures, "topics.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var expected map[string]json.RawMessage
	if err := json.Unmarshal(expectedJSON, &expected); err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{} // topic → normalised links
	allLinks := map[string]bool{} // normalised links of every item
	var files []string
	for file, raw := range expected {
		if strings.HasPrefix(file, "_") {
			continue
		}
		files = append(files, file)
		var items map[string][]string
		if err := json.Unmarshal(raw, &items); err != nil {
			t.Fatal(err)
		}
		for link, topics := range items {
			norm := linkid.Normalize(link)
			allLinks[norm] = true
			for _, tp := range topics {
				if !contains(want[tp], norm) {
					want[tp] = append(want[tp], norm)
				}
			}
		}
	}
	sort.Strings(files)
	_, srv := startPipeline(t, sharedFixtures, files, string(topicsYAML))

	for _, tp := range []string{"korea", "china"} {
		sort.Strings(want[tp])
		for _, format := range []string{"atom", "rss", "json"} {
			got := feedLinks(t, srv.URL+"/feeds/"+tp+"."+format)
			var norm []string
			for _, l := range got {
				norm = append(norm, linkid.Normalize(l))
			}
			sort.Strings(norm)
			if strings.Join(norm, "\n") != strings.Join(want[tp], "\n") {
				t.Errorf("%s.%s holds %d items:\n  %s\nwant %d:\n  %s", tp, format, len(norm),
					strings.Join(norm, "\n  "), len(want[tp]), strings.Join(want[tp], "\n  "))
			}
		}
	}
	if len(want["korea"]) != 10 || len(want["china"]) != 7 {
		t.Errorf("expected.json: korea %d, china %d; the fixtures README says 10 and 7", len(want["korea"]), len(want["china"]))
	}
	for _, format := range []string{"atom", "rss", "json"} {
		got := feedLinks(t, srv.URL+"/feeds/all."+format)
		seen := map[string]bool{}
		for _, l := range got {
			n := linkid.Normalize(l)
			if seen[n] {
				t.Errorf("all.%s holds %s twice", format, n)
			}
			seen[n] = true
		}
		if len(seen) != len(allLinks) {
			t.Errorf("all.%s holds %d distinct items, want %d", format, len(seen), len(allLinks))
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestDemoFillsTopics runs the demo's own wiring on the bundled feeds: no
// network and no ../shared needed.
func TestDemoFillsTopics(t *testing.T) {
	feedsURL, closeFeeds, err := serveDemoFeeds()
	if err != nil {
		t.Fatal(err)
	}
	defer closeFeeds()
	doc, err := demoConfig("127.0.0.1:0", feedsURL, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse("demo.yaml", doc)
	if err != nil {
		t.Fatal(err)
	}
	d, err := newDaemon(cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer d.close()
	for _, r := range d.sched.PollAll(context.Background()) {
		if r.Err != nil || r.Items == 0 {
			t.Errorf("demo source %s: %d items, %v", r.Source, r.Items, r.Err)
		}
	}
	srv := httptest.NewServer(d.server.Handler())
	defer srv.Close()
	for topic, min := range map[string]int{"korea": 10, "china": 6} {
		for _, format := range []string{"atom", "rss", "json"} {
			if links := feedLinks(t, srv.URL+"/feeds/"+topic+"."+format); len(links) < min {
				t.Errorf("demo %s.%s holds %d items, want at least %d", topic, format, len(links), min)
			}
		}
	}
	// The copy of a Seoul Times story in the JSON feed (utm_ and a fragment) is shown once.
	links := feedLinks(t, srv.URL+"/feeds/all.atom")
	seen := map[string]bool{}
	for _, l := range links {
		if n := linkid.Normalize(l); seen[n] {
			t.Errorf("all.atom holds %s twice", n)
		} else {
			seen[n] = true
		}
	}
}
