package pgtest

import (
	"fmt"
	"testing"
)

// recorder is a testing.TB that records how a test ended instead of ending
// the real one.
type recorder struct {
	testing.TB
	ended string
}

func (r *recorder) Helper()           {}
func (r *recorder) Fatal(args ...any) { r.ended = "fatal: " + fmt.Sprint(args...); panic(r) }
func (r *recorder) Skip(args ...any)  { r.ended = "skip: " + fmt.Sprint(args...); panic(r) }

// call runs URL against a recorder and reports what it returned or how it
// ended the test.
func call(t *testing.T) (url, ended string) {
	r := &recorder{TB: t}
	defer func() {
		if p := recover(); p != nil && p != any(r) {
			panic(p)
		}
		ended = r.ended
	}()
	return URL(r), ""
}

func TestURL(t *testing.T) {
	for _, c := range []struct{ url, ci, wantURL, wantEnd string }{
		{"postgres:///x?host=/s", "", "postgres:///x?host=/s", ""},
		{"postgres:///x?host=/s", "true", "postgres:///x?host=/s", ""},
		{"", "", "", "skip: " + missing},
		{"", "false", "", "skip: " + missing},
		{"", "true", "", "fatal: " + missing},
	} {
		t.Setenv(EnvURL, c.url)
		t.Setenv("CI", c.ci)
		url, ended := call(t)
		if url != c.wantURL || ended != c.wantEnd {
			t.Errorf("URL with %s=%q, CI=%q: %q, ended %q; want %q, ended %q", EnvURL, c.url, c.ci, url, ended, c.wantURL, c.wantEnd)
		}
	}
}
