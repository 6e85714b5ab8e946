package feedgen

import (
	"strings"
	"testing"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/topic"
)

func renderAtom(t *testing.T, entries []topic.Entry) xAtomFeed {
	t.Helper()
	var feed xAtomFeed
	decodeXML(t, render(t, Atom, entries), &feed)
	return feed
}

func TestAtomFeedLevel(t *testing.T) {
	feed := renderAtom(t, sampleEntries())
	if feed.ID != "http://127.0.0.1:8080/feeds/korea" {
		t.Errorf("id = %q", feed.ID)
	}
	if feed.Subtitle != "North and South Korea <news>" {
		t.Errorf("subtitle = %q", feed.Subtitle)
	}
	if feed.Updated != "2024-03-02T01:00:00Z" {
		t.Errorf("updated = %q, want the channel's date in UTC", feed.Updated)
	}
	if len(feed.Author) != 0 {
		t.Errorf("feed author = %q: entries would inherit it", feed.Author)
	}
	if feed.Generator != "feedcurator" {
		t.Errorf("generator = %q", feed.Generator)
	}
	wantLinks := []xLink{
		{Rel: "self", Href: "http://127.0.0.1:8080/feeds/korea.atom", Type: "application/atom+xml"},
		{Rel: "alternate", Href: sampleHome, Type: "text/html"},
		{Rel: "hub", Href: sampleHub},
	}
	for _, want := range wantLinks {
		if got := linkByRel(feed.Links, want.Rel); got == nil || *got != want {
			t.Errorf("link rel=%s = %+v, want %+v", want.Rel, got, want)
		}
	}
}

func TestAtomIDsAreUniqueIRIs(t *testing.T) {
	feed := renderAtom(t, sampleEntries())
	seen := map[string]bool{}
	for i, e := range feed.Entries {
		if !isAbsoluteIRI(e.ID) {
			t.Errorf("entry %d id %q is not an absolute IRI", i, e.ID)
		}
		if seen[e.ID] {
			t.Errorf("entry %d id %q repeats", i, e.ID)
		}
		seen[e.ID] = true
	}
	// Re-rendering a different selection keeps each item's id.
	again := renderAtom(t, sampleEntries()[1:2])
	if again.Entries[0].ID != feed.Entries[1].ID {
		t.Errorf("id changed between renders: %q then %q", feed.Entries[1].ID, again.Entries[0].ID)
	}
}

func TestAtomEntryDetails(t *testing.T) {
	feed := renderAtom(t, sampleEntries())
	first := feed.Entries[0]
	if first.Summary == nil || first.Summary.Type != "html" || first.Content == nil || first.Content.Type != "html" {
		t.Fatalf("summary/content not type=html: %+v %+v", first.Summary, first.Content)
	}
	if !strings.HasPrefix(first.Content.Body, `<p>Doctors in <b>Seoul</b> &amp; Busan`) {
		t.Errorf("content not the item's HTML: %q", first.Content.Body)
	}
	if !strings.Contains(first.Content.Body, "<p>Also reported by:</p><ul><li>") {
		t.Errorf("content lacks the also-reported list: %q", first.Content.Body)
	}
	if len(first.Author) != 1 || first.Author[0] != "Ben McGrath" {
		t.Errorf("author = %q", first.Author)
	}
	wantCats := []xCategory{
		{Term: "Asia"},
		{Term: "Korea & Japan"},
		{Term: "Korea*", Scheme: "http://127.0.0.1:8080/topics/korea#match", Label: "matched Korea* in title, content"},
		{Term: "Seoul", Scheme: "http://127.0.0.1:8080/topics/korea#match", Label: "matched Seoul in summary"},
	}
	if len(first.Categories) != len(wantCats) {
		t.Fatalf("categories = %+v, want %+v", first.Categories, wantCats)
	}
	for i := range wantCats {
		if first.Categories[i] != wantCats[i] {
			t.Errorf("category %d = %+v, want %+v", i, first.Categories[i], wantCats[i])
		}
	}
	related := []xLink{}
	for _, l := range first.Links {
		if l.Rel == "related" {
			related = append(related, l)
		}
	}
	wantRelated := xLink{Rel: "related", Href: "http://www.xinhuanet.com/english/2024-03/01/c_1.htm", Title: `新华网: 韩国医生罢工 <"继续"> & more`}
	if len(related) != 1 || related[0] != wantRelated {
		t.Errorf("related links = %+v, want only %+v (javascript: dropped)", related, wantRelated)
	}
	if first.Published != "2024-03-01T09:00:00Z" {
		t.Errorf("published = %q", first.Published)
	}
	if got := feed.Entries[4].Published; got != "2024-02-28T06:00:00Z" {
		t.Errorf("entry with only an updated date has <published>%s</published>, want that date as RSS and JSON show it", got)
	}
	// No link and no body: an empty content element keeps the entry valid.
	bare := feed.Entries[3]
	if len(bare.Links) != 0 || bare.Content == nil {
		t.Errorf("bare entry: links %+v, content %+v", bare.Links, bare.Content)
	}
}

func TestAtomSource(t *testing.T) {
	feed := renderAtom(t, sampleEntries())
	tests := []struct {
		entry      int
		id, title  string
		self, site string
	}{
		{0, "https://www.wsws.org/en/rss.xml", "World Socialist Web Site", "https://www.wsws.org/en/rss.xml", "https://www.wsws.org/"},
		{1, "https://en.yna.co.kr/RSS/news.xml", "연합뉴스", "https://en.yna.co.kr/RSS/news.xml", ""},
		{2, "tag:xinhuanet.com,2024:feed", "新华网", "http://www.xinhuanet.com/rss.xml", "http://www.xinhuanet.com/"},
		{3, "", "misc", "", ""},
	}
	for _, tt := range tests {
		src := feed.Entries[tt.entry].Source
		if src == nil {
			t.Errorf("entry %d has no source", tt.entry)
			continue
		}
		if src.ID != tt.id || src.Title != tt.title {
			t.Errorf("entry %d source id, title = %q, %q; want %q, %q", tt.entry, src.ID, src.Title, tt.id, tt.title)
		}
		for rel, want := range map[string]string{"self": tt.self, "alternate": tt.site} {
			l := linkByRel(src.Links, rel)
			if (l == nil) != (want == "") || (l != nil && l.Href != want) {
				t.Errorf("entry %d source link rel=%s = %+v, want %q", tt.entry, rel, l, want)
			}
		}
	}
}

func TestAtomRepairsLinksAndIDs(t *testing.T) {
	entries := []topic.Entry{{Item: db.Item{
		SourceID: "s", ID: "x", GUID: "not an iri",
		Link:  "https://example.com/a b/<c>",
		Title: "t",
	}}}
	ch := sampleChannel(Atom)
	ch.ID = "korea" // not an IRI: the self URL stands in
	var buf strings.Builder
	if err := Render(&buf, Atom, ch, entries, sampleSourceOf); err != nil {
		t.Fatal(err)
	}
	var feed xAtomFeed
	decodeXML(t, []byte(buf.String()), &feed)
	if feed.ID != ch.SelfURL {
		t.Errorf("feed id = %q, want the self URL", feed.ID)
	}
	alt := linkByRel(feed.Entries[0].Links, "alternate")
	if alt == nil || alt.Href != "https://example.com/a%20b/%3Cc%3E" {
		t.Errorf("alternate link = %+v, want it percent-encoded", alt)
	}
	if id := feed.Entries[0].ID; !strings.HasPrefix(id, "urn:uuid:") {
		t.Errorf("id = %q, want urn:uuid", id)
	}
}
