package config

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestParseTerm(t *testing.T) {
	tests := []struct {
		raw  string
		kind TermKind
		text string
	}{
		{"Korea", TermWord, "Korea"},
		{"  Korea  ", TermWord, "Korea"},
		{"Kim  Jong\tUn", TermWord, "Kim  Jong\tUn"}, // inner white space kept for the topic package
		{"한국", TermWord, "한국"},
		{"朝鲜", TermWord, "朝鲜"},
		{"K-pop", TermWord, "K-pop"},
		{"/", TermWord, "/"},
		{"/usr", TermWord, "/usr"},
		{"Korea*", TermPrefix, "Korea"},
		{"Kim Jong*", TermPrefix, "Kim Jong"},
		{"북*", TermPrefix, "북"},
		{`/\bUS\b/`, TermRegex, `\bUS\b`},
		{"/ a b /", TermRegex, " a b "},
		{"/(?i)korea/", TermRegex, "(?i)korea"},
		{"/x/", TermRegex, "x"},
		{"region:KP", TermRegion, "KP"},
		{"region:kp", TermRegion, "KP"},
		{"Region: KR", TermRegion, "KR"},
		{"region:408", TermRegion, "KP"}, // UN M.49 numeric code, canonical alpha-2 stored
		{"region:410", TermRegion, "KR"},
		{"region:156", TermRegion, "CN"},
		{"region:PRK", TermRegion, "KP"},
		{"region:UK", TermRegion, "GB"},   // deprecated code, canonicalised
		{"region:419", TermRegion, "419"}, // Latin America has no alpha-2 code
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, err := ParseTerm(tt.raw)
			if err != nil {
				t.Fatalf("ParseTerm(%q): %v", tt.raw, err)
			}
			want := Term{Raw: tt.raw, Kind: tt.kind, Text: tt.text}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("ParseTerm(%q) = %+v, want %+v", tt.raw, got, want)
			}
		})
	}
}

func TestParseTermErrors(t *testing.T) {
	tests := []struct {
		raw  string
		want string // a part of the message that tells how to fix it
	}{
		{"", "empty term"},
		{" \t ", "empty term"},
		{"//", "write the expression between the slashes"},
		{"/[/", `escape a literal bracket as \[`},
		{"/(a/", `escape a literal parenthesis as \(`},
		{"/*x/", `escape a literal one as \*`},
		{"/(?=x)/", "no lookahead, lookbehind"},
		{"/(?<!x)y/", "no lookahead, lookbehind"},
		{`/\y/`, `RE2 knows \b \d \w \s`},
		{"/a{1001}/", "at most 1000"},
		{"*", "needs a beginning of a word"},
		{" * ", "needs a beginning of a word"},
		{"Korea **", "a single"},
		{"Korea *", `remove the space before "*" (write Korea*)`},
		{"*Korea", `"*" works only at the end`},
		{"Ko*rea", `"*" works only at the end`},
		{"region:", "needs an ISO 3166 code"},
		{"region:XX", `"XX" is not an ISO 3166 region code`},
		{"region:ZZ", `"ZZ" is not an ISO 3166 region code`}, // "unknown region"
		{"region:QO", `"QO" is not an ISO 3166 region code`}, // private use
		{"region:Korea", `"Korea" is not an ISO 3166 region code`},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, err := ParseTerm(tt.raw)
			if err == nil {
				t.Fatalf("ParseTerm(%q) = %+v, want an error", tt.raw, got)
			}
			prefix := fmt.Sprintf("config: term %q: ", tt.raw)
			if !strings.HasPrefix(err.Error(), prefix) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseTerm(%q) error = %q, want %q…%q", tt.raw, err, prefix, tt.want)
			}
		})
	}
}
