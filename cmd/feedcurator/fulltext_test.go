package main

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/internal/articlefarm"
	"github.com/feedcurator/feedcurator/internal/pgtest"
)

// fullTextConfig is a config whose one source is the farm's thin feed with
// full_text on, and whose topic looks for North Korea.
func fullTextConfig(t *testing.T, farm *articlefarm.Farm, dataDir string) string {
	t.Helper()
	return fmt.Sprintf(`listen: 127.0.0.1:0
base_url: http://feeds.test
data_dir: %q
sources:
  - id: wire
    url: %s/thin.rss
    full_text: true
topics:
  - id: korea
    title: Korea
    any: ["Pyongyang", "북한"]
`, dataDir, farm.URL)
}

// fullTextDaemon wires the real daemon on cfgYAML, polls once and waits for
// the articles; stop ends its full-text stage and closes the store.
func fullTextDaemon(t *testing.T, cfgYAML string) (d *daemonState, base string, stop func()) {
	t.Helper()
	cfg, err := config.Parse("fulltext.yaml", []byte(cfgYAML))
	if err != nil {
		t.Fatal(err)
	}
	d, err = newDaemon(cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { d.fullText.Run(ctx); close(done) }()
	srv := httptest.NewServer(d.server.Handler())
	stop = func() { srv.Close(); cancel(); <-done; d.close() }
	wait, cancelWait := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancelWait()
	for _, r := range d.sched.PollAll(wait) {
		if r.Err != nil {
			t.Errorf("poll %s: %v", r.Source, r.Err)
		}
	}
	if err := d.fullText.WaitIdle(wait); err != nil {
		t.Fatal(err)
	}
	return d, srv.URL, stop
}

// TestFullTextEndToEnd: a topic selects the thin feed's stories for words
// in their articles (one of them a EUC-KR page), not for the same word in
// the site's navigation; the feeds carry the articles and the teaser as
// summary; the topic page, /api/sources and /metrics say what happened;
// and no page is fetched twice, across polls and a restart.
func TestFullTextEndToEnd(t *testing.T) {
	farm := articlefarm.Start()
	defer farm.Close()
	fullTextEndToEnd(t, farm, fullTextConfig(t, farm, t.TempDir()))
}

// TestFullTextEndToEndOnPostgres is TestFullTextEndToEnd with the store on
// PostgreSQL (database_url), restart included.
func TestFullTextEndToEndOnPostgres(t *testing.T) {
	url := pgtest.FreshURL(t)
	farm := articlefarm.Start()
	defer farm.Close()
	fullTextEndToEnd(t, farm, fullTextConfig(t, farm, t.TempDir())+fmt.Sprintf("database_url: %q\n", url))
}

func fullTextEndToEnd(t *testing.T, farm *articlefarm.Farm, cfgYAML string) {
	_, base, stop := fullTextDaemon(t, cfgYAML)
	defer func() { stop() }()

	links := feedLinks(t, base+"/feeds/korea.atom")
	want := []string{farm.URL + articlefarm.TradeStory, farm.URL + articlefarm.KoreanStory}
	if !sameSet(links, want) {
		t.Errorf("korea feed links %v, want %v (not the story whose page names Pyongyang in its navigation only)", links, want)
	}
	atom := string(get(t, base+"/feeds/korea.atom"))
	if !strings.Contains(atom, articlefarm.TradeSentence) || !strings.Contains(atom, articlefarm.KoreanSentence) {
		t.Errorf("the Atom feed lacks the articles:\n%s", atom)
	}
	if !strings.Contains(atom, articlefarm.Teaser) {
		t.Errorf("the Atom feed lost the teaser")
	}
	if strings.Contains(atom, articlefarm.NavWord) {
		t.Errorf("the site's navigation reached the feed")
	}
	if js := string(get(t, base+"/feeds/korea.json")); !strings.Contains(js, articlefarm.TradeSentence) {
		t.Errorf("the JSON feed lacks the article")
	}
	if page := string(get(t, base+"/topics/korea")); !strings.Contains(page, "content (article)") {
		t.Errorf("/topics/korea does not say the match came from the article")
	}

	var sources []struct {
		ID             string `json:"id"`
		FullText       bool   `json:"full_text"`
		FullTextOK     int    `json:"full_text_ok"`
		FullTextFailed int    `json:"full_text_failed"`
	}
	if ok, why := getJSON(base+"/api/sources", &sources); !ok {
		t.Fatal(why)
	}
	if len(sources) != 1 || !sources[0].FullText || sources[0].FullTextOK != 3 || sources[0].FullTextFailed != 2 {
		t.Errorf("/api/sources: %+v", sources)
	}
	metrics := string(get(t, base+"/metrics"))
	for _, line := range []string{`feedcurator_fulltext_total{outcome="ok"} 3`, `feedcurator_fulltext_total{outcome="not_found"} 1`, `feedcurator_fulltext_total{outcome="robots"} 1`} {
		if !strings.Contains(metrics, line) {
			t.Errorf("/metrics lacks %s", line)
		}
	}

	stop()
	_, _, stop = fullTextDaemon(t, cfgYAML) // a restart, and its first poll
	for _, p := range []string{articlefarm.TradeStory, articlefarm.NavOnly, articlefarm.KoreanStory, articlefarm.Missing} {
		if n := farm.Hits(p); n != 1 {
			t.Errorf("%s fetched %d times across a restart, want 1", p, n)
		}
	}
	if n := farm.Hits(articlefarm.Disallowed); n != 0 {
		t.Errorf("a page robots.txt disallows was fetched %d times", n)
	}
}

// TestFetchAndMatchReadTheArticle: `fetch` stores the articles before it
// exits, a second fetch asks for none again, and `match` says the match
// came from the article.
func TestFetchAndMatchReadTheArticle(t *testing.T) {
	farm := articlefarm.Start()
	defer farm.Close()
	dir := t.TempDir()
	path := writeFile(t, dir, "config.yaml", fullTextConfig(t, farm, filepath.Join(dir, "data")))
	for range 2 {
		if code, out, errOut := runCLI(t, "fetch", "-config", path); code != exitOK {
			t.Fatalf("fetch: exit %d\n%s%s", code, out, errOut)
		}
	}
	if n := farm.Hits(articlefarm.TradeStory); n != 1 {
		t.Errorf("two fetches asked for the article %d times", n)
	}
	code, out, errOut := runCLI(t, "match", "-config", path, "-topic", "korea")
	if code != exitOK {
		t.Fatalf("match: exit %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, `matched "Pyongyang" in content (article)`) || !strings.Contains(out, `in content (article): "북한`) {
		t.Errorf("match output:\n%s", out)
	}
}
