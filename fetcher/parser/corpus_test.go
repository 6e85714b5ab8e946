package parser

import (
	"errors"
	"io/fs"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// corpusDeadline is how long one corpus file may take through Parse.
const corpusDeadline = 10 * time.Second

// feedparserHeader is how the Universal Feed Parser suite records the HTTP
// Content-Type a test case assumes (see corpus/SOURCES.md).
var feedparserHeader = regexp.MustCompile(`(?im)^\s*Header:\s*Content-type:\s*(.+?)\s*$`)

type corpusResult struct {
	path    string
	feed    *Feed
	err     error
	elapsed time.Duration
	panic   any
}

// TestCorpus runs every file of the shared corpus through charset detection,
// Parse and normalisation: none may panic or take longer than
// corpusDeadline, and nearly all must parse. Files that are not feeds (OPML,
// HTML, gofeed's expected-output JSON, entry fragments) may fail; their
// errors are counted and logged. With -short, every 10th file is run.
func TestCorpus(t *testing.T) {
	dir := sharedDir(t, "corpus")
	var paths []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && filepath.Dir(path) != dir { // skip MANIFEST.sha256 and SOURCES.md
			paths = append(paths, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if testing.Short() {
		paths = everyNth(paths, 10)
		t.Logf("-short: running every 10th corpus file")
	}

	results := make(chan corpusResult)
	work := make(chan string)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for path := range work {
				results <- parseCorpusFile(t, path)
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

	var parsed, items, htmlPages, notFeeds, expectedOutputs int
	otherErrors := make(map[string]int)
	var slowest corpusResult
	for r := range results {
		rel, _ := filepath.Rel(dir, r.path)
		if isExpectedOutput(rel) {
			expectedOutputs++ // run for robustness, but not a feed to count
			if r.err == nil {
				t.Errorf("%s: gofeed's expected output parsed as a feed", rel)
			}
		}
		switch {
		case r.panic != nil:
			t.Errorf("%s: panic: %v", rel, r.panic)
		case r.elapsed > corpusDeadline:
			t.Errorf("%s: still parsing after %v", rel, corpusDeadline)
		case r.err == nil:
			parsed++
			items += len(r.feed.Items)
			checkItemInvariants(t, r.feed)
		case errors.As(r.err, new(*HTMLPageError)):
			htmlPages++
		case errors.Is(r.err, ErrNotAFeed):
			notFeeds++
		default:
			otherErrors[errorKind(r.err)]++
		}
		if r.elapsed > slowest.elapsed {
			slowest = r
		}
	}
	feeds := len(paths) - expectedOutputs
	t.Logf("corpus: %d files (%d of them gofeed expected-output JSON); of the %d others %d parsed (%.1f%%, %d items), "+
		"%d not feeds, %d HTML pages, %d other errors; slowest %s in %v",
		len(paths), expectedOutputs, feeds, parsed, 100*float64(parsed)/float64(max(feeds, 1)), items,
		notFeeds-expectedOutputs, htmlPages, feeds-parsed-(notFeeds-expectedOutputs)-htmlPages,
		filepath.Base(slowest.path), slowest.elapsed)
	for _, kind := range sortedKeys(otherErrors) {
		t.Logf("  %4d × %s", otherErrors[kind], kind)
	}
	if feeds <= 0 || float64(parsed) < 0.95*float64(feeds) {
		t.Errorf("only %d of %d corpus files parsed; want at least 95%%", parsed, feeds)
	}
}

// isExpectedOutput reports gofeed's expected-output files: the .json next
// to each parser and translator input, and parser/json's *_expected.json.
// The JSON Feed inputs in parser/json are feeds.
func isExpectedOutput(rel string) bool {
	rel = filepath.ToSlash(rel)
	if !strings.HasPrefix(rel, "gofeed-testdata/") || filepath.Ext(rel) != ".json" {
		return false
	}
	return !strings.HasPrefix(rel, "gofeed-testdata/parser/json/") || strings.HasSuffix(rel, "_expected.json")
}

// parseCorpusFile parses one file in its own goroutine, giving up waiting
// after corpusDeadline.
func parseCorpusFile(t *testing.T, path string) corpusResult {
	body := readFile(t, path)
	contentType := ""
	if m := feedparserHeader.FindSubmatch(body[:min(len(body), 4096)]); m != nil {
		contentType = string(m[1])
	}
	done := make(chan corpusResult, 1)
	start := time.Now()
	go func() {
		r := corpusResult{path: path}
		defer func() {
			r.panic = recover()
			r.elapsed = time.Since(start)
			done <- r
		}()
		r.feed, r.err = Parse("corpus", "http://corpus.test/"+filepath.ToSlash(path), contentType, body)
	}()
	select {
	case r := <-done:
		return r
	case <-time.After(corpusDeadline):
		return corpusResult{path: path, elapsed: corpusDeadline + time.Nanosecond}
	}
}

// errorKind groups parse errors by their message without file-specific
// detail (line numbers, URLs).
func errorKind(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, ": "); i >= 0 && strings.HasPrefix(msg, "fetcher: parsing ") {
		msg = msg[len("fetcher: parsing "):]
		if j := strings.Index(msg, ": "); j >= 0 {
			msg = msg[j+2:]
		}
	}
	return regexp.MustCompile(`line \d+`).ReplaceAllString(msg, "line N")
}

func everyNth(paths []string, n int) []string {
	var out []string
	for i := 0; i < len(paths); i += n {
		out = append(out, paths[i])
	}
	return out
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return m[keys[i]] > m[keys[j]] })
	return keys
}
