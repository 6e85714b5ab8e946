package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/internal/admin"
)

// TestCommandsAskTheRunningDaemon: while a daemon (the real binary) holds
// the store, backup, export, match and fetch (each the real binary too) get
// what they need over the admin socket beside the store. The commands' own
// config listens somewhere the daemon does not, as when listen is an
// address the CLI cannot reach: nothing goes through the HTTP listener.
func TestCommandsAskTheRunningDaemon(t *testing.T) {
	t.Parallel()
	farm := newFeedFarm(t)
	dir := t.TempDir()
	listen := freeLoopbackAddr(t)
	base := "http://" + listen
	dataDir := filepath.Join(dir, "data")
	sources := []source{{"seoul", farm.URL + "/seoul.rss"}, {"world", farm.URL + "/world.atom"}}
	writeFile(t, dir, "daemon.yaml", configYAML(listen, dataDir, sources, koreaTopic))
	cliConfig := writeFile(t, dir, "cli.yaml", configYAML("127.0.0.1:1", dataDir, sources, koreaTopic))
	env := childEnv(t)
	daemon := startBinary(t, dir, env, "run", "-config", "daemon.yaml")
	waitHealthy(t, daemon, base)
	korea := []string{titleFactory, titleMissile, titleMarkets}
	waitFor(t, 15*time.Second, "korea.atom to fill", func() (bool, string) {
		titles, ok, why := feedTitles(t, base+"/feeds/korea.atom")
		return ok && sameSet(titles, korea), why
	})

	socket := admin.SocketPath(dataDir)
	if fi, err := os.Stat(socket); err != nil || fi.Mode()&os.ModeSocket == 0 || fi.Mode().Perm() != 0o600 {
		t.Fatalf("admin socket %s: %v %v, want a socket with mode 0600", socket, fi, err)
	}
	cli := func(args ...string) (stdout, stderr string) {
		t.Helper()
		p := startBinary(t, dir, env, args...)
		if code, _ := p.exitWithin(t, 30*time.Second); code != exitOK {
			t.Fatalf("%s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, p.stdout, p.stderr)
		}
		return p.stdout.String(), p.stderr.String()
	}

	t.Run("backup", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "copy.db")
		cli("backup", "-config", cliConfig, out)
		backup := openStoreFile(t, out)
		if err := backup.Check(); err != nil {
			t.Errorf("the copy fails Check: %v", err)
		}
		if titles := storedTitles(t, backup); len(titles) != 7 {
			t.Errorf("the copy holds %d items, want 7", len(titles))
		}
		if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("backup file: %v %v, want mode 0600", fi, err)
		}
	})
	t.Run("export", func(t *testing.T) {
		out, _ := cli("export", "-config", cliConfig, "-topic", "korea", "-format", "rss")
		if _, titles := parseFeed(t, out); !sameSet(titles, korea) {
			t.Errorf("exported %q, want %q", titles, korea)
		}
	})
	t.Run("match", func(t *testing.T) {
		out, _ := cli("match", "-config", cliConfig, "-topic", "korea")
		for _, title := range korea {
			if !strings.Contains(out, "+ ") || !strings.Contains(out, title) {
				t.Errorf("match output lacks %q:\n%s", title, out)
			}
		}
		if !strings.Contains(out, "3 of 7 items selected") {
			t.Errorf("match did not see the 7 stored items:\n%s", out)
		}
	})
	t.Run("fetch polls now and waits", func(t *testing.T) {
		before := farm.requests.Load()
		out, _ := cli("fetch", "-config", cliConfig)
		if !strings.Contains(out, "fetched 2 sources (by the running daemon)") {
			t.Errorf("fetch output %q", out)
		}
		if n := farm.requests.Load() - before; n < 2 {
			t.Errorf("fetch returned after %d requests to the sources, want both polled", n)
		}
		before = farm.requests.Load()
		out, _ = cli("fetch", "-config", cliConfig, "-source", "world")
		if !strings.Contains(out, "fetched 1 sources") || farm.requests.Load()-before < 1 {
			t.Errorf("fetch -source world: %q, %d requests", out, farm.requests.Load()-before)
		}
	})
}

// The log redacts what pages redact: poll errors quote the URLs they failed on.
func TestLogRedactsSecrets(t *testing.T) {
	cfg := config.Default()
	cfg.Access.Token = "log-token-6612"
	var buf bytes.Buffer
	log := newLogger(cfg, &buf)
	log.Warn("poll failed", "source", "s", "url", "https://u:pw-4417@h.test/f?api_key=K-9921",
		"error", errors.New(`Get "https://h.test/f?token=T-3318": refused; sent log-token-6612`))
	out := buf.String()
	for _, secret := range []string{"pw-4417", "K-9921", "T-3318", "log-token-6612"} {
		if strings.Contains(out, secret) {
			t.Errorf("the log shows %q:\n%s", secret, out)
		}
	}
	if !strings.Contains(out, "h.test/f?token=REDACTED") {
		t.Errorf("the log lost the redacted URL:\n%s", out)
	}
}

// fetch -source polls only the named source, with or without a daemon; an
// unknown one is a usage error.
func TestFetchOneSource(t *testing.T) {
	farm := newFeedFarm(t)
	dir := t.TempDir()
	configPath := writeFile(t, dir, "config.yaml", configYAML("", filepath.Join(dir, "data"), []source{
		{"seoul", farm.URL + "/seoul.rss"}, {"world", farm.URL + "/world.atom"},
	}, koreaTopic))
	code, out, errOut := runCLI(t, "fetch", "-config", configPath, "-source", "world")
	if want := "fetched 1 sources: 3 new items, 0 failed\n"; code != exitOK || out != want {
		t.Errorf("fetch -source world: exit %d, stdout %q, want %q\n%s", code, out, want, errOut)
	}
	if n := farm.requests.Load(); n != 1 {
		t.Errorf("%d requests to the sources, want 1", n)
	}
	if code, _, errOut := runCLI(t, "fetch", "-config", configPath, "-source", "nope"); code != exitUsage || !strings.Contains(errOut, `"nope"`) {
		t.Errorf("fetch -source nope: exit %d, stderr %q", code, errOut)
	}
}
