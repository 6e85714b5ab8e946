package main

import (
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/config"
)

var subscriptionsOPML = filepath.Join("testdata", "subscriptions.opml")

// The feeds of testdata/subscriptions.opml.
var (
	opmlSeoul   = "https://seoul.feedcurator.invalid/rss"
	opmlTokyo   = "https://tokyo.feedcurator.invalid/atom"
	opmlBeijing = "https://beijing.feedcurator.invalid/feed.json"
)

// TestOPMLImportPrints: the printed block, as it stands, is a config's
// sources: list that config.Parse accepts, one source per OPML feed.
func TestOPMLImportPrints(t *testing.T) {
	code, out, errOut := runCLI(t, "opml", "import", subscriptionsOPML)
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	if !strings.HasPrefix(out, "sources:\n") {
		t.Errorf("stdout does not start with a sources: block:\n%s", out)
	}
	cfg, err := config.Parse("imported.yaml", []byte(out+"topics:\n"+koreaTopic))
	if err != nil {
		t.Fatalf("the printed block does not load: %v\n%s", err, out)
	}
	if got := sourceURLs(cfg); !slices.Equal(got, []string{opmlSeoul, opmlTokyo, opmlBeijing}) {
		t.Errorf("sources %q, want the three feeds of the OPML file", got)
	}
	if code, _, errOut := runCLI(t, "opml", "import", filepath.Join(t.TempDir(), "none.opml")); code != exitUsage || errOut == "" {
		t.Errorf("a missing OPML file: exit %d, stderr %q; want %d and a message", code, errOut, exitUsage)
	}
	notOPML := writeFile(t, t.TempDir(), "feed.opml", "<rss><channel/></rss>")
	if code, _, errOut := runCLI(t, "opml", "import", notOPML); code != exitUsage || errOut == "" {
		t.Errorf("a file that is not OPML: exit %d, stderr %q; want %d and a message", code, errOut, exitUsage)
	}
}

// TestOPMLImportWrite: -write appends only the sources the config lacks to
// its sources: list, wherever that list is, keeps every other line and every
// comment, and leaves a config that loads.
func TestOPMLImportWrite(t *testing.T) {
	tests := []struct {
		name, config string
		wantAdded    int
		wantIDs      []string
		wantVerbatim string // a run of lines the write must keep together
	}{
		{"sources before topics", `# feedcurator config for the tests
data_dir: ./data   # where the store lives
sources:
  # already subscribed
  - id: seoul
    url: https://seoul.feedcurator.invalid/rss   # same URL as the OPML's
    title: Seoul

# the topics follow
topics:
  - id: korea
    any: ["Korea*"]   # every Korea story
`, 2, []string{"seoul", "tokyo-desk", "beijing-desk"}, "    title: \"Beijing Desk\"\n\n# the topics follow\ntopics:\n"},
		{"sources last, deeper indent, no final newline", `topics:
    - id: korea
      any: ["Korea*"]
sources:
    - id: seoul-desk
      url: https://seoul.feedcurator.invalid/rss
    # more to come
data_dir: ./data`, 2, []string{"seoul-desk", "tokyo-desk", "beijing-desk"}, "    # more to come\n    - id: tokyo-desk\n"},
		{"empty flow list with a comment", `data_dir: ./data
sources: []   # none yet
topics:
  - id: korea
    any: ["Korea*"]
`, 3, []string{"seoul-desk", "tokyo-desk", "beijing-desk"}, ""},
		{"no sources key", `# only topics so far
data_dir: ./data
topics:
  - id: korea
    any: ["Korea*"]
`, 3, []string{"seoul-desk", "tokyo-desk", "beijing-desk"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, t.TempDir(), "config.yaml", tt.config)
			if _, err := config.Load(path); err != nil {
				t.Fatalf("the test's own config does not load: %v", err)
			}
			code, out, errOut := runCLI(t, "opml", "import", "-config", path, "-write", subscriptionsOPML)
			if code != exitOK {
				t.Fatalf("exit %d, stderr:\n%s", code, errOut)
			}
			if want := fmt.Sprintf("added %d sources to %s\n", tt.wantAdded, path); out != want {
				t.Errorf("stdout %q, want %q", out, want)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			written := string(b)
			cfg, err := config.Load(path)
			if err != nil {
				t.Fatalf("the written config does not load: %v\n%s", err, written)
			}
			var ids []string
			for _, s := range cfg.Sources {
				ids = append(ids, s.ID)
			}
			if !slices.Equal(ids, tt.wantIDs) {
				t.Errorf("sources %q, want %q\n%s", ids, tt.wantIDs, written)
			}
			if len(cfg.Topics) != 1 || cfg.DataDir == "" {
				t.Errorf("the topics or data_dir were lost:\n%s", written)
			}
			for _, line := range strings.Split(tt.config, "\n") {
				if i := strings.Index(line, "#"); i >= 0 && !strings.Contains(written, line[i:]) {
					t.Errorf("the comment %q was lost:\n%s", line[i:], written)
				}
			}
			if line, ok := keptInOrder(tt.config, written); !ok {
				t.Errorf("the line %q was lost or moved:\n%s", line, written)
			}
			if !strings.Contains(written, tt.wantVerbatim) {
				t.Errorf("the written config lacks %q:\n%s", tt.wantVerbatim, written)
			}

			// Importing again finds nothing new and leaves the file alone.
			code, out, _ = runCLI(t, "opml", "import", "-config", path, "-write", subscriptionsOPML)
			if code != exitOK || !strings.Contains(out, "already has every source") {
				t.Errorf("second import: exit %d, stdout %q", code, out)
			}
			if again, _ := os.ReadFile(path); string(again) != written {
				t.Errorf("the second import changed the file:\n%s", again)
			}
		})
	}

	t.Run("through a symlink, keeping the mode", func(t *testing.T) {
		dir := t.TempDir()
		target := filepath.Join(dir, "target.yaml")
		if err := os.WriteFile(target, []byte(configYAML("", "./data", []source{{"seoul", opmlSeoul}}, koreaTopic)), 0o644); err != nil {
			t.Fatal(err)
		}
		link := filepath.Join(dir, "config.yaml")
		if err := os.Symlink(target, link); err != nil {
			t.Skipf("no symlinks here: %v", err)
		}
		if code, _, errOut := runCLI(t, "opml", "import", "-config", link, "-write", subscriptionsOPML); code != exitOK {
			t.Fatalf("exit %d, stderr:\n%s", code, errOut)
		}
		if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
			t.Errorf("the symlink was replaced by a file (%v)", err)
		}
		if info, err := os.Stat(target); err != nil || info.Mode().Perm() != 0o644 {
			t.Errorf("the config's mode changed to %v (%v), want 0644", info.Mode().Perm(), err)
		}
		if cfg, err := config.Load(target); err != nil || len(cfg.Sources) != 3 {
			t.Errorf("the link's target was not updated: %v", err)
		}
	})

	t.Run("a result that would not load is not written", func(t *testing.T) {
		// A flow-style list is not something a line edit can extend.
		original := "data_dir: ./data\nsources: [{id: seoul, url: \"" + opmlSeoul + "\"}]\n"
		path := writeFile(t, t.TempDir(), "config.yaml", original)
		if _, err := config.Load(path); err != nil {
			t.Fatalf("the test's own config does not load: %v", err)
		}
		code, _, errOut := runCLI(t, "opml", "import", "-config", path, "-write", subscriptionsOPML)
		if code != exitUsage || !strings.Contains(errOut, "left unchanged") {
			t.Errorf("exit %d, stderr %q; want %d and a note that the file was left unchanged", code, errOut, exitUsage)
		}
		if b, _ := os.ReadFile(path); string(b) != original {
			t.Errorf("the config changed:\n%s", b)
		}
	})

	t.Run("no config file", func(t *testing.T) {
		opml := mustAbs(t, subscriptionsOPML)
		t.Chdir(t.TempDir())
		t.Setenv(config.EnvVar, "")
		code, _, errOut := runCLI(t, "opml", "import", "-write", opml)
		if code != exitUsage || !strings.Contains(errOut, "-write needs a config file") {
			t.Errorf("exit %d, stderr %q; want %d and -write needs a config file", code, errOut, exitUsage)
		}
	})
}

// TestOPMLExport: export prints OPML 2.0 with one outline per configured
// source, whether or not a store exists yet.
func TestOPMLExport(t *testing.T) {
	dir := t.TempDir()
	sources := []source{
		{"seoul", "https://seoul.feedcurator.invalid/rss"},
		{"world", "https://world.feedcurator.invalid/atom"},
		{"xinhua", "https://xinhua.feedcurator.invalid/feed.json"},
	}
	path := writeFile(t, dir, "config.yaml", configYAML("", filepath.Join(dir, "data"), sources, koreaTopic))
	code, out, errOut := runCLI(t, "opml", "export", "-config", path)
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	var doc struct {
		XMLName  xml.Name `xml:"opml"`
		Version  string   `xml:"version,attr"`
		Outlines []struct {
			Type   string `xml:"type,attr"`
			Text   string `xml:"text,attr"`
			XMLURL string `xml:"xmlUrl,attr"`
		} `xml:"body>outline"`
	}
	if err := xml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, out)
	}
	if doc.Version != "2.0" {
		t.Errorf("opml version %q, want 2.0", doc.Version)
	}
	var urls []string
	for _, o := range doc.Outlines {
		urls = append(urls, o.XMLURL)
		if o.Type != "rss" || o.Text == "" {
			t.Errorf("outline %+v: want type rss and a text", o)
		}
	}
	want := []string{sources[0].url, sources[1].url, sources[2].url}
	if !sameSet(urls, want) {
		t.Errorf("outline URLs %q, want %q", urls, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "data")); !os.IsNotExist(err) {
		t.Errorf("export created the data_dir, or failed to look (%v): it must only read", err)
	}

	// What export prints, import reads back.
	opmlFile := writeFile(t, dir, "exported.opml", out)
	code, out, errOut = runCLI(t, "opml", "import", opmlFile)
	if code != exitOK {
		t.Fatalf("import of the export: exit %d, stderr:\n%s", code, errOut)
	}
	cfg, err := config.Parse("roundtrip.yaml", []byte(out))
	if err != nil {
		t.Fatalf("re-import does not load: %v\n%s", err, out)
	}
	if got := sourceURLs(cfg); !sameSet(got, want) {
		t.Errorf("re-imported sources %q, want %q", got, want)
	}
}

// keptInOrder reports whether every line of before, but the sources: line
// that the write may rewrite, is in after in the same order; if not, it
// returns the first line missing.
func keptInOrder(before, after string) (missing string, ok bool) {
	rest := strings.Split(after, "\n")
	for _, line := range strings.Split(before, "\n") {
		if strings.HasPrefix(line, "sources:") {
			continue
		}
		i := slices.Index(rest, line)
		if i < 0 {
			return line, false
		}
		rest = rest[i+1:]
	}
	return "", true
}

func sourceURLs(cfg *config.Config) []string {
	var urls []string
	for _, s := range cfg.Sources {
		urls = append(urls, s.URL)
	}
	return urls
}

func mustAbs(t *testing.T, path string) string {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// TestOPMLImportReports: without -write, a feed the config already has is
// not printed as new but named on stderr as configured, and every outline
// that cannot be used is named on stderr with why.
func TestOPMLImportReports(t *testing.T) {
	dir := t.TempDir()
	configPath := writeFile(t, dir, "config.yaml", configYAML("", filepath.Join(dir, "data"),
		[]source{{"seoul-desk", opmlSeoul}}, koreaTopic))
	doc, err := os.ReadFile(subscriptionsOPML)
	if err != nil {
		t.Fatal(err)
	}
	opml := writeFile(t, dir, "subs.opml", strings.Replace(string(doc), "</body>",
		`<outline type="rss" text="Bad" xmlUrl="ftp://files.feedcurator.invalid/feed"/></body>`, 1))

	code, out, errOut := runCLI(t, "opml", "import", opml, "-config", configPath)
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	cfg, err := config.Parse("imported.yaml", []byte(out))
	if err != nil {
		t.Fatalf("the printed block does not load: %v\n%s", err, out)
	}
	if got := sourceURLs(cfg); !slices.Equal(got, []string{opmlTokyo, opmlBeijing}) {
		t.Errorf("printed sources %q, want only the two the config lacks", got)
	}
	for _, want := range []string{
		`"Seoul Desk" (` + opmlSeoul + `) is already configured, as source seoul-desk`,
		`skipped "Bad": xmlUrl "ftp://files.feedcurator.invalid/feed" is not an http or https URL`,
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

// runningDaemon starts the daemon on testdata/seoul.rss and waits until it
// has stored the feed; it returns the config's path and the daemon's URL.
func runningDaemon(t *testing.T) (configPath, base string) {
	t.Helper()
	farm := newFeedFarm(t)
	dir := t.TempDir()
	listen := freeLoopbackAddr(t)
	configPath = writeFile(t, dir, "config.yaml", configYAML(listen, filepath.Join(dir, "data"),
		[]source{{"seoul", farm.URL + "/seoul.rss"}}, koreaTopic))
	daemon := startBinary(t, dir, childEnv(t), "run", "-config", configPath)
	base = "http://" + listen
	waitHealthy(t, daemon, base)
	waitFor(t, 15*time.Second, "GET /opml to hold the feed's title", func() (bool, string) {
		_, body := fetchURL(base + "/opml")
		return strings.Contains(body, `text="Seoul Desk (test)"`), body
	})
	return configPath, base
}

// TestOPMLExportWhileDaemonRuns: while the daemon holds the store, opml
// export still names each source by its feed's own title, as GET /opml does,
// not by its id.
func TestOPMLExportWhileDaemonRuns(t *testing.T) {
	t.Parallel()
	configPath, _ := runningDaemon(t)
	code, out, errOut := runCLI(t, "opml", "export", "-config", configPath)
	if code != exitOK || !strings.Contains(out, `text="Seoul Desk (test)"`) {
		t.Errorf("exit %d, stderr %q; want the feed's title in:\n%s", code, errOut, out)
	}
}
