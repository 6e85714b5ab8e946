package main

import (
	"cmp"
	"fmt"
	"io"
	"slices"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/topic"
)

// matchStats tallies, for `match -stats`, which terms do the work: per
// term, per field and per source, the items hit and the items selected,
// with one example title each, so that a term that only adds noise (many
// hits, few selections) stands out.
type matchStats struct {
	byTerm, byField, bySource map[string]*tally
}

type tally struct {
	key      string
	hits     int // items where it matched
	selected int // of those, items the topic selected
	example  string
}

func newMatchStats() *matchStats {
	return &matchStats{byTerm: map[string]*tally{}, byField: map[string]*tally{}, bySource: map[string]*tally{}}
}

func (m *matchStats) add(it *db.Item, v topic.Verdict) {
	if len(v.Reasons) == 0 && len(v.Vetoes) == 0 {
		return
	}
	seenField := map[string]bool{}
	for _, r := range append(append([]db.Reason(nil), v.Reasons...), v.Vetoes...) {
		count(m.byTerm, r.Term, it, v.Selected)
		if !seenField[r.Field] {
			seenField[r.Field] = true
			count(m.byField, r.Field, it, v.Selected)
		}
	}
	count(m.bySource, it.SourceID, it, v.Selected)
}

func count(in map[string]*tally, key string, it *db.Item, selected bool) {
	t := in[key]
	if t == nil {
		t = &tally{key: key, example: it.Title}
		in[key] = t
	}
	t.hits++
	if selected {
		t.selected++
		if t.selected == 1 {
			t.example = it.Title // a selected example shows the term at work
		}
	}
}

func (m *matchStats) print(w io.Writer) {
	for _, part := range []struct {
		name string
		in   map[string]*tally
	}{{"term", m.byTerm}, {"field", m.byField}, {"source", m.bySource}} {
		fmt.Fprintf(w, "\nper %s: items matched, items selected, an example\n", part.name)
		rows := make([]*tally, 0, len(part.in))
		for _, t := range part.in {
			rows = append(rows, t)
		}
		slices.SortFunc(rows, func(a, b *tally) int {
			return cmp.Or(cmp.Compare(b.hits, a.hits), cmp.Compare(a.key, b.key))
		})
		for _, t := range rows {
			fmt.Fprintf(w, "  %-24s %6d %6d  %s\n", t.key, t.hits, t.selected, truncateRunes(t.example, 70))
		}
	}
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
