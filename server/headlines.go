package server

import (
	"slices"
	"time"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/render"
	"github.com/feedcurator/feedcurator/topic"
)

// headline is one item as pages list it.
type headline struct {
	Title   string
	Link    string
	Source  string
	Date    time.Time // the item's sort time: published, else updated, else first seen
	Matches []match
	Score   float64 // the topic's score for it; 0 on pages of every source
	Also    []string
}

// match is one term that selected an item and the fields it matched in.
type match struct {
	Term   string
	Fields []string
}

// headlines turns entries into what pages show.
func headlines(entries []topic.Entry, ix *render.Sources) []headline {
	out := make([]headline, 0, len(entries))
	for _, e := range entries {
		h := headline{Title: e.Item.Title, Link: e.Item.Link, Source: ix.Title(e.Item.SourceID), Date: e.Item.SortTime(), Matches: matches(e.Reasons), Score: e.Score}
		if h.Title == "" {
			h.Title = "(untitled)"
		}
		for _, a := range e.Also {
			h.Also = append(h.Also, ix.Title(a.SourceID))
		}
		out = append(out, h)
	}
	return out
}

// matches folds reasons into one entry per term with its distinct fields.
func matches(reasons []db.Reason) []match {
	var out []match
	index := map[string]int{}
	for _, r := range reasons {
		i, ok := index[r.Term]
		if !ok {
			i = len(out)
			index[r.Term] = i
			out = append(out, match{Term: r.Term})
		}
		if r.Field != "" && !slices.Contains(out[i].Fields, r.Field) {
			out[i].Fields = append(out[i].Fields, r.Field)
		}
	}
	return out
}
