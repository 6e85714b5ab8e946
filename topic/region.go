package topic

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// regionLanguages are the languages a region:XX term names the region in:
// the major news languages of CONTRACT.md. Every CLDR language would add
// names that are ordinary words elsewhere (Azerbaijani "Çin" is fine, but
// Afrikaans "Frans", Welsh "India"… and dozens like them match English
// text), for languages hardly any news feed is written in.
var regionLanguages = []string{
	"en", "ko", "zh-Hans", "zh-Hant", "ja", "ru", "uk", "de", "fr", "es",
	"pt", "it", "nl", "pl", "tr", "ar", "fa", "hi", "id", "th",
}

// regionExclusionsTSV lists names left out because they are ordinary words.
//
//go:embed region_exclusions.tsv
var regionExclusionsTSV string

// regionExclusions is region code → excluded names.
var regionExclusions = sync.OnceValue(func() map[string]map[string]bool {
	out := make(map[string]map[string]bool)
	for _, f := range tsvRecords(regionExclusionsTSV) {
		if len(f) < 3 {
			continue
		}
		if out[f[0]] == nil {
			out[f[0]] = make(map[string]bool)
		}
		out[f[0]][f[2]] = true
	}
	return out
})

// tsvRecords splits tab-separated data into records, skipping blank lines
// and # comments.
func tsvRecords(data string) [][]string {
	var out [][]string
	for _, line := range strings.Split(data, "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, strings.Split(line, "\t"))
	}
	return out
}

// regionTables caches, per canonical region code, a function that builds the
// region's names once, when a config first uses the region.
var regionTables sync.Map // string → func() []string

// RegionNames returns the names a region:XX term stands for, for `check -v`.
func RegionNames(code string) ([]string, error) {
	names, err := regionNames(code)
	return append([]string(nil), names...), err
}

// regionNames returns the region's name in each of regionLanguages,
// deduplicated, less the excluded ones, for a region:XX term.
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
	excluded := regionExclusions()[region.String()]
	seen := make(map[string]bool)
	var names []string
	for _, lang := range regionLanguages {
		namer := display.Regions(language.MustParse(lang))
		if namer == nil {
			continue
		}
		name := strings.TrimSpace(namer.Name(region))
		if name == "" || seen[name] || excluded[name] || strings.EqualFold(name, region.String()) {
			continue
		}
		seen[name] = true
		names = append(names, name)
	}
	return names
}

// allRegionNames is every name of every country in regionLanguages: the
// known words that keep a shorter name from matching inside a longer one
// (印度 in 印度尼西亚, 인도 in 인도네시아).
var allRegionNames = sync.OnceValue(func() []string {
	var out []string
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			r, err := language.ParseRegion(string([]rune{a, b}))
			if err != nil || !r.IsCountry() || r.String() != string([]rune{a, b}) {
				continue
			}
			names, _ := regionNames(r.String())
			out = append(out, names...)
		}
	}
	return out
})
