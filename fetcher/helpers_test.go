package fetcher

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/config"
)

// sharedDir is ../shared/<name> seen from this package, skipping the test
// when the shared tree is not there (e.g. a plain clone of the repository).
func sharedDir(t testing.TB, name string) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", name)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared %s not available at %s: %v", name, dir, err)
	}
	return dir
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// testPoll is a poll config with small limits, for tests.
func testPoll() config.Poll {
	return config.Poll{Timeout: 5 * time.Second, MaxBody: 1 << 20}
}
