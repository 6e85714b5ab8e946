package topic

import (
	"testing"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
)

// TestTermRules pins CONTRACT.md's matching table and the issue tracker's
// traps, one term against one text (an item's content, which is HTML).
func TestTermRules(t *testing.T) {
	tests := []struct {
		name     string
		term     config.Term
		content  string
		want     bool
		wantText string // Reason.Text when matched
	}{
		// Latin words at word boundaries, case-insensitively.
		{"word", word("Korea"), "Talks with Korea today", true, "Korea"},
		{"upper case", word("Korea"), "KOREA TALKS", true, "KOREA"},
		{"possessive", word("Korea"), "North Korea's missiles", true, "Korea"},
		{"typographic possessive", word("Korea"), "North Korea’s missiles", true, "Korea"},
		{"not a longer word", word("Korea"), "a Korean envoy", false, ""},
		{"not a plural", word("Korea"), "the two Koreas", false, ""},
		{"hyphen compound", word("Korea"), "A Korean-built compact", false, ""},
		{"Chinatown", word("China"), "Chinatown restaurant workers", false, ""},
		{"Indochina", word("China"), "Indochina war veterans", false, ""},
		{"text edges", word("China"), "China", true, "China"},
		{"punctuation around", word("China"), "(China)", true, "China"},
		{"digits are word characters", word("DMZ"), "crossing DMZ2 today", false, ""},
		{"digit term", word("G7"), "the G7 summit", true, "G7"},
		{"digit term not longer", word("G7"), "the G77 group", false, ""},
		{"Latin before Hangul particle", word("DMZ"), "DMZ는 위험하다", true, "DMZ"},
		{"Latin between Han", word("US"), "中国和US的关系", true, "US"},
		{"hyphenated term", word("K-pop"), "K-pop stars tour", true, "K-pop"},
		{"hyphenated term, Unicode hyphen", word("K-pop"), "K\u2010pop stars", true, "K\u2010pop"},
		{"hyphenated term not joined", word("K-pop"), "kpop stars", false, ""},
		{"word beside a hyphen", word("Korea"), "K-pop stars from Korea tour", true, "Korea"},
		{"apostrophe term", word("O'Neill"), "said O’Neill", true, "O’Neill"},

		// Prefixes.
		{"prefix exact", prefix("Korea"), "Korea talks", true, "Korea"},
		{"prefix longer", prefix("Korea"), "A Korean-built compact", true, "Korean"},
		{"prefix plural", prefix("Korea"), "the two Koreas", true, "Koreas"},
		{"prefix needs word start", prefix("Korea"), "SouthKorean", false, ""},

		// Phrases across any white space.
		{"phrase", word("Kim Jong Un"), "leader Kim Jong Un said", true, "Kim Jong Un"},
		{"phrase, runs of space", word("Kim Jong Un"), "Kim  Jong \t Un", true, "Kim  Jong \t Un"},
		{"phrase, no-break spaces", word("Kim Jong Un"), "Kim\u00a0Jong\u00a0Un", true, "Kim\u00a0Jong\u00a0Un"},
		{"phrase, entity spaces", word("Kim Jong Un"), "Kim&nbsp;Jong&nbsp;Un", true, "Kim\u00a0Jong\u00a0Un"},
		{"phrase, line break", word("Kim Jong Un"), "Kim Jong\nUn", true, "Kim Jong\nUn"},
		{"phrase, br", word("Kim Jong Un"), "Kim Jong<br>Un", true, "Kim Jong\nUn"},
		{"phrase, ideographic space", word("Kim Jong Un"), "Kim\u3000Jong Un", true, "Kim\u3000Jong Un"},
		{"phrase needs its words", word("Kim Jong Un"), "Kim Jong-un", false, ""},
		{"phrase term with odd spaces", word(" Kim  Jong\tUn "), "Kim Jong Un", true, "Kim Jong Un"},

		// Normalisation: NFKC and case folding.
		{"full-width", word("China"), "ＣＨＩＮＡ ＥＸＰＯＲＴＳ ＲＩＳＥ", true, "ＣＨＩＮＡ"},
		{"full-width term", word("ＣＨＩＮＡ"), "china exports", true, "china"},
		{"ligature", word("financial"), "the \ufb01nancial crisis", true, "\ufb01nancial"},
		{"sharp s", word("Straße"), "STRASSE GESPERRT", true, "STRASSE"},
		{"Greek", word("Κορέα"), "Η ΒΌΡΕΙΑ ΚΟΡΈΑ σήμερα", true, "ΚΟΡΈΑ"},
		{"Greek final sigma", word("Κορέας"), "της ΚΟΡΈΑΣ", true, "ΚΟΡΈΑΣ"},
		{"Cyrillic", word("КНДР"), "ракеты КНДР.", true, "КНДР"},
		{"Cyrillic lower term", word("кндр"), "ракеты КНДР.", true, "КНДР"},
		{"Cyrillic not longer", word("Корея"), "Кореяи Шимолӣ", false, ""},
		{"combining accent", word("Corée"), "Core\u0301e du Nord", true, "Core\u0301e"},
		{"soft hyphen", word("Korea"), "Ko\u00ADrea", true, "Ko\u00ADrea"},
		{"soft hyphen entity", word("Korea"), "Ko&shy;rea", true, "Ko\u00ADrea"},

		// Hangul: two or more syllables match inside compounds, particles
		// may follow; known compounds of other meaning do not count.
		{"Hangul particle", word("북한"), "합동참모본부는 북한이 오늘", true, "북한"},
		{"Hangul particle 은", word("중국"), "중국은 자제를 촉구했다", true, "중국"},
		{"Hangul compound", word("한국"), "한국은행 기준금리", true, "한국"},
		{"Hangul inside a compound", word("한국"), "자유한국당 대표", true, "한국"},
		{"Hangul 남중국해", word("중국"), "남중국해 분쟁", true, "중국"},
		{"Hangul mountain", word("북한"), "주말 북한산 등산객", false, ""},
		{"Hangul river", word("북한"), "북한강 수위 상승", false, ""},
		{"Hangul very satisfied", word("대만"), "관객들 대만족", false, ""},
		{"Hangul one syllable keeps word start", word("북"), "동북아 정세", false, ""},
		{"Hangul one syllable word", word("북"), "북, 미사일 발사", true, "북"},
		{"Hangul after Latin", word("한국"), "K한국", true, "한국"},
		{"Hangul prefix", prefix("한국"), "한국은행 기준금리", true, "한국은행"},

		// Han, Kana, Thai: anywhere.
		{"Han", word("朝鲜"), "据报道，朝鲜今天早上", true, "朝鲜"},
		{"Han in Japanese", word("中国"), "中国の経済成長率", true, "中国"},
		{"Japanese", word("北朝鮮"), "北朝鮮がミサイル発射", true, "北朝鮮"},
		{"Kana", word("ミサイル"), "弾道ミサイルを発射", true, "ミサイル"},
		{"Thai", word("เกาหลีเหนือ"), "ข่าวเกาหลีเหนือวันนี้", true, "เกาหลีเหนือ"},
		{"Han, half not enough", word("朝鲜"), "朝日新闻", false, ""},
		{"Han inside a longer country", word("印度"), "印度尼西亚总统选举", false, ""},
		{"Han country", word("印度"), "印度总理访问", true, "印度"},
		{"Chugoku region in Japanese", word("中国"), "中国地方で大雨が降りました", false, ""},
		{"中国地方 in Chinese is China", word("中国"), "中国地方政府债务", true, "中国"},
		{"Han Kuo-yu", word("韩国"), "韩国瑜宣布参选", false, ""},
		{"katakana run is one word", word("インド"), "ウインドウズの新版", false, ""},
		{"katakana mind", word("インド"), "マインドフルネス", false, ""},
		{"katakana then Han", word("インド"), "インド人の観光客", true, "インド"},
		{"katakana soul music", word("ソウル"), "ソウルミュージック", false, ""},
		{"katakana after middle dot", word("ソウル"), "東京・ソウル便", true, "ソウル"},

		// HTML reduced to its text.
		{"inline markup joins", word("Pyongyang"), "<p>Diplomats gathered in <b>Pyong</b>yang on Thursday.</p>", true, "Pyongyang"},
		{"block markup separates", word("Pyongyang"), "Pyong<p>yang", false, ""},
		{"list items separate", word("Korea"), "<ul><li>China</li><li>Korea</li></ul>", true, "Korea"},
		{"href never matches", word("Korea"), `<a href="/en/topics/country/korea/">Related coverage</a>`, false, ""},
		{"alt never matches", word("Korea"), `<img src="x.jpg" alt="Korea">`, false, ""},
		{"quoted > in attribute", word("Korea"), `<a title="a>b Korea" href="/korea">x</a>`, false, ""},
		{"script dropped", word("Korea"), `<p>x</p><script>var korea = 1;</script>`, false, ""},
		{"style dropped", word("Korea"), `<style>.korea { color: red }</style>text`, false, ""},
		{"comment dropped", word("Korea"), `<!-- Korea -->text`, false, ""},
		{"text after script", word("Korea"), `<script>x</script>Korea`, true, "Korea"},
		{"named entity", word("AT&T"), "AT&amp;T shares", true, "AT&T"},
		{"numeric entity", word("Korea"), "&#75;orea", true, "Korea"},
		{"hex entity", word("Korea"), "&#x4B;orea", true, "Korea"},
		{"entity apostrophe", word("Korea"), "Korea&rsquo;s", true, "Korea"},
		{"lone less-than", word("Korea"), "1 < 2 Korea", true, "Korea"},
		{"CDATA text", word("Korea"), "<![CDATA[Korea]]>", true, "Korea"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := mustCompile(t, config.Topic{ID: "t", Any: []config.Term{tc.term}})
			got := s.Classify(&db.Item{SourceID: "src", Content: tc.content})
			if !tc.want {
				if len(got) != 0 {
					t.Fatalf("term %q in %q: selected with %+v, want no match", tc.term.Raw, tc.content, got)
				}
				return
			}
			if len(got) != 1 || len(got[0].Reasons) != 1 {
				t.Fatalf("term %q in %q: got %+v, want one match", tc.term.Raw, tc.content, got)
			}
			want := db.Reason{Term: tc.term.Raw, Field: "content", Text: tc.wantText}
			if r := got[0].Reasons[0]; r != want {
				t.Errorf("reason = %+q, want %+q", r, want)
			}
		})
	}
}

// TestRegexTerms checks that regexes see NFKC text with its case intact.
func TestRegexTerms(t *testing.T) {
	tests := []struct {
		name     string
		expr     string
		title    string
		want     bool
		wantText string
	}{
		{"case-sensitive", `\bUS\b`, "US demands more pressure", true, "US"},
		{"lower case is not US", `\bUS\b`, "let us talk", false, ""},
		{"inline flag", `(?i)\bus\b`, "let us talk", true, "us"},
		{"NFKC full-width", `\bUS\b`, "ＵＳ demands", true, "ＵＳ"},
		{"not folded", `straße`, "STRASSE", false, ""},
		{"markup reduced first", `Pyongyang`, "<b>Pyong</b>yang", true, "Pyongyang"},
		{"empty match", `x*`, "abc", true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := mustCompile(t, config.Topic{ID: "t", Any: []config.Term{regex(tc.expr)}})
			got := s.Classify(&db.Item{Title: tc.title})
			if !tc.want {
				if len(got) != 0 {
					t.Fatalf("%q in %q: got %+v, want no match", tc.expr, tc.title, got)
				}
				return
			}
			want := []db.Membership{{Topic: "t", Reasons: []db.Reason{{Term: "/" + tc.expr + "/", Field: "title", Text: tc.wantText}}}}
			if !equalMemberships(got, want) {
				t.Errorf("got %+v, want %+v", got, want)
			}
		})
	}
}

// TestRegionTerms checks region:KP against its names in several scripts,
// each by its script's rule.
func TestRegionTerms(t *testing.T) {
	tests := []struct {
		title    string
		want     bool
		wantText string
	}{
		{"Tensions with North Korea rise", true, "North Korea"},
		{"합동참모본부는 북한이 오늘", true, "북한"},
		{"据报道，朝鲜今天早上", true, "朝鲜"},
		{"北朝鮮がミサイル発射", true, "北朝鮮"},
		{"北韓試射飛彈", true, "北韓"},
		{"Запуск ракеты КНДР", true, "КНДР"},
		{"La Corée du Nord a tiré", true, "Corée du Nord"},
		{"Nordkorea testet Raketen", true, "Nordkorea"},
		{"ＮＯＲＴＨ ＫＯＲＥＡ", true, "ＮＯＲＴＨ ＫＯＲＥＡ"},
		{"South Korea's central bank", false, ""},
		{"한국은행 기준금리", false, ""},
		{"Nordkoreaner", false, ""},
	}
	s := mustCompile(t, config.Topic{ID: "kp", Any: []config.Term{region("KP")}})
	for _, tc := range tests {
		got := s.Classify(&db.Item{Title: tc.title})
		if !tc.want {
			if len(got) != 0 {
				t.Errorf("%q: got %+v, want no match", tc.title, got)
			}
			continue
		}
		want := []db.Membership{{Topic: "kp", Reasons: []db.Reason{{Term: "region:KP", Field: "title", Text: tc.wantText}}}}
		if !equalMemberships(got, want) {
			t.Errorf("%q: got %+v, want %+v", tc.title, got, want)
		}
	}
}

func equalMemberships(a, b []db.Membership) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Topic != b[i].Topic || len(a[i].Reasons) != len(b[i].Reasons) {
			return false
		}
		for j := range a[i].Reasons {
			if a[i].Reasons[j] != b[i].Reasons[j] {
				return false
			}
		}
	}
	return true
}
