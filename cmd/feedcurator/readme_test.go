package main

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// repoFile reads a file at the repository's root.
func repoFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(packageDir, "..", "..", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// tourCommands returns the command lines of the sh blocks in the README's
// "A short tour" section, comments removed, in order.
func tourCommands(t *testing.T, readme string) []string {
	t.Helper()
	_, tour, ok := strings.Cut(readme, "\n## A short tour\n")
	if !ok {
		t.Fatal(`README.md has no "## A short tour" section`)
	}
	tour, _, _ = strings.Cut(tour, "\n## ")
	var lines []string
	inBlock := false
	sc := bufio.NewScanner(strings.NewReader(tour))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "```"):
			inBlock = !inBlock && line == "```sh"
		case inBlock:
			if cmd, _, _ := strings.Cut(line, " #"); strings.TrimSpace(cmd) != "" {
				lines = append(lines, strings.TrimSpace(cmd))
			}
		}
	}
	return lines
}

// TestReadmeTour runs the README's tour as a newcomer does, command by
// command and in order, offline: the demo in one terminal, the export line
// it prints, then every other command against the demo's store. The demo
// gets -listen 127.0.0.1:0 so that the test never takes port 8080.
func TestReadmeTour(t *testing.T) {
	t.Parallel()
	cmds := tourCommands(t, repoFile(t, "README.md"))
	const goRun = "go run ./cmd/feedcurator"
	if len(cmds) < 4 || cmds[0] != goRun+" demo" || !strings.HasPrefix(cmds[1], "export FEEDCURATOR_CONFIG=") {
		t.Fatalf("the tour should open with the demo and the export line it prints; it is %q", cmds)
	}
	// The tour's relative paths name files of the repository; what it writes
	// goes to a directory of the test's own.
	root := filepath.Join(packageDir, "..", "..")
	work := t.TempDir()
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		abs, _ := filepath.Abs(filepath.Join(root, e.Name()))
		if err := os.Symlink(abs, filepath.Join(work, e.Name())); err != nil {
			t.Fatal(err)
		}
	}

	demo := startBinary(t, work, childEnv(t), "demo", "-listen", "127.0.0.1:0")
	base := waitServing(t, demo)
	waitHealthy(t, demo, base)
	m := regexp.MustCompile(`(?m)^\s*export FEEDCURATOR_CONFIG=(\S+)$`).FindStringSubmatch(demo.stdout.String())
	if m == nil {
		t.Fatalf("the demo printed no export line:\n%s", demo.stdout)
	}
	waitFor(t, 15*time.Second, "the demo to fetch every source", func() (bool, string) {
		var got []apiSource
		if ok, why := getJSON(base+"/api/sources", &got); !ok {
			return false, why
		}
		for _, s := range got {
			if s.LastFetch == nil || s.Items == 0 {
				return false, s.ID + " not fetched yet"
			}
		}
		return len(got) > 0, "no sources"
	})
	env := childEnv(t, "FEEDCURATOR_CONFIG="+m[1])
	for _, line := range cmds[2:] {
		rest, ok := strings.CutPrefix(line, goRun+" ")
		if !ok {
			t.Fatalf("tour line %q is not a feedcurator command", line)
		}
		p := startBinary(t, work, env, strings.Fields(rest)...)
		code, _ := p.exitWithin(t, time.Minute)
		out := p.stdout.String()
		if code != exitOK || out == "" {
			t.Errorf("%s: exit %d\nstdout:\n%s\nstderr:\n%s", line, code, out, p.stderr)
			continue
		}
		if strings.Contains(rest, "match -topic korea") && !strings.Contains(rest, "-against") &&
			(!strings.Contains(out, "selected by topic korea") || strings.HasPrefix(lastLine(out), "0 of")) {
			t.Errorf("%s selected nothing:\n%s", line, out)
		}
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

// TestGoVersionAgrees: the README names the Go version go.mod requires.
func TestGoVersionAgrees(t *testing.T) {
	m := regexp.MustCompile(`(?m)^go (\S+)$`).FindStringSubmatch(repoFile(t, "go.mod"))
	if m == nil {
		t.Fatal("go.mod has no go line")
	}
	if want := "Go " + m[1] + " or later"; !strings.Contains(repoFile(t, "README.md"), want) {
		t.Errorf("README.md does not say %q", want)
	}
}
