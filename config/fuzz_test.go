package config

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse checks that no input makes Parse panic, and that every failure
// comes as *Error values with a position.
func FuzzParse(f *testing.F) {
	for _, name := range []string{filepath.Join("..", "config.example.yaml"), "default.yaml", filepath.Join("testdata", "broken.yaml")} {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("a: &x [*x]\nb: *x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := Parse("f.yaml", data)
		if err == nil {
			return
		}
		errs := Errors(err)
		if len(errs) == 0 {
			t.Fatalf("error without *Error: %v", err)
		}
		for _, e := range errs {
			if e.Line < 1 || e.Col < 1 || e.File != "f.yaml" {
				t.Fatalf("bad position in %v", e)
			}
		}
	})
}
