package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/internal/pgtest"
)

// databaseConfig is a config whose store is database_url, polling sources
// every interval.
func databaseConfig(listen, dataDir, databaseURL string, interval time.Duration, sources []source) string {
	cfg := configYAML(listen, dataDir, sources, koreaTopic)
	return cfg + fmt.Sprintf("database_url: %q\npoll:\n  interval: %s\n  min_interval: %s\n", databaseURL, interval, interval)
}

func TestDatabaseUnreachableAtStart(t *testing.T) {
	dir := t.TempDir()
	// A socket directory with no PostgreSQL in it.
	url := "postgres://feeds:hunter22@/feeds?host=" + t.TempDir()
	cfg := writeFile(t, dir, "config.yaml", databaseConfig("127.0.0.1:0", filepath.Join(dir, "data"), url, time.Hour, nil))
	code, _, errOut := runCLI(t, "run", "-config", cfg)
	if code != exitFailure {
		t.Errorf("exit %d, want %d", code, exitFailure)
	}
	if !strings.Contains(errOut, "does not answer") || !strings.Contains(errOut, "database_url") {
		t.Errorf("stderr does not say the database does not answer:\n%s", errOut)
	}
	if strings.Contains(errOut, "hunter22") {
		t.Errorf("stderr shows the database password:\n%s", errOut)
	}
}

func TestFileCommandsWithDatabase(t *testing.T) {
	dir := t.TempDir()
	// No database is needed: these commands answer before connecting.
	cfg := writeFile(t, dir, "config.yaml", databaseConfig("", filepath.Join(dir, "data"), "postgres://feeds:hunter22@db.invalid/feeds", time.Hour, nil))
	for _, args := range [][]string{{"backup", "-config", cfg, filepath.Join(dir, "copy.db")}, {"backup", "-config", cfg, "-"}} {
		code, _, errOut := runCLI(t, args...)
		if code != exitUsage || !strings.Contains(errOut, "pg_dump") || strings.Contains(errOut, "hunter22") {
			t.Errorf("%v: exit %d, want %d with pg_dump advice and no password:\n%s", args, code, exitUsage, errOut)
		}
	}
	code, out, errOut := runCLI(t, "compact", "-config", cfg)
	if code != exitOK || !strings.Contains(out, "not needed") {
		t.Errorf("compact: exit %d\n%s%s", code, out, errOut)
	}
	code, _, errOut = runCLI(t, "verify", "-config", cfg)
	if code != exitUsage || !strings.Contains(errOut, "PostgreSQL") {
		t.Errorf("verify: exit %d\n%s", code, errOut)
	}
}

// koreaFarm serves n feeds at /feed/I, each with one Korea story, and
// records when each was asked for.
type koreaFarm struct {
	*httptest.Server
	mu    sync.Mutex
	times map[string][]time.Time
}

func newKoreaFarm(t *testing.T) *koreaFarm {
	f := &koreaFarm{times: map[string][]time.Time{}}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.times[r.URL.Path] = append(f.times[r.URL.Path], time.Now())
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>%[1]s</title><link>https://news.example/</link>
<item><guid>%[1]s</guid><title>Seoul story %[1]s</title><link>https://news.example%[1]s</link><pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate></item>
</channel></rss>`, r.URL.Path)
	}))
	t.Cleanup(f.Close)
	return f
}

// polledSince reports the feeds of the n not asked for since t.
func (f *koreaFarm) polledSince(n int, t time.Time) (missing []int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range n {
		times := f.times[fmt.Sprintf("/feed/%d", i)]
		if len(times) == 0 || times[len(times)-1].Before(t) {
			missing = append(missing, i)
		}
	}
	return missing
}

// TestReplicasOnPostgres runs two daemons on one database: they share the
// polling (no source polled twice within its interval), serve the same
// feed, report the database in /healthz and /metrics, and when one is
// killed with SIGKILL the other polls every source and has lost nothing.
func TestReplicasOnPostgres(t *testing.T) {
	url := pgtest.FreshURL(t)
	t.Parallel()
	farm := newKoreaFarm(t)
	const n, interval = 12, 2 * time.Second
	var sources []source
	for i := range n {
		sources = append(sources, source{fmt.Sprintf("s%02d", i), fmt.Sprintf("%s/feed/%d", farm.URL, i)})
	}
	env := childEnv(t)
	var bases []string
	var daemons []*process
	for range 2 {
		dir := t.TempDir()
		listen := freeLoopbackAddr(t)
		writeFile(t, dir, "config.yaml", databaseConfig(listen, filepath.Join(dir, "data"), url, interval, sources))
		daemons = append(daemons, startBinary(t, dir, env, "run", "-config", "config.yaml"))
		bases = append(bases, "http://"+listen)
	}
	for i, d := range daemons {
		waitHealthy(t, d, bases[i])
	}
	start := time.Now()
	waitFor(t, 15*time.Second, "every source polled", func() (bool, string) {
		missing := farm.polledSince(n, start.Add(-time.Minute))
		return len(missing) == 0, fmt.Sprint("not polled: ", missing)
	})
	var want []string
	for _, s := range sources {
		want = append(want, "Seoul story /feed/"+strings.TrimPrefix(strings.TrimPrefix(s.id, "s"), "0"))
	}
	slices.Sort(want)
	for _, base := range bases {
		waitFor(t, 10*time.Second, base+" serving every source's story", func() (bool, string) {
			titles, ok, why := feedTitles(t, base+"/feeds/korea.atom")
			slices.Sort(titles)
			return ok && slices.Equal(titles, want), fmt.Sprint(why, titles)
		})
		if status, body := fetchURL(base + "/metrics"); status != http.StatusOK || !strings.Contains(body, "feedcurator_store_up 1") {
			t.Errorf("%s/metrics: %d, want feedcurator_store_up 1", base, status)
		}
	}

	// SIGKILL: the survivor takes over every source once the dead one's
	// leases (at most an interval) expire.
	daemons[0].cmd.Process.Kill()
	<-daemons[0].done
	killed := time.Now()
	waitFor(t, 15*time.Second, "the survivor polling every source", func() (bool, string) {
		missing := farm.polledSince(n, killed.Add(interval))
		return len(missing) == 0, fmt.Sprint("not polled since the kill: ", missing)
	})
	titles, ok, why := feedTitles(t, bases[1]+"/feeds/korea.atom")
	slices.Sort(titles)
	if !ok || !slices.Equal(titles, want) {
		t.Errorf("after the kill the survivor serves %v (%s), want %v", titles, why, want)
	}
	farm.mu.Lock()
	defer farm.mu.Unlock()
	for path, times := range farm.times {
		for k := 1; k < len(times); k++ {
			// A poll cut short by the kill leaves its lease to expire:
			// the next may come as soon as the lease's time after it.
			if gap := times[k].Sub(times[k-1]); gap < interval-200*time.Millisecond {
				t.Errorf("%s polled twice within %v (%v apart)", path, interval, gap)
			}
		}
	}
}
