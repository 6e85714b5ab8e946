package main

import (
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/internal/linkid"
	"github.com/feedcurator/feedcurator/topic"
)

// copiesOf finds, among the items a topic selects, those its feed leaves out
// because another selected item carries the same link (normalised as the
// feed compares links): each maps to the original the feed shows instead.
// selected lists the indexes of the selected items.
func copiesOf(items []db.Item, selected []int) map[int]*db.Item {
	byLink := map[string][]int{}
	for _, i := range selected {
		if items[i].Link != "" {
			link := linkid.Normalize(items[i].Link)
			byLink[link] = append(byLink[link], i)
		}
	}
	out := map[int]*db.Item{}
	for _, group := range byLink {
		if len(group) < 2 {
			continue
		}
		copies := make([]db.Item, len(group))
		for k, i := range group {
			copies[k] = items[i]
		}
		orig := topic.Original(copies)
		for _, i := range group {
			if items[i].Key() != orig.Key() {
				out[i] = orig
			}
		}
	}
	return out
}
