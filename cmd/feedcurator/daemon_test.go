package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/config"
)

// apiSource is one entry of GET /api/sources.
type apiSource struct {
	ID         string  `json:"id"`
	URL        string  `json:"url"`
	LastFetch  *string `json:"last_fetch"`
	LastStatus int     `json:"last_status"`
	LastError  string  `json:"last_error"`
	Items      int     `json:"items"`
}

// apiStatus is the part of GET /api/status the tests read.
type apiStatus struct {
	ConfigPath      string `json:"config_path"`
	LastReloadError string `json:"last_reload_error"`
	Topics          []struct {
		ID    string `json:"id"`
		Items int    `json:"items"`
	} `json:"topics"`
}

// getJSON GETs url into v; ok is false (with why) on any failure.
func getJSON(url string, v any) (ok bool, why string) {
	status, body := fetchURL(url)
	if status != http.StatusOK {
		return false, fmt.Sprintf("%d %s", status, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		return false, fmt.Sprintf("%v: %s", err, body)
	}
	return true, body
}

// feedTitles GETs a republished feed and returns its item titles; ok is
// false while it does not answer 200 with a feed.
func feedTitles(t *testing.T, url string) (titles []string, ok bool, why string) {
	status, body := fetchURL(url)
	if status != http.StatusOK {
		return nil, false, fmt.Sprintf("%d %s", status, body)
	}
	_, titles = parseFeed(t, body)
	return titles, true, strings.Join(titles, " | ")
}

// reloadErrors reads feedcurator_reloads_total{result="error"} from /metrics.
func reloadErrors(t *testing.T, base string) int {
	t.Helper()
	status, body := fetchURL(base + "/metrics")
	if status != http.StatusOK {
		t.Fatalf("/metrics: %d %s", status, body)
	}
	sc := bufio.NewScanner(strings.NewReader(body))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), `feedcurator_reloads_total{result="error"} `); ok {
			n, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("/metrics: %q", sc.Text())
			}
			return int(n)
		}
	}
	return 0
}

// TestDaemon runs `feedcurator run` as a process against feeds on loopback
// and drives it the way an operator does: read the feeds and the API, start
// a second daemon by mistake, back up, export, edit the config, reload a
// broken config, stop it.
func TestDaemon(t *testing.T) {
	t.Parallel()
	farm := newFeedFarm(t)
	dir := t.TempDir()
	listen := freeLoopbackAddr(t)
	base := "http://" + listen
	dataDir := filepath.Join(dir, "data")
	sources := []source{{"seoul", farm.URL + "/seoul.rss"}, {"world", farm.URL + "/world.atom"}}
	configPath := writeFile(t, dir, "config.yaml", configYAML(listen, dataDir, sources, koreaTopic))
	env := childEnv(t)
	// A relative -config: the daemon must watch it relative to its directory.
	daemon := startBinary(t, dir, env, "run", "-config", "config.yaml")
	waitHealthy(t, daemon, base)
	waitFor(t, 5*time.Second, "run to print where to subscribe", func() (bool, string) {
		out := daemon.stdout.String()
		return strings.Contains(out, base+"/feeds/korea.atom"), out
	})

	t.Run("topic feed fills", func(t *testing.T) {
		want := []string{titleFactory, titleMissile, titleMarkets}
		waitFor(t, 15*time.Second, "korea.atom to hold the Korea stories", func() (bool, string) {
			titles, ok, why := feedTitles(t, base+"/feeds/korea.atom")
			return ok && sameSet(titles, want), why
		})
	})

	t.Run("api sources", func(t *testing.T) {
		var got []apiSource
		if ok, why := getJSON(base+"/api/sources", &got); !ok {
			t.Fatal(why)
		}
		wantItems := map[string]int{"seoul": 4, "world": 3}
		if len(got) != len(wantItems) {
			t.Fatalf("/api/sources lists %d sources, want %d: %+v", len(got), len(wantItems), got)
		}
		for _, s := range got {
			if s.Items != wantItems[s.ID] || s.LastStatus != 200 || s.LastError != "" || s.LastFetch == nil || !strings.HasPrefix(s.URL, farm.URL) {
				t.Errorf("source %+v: want %d items, status 200, no error, a last fetch and its farm URL", s, wantItems[s.ID])
			}
		}
	})

	t.Run("second run fails on the lock", func(t *testing.T) {
		second := startBinary(t, dir, env, "run", "-config", "config.yaml")
		code, took := second.exitWithin(t, 15*time.Second)
		if code != exitFailure {
			t.Errorf("exit %d, want %d", code, exitFailure)
		}
		if took > 10*time.Second {
			t.Errorf("took %v to give up on the lock, want a few seconds", took)
		}
		if errOut := second.stderr.String(); !strings.Contains(errOut, "lock") {
			t.Errorf("stderr does not name the lock:\n%s", errOut)
		}
		if status, _ := fetchURL(base + "/healthz"); status != http.StatusOK {
			t.Errorf("the first daemon no longer answers /healthz: %d", status)
		}
	})

	t.Run("backup from the daemon", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "copy.db")
		code, stdout, errOut := runCLI(t, "backup", "-config", configPath, out)
		if code != exitOK {
			t.Fatalf("exit %d, stderr:\n%s", code, errOut)
		}
		if !strings.Contains(stdout, "running daemon") {
			t.Errorf("stdout %q does not say the copy came from the running daemon", stdout)
		}
		backup := openStoreFile(t, out)
		if err := backup.Check(); err != nil {
			t.Errorf("the copy fails Check: %v", err)
		}
		if titles := storedTitles(t, backup); len(titles) != 7 {
			t.Errorf("the copy holds %d items, want 7: %q", len(titles), titles)
		}
	})

	t.Run("export while the daemon runs", func(t *testing.T) {
		code, out, errOut := runCLI(t, "export", "-config", configPath, "-topic", "korea", "-format", "rss")
		if code != exitOK {
			t.Fatalf("exit %d, stderr:\n%s", code, errOut)
		}
		if _, titles := parseFeed(t, out); !sameSet(titles, []string{titleFactory, titleMissile, titleMarkets}) {
			t.Errorf("exported items %q", titles)
		}
		// Through the admin channel too, export renders what the daemon serves.
		if status, served := fetchURL(base + "/feeds/korea.rss"); status != http.StatusOK || served != out {
			t.Errorf("export differs from GET /feeds/korea.rss (%d):\nexported:\n%s\nserved:\n%s", status, out, served)
		}
	})

	t.Run("edited config applies without a re-fetch", func(t *testing.T) {
		before := farm.requests.Load()
		writeFile(t, dir, "config.yaml", configYAML(listen, dataDir, sources, koreaTopic, chinaTopic))
		waitFor(t, 10*time.Second, "the new topic's feed", func() (bool, string) {
			titles, ok, why := feedTitles(t, base+"/feeds/china.atom")
			return ok && sameSet(titles, []string{titleFair}), why
		})
		if after := farm.requests.Load(); after != before {
			t.Errorf("the sources were fetched %d times while the topic was added; want none", after-before)
		}
		var st apiStatus
		if ok, why := getJSON(base+"/api/status", &st); !ok {
			t.Fatal(why)
		}
		if len(st.Topics) != 2 || st.LastReloadError != "" || st.ConfigPath != "config.yaml" {
			t.Errorf("/api/status after the edit: %+v", st)
		}
	})

	t.Run("invalid config keeps the running one", func(t *testing.T) {
		broken := configYAML(listen, dataDir, sources, koreaTopic, chinaTopic, "  - id: japan\n    anyy: [Japan]\n")
		writeFile(t, dir, "config.yaml", broken)
		var st apiStatus
		waitFor(t, 10*time.Second, "/api/status to show the reload error", func() (bool, string) {
			ok, why := getJSON(base+"/api/status", &st)
			return ok && strings.Contains(st.LastReloadError, `unknown field "anyy"`), why
		})
		if !regexp.MustCompile(`(?m)^config\.yaml:\d+:\d+: `).MatchString(st.LastReloadError) {
			t.Errorf("the reload error does not name file:line:col: %q", st.LastReloadError)
		}

		errorsBefore := reloadErrors(t, base)
		daemon.signal(t, syscall.SIGHUP)
		waitFor(t, 10*time.Second, "SIGHUP to reload (and fail)", func() (bool, string) {
			n := reloadErrors(t, base)
			return n > errorsBefore, fmt.Sprintf("%d failed reloads, %d before SIGHUP", n, errorsBefore)
		})
		if titles, ok, why := feedTitles(t, base+"/feeds/china.atom"); !ok || !sameSet(titles, []string{titleFair}) {
			t.Errorf("china.atom after the failed reload: %s", why)
		}
		if status, _ := fetchURL(base + "/feeds/japan.atom"); status != http.StatusNotFound {
			t.Errorf("japan.atom from the rejected config answers %d, want 404", status)
		}
		if ok, why := getJSON(base+"/api/status", &st); !ok || len(st.Topics) != 2 || st.LastReloadError == "" {
			t.Errorf("/api/status after SIGHUP: %+v (%s)", st, why)
		}
	})

	t.Run("SIGTERM stops cleanly", func(t *testing.T) {
		daemon.signal(t, syscall.SIGTERM)
		code, took := daemon.exitWithin(t, 15*time.Second)
		if code != exitOK {
			t.Errorf("exit %d, want 0\nstderr:\n%s", code, daemon.stderr)
		}
		if took > 5*time.Second {
			t.Errorf("took %v to stop, want a few seconds", took)
		}
		if _, err := net.DialTimeout("tcp", listen, time.Second); err == nil {
			t.Errorf("%s still accepts connections after exit", listen)
		}
		store := openStoreFile(t, filepath.Join(dataDir, storeFile))
		if err := store.Check(); err != nil {
			t.Errorf("the store fails Check after shutdown: %v", err)
		}
		if titles := storedTitles(t, store); len(titles) != 7 {
			t.Errorf("the store holds %d items after shutdown, want 7", len(titles))
		}
	})
}

// TestRunBuiltInConfig: with no config anywhere, run starts on the built-in
// config, keeps its store under $XDG_DATA_HOME and records why its real
// sources (unreachable here: every request goes to a dead proxy) fail.
func TestRunBuiltInConfig(t *testing.T) {
	t.Parallel()
	builtIn := config.Default()
	ln, err := net.Listen("tcp", builtIn.Listen)
	if err != nil {
		t.Skipf("the built-in config listens on %s, which is taken here: %v", builtIn.Listen, err)
	}
	ln.Close()
	cwd, xdg := t.TempDir(), t.TempDir()
	daemon := startBinary(t, cwd, childEnv(t, "XDG_DATA_HOME="+xdg))
	base := "http://" + builtIn.Listen
	waitHealthy(t, daemon, base)

	var got []apiSource
	waitFor(t, 20*time.Second, "every built-in source to fail through the dead proxy", func() (bool, string) {
		if ok, why := getJSON(base+"/api/sources", &got); !ok {
			return false, why
		}
		failed := 0
		for _, s := range got {
			if s.LastError != "" && s.LastFetch != nil {
				failed++
			}
		}
		return len(got) == len(builtIn.Sources) && failed == len(got), fmt.Sprintf("%+v", got)
	})
	for i, s := range got {
		if s.ID != builtIn.Sources[i].ID {
			t.Errorf("/api/sources[%d] is %s, want %s", i, s.ID, builtIn.Sources[i].ID)
		}
	}
	// The index says what is wrong and what to try, above the raw errors.
	if status, page := fetchURL(base + "/"); status != http.StatusOK || !strings.Contains(page, "No source could be reached") || !strings.Contains(page, "feedcurator demo") {
		t.Errorf("the index of an offline daemon (%d) does not say the sources are unreachable and suggest the demo:\n%s", status, page)
	}
	info, err := os.Stat(filepath.Join(xdg, "feedcurator", storeFile))
	if err != nil {
		t.Errorf("no store under $XDG_DATA_HOME: %v", err)
	} else if info.Mode().Perm() != 0o600 {
		t.Errorf("store mode %v, want 0600", info.Mode().Perm())
	}
	if entries, _ := os.ReadDir(cwd); len(entries) != 0 {
		t.Errorf("run wrote into its working directory: %v", entries)
	}

	daemon.signal(t, syscall.SIGTERM)
	if code, _ := daemon.exitWithin(t, 15*time.Second); code != exitOK {
		t.Errorf("exit %d after SIGTERM, want 0\nstderr:\n%s", code, daemon.stderr)
	}
}

// TestDemoCommand: demo serves its bundled feeds with no network, prints
// the URLs to subscribe to, and removes its throw-away store on exit.
func TestDemoCommand(t *testing.T) {
	t.Parallel()
	listen := freeLoopbackAddr(t)
	base := "http://" + listen
	demo := startBinary(t, t.TempDir(), childEnv(t), "demo", "-listen", listen)
	waitHealthy(t, demo, base)
	var out string
	waitFor(t, 5*time.Second, "demo to print the URLs to subscribe to", func() (bool, string) {
		out = demo.stdout.String()
		return strings.Contains(out, base+"/api/sources"), out // the last line
	})
	for _, want := range []string{base + "/feeds/korea.atom", base + "/feeds/china.atom"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo did not print %s:\n%s", want, out)
		}
	}
	waitFor(t, 15*time.Second, "the demo's korea.atom to fill", func() (bool, string) {
		titles, ok, why := feedTitles(t, base+"/feeds/korea.atom")
		return ok && len(titles) > 0, why
	})

	m := regexp.MustCompile(`store in (\S+) \(removed on exit\)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("demo did not say where its store is:\n%s", out)
	}
	if _, err := os.Stat(m[1]); err != nil {
		t.Errorf("the demo's store directory: %v", err)
	}
	demo.signal(t, syscall.SIGINT)
	if code, _ := demo.exitWithin(t, 15*time.Second); code != exitOK {
		t.Errorf("exit %d after SIGINT, want 0\nstderr:\n%s", code, demo.stderr)
	}
	if _, err := os.Stat(m[1]); !os.IsNotExist(err) {
		t.Errorf("the demo's store %s outlived it (%v)", m[1], err)
	}
}
