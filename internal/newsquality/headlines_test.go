package newsquality

import (
	"slices"
	"testing"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/topic"
)

// TestBuiltinTopicsOnHeadlines pins what the built-in topics make of
// headlines written the way each language's newsrooms write them, beyond
// the labelled set: abbreviations, pairs of countries, and the words that
// look like a country's name but are not one.
func TestBuiltinTopicsOnHeadlines(t *testing.T) {
	set, err := topic.Compile(config.Default().Topics)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		title string
		want  []string
	}{
		{"North Korea fires ballistic missile into the sea", []string{"korea"}},
		{"China and South Korea agree on trade talks", []string{"korea", "china"}},
		{"Hong Kong stocks close higher", nil}, // Hong Kong alone is not China's story
		{"K-pop group tops the charts in Korea", nil},
		{"北, 동해상으로 탄도미사일 발사", []string{"korea"}},
		{"中 외교부 “한반도 긴장 우려”", []string{"korea", "china"}},
		{"자유한국당 원내대표 선출", []string{"korea"}},
		{"주말 북한산 등산객 붐벼", nil},
		{"관객들 대만족한 공연", nil},
		{"朝韩首脑会晤在板门店举行", []string{"korea"}},
		{"中美贸易谈判取得进展", []string{"china"}},
		{"韩国瑜宣布参选", nil},
		{"大米中含有多少蛋白质", nil},
		{"韓大統領が来日、首脳会談へ", []string{"korea"}},
		{"米中貿易摩擦が激化", []string{"china"}},
		{"中国地方で大雨、土砂災害に警戒", nil},
		{"日中は晴れ、夜は雨", nil},
		{"北京五輪の思い出を語る", nil},
	}
	for _, tt := range tests {
		it := db.Item{Title: tt.title}
		var got []string
		for _, m := range set.Classify(&it) {
			got = append(got, m.Topic)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: topics %v, want %v", tt.title, got, tt.want)
		}
	}
}
