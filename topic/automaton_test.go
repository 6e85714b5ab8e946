package topic

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

type acHit struct {
	pattern    int32
	start, end int
}

// naiveHits finds every occurrence of every pattern the slow way, in the
// order the automaton reports them.
func naiveHits(patterns []string, text string) []acHit {
	var hits []acHit
	for end := 1; end <= len(text); end++ {
		for id, p := range patterns {
			if strings.HasSuffix(text[:end], p) {
				hits = append(hits, acHit{int32(id), end - len(p), end})
			}
		}
	}
	return hits
}

// TestAutomatonAgainstNaive compares the automaton with brute force on
// random patterns over a small alphabet (so that they overlap a lot), with
// every state dense, and with almost every state sparse.
func TestAutomatonAgainstNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := "abc한\x00"
	randString := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteByte(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
	modes := []struct {
		name   string
		budget int
		depth  int32
	}{{"dense", denseBudgetEntries, denseMaxDepth}, {"sparse", 0, 0}}
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			for round := range 200 {
				b := newACBuilder()
				b.denseBudget, b.denseDepth = mode.budget, mode.depth
				var patterns []string
				for range 1 + rng.IntN(20) {
					p := randString(1 + rng.IntN(5))
					patterns = append(patterns, p)
					b.add(p)
				}
				a := b.build()
				text := randString(rng.IntN(60))
				var got []acHit
				a.scan([]byte(text), func(p int32, start, end int) { got = append(got, acHit{p, start, end}) })
				want := naiveHits(patterns, text)
				sortHits(got)
				sortHits(want)
				if !slices.Equal(got, want) {
					t.Fatalf("round %d: patterns %q text %q:\n got %v\nwant %v", round, patterns, text, got, want)
				}
			}
		})
	}
}

func sortHits(h []acHit) {
	slices.SortFunc(h, func(a, b acHit) int {
		if a.end != b.end {
			return a.end - b.end
		}
		return int(a.pattern - b.pattern)
	})
}

func TestAutomatonDuplicatePatterns(t *testing.T) {
	b := newACBuilder()
	b.add("korea")
	b.add("korea")
	b.add("or")
	var got []acHit
	b.build().scan([]byte("north korea"), func(p int32, start, end int) { got = append(got, acHit{p, start, end}) })
	want := []acHit{{2, 1, 3}, {2, 7, 9}, {0, 6, 11}, {1, 6, 11}}
	if !slices.Equal(got, want) {
		t.Errorf("hits = %v, want %v", got, want)
	}
}
