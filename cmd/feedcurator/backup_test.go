package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBackupWithoutDaemon: with no daemon holding the store, backup opens
// it itself and writes a copy that opens, passes Check and holds every item.
func TestBackupWithoutDaemon(t *testing.T) {
	configPath, storePath := fetchedStore(t)
	out := filepath.Join(t.TempDir(), "copy.db")
	code, stdout, errOut := runCLI(t, "backup", "-config", configPath, out)
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	if !strings.Contains(stdout, "written to "+out) {
		t.Errorf("stdout %q does not name %s", stdout, out)
	}
	info, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("backup mode %v, want 0600: the copy holds everything the store does", perm)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("backup left %d files beside the copy, want none", len(entries)-1)
	}

	backup := openStoreFile(t, out)
	if err := backup.Check(); err != nil {
		t.Errorf("the copy fails Check: %v", err)
	}
	got := storedTitles(t, backup)
	original := openStoreFile(t, storePath)
	if want := storedTitles(t, original); !sameSet(got, want) || len(got) == 0 {
		t.Errorf("the copy holds %q, the store %q", got, want)
	}
	sources, err := backup.Sources()
	if err != nil || len(sources) != 3 {
		t.Errorf("the copy holds %d sources (%v), want 3", len(sources), err)
	}
}

// TestBackupFailures: a FILE that cannot be written, or a store that does
// not exist yet, is a runtime failure (exit 1) that leaves nothing behind.
func TestBackupFailures(t *testing.T) {
	configPath, _ := fetchedStore(t)
	dir := t.TempDir()
	noStoreData := filepath.Join(dir, "data")
	noStore := writeFile(t, dir, "fresh.yaml", configYAML("", noStoreData, []source{{"seoul", "http://127.0.0.1:1/seoul.rss"}}))
	tests := []struct {
		name, config, out string
		wantStderr        string
		mustNotExist      []string
	}{
		{"unwritable FILE", configPath, filepath.Join(dir, "no-such-dir", "copy.db"), "no-such-dir", nil},
		{"no store yet", noStore, filepath.Join(dir, "copy.db"), "no store at " + filepath.Join(noStoreData, storeFile), []string{noStoreData}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, "backup", "-config", tt.config, tt.out)
			if code != exitFailure || !strings.Contains(errOut, tt.wantStderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, exitFailure, tt.wantStderr)
			}
			for _, path := range append(tt.mustNotExist, tt.out) {
				if _, err := os.Stat(path); !os.IsNotExist(err) {
					t.Errorf("%s exists after a failed backup (%v)", path, err)
				}
			}
		})
	}
}

// TestBackupToStdout: "backup -" writes the copy to stdout (and nothing
// else there), not to a file named "-".
func TestBackupToStdout(t *testing.T) {
	configPath, storePath := fetchedStore(t)
	t.Chdir(t.TempDir())
	code, stdout, errOut := runCLI(t, "backup", "-config", configPath, "-")
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	if _, err := os.Stat("-"); err == nil {
		t.Error(`backup - wrote a file named "-"`)
	}
	out := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(out, []byte(stdout), 0o600); err != nil {
		t.Fatal(err)
	}
	backup := openStoreFile(t, out)
	if err := backup.Check(); err != nil {
		t.Fatalf("stdout is not a store that passes Check: %v", err)
	}
	if got, want := storedTitles(t, backup), storedTitles(t, openStoreFile(t, storePath)); !sameSet(got, want) || len(got) == 0 {
		t.Errorf("the copy holds %q, the store %q", got, want)
	}
	if !strings.Contains(errOut, "written to stdout") {
		t.Errorf("stderr %q does not say where the copy went", errOut)
	}
}

// TestBackupToStdoutFromDaemon: "backup -" while the daemon holds the store
// streams the daemon's copy to stdout.
func TestBackupToStdoutFromDaemon(t *testing.T) {
	t.Parallel()
	configPath, _ := runningDaemon(t)
	code, stdout, errOut := runCLI(t, "backup", "-config", configPath, "-")
	if code != exitOK || !strings.Contains(errOut, "running daemon's store written to stdout") {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	out := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(out, []byte(stdout), 0o600); err != nil {
		t.Fatal(err)
	}
	if titles := storedTitles(t, openStoreFile(t, out)); len(titles) != 4 {
		t.Errorf("the copy holds %q, want the four items of seoul.rss", titles)
	}
}
