package topic

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

func TestMatchForm(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"ASCII", "Hello, World", "hello, world"},
		{"white space collapses", "a \t\n\r b\u00a0\u3000c\u2028d\u200be", "a b c d e"},
		{"controls are space", "a\x01\x7fb", "a b"},
		{"full-width", "ＣＨＩＮＡ １２３", "china 123"},
		{"ligatures", "\ufb01\ufb02", "fifl"},
		{"sharp s", "Straße ẞ", "strasse ss"},
		{"Greek final sigma", "ΚΟΡΈΑΣ κορέας", "κορέασ κορέασ"},
		{"composition", "Core\u0301e", "corée"},
		{"ASCII before combining mark", "e\u0301", "é"},
		{"dashes", "K\u2010pop K\u2013pop K\u2014pop K\uff0dpop", "k-pop k-pop k-pop k-pop"},
		{"apostrophes", "Korea’s Korea\u02bcs Korea＇s", "korea's korea's korea's"},
		{"invisible dropped", "Ko\u00adre\u200da\ufeff", "korea"},
		{"Hangul untouched", "북한이", "북한이"},
		{"half-width Katakana", "ﾐｻｲﾙ", "ミサイル"},
		{"Kelvin sign", "\u212a", "k"},
		{"invalid UTF-8", "a\xffb", "a\ufffdb"},
		{"empty", "", ""},
	}
	n := newNormalizer()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, origin := n.appendMatchForm(nil, nil, []byte(tc.in))
			if string(got) != tc.want {
				t.Errorf("match form of %q = %q, want %q", tc.in, got, tc.want)
			}
			if len(origin) != len(got) {
				t.Fatalf("origin has %d entries for %d bytes", len(origin), len(got))
			}
			if !slices.IsSorted(origin) || len(origin) > 0 && (origin[0] < 0 || int(origin[len(origin)-1]) >= len(tc.in)) {
				t.Errorf("origin %v is not a non-decreasing map into %q", origin, tc.in)
			}
		})
	}
}

func TestNFKCForm(t *testing.T) {
	n := newNormalizer()
	in := "ＵＳ and us, Core\u0301e, \ufb01ne, Straße"
	got, origin := n.appendNFKC(nil, nil, []byte(in))
	if want := "US and us, Corée, fine, Straße"; string(got) != want {
		t.Errorf("NFKC form = %q, want %q", got, want)
	}
	if len(origin) != len(got) || !slices.IsSorted(origin) {
		t.Errorf("origin %v does not map %q", origin, got)
	}
}

// TestRuneTable checks the rune table against the packages it summarises,
// for every rune it describes: the case folding against cases.Fold, and that
// NFKC leaves every inert rune alone and starts a segment where it says.
func TestRuneTable(t *testing.T) {
	table := runes()
	caser := cases.Fold()
	for r := rune(0x80); r < tableLimit; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := string(r)
		if got, want := string(table.appendFold(nil, r)), caser.String(s); got != want {
			t.Fatalf("fold(%U) = %q, want %q", r, got, want)
		}
		if table.isInert(r) && norm.NFKC.String(s) != s {
			t.Fatalf("%U is inert, but NFKC makes it %q", r, norm.NFKC.String(s))
		}
		if table.startsSegment(r) != norm.NFKC.PropertiesString(s).BoundaryBefore() {
			t.Fatalf("%U: startsSegment disagrees with norm", r)
		}
	}
}

// TestNormalizerAgainstNorm checks, on random mixes of characters chosen to
// combine, compose and decompose, that the piecewise NFKC form equals what
// the norm package makes of the whole text.
func TestNormalizerAgainstNorm(t *testing.T) {
	alphabet := []rune("aeAE \u0301\u0308\u0327\u0345\u1100\u1161\u11a8가각한국\uff21\uff0c\ufb01\u212b\u0958\u0f73中。\u3099\u304b\U0001d400\U0002f800\u00ad\u2019")
	rng := rand.New(rand.NewPCG(3, 4))
	n := newNormalizer()
	for range 3000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		src := b.String()
		got, origin := n.appendNFKC(nil, nil, []byte(src))
		if want := norm.NFKC.String(src); string(got) != want {
			t.Fatalf("NFKC form of %+q = %+q, want %+q", src, got, want)
		}
		if len(origin) != len(got) || !slices.IsSorted(origin) {
			t.Fatalf("origin %v does not map %+q", origin, got)
		}
	}
}

func TestFoldTerm(t *testing.T) {
	tests := map[string]string{
		"  Kim   Jong\tUn ": "kim jong un",
		"K-pop":             "k-pop",
		"ＣＨＩＮＡ":             "china",
		"\u00ad":            "",
	}
	for in, want := range tests {
		if got := foldTerm(in); got != want {
			t.Errorf("foldTerm(%q) = %q, want %q", in, got, want)
		}
	}
}
