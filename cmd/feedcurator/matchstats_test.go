package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestMatchReadsEveryItemOfABigFile: a 20,000-item file is read whole, not
// cut at the 1,000 items a poll keeps, and -stats tallies every term.
func TestMatchReadsEveryItemOfABigFile(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>big</title><language>ko</language>`)
	const n = 20000
	for i := range n {
		title := fmt.Sprintf("Item %d about markets", i)
		switch i % 4 {
		case 0:
			title = fmt.Sprintf("Pyongyang statement %d", i)
		case 1:
			title = fmt.Sprintf("北 미사일 발사 %d", i)
		}
		fmt.Fprintf(&b, "<item><guid>g%d</guid><title>%s</title><link>https://big.invalid/%d</link></item>", i, title, i)
	}
	b.WriteString(`</channel></rss>`)
	feed := writeFile(t, dir, "big.rss", b.String())
	configPath := writeFile(t, dir, "config.yaml", configYAML("", filepath.Join(dir, "data"), nil, `  - id: korea
    any: ["Pyongyang", {term: "北", lang: [ko]}]
`))
	code, out, errOut := runCLI(t, "match", "-config", configPath, "-topic", "korea", "-stats", feed)
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	if !strings.Contains(out, "10000 of 20000 items selected by topic korea") {
		t.Fatalf("summary line missing; tail:\n%s", tail(out, 12))
	}
	for _, want := range []string{
		"per term: items matched, items selected, an example",
		`Pyongyang                  5000   5000  Pyongyang statement`,
		`北                          5000   5000  北 미사일 발사`,
		"per field:", "title                     10000  10000",
		"per source:",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("-stats output lacks %q; tail:\n%s", want, tail(out, 12))
		}
	}
}

// TestMatchShowsScoresBelowTheThreshold: with -v, an item whose terms match
// but whose score is below min_score says so, with the score.
func TestMatchShowsScoresBelowTheThreshold(t *testing.T) {
	dir := t.TempDir()
	feed := writeFile(t, dir, "f.rss", `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><guid>1</guid><title>Korea and Japan hold talks</title><description>Seoul said.</description></item>
<item><guid>2</guid><title>Tennis results</title><description>A long report on the tournament, the weather, the crowd, the players and the scores, which went on for a long while before the player from Korea won.</description></item>
</channel></rss>`)
	configPath := writeFile(t, dir, "config.yaml", configYAML("", filepath.Join(dir, "data"), nil, `  - id: korea
    min_score: 3
    any: ["Korea*", "Seoul"]
`))
	code, out, errOut := runCLI(t, "match", "-config", configPath, "-topic", "korea", "-v", feed)
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	for _, want := range []string{
		"+ Korea and Japan hold talks [file]", "    score 5.00",
		"- Tennis results [file]", "    score 1.00 is below min_score 3.00",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestCheckVerboseExpandsTerms: check -v prints every name of a region:
// term and each term's scopes, and none of the ordinary-word traps.
func TestCheckVerboseExpandsTerms(t *testing.T) {
	dir := t.TempDir()
	configPath := writeFile(t, dir, "config.yaml", configYAML("", filepath.Join(dir, "data"), []source{{"seoul", "http://127.0.0.1:1/seoul.rss"}}, `  - id: asia
    any: ["region:KP", "region:IN", "region:CN", {term: "北", lang: [ko], fields: [title], weight: 2}]
`))
	code, out, errOut := runCLI(t, "check", "-config", configPath, "-v")
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	for _, want := range []string{"North Korea", "북한", "朝鲜", "北韓", "北朝鮮", "КНДР", "Corée du Nord", "Nordkorea",
		"India", "インド", "印度", "Китай", `"北": the word or phrase (fields title; lang ko; weight 2)`} {
		if !strings.Contains(out, want) {
			t.Errorf("check -v lacks %q:\n%s", want, out)
		}
	}
	for _, trap := range []string{"| Indie |", "| Chine |", " End ", "Shine", "Frans"} {
		if strings.Contains(out, trap) {
			t.Errorf("check -v shows the ordinary word %q:\n%s", trap, out)
		}
	}
}

func tail(s string, lines int) string {
	parts := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(parts) > lines {
		parts = parts[len(parts)-lines:]
	}
	return strings.Join(parts, "\n")
}
