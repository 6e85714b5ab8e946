package main

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/feedcurator/feedcurator/config"
)

// validConfig is a config with every kind of setting check validates.
const validConfig = `# comments are fine
listen: 127.0.0.1:8099
data_dir: ./data
poll:
  interval: 30m
retention:
  max_age: 30d
sources:
  - id: seoul
    url: http://127.0.0.1:1/seoul.rss
  - id: world
    url: http://127.0.0.1:1/world.atom
    interval: 1h
topics:
  - id: korea
    any: ["Korea*", "/\\bDPRK\\b/", "한국", "region:KP"]
    none: ["K-pop"]
    sources: [seoul]
`

// brokenConfigs each hold one mistake, at the line and column check must name.
var brokenConfigs = []struct {
	name, yaml string
	want       string // the stderr line after "FILE:"
}{
	{"unknown topic field", `data_dir: ./data
sources:
  - id: seoul
    url: http://127.0.0.1:1/seoul.rss
topics:
  - id: korea
    anyy: ["Korea"]
    any: ["Korea"]
`, `7:5: topic "korea": unknown field "anyy"`},
	{"bad duration", `data_dir: ./data
poll:
  interval: 30x
sources:
  - id: seoul
    url: http://127.0.0.1:1/seoul.rss
`, `3:13: poll.interval: duration "30x"`},
	{"duplicate source id", `data_dir: ./data
sources:
  - id: seoul
    url: http://127.0.0.1:1/seoul.rss
  - id: seoul
    url: http://127.0.0.1:1/other.rss
`, `5:9: source "seoul": id "seoul" is already used`},
	{"invalid regex term", `data_dir: ./data
sources:
  - id: seoul
    url: http://127.0.0.1:1/seoul.rss
topics:
  - id: korea
    any: ["Korea", "/(DPRK/"]
`, `7:20: topic "korea": any: term "/(DPRK/": invalid regular expression`},
	{"unknown topic source", `data_dir: ./data
sources:
  - id: seoul
    url: http://127.0.0.1:1/seoul.rss
topics:
  - id: korea
    any: ["Korea"]
    sources: [nosuch]
`, `8:15: topic "korea": sources: no source has id "nosuch"`},
}

// TestCheck: a valid config exits 0; a config with mistakes exits 2 and
// names each one as file:line:col on stderr.
func TestCheck(t *testing.T) {
	dir := t.TempDir()
	t.Run("valid", func(t *testing.T) {
		path := writeFile(t, dir, "valid.yaml", validConfig)
		code, out, errOut := runCLI(t, "check", "-config", path)
		if code != exitOK {
			t.Fatalf("exit %d, stderr:\n%s", code, errOut)
		}
		if want := path + ": ok (2 sources, 1 topics)\n"; out != want {
			t.Errorf("stdout %q, want %q", out, want)
		}
	})
	for i, tt := range brokenConfigs {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, dir, fmt.Sprintf("broken%d.yaml", i), tt.yaml)
			code, out, errOut := runCLI(t, "check", "-config", path)
			if code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if out != "" {
				t.Errorf("stdout %q, want nothing", out)
			}
			found := false
			for _, line := range strings.Split(strings.TrimRight(errOut, "\n"), "\n") {
				if !positioned(path).MatchString(line) {
					t.Errorf("stderr line %q is not FILE:LINE:COL: message", line)
				}
				found = found || strings.HasPrefix(line, path+":"+tt.want)
			}
			if !found {
				t.Errorf("stderr:\n%s\nwant a line starting %q", errOut, path+":"+tt.want)
			}
		})
	}
}

// TestCheckReportsEveryMistake: one config with all of brokenConfigs'
// mistakes gets one file:line:col line per mistake, in file order.
func TestCheckReportsEveryMistake(t *testing.T) {
	const yaml = `data_dir: ./data
poll:
  interval: 30x
sources:
  - id: seoul
    url: http://127.0.0.1:1/seoul.rss
  - id: seoul
    url: http://127.0.0.1:1/other.rss
topics:
  - id: korea
    anyy: ["Korea"]
    any: ["Korea", "/(DPRK/"]
    sources: [nosuch]
`
	path := writeFile(t, t.TempDir(), "config.yaml", yaml)
	code, _, errOut := runCLI(t, "check", "-config", path)
	if code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	lines := strings.Split(strings.TrimRight(errOut, "\n"), "\n")
	want := []string{
		`3:13: poll.interval: `,
		`7:9: source "seoul": `,
		`11:5: topic "korea": unknown field "anyy"`,
		`12:20: topic "korea": any: term "/(DPRK/"`,
		`13:15: topic "korea": sources: `,
	}
	if len(lines) != len(want) {
		t.Fatalf("stderr has %d lines, want %d:\n%s", len(lines), len(want), errOut)
	}
	for i, line := range lines {
		if !positioned(path).MatchString(line) {
			t.Errorf("line %q is not FILE:LINE:COL: message", line)
		}
		if !strings.HasPrefix(line, path+":"+want[i]) {
			t.Errorf("line %d = %q, want it to start %q", i+1, line, path+":"+want[i])
		}
	}
}

// positioned matches a problem line of check about file path.
func positioned(path string) *regexp.Regexp {
	return regexp.MustCompile(`^` + regexp.QuoteMeta(path) + `:\d+:\d+: \S`)
}

// TestConfigLookupOrder: -config, then $FEEDCURATOR_CONFIG, then
// ./config.yaml, else the built-in config; a named file that is missing is
// an error, never a fall back to the next place.
func TestConfigLookupOrder(t *testing.T) {
	dir := t.TempDir()
	flagFile := writeFile(t, dir, "flag.yaml", configYAML("", "./data", []source{{"a", "http://127.0.0.1:1/a"}}))
	envFile := writeFile(t, dir, "env.yaml", configYAML("", "./data", []source{{"a", "http://127.0.0.1:1/a"}, {"b", "http://127.0.0.1:1/b"}}))
	missing := filepath.Join(dir, "missing.yaml")
	builtIn := config.Default()
	tests := []struct {
		name      string
		flag, env string
		localFile bool // ./config.yaml exists
		wantCode  int
		wantOut   string
		wantErr   string
	}{
		{"flag beats env and ./config.yaml", flagFile, envFile, true, exitOK, flagFile + ": ok (1 sources", ""},
		{"env beats ./config.yaml", "", envFile, true, exitOK, envFile + ": ok (2 sources", ""},
		{"./config.yaml", "", "", true, exitOK, "config.yaml: ok (3 sources", ""},
		{"built-in", "", "", false, exitOK, fmt.Sprintf("built-in config: ok (%d sources, %d topics)", len(builtIn.Sources), len(builtIn.Topics)), ""},
		{"missing -config file", missing, envFile, true, exitUsage, "", "-config " + missing + ": no such file"},
		{"missing $FEEDCURATOR_CONFIG file", "", missing, true, exitUsage, "", "$FEEDCURATOR_CONFIG " + missing + ": no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cwd := t.TempDir()
			t.Chdir(cwd)
			t.Setenv(config.EnvVar, tt.env)
			if tt.localFile {
				writeFile(t, cwd, config.LocalFile, configYAML("", "./data", []source{
					{"a", "http://127.0.0.1:1/a"}, {"b", "http://127.0.0.1:1/b"}, {"c", "http://127.0.0.1:1/c"}}))
			}
			args := []string{"check"}
			if tt.flag != "" {
				args = append(args, "-config", tt.flag)
			}
			code, out, errOut := runCLI(t, args...)
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.wantCode, errOut)
			}
			if !strings.HasPrefix(out, tt.wantOut) {
				t.Errorf("stdout %q, want it to start %q", out, tt.wantOut)
			}
			if !strings.Contains(errOut, tt.wantErr) {
				t.Errorf("stderr %q lacks %q", errOut, tt.wantErr)
			}
		})
	}
}
