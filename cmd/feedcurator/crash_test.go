package main

// The crash test holds the daemon to CONTRACT.md "Storage": a kill -9 at
// any moment loses nothing that had been committed and never leaves a file
// that fails to open. It kills the real binary at random moments of an
// ingest, over and over, and inspects the store after every kill.

import (
	"bytes"
	"fmt"
	"html"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
)

// Size of the crash test: the farm's feeds, the items each starts with, how
// many feeds gain an item before each run (so that every restart has new
// items to commit, not only 304s), and the number of kill -9 rounds.
const (
	crashFeeds       = 300
	crashFirstItems  = 20
	crashGrowPerRun  = 30
	crashRounds      = 24
	crashMaxKillWait = 400 * time.Millisecond
)

// crashSeedEnv replays a run's kill schedule (the seed is logged); the
// moments still vary with the machine's timing.
const crashSeedEnv = "FEEDCURATOR_CRASH_SEED"

// crashTopic selects the farm items that mention Korea (see mentionsKorea).
const crashTopic = `  - id: korea
    title: Korea
    any: ["Korea*"]
`

// crashPoll re-polls every source about once a second, so that a run keeps
// fetching and committing after its first pass; 1s is as low as the
// scheduler goes. All feeds are on one IP, hence per_host above concurrency.
const crashPoll = `poll:
  interval: 1s
  min_interval: 1s
  concurrency: 16
  per_host: 64
  timeout: 10s
log:
  level: warn
`

func TestCrashSafetyKill9(t *testing.T) {
	seed := time.Now().UnixNano()
	if s := os.Getenv(crashSeedEnv); s != "" {
		var err error
		if seed, err = strconv.ParseInt(s, 10, 64); err != nil {
			t.Fatalf("$%s=%q: %v", crashSeedEnv, s, err)
		}
	}
	t.Logf("seed %d (replay with %s=%d)", seed, crashSeedEnv, seed)
	rng := rand.New(rand.NewSource(seed))

	farm := newCrashFarm(t, crashFeeds, crashFirstItems)
	dir := t.TempDir()
	dataDir := filepath.Join(dir, "data")
	storePath := filepath.Join(dataDir, storeFile)
	// Each run listens on an address picked just before it starts, so that
	// no other listener takes the port while the daemon is down.
	var configPath, listen string
	configure := func() {
		listen = freeLoopbackAddr(t)
		configPath = writeFile(t, dir, "config.yaml", configYAML(listen, dataDir, farm.sources(), crashTopic)+crashPoll)
	}
	configure()
	if _, err := config.Load(configPath); err != nil {
		t.Fatalf("the crash test's config: %v", err)
	}
	env := childEnv(t)
	start := time.Now()

	var prev crashSnapshot
	committing := 0 // rounds whose run committed new items before its kill
	for round := range crashRounds {
		if round > 0 {
			farm.grow(rng, crashGrowPerRun)
		}
		served := farm.requests.Load()
		configure()
		p := startBinary(t, dir, env, "run", "-config", configPath)
		how := waitForKillMoment(t, p, farm, rng)
		killHard(t, p)
		snap := inspectCrashedStore(t, fmt.Sprintf("after kill %d", round), storePath, farm)
		if lost := missingKeys(prev.keys, snap.keys); len(lost) > 0 {
			t.Fatalf("round %d: %d committed items are gone after the kill, e.g. %q", round, len(lost), lost[:min(len(lost), 5)])
		}
		t.Logf("round %2d: killed %-28s farm served %4d, store holds %5d items (+%4d), %4d in korea, %3d sources with an ETag",
			round, how, farm.requests.Load()-served, len(snap.keys), len(snap.keys)-len(prev.keys), snap.korea, snap.withETag)
		if t.Failed() {
			t.FailNow() // later rounds would repeat what is broken
		}
		if len(snap.keys) > len(prev.keys) {
			committing++
		}
		prev = snap
	}
	killed := time.Since(start)
	// Half the kills wait for the farm to answer requests, so most rounds
	// die with commits around them; a test whose kills all land before the
	// first poll would prove nothing.
	if committing < crashRounds/4 {
		t.Errorf("only %d of %d runs committed new items before their kill; the kills come too early to test anything", committing, crashRounds)
	}

	// The last run: no more kills; let it fetch every feed as the farm
	// serves it now, then stop it the polite way.
	farm.grow(rng, crashGrowPerRun)
	farm.startFinalPass()
	configure()
	p := startBinary(t, dir, env, "run", "-config", configPath)
	base := "http://" + listen
	waitHealthy(t, p, base)
	waitFor(t, 30*time.Second, "every feed to be fetched in the last run and every source to be healthy", func() (bool, string) {
		if n := farm.unservedInFinalPass(); n > 0 {
			return false, fmt.Sprintf("%d feeds not fetched yet", n)
		}
		var got []apiSource
		if ok, why := getJSON(base+"/api/sources", &got); !ok {
			return false, why
		}
		for _, s := range got {
			if (s.LastStatus != http.StatusOK && s.LastStatus != http.StatusNotModified) || s.LastError != "" {
				return false, fmt.Sprintf("%+v", s)
			}
		}
		return len(got) == crashFeeds, fmt.Sprintf("%d sources listed", len(got))
	})
	p.signal(t, syscall.SIGTERM)
	if code, took := p.exitWithin(t, 15*time.Second); code != exitOK {
		t.Fatalf("SIGTERM: exit %d after %v, want 0\nstderr:\n%s", code, took, p.stderr)
	}
	final := inspectCrashedStore(t, "after the last run", storePath, farm)
	want := farm.expected()
	if extra, missing := missingKeys(final.keys, want), missingKeys(want, final.keys); len(extra)+len(missing) > 0 {
		t.Fatalf("after the last run the store holds %d items, want the farm's %d: %d missing (e.g. %q), %d not served (e.g. %q)",
			len(final.keys), len(want), len(missing), missing[:min(len(missing), 5)], len(extra), extra[:min(len(extra), 5)])
	}
	if final.korea != farm.koreaCount() {
		t.Errorf("topic korea holds %d items, want the farm's %d that mention Korea", final.korea, farm.koreaCount())
	}
	if final.withETag != crashFeeds || final.staleETags != 0 {
		t.Errorf("%d of %d sources have an ETag, %d of them not the farm's current one; want all current", final.withETag, crashFeeds, final.staleETags)
	}
	if errs := strings.Count(p.stderr.String(), "level=ERROR"); errs > 0 {
		t.Errorf("the last run logged %d errors:\n%s", errs, p.stderr)
	}
	t.Logf("%d kill -9 rounds (%d of them with new items committed) in %v, last run and checks in %v; farm answered %d × 200, %d × 304; %d items, %d in korea",
		crashRounds, committing, killed.Round(time.Millisecond), (time.Since(start) - killed).Round(time.Millisecond),
		farm.fresh.Load(), farm.notModified.Load(), len(final.keys), final.korea)
}

// waitForKillMoment picks the moment of the kill: a random time after the
// start, or right after the farm has answered a random number of requests
// (the daemon then parses and commits what it got). It returns how it chose.
func waitForKillMoment(t *testing.T, p *process, farm *crashFarm, rng *rand.Rand) string {
	t.Helper()
	var afterTime <-chan time.Time
	var afterRequests <-chan struct{}
	var how string
	if rng.Intn(2) == 0 {
		d := time.Duration(rng.Int63n(int64(crashMaxKillWait)))
		how = fmt.Sprintf("%v after start", d.Round(time.Millisecond))
		afterTime = time.After(d)
	} else {
		k := 1 + rng.Int63n(crashFeeds)
		how = fmt.Sprintf("after %d farm requests", k)
		afterRequests = farm.afterRequests(k)
	}
	select {
	case <-afterTime:
	case <-afterRequests:
	case <-p.done:
		t.Fatalf("the daemon exited by itself before the kill (%s): %v\nstderr:\n%s", how, p.waitErr, p.stderr)
	case <-time.After(15 * time.Second):
		t.Fatalf("no kill moment within 15s (%s)\nstderr:\n%s", how, p.stderr)
	}
	return how
}

// killHard sends SIGKILL and waits for the process to die of it.
func killHard(t *testing.T, p *process) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		<-p.done
		t.Fatalf("the daemon exited before the kill: %v\nstderr:\n%s", p.waitErr, p.stderr)
	}
	p.exitWithin(t, 5*time.Second)
	ws, ok := p.cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("the daemon exited by itself, not by the kill: %v\nstderr:\n%s", p.waitErr, p.stderr)
	}
	if errs := strings.Count(p.stderr.String(), "level=ERROR"); errs > 0 {
		t.Errorf("the daemon logged %d errors before the kill:\n%s", errs, p.stderr)
	}
}

// crashSnapshot is what a store held after a kill.
type crashSnapshot struct {
	keys       map[string]bool // source id + "\x00" + item id
	korea      int             // items in topic korea
	withETag   int             // sources whose state carries an ETag
	staleETags int             // of those, ETags of an older version of the feed
}

// inspectCrashedStore opens the store as the next run would and checks it:
// bbolt's consistency check passes; every item is stored once and is one the
// farm served; the per-source counts and the korea topic index agree with
// the items; and no source's ETag vouches for items that are not stored
// (an ETag committed before its items would lose them for good).
func inspectCrashedStore(t *testing.T, when, path string, farm *crashFarm) crashSnapshot {
	t.Helper()
	errorf := func(format string, args ...any) {
		t.Helper()
		t.Errorf(when+": "+format, args...)
	}
	s, err := db.Open(path, db.Options{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("%s: the store does not open: %v", when, err)
	}
	defer s.Close()
	if err := s.Check(); err != nil {
		t.Fatalf("%s: the store fails bbolt's consistency check: %v", when, err)
	}
	snap := crashSnapshot{keys: map[string]bool{}}
	perSource := map[string]int{}
	koreaStored := 0
	if err := s.AllItems(func(it *db.Item) bool {
		k := it.Key()
		switch {
		case snap.keys[k]:
			errorf("item %q is listed twice", k)
		case !farm.served(k):
			errorf("item %q is not one the farm served", k)
		}
		snap.keys[k] = true
		perSource[it.SourceID]++
		if farm.mentionsKorea(k) {
			koreaStored++
		}
		return true
	}); err != nil {
		t.Fatal(err)
	}
	counts, err := s.ItemCounts()
	if err != nil {
		t.Fatal(err)
	}
	for id, n := range counts {
		if n != perSource[id] {
			errorf("source %s: the per-source index counts %d items, the store holds %d", id, n, perSource[id])
		}
	}
	inTopic := map[string]bool{}
	if err := s.TopicItems("korea", func(it *db.Item, _ db.Membership) bool {
		k := it.Key()
		switch {
		case inTopic[k]:
			errorf("topic korea lists %q twice", k)
		case !farm.mentionsKorea(k):
			errorf("topic korea lists %q, which does not mention Korea", k)
		case !snap.keys[k]:
			errorf("topic korea lists %q, which is not among the stored items", k)
		}
		inTopic[k] = true
		return true
	}); err != nil {
		t.Fatal(err)
	}
	snap.korea = len(inTopic)
	if n, _, err := s.TopicCount("korea"); err != nil || n != snap.korea || snap.korea != koreaStored {
		errorf("topic korea: index counts %d (%v), iteration gives %d, stored items that mention Korea %d; want all equal", n, err, snap.korea, koreaStored)
	}
	states, err := s.Sources()
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range states {
		if st.ETag == "" {
			continue
		}
		snap.withETag++
		vouched, current, ok := farm.itemsOfETag(st.ID, st.ETag)
		if !ok {
			errorf("source %s: ETag %s is not one the farm sent", st.ID, st.ETag)
			continue
		}
		if !current {
			snap.staleETags++
		}
		if lost := missingKeys(vouched, snap.keys); len(lost) > 0 {
			errorf("source %s: ETag %s is stored but %d of its items are not, e.g. %q", st.ID, st.ETag, len(lost), lost[0])
		}
	}
	return snap
}

// missingKeys lists the keys of want that got lacks, sorted.
func missingKeys(want, got map[string]bool) []string {
	var out []string
	for k := range want {
		if !got[k] {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// crashFarm serves crashFeeds feeds on loopback, RSS and Atom alternating,
// with deterministic items that only ever grow: feed i at version n lists
// items 0..n-1, newest first, under the ETag "crash-i-n", so every item it
// ever served is still in its feed.
type crashFarm struct {
	*httptest.Server
	requests, fresh, notModified atomic.Int64

	// catalog maps the store key of every item the farm serves now (so of
	// every item it ever served) to its feed and number; only the test's
	// goroutine touches it, while no daemon runs.
	catalog map[string]crashRef

	mu      sync.Mutex
	counts  []int  // items per feed now
	final   bool   // the last run's pass has started
	unfetch []bool // feeds not yet fetched in the last pass
	trigger *requestTrigger
}

// crashRef names item j of feed i.
type crashRef struct{ i, j int }

// requestTrigger is closed once the farm has answered at requests.
type requestTrigger struct {
	at   int64
	done chan struct{}
}

// crashEpoch dates the farm's items, well in the past.
var crashEpoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

func newCrashFarm(t *testing.T, feeds, items int) *crashFarm {
	t.Helper()
	f := &crashFarm{counts: make([]int, feeds), catalog: map[string]crashRef{}}
	for i := range f.counts {
		for range items {
			f.addItem(i)
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /feed/{i}", f.serveFeed)
	f.Server = httptest.NewServer(mux)
	t.Cleanup(f.Close)
	return f
}

func (f *crashFarm) serveFeed(w http.ResponseWriter, r *http.Request) {
	defer f.answered()
	i, err := strconv.Atoi(r.PathValue("i"))
	f.mu.Lock()
	if err != nil || i < 0 || i >= len(f.counts) {
		f.mu.Unlock()
		http.NotFound(w, r)
		return
	}
	n := f.counts[i]
	if f.final {
		f.unfetch[i] = false
	}
	f.mu.Unlock()
	etag := crashETag(i, n)
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		f.notModified.Add(1)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	f.fresh.Add(1)
	if i%2 == 0 {
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	} else {
		w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	}
	w.Write(f.render(i, n))
}

// answered counts a request and fires the trigger it completes.
func (f *crashFarm) answered() {
	n := f.requests.Add(1)
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.trigger != nil && n >= f.trigger.at {
		close(f.trigger.done)
		f.trigger = nil
	}
}

// afterRequests returns a channel closed once k more requests are answered.
func (f *crashFarm) afterRequests(k int64) <-chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.trigger = &requestTrigger{at: f.requests.Load() + k, done: make(chan struct{})}
	return f.trigger.done
}

// grow adds one item to k random feeds.
func (f *crashFarm) grow(rng *rand.Rand, k int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, i := range rng.Perm(len(f.counts))[:k] {
		f.addItem(i)
	}
}

// addItem adds the next item to feed i; the caller holds mu or owns f.
func (f *crashFarm) addItem(i int) {
	f.catalog[crashKey(i, f.counts[i])] = crashRef{i, f.counts[i]}
	f.counts[i]++
}

// startFinalPass starts recording which feeds the last run has fetched.
func (f *crashFarm) startFinalPass() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.final = true
	f.unfetch = slices.Repeat([]bool{true}, len(f.counts))
}

func (f *crashFarm) unservedInFinalPass() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, u := range f.unfetch {
		if u {
			n++
		}
	}
	return n
}

func (f *crashFarm) sources() []source {
	out := make([]source, len(f.counts))
	for i := range out {
		out[i] = source{crashSourceID(i), fmt.Sprintf("%s/feed/%d", f.URL, i)}
	}
	return out
}

// expected is every item the farm serves now, which is every item it ever
// served, as store keys.
func (f *crashFarm) expected() map[string]bool {
	out := make(map[string]bool, len(f.catalog))
	for k := range f.catalog {
		out[k] = true
	}
	return out
}

func (f *crashFarm) koreaCount() int {
	n := 0
	for k := range f.catalog {
		if f.mentionsKorea(k) {
			n++
		}
	}
	return n
}

// served reports whether the store key k is an item the farm has served.
func (f *crashFarm) served(k string) bool {
	_, ok := f.catalog[k]
	return ok
}

func (f *crashFarm) mentionsKorea(k string) bool {
	ref, ok := f.catalog[k]
	return ok && (koreaInTitle(ref.i, ref.j) || koreaInSummary(ref.i, ref.j))
}

// itemsOfETag returns the store keys of the items that the feed of source
// id listed under etag, and whether etag is the feed's current one.
func (f *crashFarm) itemsOfETag(id, etag string) (keys map[string]bool, current, ok bool) {
	var i, n int
	if _, err := fmt.Sscanf(etag, `"crash-%d-%d"`, &i, &n); err != nil || i < 0 || i >= len(f.counts) || crashSourceID(i) != id {
		return nil, false, false
	}
	f.mu.Lock()
	now := f.counts[i]
	f.mu.Unlock()
	if n < 0 || n > now {
		return nil, false, false
	}
	keys = map[string]bool{}
	for j := range n {
		keys[crashKey(i, j)] = true
	}
	return keys, n == now, true
}

// render writes feed i at version n: RSS for even i, Atom for odd.
func (f *crashFarm) render(i, n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	if i%2 == 0 {
		fmt.Fprintf(&b, "<rss version=\"2.0\"><channel><title>Crash feed %d</title><link>%s/site/%d</link><description>feed %d</description>\n", i, f.URL, i, i)
		for j := n - 1; j >= 0; j-- {
			fmt.Fprintf(&b, "<item><title>%s</title><link>%s</link><guid isPermaLink=\"false\">%s</guid><pubDate>%s</pubDate><description><![CDATA[%s]]></description></item>\n",
				crashTitle(i, j), f.storyURL(i, j), crashItemID(i, j), crashPublished(i, j).Format(time.RFC1123Z), crashSummary(i, j))
		}
		b.WriteString("</channel></rss>\n")
		return b.Bytes()
	}
	updated := crashPublished(i, n-1).Format(time.RFC3339)
	fmt.Fprintf(&b, "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Crash feed %d</title><id>urn:crash:feed:%d</id><updated>%s</updated><link href=\"%s/site/%d\"/>\n", i, i, updated, f.URL, i)
	for j := n - 1; j >= 0; j-- {
		at := crashPublished(i, j).Format(time.RFC3339)
		fmt.Fprintf(&b, "<entry><title>%s</title><id>%s</id><link href=\"%s\"/><published>%s</published><updated>%s</updated><summary type=\"html\">%s</summary></entry>\n",
			crashTitle(i, j), crashItemID(i, j), f.storyURL(i, j), at, at, html.EscapeString(crashSummary(i, j)))
	}
	b.WriteString("</feed>\n")
	return b.Bytes()
}

func (f *crashFarm) storyURL(i, j int) string { return fmt.Sprintf("%s/story/%d/%d", f.URL, i, j) }

func crashSourceID(i int) string { return fmt.Sprintf("f%03d", i) }

func crashETag(i, n int) string { return fmt.Sprintf(`"crash-%d-%d"`, i, n) }

// crashItemID is item j's guid (RSS) or id (Atom, which wants an IRI);
// the fetcher keeps either as the item's ID.
func crashItemID(i, j int) string {
	if i%2 == 0 {
		return fmt.Sprintf("crash-%d-%d", i, j)
	}
	return fmt.Sprintf("urn:crash:%d:%d", i, j)
}

func crashKey(i, j int) string { return crashSourceID(i) + "\x00" + crashItemID(i, j) }

// About one item in nine names Korea in its title, one in nine says
// "Korean" in its summary; the rest mention nothing the topic knows.
func koreaInTitle(i, j int) bool   { return (i+j)%9 == 0 }
func koreaInSummary(i, j int) bool { return (i+j)%9 == 4 }

func crashTitle(i, j int) string {
	if koreaInTitle(i, j) {
		return fmt.Sprintf("Talks on Korea resume, story %d of feed %d", j, i)
	}
	return fmt.Sprintf("Story %d of feed %d", j, i)
}

func crashSummary(i, j int) string {
	if koreaInSummary(i, j) {
		return fmt.Sprintf("<p>A <em>Korean</em> delegation arrives (story %d).</p>", j)
	}
	return fmt.Sprintf("<p>Nothing of note in story <b>%d</b>.</p>", j)
}

func crashPublished(i, j int) time.Time {
	return crashEpoch.Add(time.Duration(i*1000+j) * time.Minute)
}
