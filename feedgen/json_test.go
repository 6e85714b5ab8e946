package feedgen

import (
	"encoding/json"
	"reflect"
	"testing"
)

func decodeJSON(t *testing.T, out []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatalf("decode: %v\n%s", err, out)
	}
	return m
}

func TestJSONFeedLevel(t *testing.T) {
	m := decodeJSON(t, render(t, JSON, sampleEntries()))
	want := map[string]any{
		"version":       "https://jsonfeed.org/version/1.1",
		"title":         "Korea & the Peninsula",
		"description":   "North and South Korea <news>",
		"home_page_url": sampleHome,
		"feed_url":      "http://127.0.0.1:8080/feeds/korea.json",
		"hubs":          []any{map[string]any{"type": "WebSub", "url": sampleHub}},
	}
	for k, v := range want {
		if !reflect.DeepEqual(m[k], v) {
			t.Errorf("%s = %#v, want %#v", k, m[k], v)
		}
	}
	if _, ok := m["author"]; ok {
		t.Error(`JSON Feed 1.1 has "authors", not the 1.0 "author"`)
	}
}

func TestJSONEmptyFeedHasItems(t *testing.T) {
	m := decodeJSON(t, render(t, JSON, nil))
	items, ok := m["items"].([]any)
	if !ok || len(items) != 0 {
		t.Errorf("items = %#v, want []", m["items"])
	}
}

func TestJSONItems(t *testing.T) {
	m := decodeJSON(t, render(t, JSON, sampleEntries()))
	items := m["items"].([]any)
	first := items[0].(map[string]any)

	if _, ok := first["author"]; ok {
		t.Error(`item has the deprecated "author"`)
	}
	wantFirst := map[string]any{
		"id":      wswsGUID,
		"url":     wswsGUID,
		"summary": "Doctors in Seoul & Busan walked out <again>.", // plain text
		"authors": []any{map[string]any{"name": "Ben McGrath"}},
		"tags":    []any{"Asia", "Korea & Japan"},
		"_source": map[string]any{
			"title": "World Socialist Web Site", "url": "https://www.wsws.org/", "feed_url": "https://www.wsws.org/en/rss.xml",
		},
		"_match": map[string]any{"topic": "korea", "terms": []any{
			map[string]any{"term": "Korea*", "field": "title", "text": "Korea"},
			map[string]any{"term": "Seoul", "field": "summary", "text": "Seoul"},
			map[string]any{"term": "Korea*", "field": "content", "text": "Korea"},
		}},
		"_also": []any{
			map[string]any{"url": "http://www.xinhuanet.com/english/2024-03/01/c_1.htm", "title": `韩国医生罢工 <"继续"> & more`, "source": "新华网"},
			map[string]any{"title": "Sneaky", "source": "misc"}, // javascript: link dropped
		},
	}
	for k, v := range wantFirst {
		if !reflect.DeepEqual(first[k], v) {
			t.Errorf("item 0 %s = %#v, want %#v", k, first[k], v)
		}
	}

	tests := []struct {
		item int
		key  string
		want any
	}{
		// No site URL: _source.url falls back to the feed URL.
		{1, "_source", map[string]any{"title": "연합뉴스", "url": "https://en.yna.co.kr/RSS/news.xml", "feed_url": "https://en.yna.co.kr/RSS/news.xml"}},
		// Only a summary: it is the HTML body too.
		{2, "content_html", "<p>朝鲜半岛</p>"},
		// Nothing at all: content_html is still present.
		{3, "content_html", ""},
		{3, "id", "item-42"},
		{3, "_source", map[string]any{"title": "misc"}},
		{4, "_match", nil},
		{4, "date_modified", "2024-02-28T06:00:00Z"},
		{4, "date_published", "2024-02-28T06:00:00Z"}, // only an updated date: the same in every format
	}
	for _, tt := range tests {
		if got := items[tt.item].(map[string]any)[tt.key]; !reflect.DeepEqual(got, tt.want) {
			t.Errorf("item %d %s = %#v, want %#v", tt.item, tt.key, got, tt.want)
		}
	}
}
