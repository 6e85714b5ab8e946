package topic

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
)

// fixtureTopics are the topics of shared/fixtures/topics.yaml.
func fixtureTopics() []config.Topic {
	return []config.Topic{
		{
			ID: "korea", Title: "Korea", Description: "North and South Korea",
			Any: append([]config.Term{prefix("Korea")},
				words("DPRK", "Pyongyang", "Seoul", "Kim Jong Un", "한국", "북한", "朝鲜", "韩国", "北朝鮮")...),
			None: words("K-pop"),
		},
		{
			ID: "china", Title: "China", Description: "The People's Republic of China",
			Any: words("China", "Chinese", "Beijing", "Xi Jinping", "PRC", "中国", "北京", "习近平", "중국"),
		},
	}
}

type fixtureItem struct {
	Feed       string   `json:"feed"`
	Link       string   `json:"link"`
	Title      string   `json:"title"`
	Summary    string   `json:"summary"`
	Content    string   `json:"content"`
	Author     string   `json:"author"`
	Categories []string `json:"categories"`
	Want       []string `json:"want"`
}

func loadFixtureItems(t *testing.T) []fixtureItem {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "fixture_items.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Items []fixtureItem }
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	return f.Items
}

// TestFixtureItems classifies the items of the shared fixture feeds (copied
// into testdata) and checks the topics expected.json gives for each.
func TestFixtureItems(t *testing.T) {
	s := mustCompile(t, fixtureTopics()...)
	for _, fi := range loadFixtureItems(t) {
		it := db.Item{
			SourceID: fi.Feed, Link: fi.Link, Title: fi.Title, Summary: fi.Summary,
			Content: fi.Content, Author: fi.Author, Categories: fi.Categories,
		}
		var got []string
		for _, m := range s.Classify(&it) {
			got = append(got, m.Topic)
			if len(m.Reasons) == 0 {
				t.Errorf("%s %s: topic %s without reasons", fi.Feed, fi.Link, m.Topic)
			}
		}
		if !slices.Equal(got, fi.Want) {
			t.Errorf("%s %s (%q): topics %v, want %v", fi.Feed, fi.Link, fi.Title, got, fi.Want)
		}
	}
}

// TestFixtureReasons pins the reasons for the fixture items with traps.
func TestFixtureReasons(t *testing.T) {
	s := mustCompile(t, fixtureTopics()...)
	items := loadFixtureItems(t)
	find := func(link string) *db.Item {
		for _, fi := range items {
			if fi.Link == link {
				return &db.Item{Title: fi.Title, Summary: fi.Summary, Content: fi.Content, Categories: fi.Categories}
			}
		}
		t.Fatalf("no fixture item %s", link)
		return nil
	}
	tests := []struct {
		link, topic string
		want        []db.Reason
	}{
		{"https://www.wsws.org/en/articles/2017/06/21/auto-j21.html", "korea",
			[]db.Reason{reason("Korea*", "content", "Korean")}},
		{"https://blog.example.org/asia/2017/06/envoys-meet", "korea",
			[]db.Reason{reason("Pyongyang", "summary", "Pyongyang")}},
		{"https://blog.example.org/asia/2017/06/exports", "china",
			[]db.Reason{reason("China", "title", "ＣＨＩＮＡ")}},
		{"https://blog.example.org/asia/2017/06/sanctions", "korea",
			[]db.Reason{reason("DPRK", "categories", "DPRK")}},
		{"https://news.example.kr/news/1", "korea",
			[]db.Reason{reason("북한", "title", "북한")}},
		{"https://news.example.kr/news/1", "china",
			[]db.Reason{reason("중국", "summary", "중국")}},
		{"https://news.example.kr/news/2", "korea",
			[]db.Reason{reason("한국", "title", "한국")}},
	}
	for _, tc := range tests {
		v, _ := s.Explain(tc.topic, find(tc.link))
		if !v.Selected || !slices.Equal(v.Reasons, tc.want) {
			t.Errorf("%s in %s: %+v, want selected with %+v", tc.link, tc.topic, v, tc.want)
		}
	}
	v, _ := s.Explain("korea", find("https://blog.example.org/asia/2017/06/kpop-tour"))
	if v.Selected || !slices.Equal(v.Vetoes, []db.Reason{reason("K-pop", "title", "K-pop")}) {
		t.Errorf("kpop-tour: %+v, want vetoed by K-pop", v)
	}
}

// TestFixtureItemsInStep checks that testdata lists every item of the shared
// expected.json with the same topics, so that the copy cannot drift.
func TestFixtureItemsInStep(t *testing.T) {
	path := filepath.Join("..", "..", "shared", "fixtures", "expected.json")
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		t.Skipf("shared fixtures not present at %s", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	var expected map[string]json.RawMessage
	if err := json.Unmarshal(b, &expected); err != nil {
		t.Fatal(err)
	}
	ours := map[string][]string{}
	for _, fi := range loadFixtureItems(t) {
		ours[fi.Feed+" "+fi.Link] = fi.Want
	}
	n := 0
	for feed, raw := range expected {
		if feed == "_about" {
			continue
		}
		var links map[string][]string
		if err := json.Unmarshal(raw, &links); err != nil {
			t.Fatalf("%s: %v", feed, err)
		}
		for link, want := range links {
			n++
			if got, ok := ours[feed+" "+link]; !ok || !slices.Equal(got, want) {
				t.Errorf("%s %s: testdata has %v (present %v), expected.json %v", feed, link, got, ok, want)
			}
		}
	}
	if n != len(ours) {
		t.Errorf("expected.json lists %d items, testdata %d", n, len(ours))
	}
}
