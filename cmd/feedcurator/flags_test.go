package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestFlagsWithoutCommand: flags with no command run the daemon, as the
// usage line says, rather than being taken for an unknown command.
func TestFlagsWithoutCommand(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "x.yaml")
	code, _, errOut := runCLI(t, "-config", missing)
	if code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	if strings.Contains(errOut, "unknown command") || !strings.Contains(errOut, "feedcurator run: ") || !strings.Contains(errOut, missing) {
		t.Errorf("stderr %q: want run's complaint about %s", errOut, missing)
	}
}

// TestFlagsAfterArguments: every command takes its flags after its
// positional arguments too, and "--" still ends the flags.
func TestFlagsAfterArguments(t *testing.T) {
	farm := newFeedFarm(t)
	dir := t.TempDir()
	configPath := writeFile(t, dir, "config.yaml", configYAML("", filepath.Join(dir, "data"),
		[]source{{"seoul", farm.URL + "/seoul.rss"}}, koreaTopic))
	seoul := filepath.Join("testdata", "seoul.rss")

	code, out, errOut := runCLI(t, "match", seoul, "-topic", "korea", "-config", configPath)
	if code != exitOK || out != matchSeoul {
		t.Errorf("match FILE -topic korea: exit %d\nstdout:\n%s\nstderr:\n%s\nwant stdout:\n%s", code, out, errOut, matchSeoul)
	}
	if code, _, errOut := runCLI(t, "check", "extra", "-bogus"); code != exitUsage || !strings.Contains(errOut, "-bogus") {
		t.Errorf("check extra -bogus: exit %d, stderr %q; want the unknown flag named", code, errOut)
	}
	code, _, errOut = runCLI(t, "match", "-config", configPath, "-topic", "korea", "--", "-v")
	if code != exitUsage || !strings.Contains(errOut, "-v") {
		t.Errorf(`match -- -v: exit %d, stderr %q; want "-v" read as a file name`, code, errOut)
	}
}

// TestCheckEmptyConfig: a config without sources fails check (exit 2,
// saying what to add); one with sources and no topics passes, with a note
// on what it serves.
func TestCheckEmptyConfig(t *testing.T) {
	dir := t.TempDir()
	for _, doc := range []string{"", "# nothing yet\n", "topics:\n" + koreaTopic} {
		path := writeFile(t, dir, "empty.yaml", doc)
		code, out, errOut := runCLI(t, "check", "-config", path)
		if code != exitUsage || out != "" || !strings.Contains(errOut, path+": no sources") || !strings.Contains(errOut, "sources:") {
			t.Errorf("check %q: exit %d, stdout %q, stderr %q; want exit 2 saying there are no sources", doc, code, out, errOut)
		}
	}
	path := writeFile(t, dir, "all.yaml", configYAML("", filepath.Join(dir, "data"), []source{{"seoul", "http://127.0.0.1:1/seoul.rss"}}))
	code, out, errOut := runCLI(t, "check", "-config", path)
	if code != exitOK || !strings.Contains(out, "(1 sources, 0 topics)") || !strings.Contains(out, "/feeds/all.*") {
		t.Errorf("sources, no topics: exit %d, stdout %q, stderr %q; want ok with a note", code, out, errOut)
	}
}

// TestMatchMarksDuplicates: of two selected items with one link (after
// normalising: utm_ parameters, fragment), the feed shows the earlier only;
// match says so of the other instead of listing it as plainly selected.
func TestMatchMarksDuplicates(t *testing.T) {
	dir := t.TempDir()
	configPath := writeFile(t, dir, "config.yaml", configYAML("", filepath.Join(dir, "data"),
		[]source{{"seoul", "http://127.0.0.1:1/seoul.rss"}}, koreaTopic))
	feed := writeFile(t, dir, "copies.rss", `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Copies</title><link>https://copies.feedcurator.invalid/</link><description>d</description>
<item><title>Korea talks, the copy</title><link>https://seoul.feedcurator.invalid/talks?utm_source=x#top</link><guid>c2</guid><pubDate>Tue, 04 Mar 2025 09:00:00 +0000</pubDate></item>
<item><title>Korea talks</title><link>https://seoul.feedcurator.invalid/talks</link><guid>c1</guid><pubDate>Mon, 03 Mar 2025 09:00:00 +0000</pubDate></item>
</channel></rss>`)
	code, out, errOut := runCLI(t, "match", "-config", configPath, "-topic", "korea", feed)
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	want := `+ 2025-03-04 Korea talks, the copy [file]
    https://seoul.feedcurator.invalid/talks?utm_source=x#top
    = duplicate of "Korea talks" [file]: same link; the feed shows that one only
`
	if !strings.Contains(out, want) || strings.Count(out, "= duplicate of") != 1 ||
		!strings.Contains(out, "2 of 2 items selected by topic korea (1 of them duplicates the feed leaves out)\n") {
		t.Errorf("stdout:\n%s\nwant the copy marked, as in:\n%s", out, want)
	}
}
