package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/topic"
)

// printExpansions shows, for `check -v`, what every term of every topic
// means: its kind, its scopes and weight, and for a region: term every
// name it stands for, so that nobody has to guess what a term matches.
func printExpansions(w io.Writer, topics []config.Topic) {
	for _, t := range topics {
		fmt.Fprintf(w, "\ntopic %s", t.ID)
		if t.MinScore > 0 {
			fmt.Fprintf(w, " (min_score %g)", t.MinScore)
		}
		fmt.Fprintln(w)
		for _, list := range []struct {
			name  string
			terms []config.Term
		}{{"any", t.Any}, {"all", t.All}, {"none", t.None}} {
			for _, term := range list.terms {
				fmt.Fprintf(w, "  %-4s %s%s\n", list.name, describeTerm(term), termScopes(term))
				if term.Kind != config.TermRegion {
					continue
				}
				names, err := topic.RegionNames(term.Text)
				if err != nil {
					fmt.Fprintf(w, "         %v\n", err)
					continue
				}
				fmt.Fprintf(w, "         %s\n", strings.Join(names, " | "))
			}
		}
	}
}

func describeTerm(t config.Term) string {
	switch t.Kind {
	case config.TermPrefix:
		return fmt.Sprintf("%q: words starting with %q", t.Raw, t.Text)
	case config.TermRegex:
		return fmt.Sprintf("%q: the regular expression %s", t.Raw, t.Text)
	case config.TermRegion:
		return fmt.Sprintf("%q: the names of region %s in the major news languages:", t.Raw, t.Text)
	}
	return fmt.Sprintf("%q: the word or phrase", t.Raw)
}

func termScopes(t config.Term) string {
	var parts []string
	if len(t.Fields) > 0 {
		parts = append(parts, "fields "+strings.Join(t.Fields, ", "))
	}
	if len(t.Langs) > 0 {
		parts = append(parts, "lang "+strings.Join(t.Langs, ", "))
	}
	if t.Weight != 0 && t.Weight != 1 {
		parts = append(parts, fmt.Sprintf("weight %g", t.Weight))
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, "; ") + ")"
}
