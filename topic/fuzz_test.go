package topic

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
)

// FuzzMatch checks that matching never panics, is deterministic, shows only
// text that is in the item, and that a term always matches an item whose
// title is exactly that term. Its seeds run as part of go test.
func FuzzMatch(f *testing.F) {
	seeds := [][2]string{
		{"North Korea's missiles", "Korea"},
		{"A Korean-built compact", "Korea"},
		{"Chinatown and Indochina", "China"},
		{"<b>Pyong</b>yang", "Pyongyang"},
		{`<a href="/en/topics/country/korea/">x</a>`, "korea"},
		{"ＣＨＩＮＡ ＥＸＰＯＲＴＳ", "China"},
		{"북한이 한국은행 중국은", "북한"},
		{"据报道，朝鲜今天", "朝鲜"},
		{"Kim\u00a0Jong\nUn", "Kim Jong Un"},
		{"K\u2010pop", "K-pop"},
		{"DMZ2 G7", "G7"},
		{"e\u0301\u0301\u0301 \ufb01 ß", "ss"},
		{"&#xD800;&amp&#0;<!--", "&"},
		{"\xff\xfe<scr", "\xff"},
		{"<script>Korea</script", "script"},
		{"", "x"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, text, term string) {
		topics := []config.Topic{
			{ID: "word", Any: []config.Term{word(term)}},
			{ID: "prefix", Any: []config.Term{prefix(term)}},
			{ID: "regex", Any: []config.Term{regex(regexpQuote(term))}},
			{ID: "all", All: []config.Term{word(term)}, None: []config.Term{word("x")}},
		}
		s, err := Compile(topics)
		if err != nil {
			if foldTerm(term) == "" {
				return // nothing to match: the config package rejects such terms
			}
			t.Fatalf("Compile(%q): %v", term, err)
		}
		it := &db.Item{Title: text, Summary: text, Content: text, Categories: []string{text, term}, Link: text}
		first := s.Classify(it)
		if again := s.Classify(it); !reflect.DeepEqual(first, again) {
			t.Fatalf("Classify not deterministic:\n%+v\n%+v", first, again)
		}
		plain := !strings.ContainsAny(text, "<&")
		for _, m := range first {
			for _, r := range m.Reasons {
				if r.Field == "title" && plain && utf8.ValidString(text) && !strings.Contains(text, r.Text) {
					t.Errorf("reason %+v shows text that is not in the title %q", r, text)
				}
			}
		}
		for _, topic := range topics {
			if _, ok := s.Explain(topic.ID, it); !ok {
				t.Fatalf("Explain(%s): unknown", topic.ID)
			}
		}
		if strings.ContainsAny(term, "<&") {
			return
		}
		got := s.Classify(&db.Item{Title: term})
		if len(got) < 2 || got[0].Topic != "word" || got[1].Topic != "prefix" {
			t.Errorf("an item titled %q: topics %+v, want word and prefix among them", term, got)
		}
	})
}

// regexpQuote quotes a fuzzed term for a regex; invalid UTF-8 would make
// the expression fail to compile, so it is replaced.
func regexpQuote(s string) string {
	return regexp.QuoteMeta(strings.ToValidUTF8(s, "\uFFFD"))
}
