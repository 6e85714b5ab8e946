package main

import (
	"bytes"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/fetcher"
)

// TestPollRoundsSummary: the first summary comes once every source has been
// polled; later ones sum the polls since the last; no polls, no line.
func TestPollRoundsSummary(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}}))
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	p := newPollRounds(log, []config.Source{{ID: "a"}, {ID: "b"}, {ID: "c"}}, clock)

	p.add(fetcher.Result{Source: "a", Status: 200, Added: 4})
	p.add(fetcher.Result{Source: "b", Status: 304})
	p.flush() // the minute tick before the first round is done: a summary so far
	now = now.Add(2 * time.Second)
	p.add(fetcher.Result{Source: "c", Err: errors.New("dial tcp: no such host")})
	now = now.Add(time.Minute)
	p.flush() // nothing since
	p.add(fetcher.Result{Source: "a", Status: 200, Added: 1})
	p.flush()

	want := `level=INFO msg="poll round" polled=2 new_items=4 not_modified=1 failed=0 gone=0 period=0s
level=WARN msg="first poll round done" polled=1 new_items=0 not_modified=0 failed=1 gone=0 period=2s
level=INFO msg="poll round" polled=1 new_items=1 not_modified=0 failed=0 gone=0 period=1m0s
`
	if buf.String() != want {
		t.Errorf("log:\n%s\nwant:\n%s", buf.String(), want)
	}
}

// TestDaemonLogsPollRounds: at the default level (info) a running daemon
// logs its first round of polls and each failure.
func TestDaemonLogsPollRounds(t *testing.T) {
	t.Parallel()
	farm := newFeedFarm(t)
	dir := t.TempDir()
	listen := freeLoopbackAddr(t)
	configPath := writeFile(t, dir, "config.yaml", configYAML(listen, filepath.Join(dir, "data"), []source{
		{"seoul", farm.URL + "/seoul.rss"}, {"world", farm.URL + "/world.atom"}, {"missing", farm.URL + "/missing.rss"},
	}, koreaTopic))
	daemon := startBinary(t, dir, childEnv(t), "run", "-config", configPath)
	waitHealthy(t, daemon, "http://"+listen)
	waitFor(t, 15*time.Second, "the first round's summary", func() (bool, string) {
		return strings.Contains(daemon.stderr.String(), `msg="first poll round done" polled=3 new_items=7 not_modified=0 failed=1`), daemon.stderr.String()
	})
	if log := daemon.stderr.String(); !strings.Contains(log, `msg="poll failed" source=missing status=404`) {
		t.Errorf("the failure is not logged:\n%s", log)
	}
}
