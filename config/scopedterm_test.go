package config

import (
	"reflect"
	"strings"
	"testing"
)

// TestScopedTermsParse: the mapping form of a term carries its scopes and
// weight; a topic carries min_score.
func TestScopedTermsParse(t *testing.T) {
	c := mustParse(t, lines(
		"sources: [{id: s, url: 'https://example.invalid/feed'}]",
		"topics:",
		"  - id: korea",
		"    min_score: 2.5",
		"    any:",
		"      - Korea*",
		"      - {term: 北, lang: [ko-KR], fields: [title], weight: 2}",
	))
	tp := c.Topics[0]
	if tp.MinScore != 2.5 {
		t.Errorf("min_score %v, want 2.5", tp.MinScore)
	}
	want := Term{Raw: "北", Kind: TermWord, Text: "北", Fields: []string{"title"}, Langs: []string{"ko"}, Weight: 2}
	if !reflect.DeepEqual(tp.Any[1], want) {
		t.Errorf("scoped term %+v, want %+v", tp.Any[1], want)
	}
}

func TestScopedTermErrors(t *testing.T) {
	tests := []struct{ term, want string }{
		{"{lang: [ko]}", `t.yaml:4:11: topic "k": any: a term written as a mapping needs "term"`},
		{"{term: 北, fields: [titel]}", `(did you mean "title"?)`},
		{"{term: 北, lang: [not a language]}", `lang "not a language" is not a language code`},
		{"{term: 北, weight: -1}", "weight -1 is outside 0–100"},
		{"{term: 北, langs: [ko]}", `unknown field "langs"`},
		{"{term: '/[/'}", "term \"/[/\""},
	}
	for _, tt := range tests {
		got := strings.Join(errorLines(t, lines(
			"sources: [{id: s, url: 'https://example.invalid/feed'}]",
			"topics:",
			"  - id: k",
			"    any: ["+tt.term+"]",
		)), "\n")
		if !strings.Contains(got, tt.want) {
			t.Errorf("%s: errors %q, want one containing %q", tt.term, got, tt.want)
		}
	}
	got := strings.Join(errorLines(t, lines(
		"sources: [{id: s, url: 'https://example.invalid/feed'}]",
		"topics: [{id: k, any: [x], min_score: -1}]",
	)), "\n")
	if !strings.Contains(got, "min_score -1 is negative") {
		t.Errorf("negative min_score: %q", got)
	}
}
