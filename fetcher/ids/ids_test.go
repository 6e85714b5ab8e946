package ids

import (
	"slices"
	"testing"

	"github.com/feedcurator/feedcurator/db"
	"github.com/mmcdole/gofeed"
)

func TestDisambiguateIDs(t *testing.T) {
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"unique stay", []string{"a", "b"}, []string{"a", "b"}},
		{"repeats numbered in order", []string{"a", "a", "b", "a"}, []string{"a", "a#2", "b", "a#3"}},
		{"a real a#2 is not taken over", []string{"a", "a", "a#2"}, []string{"a", "a#3", "a#2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items := make([]db.Item, len(tt.in))
			for i, id := range tt.in {
				items[i].ID = id
			}
			Disambiguate(items)
			var got []string
			for _, it := range items {
				got = append(got, it.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestItemID(t *testing.T) {
	gi := &gofeed.Item{Title: "t", Description: "d", Content: "c"}
	tests := []struct {
		name, guid, link, want string
	}{
		{"guid first", "g-1", "https://x.example/a", "g-1"},
		{"normalised link next", "", "HTTPS://X.example:443/a?utm_source=rss&id=3#top", "https://x.example/a?id=3"},
		{"content hash last", "", "", ""}, // checked for stability below
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Item(tt.guid, tt.link, ContentHash(gi))
			if tt.guid == "" && tt.link == "" {
				if len(got) != len("sha256:")+64 || got != Item("", "", ContentHash(&gofeed.Item{Title: "t", Description: "d", Content: "c"})) {
					t.Errorf("hash id %q is not a stable sha256", got)
				}
				if got == Item("", "", ContentHash(&gofeed.Item{Title: "t", Description: "dc"})) {
					t.Errorf("fields are not separated in the hash")
				}
				return
			}
			if got != tt.want {
				t.Errorf("Item = %q, want %q", got, tt.want)
			}
		})
	}
}
