// Package fetchtest is test support shared by the fetcher's packages, so
// that their tests read the project's shared material the same way and
// serve the same hostile feeds without each keeping a copy.
package fetchtest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// SharedDir is ../shared/<name> seen from the repository root, as a path
// relative to the test's package; the test is skipped when the shared tree
// is not there (e.g. a plain clone of the repository).
func SharedDir(t testing.TB, name string) string {
	t.Helper()
	root := "."
	for range 8 {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			break
		}
		root = filepath.Join(root, "..")
	}
	dir := filepath.Join(root, "..", "shared", name)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared %s not available at %s: %v", name, dir, err)
	}
	return dir
}

// ReadFile is os.ReadFile failing the test on an error.
func ReadFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// BigFeed is an RSS feed of n items; item i is published i minutes after a
// fixed time, and the items appear oldest first so that document order and
// age disagree.
func BigFeed(n int) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>big</title><link>https://big.example/</link>`)
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		fmt.Fprintf(&b, "<item><title>Item %d</title><link>https://big.example/%d</link><pubDate>%s</pubDate><description>&lt;p&gt;Body %d&lt;/p&gt;</description></item>",
			i, i, base.Add(time.Duration(i)*time.Minute).Format(time.RFC1123Z), i)
	}
	b.WriteString(`</channel></rss>`)
	return []byte(b.String())
}
