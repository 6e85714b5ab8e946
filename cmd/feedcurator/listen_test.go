package main

import (
	"bytes"
	"net"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// servingRE finds the address the announcement says the daemon serves at.
var servingRE = regexp.MustCompile(`feedcurator: serving (http://127\.0\.0\.1:(\d+))/ `)

// waitServing waits for p to announce where it serves and returns that base URL.
func waitServing(t *testing.T, p *process) string {
	t.Helper()
	var m []string
	waitFor(t, 15*time.Second, "the announcement", func() (bool, string) {
		m = servingRE.FindStringSubmatch(p.stdout.String())
		return m != nil, p.stdout.String() + p.stderr.String()
	})
	if m[2] == "0" {
		t.Fatalf("announced port 0:\n%s", p.stdout)
	}
	return m[1]
}

// selfLink is the rel="self" link of the Atom feed at url.
func selfLink(t *testing.T, url string) string {
	t.Helper()
	status, body := fetchURL(url)
	if status != 200 {
		t.Fatalf("%s: %d %s", url, status, body)
	}
	feed, _ := parseFeed(t, body)
	return feed.FeedLink
}

// TestListenPortZero: demo and run -listen 127.0.0.1:0 serve on a free port
// and name that port, not 0, in the announcement and in self links, also
// after a reload.
func TestListenPortZero(t *testing.T) {
	t.Parallel()
	t.Run("demo", func(t *testing.T) {
		t.Parallel()
		demo := startBinary(t, t.TempDir(), childEnv(t), "demo", "-listen", "127.0.0.1:0")
		base := waitServing(t, demo)
		waitHealthy(t, demo, base)
		if got := selfLink(t, base+"/feeds/korea.atom"); got != base+"/feeds/korea.atom" {
			t.Errorf("self link %q, want %s/feeds/korea.atom", got, base)
		}
	})
	t.Run("run", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		farm := newFeedFarm(t)
		configPath := writeFile(t, dir, "config.yaml", configYAML("", filepath.Join(dir, "data"),
			[]source{{"seoul", farm.URL + "/seoul.rss"}}, koreaTopic))
		daemon := startBinary(t, dir, childEnv(t), "run", "-config", configPath, "-listen", "127.0.0.1:0")
		base := waitServing(t, daemon)
		waitHealthy(t, daemon, base)
		if got := selfLink(t, base+"/feeds/korea.atom"); got != base+"/feeds/korea.atom" {
			t.Errorf("self link %q, want %s/feeds/korea.atom", got, base)
		}
		// A reload (here adding a topic) keeps the address served on.
		writeFile(t, dir, "config.yaml", configYAML("", filepath.Join(dir, "data"),
			[]source{{"seoul", farm.URL + "/seoul.rss"}}, koreaTopic, chinaTopic))
		daemon.signal(t, syscall.SIGHUP)
		waitFor(t, 10*time.Second, "the reloaded config's china feed", func() (bool, string) {
			status, body := fetchURL(base + "/feeds/china.atom")
			return status == 200, body
		})
		if got := selfLink(t, base+"/feeds/china.atom"); got != base+"/feeds/china.atom" {
			t.Errorf("self link after reload %q, want %s/feeds/china.atom", got, base)
		}
		if strings.Contains(daemon.stderr.String(), "take effect on restart") {
			t.Errorf("a reload of an unchanged listen warned about it:\n%s", daemon.stderr)
		}
	})
}

// TestDemoListenerBusy: when the default address is taken, demo serves on a
// free port and says so; when an address it was given is taken, it says to
// choose another with -listen (it takes no config to edit).
func TestDemoListenerBusy(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	addr := busy.Addr().String()

	var out bytes.Buffer
	ln, err := demoListener(addr, false, &out)
	if err != nil {
		t.Fatalf("default address taken: %v", err)
	}
	defer ln.Close()
	if ln.Addr().String() == addr || !strings.Contains(out.String(), ln.Addr().String()) || !strings.Contains(out.String(), "demo -listen ADDR") {
		t.Errorf("serves on %s, said %q; want another port, named", ln.Addr(), out.String())
	}

	_, err = demoListener(addr, true, &out)
	if err == nil || !strings.Contains(err.Error(), "demo -listen ADDR") || strings.Contains(err.Error(), "config") {
		t.Errorf("given address taken: %v; want advice to use demo -listen ADDR, not a config", err)
	}
}
