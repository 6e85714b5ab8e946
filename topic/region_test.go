package topic

import (
	"slices"
	"testing"
)

func TestRegionNames(t *testing.T) {
	names, err := regionNames("KP")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"North Korea", "북한", "朝鲜", "北韓", "北朝鮮", "КНДР", "Corée du Nord", "Nordkorea"} {
		if !slices.Contains(names, want) {
			t.Errorf("region KP names lack %q", want)
		}
	}
	if names[0] != "North Korea" {
		t.Errorf("first name = %q, want the English one", names[0])
	}
	seen := map[string]bool{}
	for _, n := range names {
		if n == "" || seen[n] || n == "KP" {
			t.Errorf("name %q is empty, the code, or repeated", n)
		}
		seen[n] = true
	}
	again, _ := regionNames("KP")
	if &again[0] != &names[0] {
		t.Error("region names are rebuilt on every call, want them cached")
	}
	if _, err := regionNames("ZZ"); err == nil {
		t.Error("regionNames(ZZ): no error")
	}
	if _, err := regionNames("K"); err == nil {
		t.Error("regionNames(K): no error")
	}
}
