package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/feedcurator/feedcurator/db"
)

// TestFetch: one poll of a good source, a 404 and a feed that is not XML
// exits 0, stores the good items once and records each failure for
// /api/sources; a second fetch adds nothing.
func TestFetch(t *testing.T) {
	farm := newFeedFarm(t)
	dir := t.TempDir()
	dataDir := filepath.Join(dir, "data")
	configPath := writeFile(t, dir, "config.yaml", configYAML("", dataDir, []source{
		{"seoul", farm.URL + "/seoul.rss"},
		{"missing", farm.URL + "/missing.rss"},
		{"broken", farm.URL + "/broken.rss"},
	}, koreaTopic))

	code, out, errOut := runCLI(t, "fetch", "-config", configPath)
	if code != exitOK {
		t.Fatalf("fetch: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	if want := "fetched 3 sources: 4 new items, 2 failed\n"; out != want {
		t.Errorf("stdout %q, want %q", out, want)
	}
	for _, id := range []string{"missing", "broken"} {
		if !strings.Contains(errOut, id) {
			t.Errorf("the log does not mention the failed source %s:\n%s", id, errOut)
		}
	}
	if code, out, _ := runCLI(t, "fetch", "-config", configPath); code != exitOK || !strings.Contains(out, ": 0 new items, 2 failed") {
		t.Errorf("second fetch: exit %d, stdout %q; want 0 new items, 2 failed", code, out)
	}

	store := openStoreFile(t, filepath.Join(dataDir, storeFile))
	if titles := storedTitles(t, store); !sameSet(titles, []string{titleMissile, titleMarkets, titleKpop, titleWeather}) {
		t.Errorf("stored items %q, want the four of seoul.rss", titles)
	}
	var korea []string
	if err := store.TopicItems("korea", func(it *db.Item, _ db.Membership) bool {
		korea = append(korea, it.Title)
		return true
	}); err != nil {
		t.Fatal(err)
	}
	if !sameSet(korea, []string{titleMissile, titleMarkets}) {
		t.Errorf("topic korea holds %q, want the missile and markets stories", korea)
	}

	tests := []struct {
		id         string
		wantStatus int
		wantFailed bool   // LastError must be set, else empty
		errorHas   string // a substring LastError must hold
	}{
		{"seoul", 200, false, ""},
		{"missing", 404, true, "404"},
		{"broken", 200, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			st, ok, err := store.Source(tt.id)
			if err != nil || !ok {
				t.Fatalf("source %s not stored (%v)", tt.id, err)
			}
			if st.LastFetch.IsZero() {
				t.Error("LastFetch is zero after a fetch")
			}
			if st.LastStatus != tt.wantStatus {
				t.Errorf("LastStatus %d, want %d", st.LastStatus, tt.wantStatus)
			}
			switch {
			case !tt.wantFailed && st.LastError != "":
				t.Errorf("LastError %q after a success", st.LastError)
			case tt.wantFailed && st.LastError == "":
				t.Error("LastError is empty after a failure")
			case !strings.Contains(st.LastError, tt.errorHas):
				t.Errorf("LastError %q lacks %q", st.LastError, tt.errorHas)
			}
		})
	}
}

// TestExport: after a fetch, export writes each format of a topic feed to
// stdout; an unknown topic or format is a usage error.
func TestExport(t *testing.T) {
	configPath, _ := fetchedStore(t)
	tests := []struct {
		format, topic string
		wantType      string // gofeed's FeedType
		want          []string
	}{
		{"atom", "korea", "atom", []string{titleMissile, titleMarkets}},
		{"rss", "korea", "rss", []string{titleMissile, titleMarkets}},
		{"json", "korea", "json", []string{titleMissile, titleMarkets}},
		{"atom", "all", "atom", []string{titleMissile, titleMarkets, titleKpop, titleWeather}},
	}
	for _, tt := range tests {
		t.Run(tt.topic+"."+tt.format, func(t *testing.T) {
			code, out, errOut := runCLI(t, "export", "-config", configPath, "-topic", tt.topic, "-format", tt.format)
			if code != exitOK {
				t.Fatalf("exit %d, stderr:\n%s", code, errOut)
			}
			feed, titles := parseFeed(t, out)
			if feed.FeedType != tt.wantType {
				t.Errorf("feed type %q, want %q", feed.FeedType, tt.wantType)
			}
			if !sameSet(titles, tt.want) {
				t.Errorf("items %q, want %q", titles, tt.want)
			}
		})
	}

	mistakes := []struct {
		name       string
		args       []string
		wantStderr string
	}{
		{"unknown topic", []string{"-topic", "mars", "-format", "atom"}, `no topic "mars"`},
		{"bad format", []string{"-topic", "korea", "-format", "pdf"}, `-format "pdf"`},
	}
	for _, tt := range mistakes {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, append([]string{"export", "-config", configPath}, tt.args...)...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if out != "" {
				t.Errorf("stdout %q, want nothing", out)
			}
			if !strings.Contains(errOut, tt.wantStderr) {
				t.Errorf("stderr %q lacks %q", errOut, tt.wantStderr)
			}
		})
	}
}
