package feedgen

import (
	"reflect"
	"testing"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/topic"
)

func TestMatchScheme(t *testing.T) {
	tests := []struct{ home, topic, want string }{
		{"http://127.0.0.1:8080/", "korea", "http://127.0.0.1:8080/topics/korea#match"},
		{"https://news.example/curated", "china", "https://news.example/curated/topics/china#match"},
		{"", "korea", ""},
		{"http://127.0.0.1:8080/", "", ""},
	}
	for _, tt := range tests {
		if got := matchScheme(tt.home, tt.topic); got != tt.want {
			t.Errorf("matchScheme(%q, %q) = %q, want %q", tt.home, tt.topic, got, tt.want)
		}
	}
}

func TestDistinctTerms(t *testing.T) {
	reasons := []db.Reason{
		{Term: "Korea*", Field: "title"},
		{Term: "Seoul", Field: "summary"},
		{Term: "Korea*", Field: "content"},
		{Term: "Korea*", Field: "title"}, // repeated field
		{Term: "", Field: "title"},       // no term: skipped
	}
	want := []matchedTerm{
		{term: "Korea*", fields: []string{"title", "content"}},
		{term: "Seoul", fields: []string{"summary"}},
	}
	if got := distinctTerms(reasons); !reflect.DeepEqual(got, want) {
		t.Errorf("distinctTerms = %+v, want %+v", got, want)
	}
	if got := want[0].label(); got != "matched Korea* in title, content" {
		t.Errorf("label = %q", got)
	}
}

func TestAtomUpdatedFallbacks(t *testing.T) {
	feed := date("2024-06-01T00:00:00Z")
	pub, upd, seen := date("2024-01-01T00:00:00Z"), date("2024-01-02T00:00:00Z"), date("2024-01-03T00:00:00Z")
	tests := []struct {
		name string
		item db.Item
		want string
	}{
		{"updated wins", db.Item{Published: pub, Updated: upd, FirstSeen: seen}, "2024-01-02T00:00:00Z"},
		{"else published", db.Item{Published: pub, FirstSeen: seen}, "2024-01-01T00:00:00Z"},
		{"else first seen", db.Item{FirstSeen: seen}, "2024-01-03T00:00:00Z"},
		{"else the feed's date", db.Item{}, "2024-06-01T00:00:00Z"},
	}
	for _, tt := range tests {
		_, modified := entryDates(&topic.Entry{Item: tt.item})
		if got := rfc3339(atomUpdated(modified, feed)); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}
