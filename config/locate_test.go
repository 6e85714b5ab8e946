package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLocateOrder(t *testing.T) {
	dir := t.TempDir()
	flagFile := writeFile(t, dir, "flag.yaml")
	envFile := writeFile(t, dir, "env.yaml")
	work := t.TempDir()
	local := filepath.Join(work, LocalFile)

	tests := []struct {
		name       string
		flag, env  string
		localExist bool
		want       string
	}{
		{name: "flag first", flag: flagFile, env: envFile, localExist: true, want: flagFile},
		{name: "then the environment", env: envFile, localExist: true, want: envFile},
		{name: "then ./config.yaml", localExist: true, want: LocalFile},
		{name: "else the built-in default", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(work)
			t.Setenv(EnvVar, tt.env)
			os.Remove(local)
			if tt.localExist {
				writeFile(t, work, LocalFile)
			}
			got, err := Locate(tt.flag)
			if err != nil || got != tt.want {
				t.Errorf("Locate(%q) = %q, %v; want %q", tt.flag, got, err, tt.want)
			}
		})
	}
}

func TestLocateRefusesMissingExplicitPaths(t *testing.T) {
	work := t.TempDir()
	writeFile(t, work, LocalFile) // must not be used as a fall back
	missing := filepath.Join(work, "missing.yaml")
	tests := []struct {
		name, flag, env, want string
	}{
		{name: "flag", flag: missing, want: "config: -config " + missing + ": no such file"},
		{name: "environment", env: missing, want: "config: $FEEDCURATOR_CONFIG " + missing + ": no such file"},
		{name: "flag is a directory", flag: work, want: "is a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(work)
			t.Setenv(EnvVar, tt.env)
			got, err := Locate(tt.flag)
			if err == nil || got != "" || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Locate(%q) = %q, %v; want an error containing %q", tt.flag, got, err, tt.want)
			}
			if tt.name != "flag is a directory" && !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("error %v does not wrap fs.ErrNotExist", err)
			}
		})
	}
}

func writeFile(t *testing.T, dir, name string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte("topics: []\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
