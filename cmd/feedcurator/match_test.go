package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// matchSeoul is what `match -topic korea testdata/seoul.rss` prints: each
// selected item with every term that matched and the field it matched in.
const matchSeoul = `+ 2025-03-03 North Korea test-fires a missile over the sea [file]
    https://seoul.feedcurator.invalid/2025/03/03/missile
    score 5.00
    matched "Korea*" in title: "Korea"
    matched "Pyongyang" in summary: "Pyongyang"
+ 2025-03-02 Markets open higher [file]
    https://seoul.feedcurator.invalid/2025/03/02/markets
    score 2.00
    matched "Seoul" in summary: "Seoul"
2 of 4 items selected by topic korea
`

// matchSeoulVerbose adds the rejected items and why: the none term that
// vetoed one, no any term for the other.
const matchSeoulVerbose = `+ 2025-03-03 North Korea test-fires a missile over the sea [file]
    https://seoul.feedcurator.invalid/2025/03/03/missile
    score 5.00
    matched "Korea*" in title: "Korea"
    matched "Pyongyang" in summary: "Pyongyang"
+ 2025-03-02 Markets open higher [file]
    https://seoul.feedcurator.invalid/2025/03/02/markets
    score 2.00
    matched "Seoul" in summary: "Seoul"
- 2025-03-01 K-pop group tops the charts in Korea [file]
    https://seoul.feedcurator.invalid/2025/03/01/charts
    vetoed by none term "K-pop" in title: "K-pop"
- 2025-02-28 Rain expected in Paris [file]
    https://seoul.feedcurator.invalid/2025/02/28/weather
    no any term matched
2 of 4 items selected by topic korea
`

// TestMatchFile: match on a feed file or URL explains each selection.
func TestMatchFile(t *testing.T) {
	farm := newFeedFarm(t)
	dir := t.TempDir()
	configPath := writeFile(t, dir, "config.yaml", configYAML("", filepath.Join(dir, "data"),
		[]source{{"seoul", farm.URL + "/seoul.rss"}}, koreaTopic))
	seoul := filepath.Join("testdata", "seoul.rss")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"file", []string{"-topic", "korea", seoul}, matchSeoul},
		{"file -v", []string{"-topic", "korea", "-v", seoul}, matchSeoulVerbose},
		{"url", []string{"-topic", "korea", farm.URL + "/seoul.rss"}, matchSeoul},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, append([]string{"match", "-config", configPath}, tt.args...)...)
			if code != exitOK {
				t.Fatalf("exit %d, stderr:\n%s", code, errOut)
			}
			if out != tt.want {
				t.Errorf("stdout:\n%s\nwant:\n%s", out, tt.want)
			}
		})
	}

	mistakes := []struct {
		name       string
		args       []string
		wantStderr string
	}{
		{"unknown topic", []string{"-topic", "mars", seoul}, `no topic "mars"`},
		{"missing file", []string{"-topic", "korea", filepath.Join(dir, "nope.rss")}, "nope.rss"},
		{"two files", []string{"-topic", "korea", seoul, seoul}, "at most one"},
	}
	for _, tt := range mistakes {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, append([]string{"match", "-config", configPath}, tt.args...)...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if !strings.Contains(errOut, tt.wantStderr) {
				t.Errorf("stderr %q lacks %q", errOut, tt.wantStderr)
			}
		})
	}
}

// TestMatchStored: without a file, match explains the stored items; with
// -against it lists what an edited topic would add and remove.
func TestMatchStored(t *testing.T) {
	configPath, _ := fetchedStore(t)

	code, out, errOut := runCLI(t, "match", "-config", configPath, "-topic", "korea", "-v")
	if code != exitOK {
		t.Fatalf("match: exit %d, stderr:\n%s", code, errOut)
	}
	for _, want := range []string{
		"+ 2025-03-03 " + titleMissile + " [seoul]",
		`matched "Seoul" in summary: "Seoul"`,
		"- 2025-03-01 " + titleKpop + " [seoul]",
		`vetoed by none term "K-pop" in title`,
		"2 of 4 items selected by topic korea\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}

	// The edited topic drops Seoul, lets K-pop in and vetoes missiles.
	edited := strings.NewReplacer(
		`"Seoul", `, ``,
		`none: ["K-pop"]`, `none: ["missile"]`,
	).Replace(koreaTopic)
	if edited == koreaTopic {
		t.Fatal("the edit of koreaTopic did not apply")
	}
	newConfig := writeFile(t, t.TempDir(), "new.yaml", configYAML("", t.TempDir(),
		[]source{{"seoul", "http://127.0.0.1:1/seoul.rss"}}, edited))
	code, out, errOut = runCLI(t, "match", "-config", configPath, "-topic", "korea", "-against", newConfig)
	if code != exitOK {
		t.Fatalf("match -against: exit %d, stderr:\n%s", code, errOut)
	}
	want := []string{
		"+ 2025-03-01 " + titleKpop + " [seoul]",
		"- 2025-03-03 " + titleMissile + " [seoul]",
		`vetoed by none term "missile" in title`,
		"- 2025-03-02 " + titleMarkets + " [seoul]",
		"topic korea: 1 added, 2 removed, of 4 stored items\n",
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("stdout lacks %q:\n%s", w, out)
		}
	}
	if strings.Contains(out, titleWeather) {
		t.Errorf("stdout lists %q, which neither version selects:\n%s", titleWeather, out)
	}

	noTopic := writeFile(t, t.TempDir(), "none.yaml", configYAML("", t.TempDir(),
		[]source{{"seoul", "http://127.0.0.1:1/seoul.rss"}}, chinaTopic))
	if code, _, errOut := runCLI(t, "match", "-config", configPath, "-topic", "korea", "-against", noTopic); code != exitUsage || !strings.Contains(errOut, `no topic "korea"`) {
		t.Errorf("-against a config without the topic: exit %d, stderr %q; want %d naming the topic", code, errOut, exitUsage)
	}
}
