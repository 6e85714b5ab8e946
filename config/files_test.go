package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDefaultIsValidAndCoversKoreaAndChina(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "")
	c := Default()
	if c.Path != "" || c.DataDir != "./data" {
		t.Errorf("Path = %q, DataDir = %q; want \"\" and ./data", c.Path, c.DataDir)
	}
	if n := len(c.Sources); n < 6 || n > 10 {
		t.Errorf("%d sources, want 6–10", n)
	}
	for _, s := range c.Sources {
		if !strings.HasPrefix(s.URL, "https://") || s.Title == "" {
			t.Errorf("source %s: url %q, title %q; want https and a title", s.ID, s.URL, s.Title)
		}
	}
	for _, id := range []string{"korea", "china"} {
		tp, ok := c.Topic(id)
		if !ok {
			t.Fatalf("no topic %q", id)
		}
		kinds := map[TermKind]bool{}
		scripts := map[string]bool{}
		for _, term := range tp.Any {
			kinds[term.Kind] = true
			for _, r := range term.Text {
				switch {
				case r >= 'A' && r <= 'z':
					scripts["latin"] = true
				case r >= 0xAC00 && r <= 0xD7A3:
					scripts["hangul"] = true
				case r >= 0x4E00 && r <= 0x9FFF:
					scripts["han"] = true
				}
			}
		}
		if !kinds[TermWord] || !kinds[TermRegion] || len(scripts) != 3 {
			t.Errorf("topic %s: term kinds %v, scripts %v; want words and regions in Latin, Hangul and Han", id, kinds, scripts)
		}
	}
}

func TestDefaultDataDirFollowsXDG(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_DATA_HOME", dir)
	if got, want := Default().DataDir, filepath.Join(dir, "feedcurator"); got != want {
		t.Errorf("DataDir = %q, want %q", got, want)
	}
	t.Setenv("XDG_DATA_HOME", "relative/dir") // not absolute: ignored, as the XDG spec says
	if got := Default().DataDir; got != "./data" {
		t.Errorf("DataDir with a relative XDG_DATA_HOME = %q, want ./data", got)
	}
}

func TestExampleConfigParses(t *testing.T) {
	c, err := Load(filepath.Join("..", "config.example.yaml"))
	if err != nil {
		t.Fatalf("config.example.yaml: %v", err)
	}
	if c.Log.Format != "text" || c.Log.Level != "info" || c.Poll.MaxBody != 16<<20 {
		t.Errorf("log %+v, max_body %d", c.Log, c.Poll.MaxBody)
	}
	kinds := map[TermKind]bool{}
	hangul, regionKP := false, false
	for _, tp := range c.Topics {
		for _, list := range [][]Term{tp.Any, tp.All, tp.None} {
			for _, term := range list {
				kinds[term.Kind] = true
				hangul = hangul || strings.ContainsRune(term.Text, '한')
				regionKP = regionKP || (term.Kind == TermRegion && term.Text == "KP")
			}
		}
	}
	if len(kinds) != 4 || !hangul || !regionKP {
		t.Errorf("example term kinds %v, Hangul %v, region:KP %v; want every kind, a Hangul term and region:KP", kinds, hangul, regionKP)
	}
}

func TestSharedFixtureTopicsParse(t *testing.T) {
	path := filepath.Join("..", "..", "shared", "fixtures", "topics.yaml")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("shared fixture not available: %v", err)
	}
	c, err := Load(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(c.Sources) != 0 || len(c.Topics) == 0 {
		t.Errorf("%d sources, %d topics; want topics only", len(c.Sources), len(c.Topics))
	}
	if c.Path != path {
		t.Errorf("Path = %q, want %q", c.Path, path)
	}
}

func TestLoad(t *testing.T) {
	c, err := Load(filepath.Join("testdata", "minimal.yaml"))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if c.Path != filepath.Join("testdata", "minimal.yaml") || len(c.Sources) != 1 {
		t.Errorf("Path %q, sources %v", c.Path, c.Sources)
	}

	bad := filepath.Join("testdata", "broken.yaml")
	_, err = Load(bad)
	errs := Errors(err)
	if len(errs) != 2 || errs[0].File != bad || errs[0].Line != 4 || errs[1].Line != 7 {
		t.Errorf("Load(%s) = %v; want two errors naming the file, at lines 4 and 7", bad, err)
	}

	_, err = Load(filepath.Join(t.TempDir(), "absent.yaml"))
	if !errors.Is(err, fs.ErrNotExist) || !strings.HasPrefix(err.Error(), "config: ") {
		t.Errorf("Load(absent) error = %v, want a config: error wrapping fs.ErrNotExist", err)
	}
}
