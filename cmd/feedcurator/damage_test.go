package main

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// flipTitleLength makes the stored item titled title undecodable: the byte
// before the title (its length) becomes a varint that never ends.
func flipTitleLength(t *testing.T, path, title string) {
	t.Helper()
	flipByte(t, path, title, -1, 0xff)
}

// flipByte finds marker, once, in the file at path and sets the byte at
// offset delta from its start to b.
func flipByte(t *testing.T, path, marker string, delta int, b byte) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	at := bytes.Index(data, []byte(marker))
	if at+delta < 0 || bytes.Count(data, []byte(marker)) != 1 {
		t.Fatalf("%q is in the store %d times, want once", marker, bytes.Count(data, []byte(marker)))
	}
	data[at+delta] = b
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestDamagedStoreCommands: the real binary on a truncated, an empty and a
// flipped-byte store answers with a message that says the store is damaged
// and what to do, and exit 1: never a panic (exit 2 and a goroutine dump),
// never a fresh store, never a copy of the damage reported as a backup.
func TestDamagedStoreCommands(t *testing.T) {
	configPath, storePath := fetchedStore(t)
	// A compacted file holds each record once (no stale copies in freed
	// pages), so the flipped byte is the live record's.
	if code, _, errOut := runCLI(t, "compact", "-config", configPath); code != exitOK {
		t.Fatal(errOut)
	}
	good, err := os.ReadFile(storePath)
	if err != nil {
		t.Fatal(err)
	}
	runBinary := func(t *testing.T, args ...string) (int, string, string) {
		t.Helper()
		p := startBinary(t, t.TempDir(), childEnv(t), args...)
		code, _ := p.exitWithin(t, 30*time.Second)
		return code, p.stdout.String(), p.stderr.String()
	}
	wantDamaged := func(t *testing.T, code int, stderr string) {
		t.Helper()
		if code != exitFailure || !strings.Contains(stderr, "store "+storePath+" is damaged") ||
			!strings.Contains(stderr, "feedcurator verify") || strings.Contains(stderr, "goroutine ") {
			t.Errorf("exit %d, stderr:\n%s", code, stderr)
		}
	}
	for name, damage := range map[string]func(){
		"truncated": func() { os.WriteFile(storePath, good[:len(good)/2], 0o600) },
		"empty":     func() { os.WriteFile(storePath, nil, 0o600) },
	} {
		t.Run(name, func(t *testing.T) {
			damage()
			listen := "127.0.0.1:0"
			cfg := writeFile(t, t.TempDir(), "run.yaml", strings.Replace(mustRead(t, configPath), "# a test config\n", "# a test config\nlisten: "+listen+"\n", 1))
			for _, args := range [][]string{
				{"run", "-config", cfg}, {"fetch", "-config", configPath}, {"export", "-config", configPath, "-topic", "korea", "-format", "atom"},
				{"compact", "-config", configPath}, {"backup", "-config", configPath, filepath.Join(t.TempDir(), "copy.db")},
				{"verify", "-config", configPath},
			} {
				code, _, stderr := runBinary(t, args...)
				wantDamaged(t, code, stderr)
			}
			if fi, _ := os.Stat(storePath); name == "empty" && fi.Size() != 0 {
				t.Errorf("the empty store became a new one of %d bytes", fi.Size())
			}
		})
	}

	t.Run("flipped item", func(t *testing.T) {
		os.WriteFile(storePath, good, 0o600)
		flipTitleLength(t, storePath, titleMissile)
		code, stdout, stderr := runBinary(t, "verify", "-config", configPath)
		wantDamaged(t, code, stderr)
		if !strings.Contains(stdout, "items: 4, 1 damaged") || !strings.Contains(stdout, "seoul/") {
			t.Errorf("verify's report does not say what is damaged:\n%s", stdout)
		}
		out := filepath.Join(t.TempDir(), "copy.db")
		code, _, stderr = runBinary(t, "backup", "-config", configPath, out)
		wantDamaged(t, code, stderr)
		if _, err := os.Stat(out); err == nil {
			t.Error("a refused backup left a file")
		}
		code, _, stderr = runBinary(t, "compact", "-config", configPath)
		wantDamaged(t, code, stderr)
		if !strings.Contains(stdout, "verify -repair") {
			t.Errorf("verify does not say how to drop damaged records:\n%s", stdout)
		}
		// The feed itself goes on without the damaged item.
		code, stdout, stderr = runBinary(t, "export", "-config", configPath, "-topic", "korea", "-format", "atom")
		if code != exitOK {
			t.Fatalf("export: exit %d\n%s", code, stderr)
		}
		if _, titles := parseFeed(t, stdout); !sameSet(titles, []string{titleMarkets}) {
			t.Errorf("export of the damaged store holds %q, want the undamaged item", titles)
		}
	})

	t.Run("repair", func(t *testing.T) {
		os.WriteFile(storePath, good, 0o600)
		flipTitleLength(t, storePath, titleMissile)
		code, stdout, stderr := runBinary(t, "verify", "-repair", "-config", configPath)
		if code != exitOK || !strings.Contains(stdout, "dropped 1 damaged records") {
			t.Fatalf("verify -repair: exit %d\n%s%s", code, stdout, stderr)
		}
		if code, stdout, stderr := runBinary(t, "verify", "-config", configPath); code != exitOK || !strings.Contains(stdout, "items: 3, 0 damaged") {
			t.Errorf("verify after the repair: exit %d\n%s%s", code, stdout, stderr)
		}
		out := filepath.Join(t.TempDir(), "copy.db")
		if code, _, stderr := runBinary(t, "backup", "-config", configPath, out); code != exitOK {
			t.Errorf("backup after the repair: exit %d\n%s", code, stderr)
		}
	})

	t.Run("flipped item, daemon running", func(t *testing.T) {
		os.WriteFile(storePath, good, 0o600)
		flipTitleLength(t, storePath, titleMissile)
		listen := freeLoopbackAddr(t)
		base := "http://" + listen
		cfg := writeFile(t, t.TempDir(), "run.yaml", strings.Replace(mustRead(t, configPath), "# a test config\n", "# a test config\nlisten: "+listen+"\n", 1))
		daemon := startBinary(t, t.TempDir(), childEnv(t), "run", "-config", cfg)
		waitHealthy(t, daemon, base)
		status, body := fetchURL(base + "/feeds/korea.atom")
		if _, titles := parseFeed(t, body); status != http.StatusOK || !sameSet(titles, []string{titleMarkets}) {
			t.Errorf("korea.atom = %d with %q, want 200 with the undamaged item", status, titles)
		}
		if status, body := fetchURL(base + "/healthz"); status != http.StatusServiceUnavailable || !strings.Contains(body, "damaged") {
			t.Errorf("/healthz = %d %s", status, body)
		}
		code, _, stderr := runBinary(t, "verify", "-config", cfg)
		wantDamaged(t, code, stderr)
		code, _, stderr = runBinary(t, "backup", "-config", cfg, filepath.Join(t.TempDir(), "copy.db"))
		wantDamaged(t, code, stderr)
	})

	t.Run("flipped source state", func(t *testing.T) {
		os.WriteFile(storePath, good, 0o600)
		flipByte(t, storePath, `{"id":"seoul"`, 0, 'x') // no longer JSON
		listen := freeLoopbackAddr(t)
		cfg := writeFile(t, t.TempDir(), "run.yaml", strings.Replace(mustRead(t, configPath), "# a test config\n", "# a test config\nlisten: "+listen+"\n", 1))
		daemon := startBinary(t, t.TempDir(), childEnv(t), "run", "-config", cfg)
		waitHealthy(t, daemon, "http://"+listen)
		waitFor(t, 10*time.Second, "the log to say the source state is damaged", func() (bool, string) {
			errOut := daemon.stderr.String()
			return strings.Contains(errOut, "store record damaged") && strings.Contains(errOut, "bucket=sources"), errOut
		})
	})
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
