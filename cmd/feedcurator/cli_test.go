package main

import (
	"runtime"
	"strings"
	"testing"
)

// TestVersion pins the three lines of `feedcurator version`.
func TestVersion(t *testing.T) {
	code, out, errOut := runCLI(t, "version")
	if code != exitOK || errOut != "" {
		t.Fatalf("version: exit %d, stderr %q", code, errOut)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("version printed %d lines, want 3 (version, commit, Go version):\n%s", len(lines), out)
	}
	for i, prefix := range []string{"feedcurator ", "commit ", ""} {
		if !strings.HasPrefix(lines[i], prefix) || len(lines[i]) <= len(prefix) {
			t.Errorf("line %d = %q, want %q followed by a value", i+1, lines[i], prefix)
		}
	}
	if lines[2] != runtime.Version() {
		t.Errorf("Go version line = %q, want %q", lines[2], runtime.Version())
	}
}

// TestDispatchExitCodes pins the exit codes of the command line itself:
// usage mistakes are 2, help is 0, and mistakes name what to fix.
func TestDispatchExitCodes(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout string // substring
		wantStderr string // substring
	}{
		{"unknown command", []string{"bogus"}, exitUsage, "", `unknown command "bogus"`},
		{"unknown command shows usage", []string{"bogus"}, exitUsage, "", "usage: feedcurator"},
		{"help", []string{"help"}, exitOK, "usage: feedcurator", ""},
		{"-h", []string{"-h"}, exitOK, "usage: feedcurator", ""},
		{"unknown flag", []string{"check", "-bogus"}, exitUsage, "", "-bogus"},
		{"version with an argument flag", []string{"version", "-x"}, exitUsage, "", "-x"},
		{"check with an argument", []string{"check", "extra"}, exitUsage, "", `unexpected argument "extra"`},
		{"fetch with an argument", []string{"fetch", "extra"}, exitUsage, "", `unexpected argument "extra"`},
		{"export with an argument", []string{"export", "-topic", "korea", "extra"}, exitUsage, "", `unexpected argument "extra"`},
		{"run with an argument", []string{"run", "extra"}, exitUsage, "", `unexpected argument "extra"`},
		{"opml without a subcommand", []string{"opml"}, exitUsage, "", "import or export"},
		{"opml with a bad subcommand", []string{"opml", "sync"}, exitUsage, "", `"sync"`},
		{"backup without FILE", []string{"backup"}, exitUsage, "", "FILE"},
		{"match without -topic", []string{"match"}, exitUsage, "", "-topic is required"},
		{"export without -topic", []string{"export"}, exitUsage, "", "-topic is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.wantCode, out, errOut)
			}
			if !strings.Contains(out, tt.wantStdout) {
				t.Errorf("stdout %q lacks %q", out, tt.wantStdout)
			}
			if !strings.Contains(errOut, tt.wantStderr) {
				t.Errorf("stderr %q lacks %q", errOut, tt.wantStderr)
			}
		})
	}
}
