package feedtest

import (
	"bytes"
	"os"
	"testing"
)

// CheckGolden compares got with the file at path, after writing got there
// when update is set (a test's -update flag): a change in any byte of a feed
// changes every ETag the daemon hands out, so it should be deliberate.
func CheckGolden(t testing.TB, path string, got []byte, update bool) {
	t.Helper()
	if update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test -update and review the diff):\n%s", path, got)
	}
}
