package topic

import (
	"fmt"
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// regionTables caches, per canonical region code, a function that builds the
// region's names once. Collecting them walks CLDR for some 260 languages
// (a few milliseconds per region), so it happens when a config first uses the
// region, never at init.
var regionTables sync.Map // string → func() []string

// regionNames returns the region's name in English and in every language CLDR
// knows, deduplicated, for a region:XX term.
func regionNames(code string) ([]string, error) {
	region, err := language.ParseRegion(code)
	if err != nil {
		return nil, fmt.Errorf("region %q: %w", code, err)
	}
	if region.String() == "ZZ" {
		return nil, fmt.Errorf("region %q: unknown region", code)
	}
	key := region.String()
	names, ok := regionTables.Load(key)
	if !ok {
		names, _ = regionTables.LoadOrStore(key, sync.OnceValue(func() []string {
			return collectRegionNames(region)
		}))
	}
	return names.(func() []string)(), nil
}

func collectRegionNames(region language.Region) []string {
	seen := make(map[string]bool)
	var names []string
	add := func(name string) {
		name = strings.TrimSpace(name)
		if name == "" || seen[name] || strings.EqualFold(name, region.String()) {
			return
		}
		seen[name] = true
		names = append(names, name)
	}
	add(display.English.Regions().Name(region))
	for _, tag := range display.Supported.Tags() {
		if namer := display.Regions(tag); namer != nil {
			add(namer.Name(region))
		}
	}
	return names
}
