package topic

import (
	"strings"
	"testing"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
)

// TestScores pins how where and how often terms hit add up.
func TestScores(t *testing.T) {
	s := mustCompile(t, config.Topic{ID: "korea", Any: []config.Term{prefix("Korea"), word("Seoul"), region("KP")}})
	long := strings.Repeat("The market report goes on about many other things. ", 3)
	tests := []struct {
		name   string
		it     db.Item
		want   float64
		reason string
	}{
		{"title", db.Item{Title: "Korea talks"}, 3, ""},
		{"lead", db.Item{Summary: "Korea talks resume."}, 2, ""},
		{"body", db.Item{Summary: long + "Korea was mentioned."}, 1, ""},
		{"overlapping terms count once", db.Item{Title: "North Korea fires"}, 3, "region:KP and Korea* hit the same words"},
		{"distinct terms add", db.Item{Title: "Korea and Seoul"}, 6, ""},
		{"repeats add less", db.Item{Title: "Korea", Summary: "Korea. " + long + "Korea."}, 3 + 1 + 0.25, "best + ½ + ¼"},
		{"a fourth hit adds nothing", db.Item{Title: "Korea", Summary: "Korea Korea Korea Korea"}, 3 + 1 + 0.5, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, _ := s.Explain("korea", &tt.it)
			if v.Score != tt.want {
				t.Errorf("score %.3f, want %.3f %s", v.Score, tt.want, tt.reason)
			}
		})
	}
}

// TestMinScoreLeavesOutPassingMentions: min_score drops an item that names
// the subject once in passing, in Classify and Explain alike, and stores the
// score of those it keeps.
func TestMinScoreLeavesOutPassingMentions(t *testing.T) {
	s := mustCompile(t, config.Topic{ID: "korea", MinScore: 3, Any: []config.Term{prefix("Korea")}})
	passing := db.Item{Title: "Tennis", Summary: strings.Repeat("Scores and crowds. ", 8) + "The player from Korea lost."}
	story := db.Item{Title: "Korea raises rates"}
	if ms := s.Classify(&passing); len(ms) != 0 {
		t.Errorf("passing mention selected: %+v", ms)
	}
	if v, _ := s.Explain("korea", &passing); v.Selected || !v.BelowScore || v.Score != 1 {
		t.Errorf("passing mention verdict %+v", v)
	}
	ms := s.Classify(&story)
	if len(ms) != 1 || ms[0].Score != 3 {
		t.Fatalf("story memberships %+v, want one with score 3", ms)
	}
}

// TestScopedTerms: a term limited to a language or a field matches only
// there; a weight scales its score.
func TestScopedTerms(t *testing.T) {
	north := config.Term{Raw: "北", Kind: config.TermWord, Text: "北", Langs: []string{"ko"}}
	titleOnly := config.Term{Raw: "K-pop", Kind: config.TermWord, Text: "K-pop", Fields: []string{"title"}}
	hk := config.Term{Raw: "Hong Kong", Kind: config.TermWord, Text: "Hong Kong", Weight: 0.5}
	s := mustCompile(t,
		config.Topic{ID: "korea", Any: []config.Term{north, prefix("Korea")}, None: []config.Term{titleOnly}},
		config.Topic{ID: "china", Any: []config.Term{hk}},
	)
	tests := []struct {
		name  string
		topic string
		it    db.Item
		want  bool
	}{
		{"北 in a Korean headline", "korea", db.Item{Title: "美 “北, 미사일 발사할 듯”"}, true},
		{"北 in Chinese", "korea", db.Item{Title: "北京时间今天上午"}, false},
		{"北 in Japanese", "korea", db.Item{Title: "北海道で大雪が降った"}, false},
		{"北 in Han-only text of a Korean feed", "korea", db.Item{Title: "北 ICBM", Lang: "ko-KR"}, true},
		{"veto in the title", "korea", db.Item{Title: "K-pop stars in Korea"}, false},
		{"veto term in the summary does not veto", "korea", db.Item{Title: "Korea exports", Summary: "K-pop sales rose."}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, _ := s.Explain(tt.topic, &tt.it)
			if v.Selected != tt.want {
				t.Errorf("selected %v, want %v (%+v)", v.Selected, tt.want, v)
			}
		})
	}
	if v, _ := s.Explain("china", &db.Item{Title: "Hong Kong"}); v.Score != 1.5 {
		t.Errorf("weighted term scored %.2f, want 1.5", v.Score)
	}
}

// TestItemLanguage: the script decides between Korean, Japanese and
// Chinese; the feed's declaration settles the rest.
func TestItemLanguage(t *testing.T) {
	tests := []struct {
		it   db.Item
		want string
	}{
		{db.Item{Title: "北 미사일 발사"}, "ko"},
		{db.Item{Title: "北朝鮮がミサイル発射"}, "ja"},
		{db.Item{Title: "朝鲜发射导弹"}, "zh"},
		{db.Item{Title: "中国経済", Lang: "ja"}, "ja"},
		{db.Item{Title: "Missile launch", Lang: "en-US"}, "en"},
		{db.Item{Title: "Raketenstart", Lang: "de"}, "de"},
		{db.Item{Title: "Missile launch", Lang: "ko"}, "en"},
		{db.Item{Title: "Запуск ракеты"}, "ru"},
	}
	for _, tt := range tests {
		if got := itemLanguage(&tt.it); got != tt.want {
			t.Errorf("itemLanguage(%q, lang %q) = %q, want %q", tt.it.Title, tt.it.Lang, got, tt.want)
		}
	}
}

// TestRegionTermsSilentOnOrdinaryWords: region: terms do not fire on the
// ordinary words that CLDR names of every language used to bring in, and
// still name the countries in the major news languages.
func TestRegionTermsSilentOnOrdinaryWords(t *testing.T) {
	s := mustCompile(t,
		config.Topic{ID: "in", Any: []config.Term{region("IN")}},
		config.Topic{ID: "cn", Any: []config.Term{region("CN")}},
		config.Topic{ID: "fr", Any: []config.Term{region("FR")}},
		config.Topic{ID: "ru", Any: []config.Term{region("RU")}},
	)
	silent := []string{
		"The end of the indie season in Indy", "a hind in the woods", "shine a light", "cine club",
		"Sina Weibo", "Kina", "fine chine of pork", "Frans Hals", "fala", "Rasha", "risi e bisi",
		"ウインドウズの新版", "マインドフルネス", "印度尼西亚总统", "인도네시아 대통령", "인도적 지원",
	}
	for _, text := range silent {
		for _, id := range []string{"in", "cn", "fr", "ru"} {
			if v, _ := s.Explain(id, &db.Item{Title: text}); v.Selected {
				t.Errorf("region term of %s fired on %q: %+v", id, text, v.Reasons)
			}
		}
	}
	named := map[string][]string{
		"in": {"India", "인도 총리", "印度总理", "インド人", "Индия", "Indien", "Inde", "Índia", "Hindistan", "भारत"},
		"cn": {"China", "중국", "中国", "中國", "Китай", "Chiny", "Çin", "Tiongkok", "จีน"},
		"fr": {"France", "프랑스", "法国", "フランス", "Frankreich", "Francia", "Fransa"},
		"ru": {"Russia", "러시아", "俄罗斯", "ロシア", "Россия", "Russland", "Rusia"},
	}
	for id, names := range named {
		for _, name := range names {
			if v, _ := s.Explain(id, &db.Item{Title: name + " today"}); !v.Selected {
				t.Errorf("region term of %s missed %q", id, name)
			}
		}
	}
}

// TestKoreanHanAbbreviationsAndTheirCompounds: a lone 北 or 中 in a Korean
// headline is North Korea or China; inside known compounds it is not.
func TestKoreanHanAbbreviationsAndTheirCompounds(t *testing.T) {
	s := mustCompile(t, config.Topic{ID: "t", Any: []config.Term{
		{Raw: "北", Kind: config.TermWord, Text: "北", Langs: []string{"ko"}},
		{Raw: "中", Kind: config.TermWord, Text: "中", Langs: []string{"ko"}},
	}})
	for text, want := range map[string]bool{
		"北 미사일 발사":    true,
		"中 외교부 “유감”":  true,
		"北京 올림픽 개막":   false,
		"中東 정세 불안":    false,
		"中企 수출 늘어":    false,
		"北美 정상회담 열릴까": true, // North Korea–US, as Korean headlines mean it
	} {
		if v, _ := s.Explain("t", &db.Item{Title: text}); v.Selected != want {
			t.Errorf("%q: selected %v, want %v (%+v)", text, v.Selected, want, v.Reasons)
		}
	}
}
