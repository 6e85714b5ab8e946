package feedgen

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/fetcher/parser"
	"github.com/feedcurator/feedcurator/topic"
)

// TestRepublishCorpus runs every file of the shared corpus through the
// fetcher, as a poll would, and republishes what it yields in all three
// formats: the widest sample of real-world input Render can get (legacy
// charsets, entities, broken markup, odd dates and ids). Every output must be
// one a strict reader accepts; corpuscheck_test.go says what that means.
// Files the fetcher rejects (not feeds, truncated XML, gofeed's expected
// outputs) are counted and skipped. With -short, or under the race detector
// (which slows XML decoding about tenfold, and finds nothing to race on in a
// pure function), every 10th file is run.
func TestRepublishCorpus(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "corpus")
	sources, err := os.ReadFile(filepath.Join(dir, "SOURCES.md"))
	if err != nil {
		t.Skipf("shared corpus not available at %s: %v", dir, err)
	}
	paths := corpusFiles(t, dir)
	t.Logf("corpus: %d files; SOURCES.md says %q", len(paths), corpusTotals(sources))
	if testing.Short() || raceEnabled {
		paths = everyNth(paths, 10)
		t.Logf("-short or -race: republishing every 10th file (%d); run without either for all", len(paths))
	}

	var sum corpusSummary
	for r := range republishAll(dir, paths) {
		sum.add(t, r)
	}
	sum.report(t)
	if sum.feeds < len(paths)*3/4 {
		t.Errorf("only %d of %d files parsed as feeds: is the fetcher or the corpus broken?", sum.feeds, len(paths))
	}
}

// corpusFiles lists the corpus's data files: those in its folders, not
// SOURCES.md and MANIFEST.sha256 at its top.
func corpusFiles(t *testing.T, dir string) []string {
	var paths []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Dir(path) != dir {
			paths = append(paths, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return paths
}

var totalsLine = regexp.MustCompile(`(?m)^Totals: .*$`)

func corpusTotals(sources []byte) string { return string(totalsLine.Find(sources)) }

func everyNth(paths []string, n int) []string {
	var out []string
	for i := 0; i < len(paths); i += n {
		out = append(out, paths[i])
	}
	return out
}

// corpusResult is one corpus file republished: parseErr when the fetcher
// rejected it, else the item count and the problems of each output.
type corpusResult struct {
	rel      string
	parseErr error
	items    int
	bytes    int
	problems []string // "format: what"
}

// republishAll republishes the files on GOMAXPROCS workers.
func republishAll(dir string, paths []string) <-chan corpusResult {
	work := make(chan string)
	results := make(chan corpusResult)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for path := range work {
				rel, _ := filepath.Rel(dir, path)
				results <- republishFile(path, filepath.ToSlash(rel))
			}
		})
	}
	go func() {
		for _, p := range paths {
			work <- p
		}
		close(work)
		wg.Wait()
		close(results)
	}()
	return results
}

// feedparserHeader is how the Universal Feed Parser suite records the HTTP
// Content-Type a case assumes (see SOURCES.md); the charset logic needs it.
var feedparserHeader = regexp.MustCompile(`(?im)^\s*Header:\s*Content-type:\s*(.+?)\s*$`)

func republishFile(path, rel string) corpusResult {
	r := corpusResult{rel: rel}
	body, err := os.ReadFile(path)
	if err != nil {
		r.parseErr = err
		return r
	}
	contentType := ""
	if m := feedparserHeader.FindSubmatch(body[:min(len(body), 4096)]); m != nil {
		contentType = string(m[1])
	}
	feed, err := parser.Parse("corpus", "http://corpus.test/"+rel, contentType, body)
	if err != nil {
		r.parseErr = err
		return r
	}
	entries := corpusEntries(feed)
	r.items = len(entries)
	sourceOf := corpusSourceOf(feed)
	src := newSourceText(entries, feed.Title, feed.SiteURL, feed.FeedID)
	for _, f := range Formats {
		var buf bytes.Buffer
		if err := Render(&buf, f, corpusChannel(feed, rel, f), entries, sourceOf); err != nil {
			r.problems = append(r.problems, fmt.Sprintf("%s: Render: %v", f, err))
			continue
		}
		r.bytes += buf.Len()
		for _, p := range checkOutput(f, buf.Bytes(), entries, src) {
			r.problems = append(r.problems, string(f)+": "+p)
		}
	}
	return r
}

// corpusEntries makes the feed's items a topic's entries, with match reasons
// on every one and, on every 5th, the previous item as another source's copy,
// so that the match categories and the "also reported by" list are exercised
// with real text too.
func corpusEntries(feed *parser.Feed) []topic.Entry {
	entries := make([]topic.Entry, len(feed.Items))
	for i, it := range feed.Items {
		e := topic.Entry{Item: it}
		if words := strings.Fields(it.Title); len(words) > 0 {
			e.Reasons = []db.Reason{{Term: words[0] + "*", Field: "title", Text: words[0]}}
		}
		e.Reasons = append(e.Reasons, db.Reason{Term: "/corpus/", Field: "link", Text: "corpus"})
		if i > 0 && i%5 == 0 {
			copied := feed.Items[i-1]
			copied.SourceID = "mirror"
			e.Also = []db.Item{copied}
		}
		entries[i] = e
	}
	return entries
}

func corpusSourceOf(feed *parser.Feed) func(id string) Source {
	return func(id string) Source {
		if id == "mirror" {
			return Source{ID: id, Title: "Mirror of " + feed.Title}
		}
		return Source{ID: id, Title: feed.Title, FeedURL: "http://corpus.test/feed", SiteURL: feed.SiteURL, FeedID: feed.FeedID}
	}
}

func corpusChannel(feed *parser.Feed, rel string, f Format) Channel {
	return Channel{
		TopicID:     "corpus",
		Title:       "Corpus: " + feed.Title,
		Description: "Republished from " + rel,
		ID:          "http://127.0.0.1:8080/feeds/corpus",
		SelfURL:     "http://127.0.0.1:8080/feeds/corpus." + string(f),
		HomeURL:     "http://127.0.0.1:8080/",
	}
}

// corpusSummary tallies the results.
type corpusSummary struct {
	files, feeds, rejected, items, bytes, outputs, failed int
	largest                                               corpusResult
}

// maxProblemsShown keeps one systematic bug from flooding the log.
const maxProblemsShown = 40

func (s *corpusSummary) add(t *testing.T, r corpusResult) {
	s.files++
	if r.parseErr != nil {
		s.rejected++
		return
	}
	s.feeds++
	s.items += r.items
	s.bytes += r.bytes
	s.outputs += len(Formats)
	if r.items > s.largest.items {
		s.largest = r
	}
	if len(r.problems) == 0 {
		return
	}
	s.failed++
	sort.Strings(r.problems)
	for _, p := range r.problems {
		if s.failed <= maxProblemsShown {
			t.Errorf("%s: %s", r.rel, p)
		}
	}
}

func (s *corpusSummary) report(t *testing.T) {
	if s.failed > maxProblemsShown {
		t.Errorf("... and %d more files with problems", s.failed-maxProblemsShown)
	}
	t.Logf("republished %d of %d files (%d rejected by the fetcher: not feeds or broken): %d items, "+
		"%d outputs, %.1f MB; %d files with problems; largest %s (%d items)",
		s.feeds, s.files, s.rejected, s.items, s.outputs, float64(s.bytes)/1e6, s.failed, s.largest.rel, s.largest.items)
}
