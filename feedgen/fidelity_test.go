package feedgen

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/topic"
)

// fidelityEntries: a podcast episode with two enclosures, a thumbnail and
// two authors; an item that names no author from a source that does; an
// item dated 2099; an item the source edited; a clustered story that
// another source's copy joined later.
func fidelityEntries() []topic.Entry {
	seen := date("2026-03-01T10:00:00Z")
	return []topic.Entry{
		{Item: db.Item{SourceID: "pod", ID: "ep12", GUID: "ep12", Link: "https://pod.example/12", Title: "Episode 12",
			Author:     "Kim, Lee",
			Authors:    []db.Person{{Name: "Kim", Email: "kim@pod.example", URI: "https://pod.example/kim"}, {Name: "Lee"}},
			Categories: []string{"Podcast"},
			Enclosures: []db.Enclosure{{URL: "https://cdn.example/12.mp3", Type: "audio/mpeg", Length: 123}, {URL: "https://cdn.example/12.bin"}},
			Image:      "https://cdn.example/12.jpg",
			Published:  date("2026-03-01T09:00:00Z"), FirstSeen: seen},
			Reasons: []db.Reason{{Term: "region:KP", Field: "title", Text: "North Korea"}}},
		{Item: db.Item{SourceID: "desk", ID: "d1", Link: "https://desk.example/1", Title: "Desk item",
			Published: date("2026-03-01T08:00:00Z"), FirstSeen: seen}},
		{Item: db.Item{SourceID: "desk", ID: "d2", Link: "https://desk.example/2", Title: "From the future",
			Published: date("2099-01-01T00:00:00Z"), FirstSeen: seen}},
		{Item: db.Item{SourceID: "desk", ID: "d3", Link: "https://desk.example/3", Title: "Edited",
			Published: date("2026-03-01T07:00:00Z"), FirstSeen: seen, Modified: date("2026-03-01T15:00:00Z")}},
		{Item: db.Item{SourceID: "desk", ID: "d4", Link: "https://desk.example/4", Title: "Clustered",
			Published: date("2026-03-01T06:00:00Z"), FirstSeen: seen},
			Also: []db.Item{{SourceID: "pod", Link: "https://pod.example/4", Title: "Same story", FirstSeen: date("2026-03-01T16:00:00Z")}}},
	}
}

var fidelitySources = map[string]Source{
	"pod":  {ID: "pod", Title: "Korea Podcast", FeedURL: "https://pod.example/feed"},
	"desk": {ID: "desk", Title: "Desk feed", FeedURL: "https://desk.example/feed", Authors: []db.Person{{Name: "Asia Desk"}}},
}

func fidelityChannel(f Format) Channel {
	return Channel{TopicID: "korea", Title: "Korea — feedcurator", ID: "http://127.0.0.1:8080/feeds/korea",
		SelfURL: "http://127.0.0.1:8080/feeds/korea." + string(f), HomeURL: "http://127.0.0.1:8080/",
		PageURL: "http://127.0.0.1:8080/topics/korea",
		IconURL: "http://127.0.0.1:8080/favicon.ico", LogoURL: "http://127.0.0.1:8080/static/icon.png"}
}

func renderFidelity(t *testing.T, f Format, ch Channel, entries []topic.Entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, f, ch, entries, func(id string) Source { return fidelitySources[id] }); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func xmlTree(t *testing.T, out []byte) *xmlNode {
	t.Helper()
	root, err := parseXMLTree(out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return root
}

func TestAtomKeepsMediaAuthorsAndEdits(t *testing.T) {
	out := renderFidelity(t, Atom, fidelityChannel(Atom), fidelityEntries())
	feed := xmlTree(t, out)
	if len(feed.children(atomNS, "author")) != 0 {
		t.Error("the feed has an author, which every entry without one would inherit")
	}
	if icon, _ := feed.childText(atomNS, "icon"); icon != "http://127.0.0.1:8080/favicon.ico" {
		t.Errorf("icon %q", icon)
	}
	alternate := ""
	for _, l := range feed.children(atomNS, "link") {
		if l.attr("rel") == "alternate" {
			alternate = l.attr("href")
		}
	}
	if alternate != "http://127.0.0.1:8080/topics/korea" {
		t.Errorf("alternate %q, want the topic's page", alternate)
	}
	entries := feed.children(atomNS, "entry")
	ep := entries[0]
	var authors []string
	for _, a := range ep.children(atomNS, "author") {
		name, _ := a.childText(atomNS, "name")
		email, _ := a.childText(atomNS, "email")
		uri, _ := a.childText(atomNS, "uri")
		authors = append(authors, name+"|"+email+"|"+uri)
	}
	if got := strings.Join(authors, ","); got != "Kim|kim@pod.example|https://pod.example/kim,Lee||" {
		t.Errorf("authors %s", got)
	}
	var encs []string
	for _, l := range ep.children(atomNS, "link") {
		if l.attr("rel") == "enclosure" {
			encs = append(encs, l.attr("href")+"|"+l.attr("type")+"|"+l.attr("length"))
		}
	}
	if got := strings.Join(encs, ","); got != "https://cdn.example/12.mp3|audio/mpeg|123,https://cdn.example/12.bin||" {
		t.Errorf("enclosures %s", got)
	}
	if th := ep.child(mediaNS, "thumbnail"); th == nil || th.attr("url") != "https://cdn.example/12.jpg" {
		t.Errorf("thumbnail %+v", th)
	}
	for _, c := range ep.children(atomNS, "category") {
		if c.attr("term") != "Podcast" {
			t.Errorf("category %q: match terms are no categories by default", c.attr("term"))
		}
	}
	desk := entries[1]
	if name, _ := desk.child(atomNS, "author").childText(atomNS, "name"); name != "Asia Desk" {
		t.Errorf("an item without an author credits %q, want its source feed's", name)
	}
	checks := []struct {
		entry      int
		elem, want string
		what       string
	}{
		{2, "published", "2026-03-01T10:00:00Z", "a date in 2099 is clamped to first seen"},
		{3, "updated", "2026-03-01T15:00:00Z", "an edited item is updated when the edit was seen"},
		{4, "updated", "2026-03-01T16:00:00Z", "a story is updated when another source's copy joined"},
	}
	for _, c := range checks {
		if got, _ := entries[c.entry].childText(atomNS, c.elem); got != c.want {
			t.Errorf("%s: %s %q, want %q", c.what, c.elem, got, c.want)
		}
	}
}

func TestRSSKeepsTheFirstEnclosureAndEveryAuthor(t *testing.T) {
	ch := xmlTree(t, renderFidelity(t, RSS, fidelityChannel(RSS), fidelityEntries())).child("", "channel")
	if link, _ := ch.childText("", "link"); link != "http://127.0.0.1:8080/topics/korea" {
		t.Errorf("channel link %q", link)
	}
	if img := ch.child("", "image"); img == nil {
		t.Error("no channel image")
	}
	items := ch.children("", "item")
	ep := items[0]
	encs := ep.children("", "enclosure")
	if len(encs) != 1 || encs[0].attr("url") != "https://cdn.example/12.mp3" || encs[0].attr("length") != "123" || encs[0].attr("type") != "audio/mpeg" {
		t.Errorf("enclosures %+v", encs)
	}
	var creators []string
	for _, c := range ep.children(dcNS, "creator") {
		creators = append(creators, string(c.text))
	}
	if got := strings.Join(creators, ","); got != "Kim,Lee" {
		t.Errorf("dc:creator %s", got)
	}
	if a, _ := ep.childText("", "author"); a != "kim@pod.example (Kim)" {
		t.Errorf("author %q", a)
	}
	for _, c := range ep.children("", "category") {
		if string(c.text) != "Podcast" {
			t.Errorf("category %q: match terms are no categories by default", c.text)
		}
	}
	if c, _ := items[1].childText(dcNS, "creator"); c != "Asia Desk" {
		t.Errorf("source feed's author not credited: %q", c)
	}
	if d, _ := items[2].childText("", "pubDate"); d != "Sun, 01 Mar 2026 10:00:00 +0000" {
		t.Errorf("a date in 2099: pubDate %q, want first seen", d)
	}
}

func TestJSONKeepsAttachmentsAuthorsAndEdits(t *testing.T) {
	ch := fidelityChannel(JSON)
	ch.FirstURL = ch.SelfURL
	ch.SelfURL += "?page=2"
	m := decodeJSON(t, renderFidelity(t, JSON, ch, fidelityEntries()))
	if m["feed_url"] != "http://127.0.0.1:8080/feeds/korea.json" || m["home_page_url"] != "http://127.0.0.1:8080/topics/korea" {
		t.Errorf("feed_url %v home_page_url %v", m["feed_url"], m["home_page_url"])
	}
	if m["favicon"] != "http://127.0.0.1:8080/favicon.ico" || m["icon"] != "http://127.0.0.1:8080/static/icon.png" {
		t.Errorf("favicon %v icon %v", m["favicon"], m["icon"])
	}
	items := m["items"].([]any)
	ep := items[0].(map[string]any)
	att := ep["attachments"].([]any)
	a0, a1 := att[0].(map[string]any), att[1].(map[string]any)
	if len(att) != 2 || a0["url"] != "https://cdn.example/12.mp3" || a0["mime_type"] != "audio/mpeg" || a0["size_in_bytes"] != 123.0 ||
		a1["mime_type"] != defaultMediaType {
		t.Errorf("attachments %v", att)
	}
	if ep["image"] != "https://cdn.example/12.jpg" {
		t.Errorf("image %v", ep["image"])
	}
	authors := ep["authors"].([]any)
	if len(authors) != 2 || authors[0].(map[string]any)["url"] != "https://pod.example/kim" || authors[1].(map[string]any)["name"] != "Lee" {
		t.Errorf("authors %v", authors)
	}
	if tags := ep["tags"].([]any); len(tags) != 1 || tags[0] != "Podcast" {
		t.Errorf("tags %v: match terms are no tags by default", tags)
	}
	if ep["_match"] == nil {
		t.Error("_match missing")
	}
	want := []struct {
		item       int
		key, value string
	}{
		{1, "authors", "Asia Desk"},
		{2, "date_published", "2026-03-01T10:00:00Z"},
		{3, "date_modified", "2026-03-01T15:00:00Z"},
		{4, "date_modified", "2026-03-01T16:00:00Z"},
	}
	for _, w := range want {
		got := items[w.item].(map[string]any)[w.key]
		if w.key == "authors" {
			got = got.([]any)[0].(map[string]any)["name"]
		}
		if got != w.value {
			t.Errorf("item %d %s = %v, want %s", w.item, w.key, got, w.value)
		}
	}
}

func TestMatchCategoriesOption(t *testing.T) {
	ch := fidelityChannel(Atom)
	ch.MatchCategories = true
	out := string(renderFidelity(t, Atom, ch, fidelityEntries()))
	if !strings.Contains(out, `term="region:KP" scheme="http://127.0.0.1:8080/topics/korea#match"`) {
		t.Errorf("match_categories on: no match category in\n%s", out)
	}
}

func TestEmptyFeedIsDatedWhenTheTopicChanged(t *testing.T) {
	changed := date("2026-02-01T00:00:00Z")
	for _, f := range Formats {
		ch := fidelityChannel(f)
		ch.Updated = changed
		out := string(renderFidelity(t, f, ch, nil))
		if strings.Contains(out, "1970") {
			t.Errorf("%s: an empty feed dated 1970:\n%s", f, out)
		}
		if f == Atom && !strings.Contains(out, "<updated>2026-02-01T00:00:00Z</updated>") {
			t.Errorf("atom: empty feed's updated is not the topic's change:\n%s", out)
		}
	}
	if got := Newest(fidelityEntries()); !got.Equal(date("2026-03-01T16:00:00Z")) {
		t.Errorf("Newest = %v, want the newest entry's modification", got)
	}
	if got := feedUpdated(time.Time{}, nil); !got.Equal(time.Unix(0, 0)) {
		t.Errorf("date of nothing = %v", got)
	}
}

func TestAtomEmailIsAnAddressOrNothing(t *testing.T) {
	got := atomAuthors([]db.Person{{Name: "Desk", Email: "desk@example.org (Desk)"}, {Email: "kim@example.org"}, {Name: "Lee", Email: "not an address"}})
	want := []string{"Desk|", "kim@example.org|kim@example.org", "Lee|"}
	for i, a := range got {
		if s := a.Name + "|" + a.Email; s != want[i] {
			t.Errorf("author %d = %s, want %s", i, s, want[i])
		}
	}
}
