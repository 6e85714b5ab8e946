package topic

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/internal/htmltext"
)

// benchArticle is a 4.5 KB news article in HTML (the wsws fixture story).
func benchArticle(b *testing.B) string {
	data, err := os.ReadFile(filepath.Join("testdata", "article.html"))
	if err != nil {
		b.Fatal(err)
	}
	return string(data)
}

// benchText is about 2 KB of the article's plain text.
func benchText(b *testing.B) string {
	text := string(htmltext.AppendText(nil, benchArticle(b)))
	cut := strings.LastIndexByte(text[:2048], ' ')
	return text[:cut]
}

// benchTopics spreads n terms over 50 topics: mostly made-up words built
// from common English syllables (so that the automaton leaves its root as it
// would with real vocabularies), some prefixes, phrases, Han and Hangul
// terms, and a few real words of the article so that topics match.
func benchTopics(n int) []config.Topic {
	const numTopics = 50
	rng := rand.New(rand.NewPCG(7, 11))
	syllables := strings.Fields("ka ro ne an ter con sta in re de men tion pro ber lin tra mar son el ist or al ic us")
	han := []rune("中国朝鲜日本经济美国北京韩国市场政府发展合作")
	hangul := []rune("한국북중일미경제정부시장발전협력")
	pseudo := func() string {
		var sb strings.Builder
		for range 2 + rng.IntN(3) {
			sb.WriteString(syllables[rng.IntN(len(syllables))])
		}
		return sb.String()
	}
	pick := func(rs []rune) string { return string([]rune{rs[rng.IntN(len(rs))], rs[rng.IntN(len(rs))]}) }
	topics := make([]config.Topic, numTopics)
	for i := range topics {
		topics[i] = config.Topic{ID: fmt.Sprintf("t%02d", i)}
	}
	real := []config.Term{word("China"), word("Pyongyang"), prefix("Korea"), word("Beijing"), word("Kim Jong Un")}
	for i, term := range real {
		topics[i].Any = append(topics[i].Any, term)
	}
	for k := len(real); k < n; k++ {
		var term config.Term
		switch r := rng.IntN(100); {
		case r < 80:
			term = word(pseudo())
		case r < 90:
			term = prefix(pseudo())
		case r < 95:
			term = word(pseudo() + " " + pseudo())
		case r < 98:
			term = word(pick(han))
		default:
			term = word(pick(hangul))
		}
		t := &topics[k%numTopics]
		t.Any = append(t.Any, term)
	}
	for i := range topics {
		if len(topics[i].Any) == 0 {
			topics[i].Any = []config.Term{word(pseudo())}
		}
	}
	return topics
}

// benchMatchPrepared measures matching alone: the item's text is prepared
// once, then matched and evaluated for every topic on every iteration.
func benchMatchPrepared(b *testing.B, s *Set, it *db.Item) {
	sc := s.acquire()
	sc.doc.prepare(&sc.norm, it, s.patternFields, s.regexFields)
	selected := 0
	for b.Loop() {
		sc.matches.reset(len(s.slots))
		sc.match(s)
		for i := range s.topics {
			if t := &s.topics[i]; sc.matches.selects(t) {
				selected++
				_ = sc.matches.reasons(s, t.any, t.all)
			}
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "items/s")
	if selected == 0 {
		b.Fatal("no topic selected the item: the benchmark measures nothing real")
	}
}

// BenchmarkMatch: 50 topics with 10 to 10,000 terms in all, over ~2 KB of
// prepared text. The cost should barely depend on the number of terms.
func BenchmarkMatch(b *testing.B) {
	it := &db.Item{Content: benchText(b)}
	for _, n := range []int{10, 100, 1000, 10000} {
		b.Run(fmt.Sprintf("terms=%d", n), func(b *testing.B) {
			s := mustCompile(b, benchTopics(n)...)
			b.SetBytes(int64(len(it.Content)))
			benchMatchPrepared(b, s, it)
		})
	}
}

// BenchmarkMatchRegions: one topic of ten region terms (some 1,400 names in
// every script) over the same prepared text.
func BenchmarkMatchRegions(b *testing.B) {
	var terms []config.Term
	for _, code := range strings.Fields("KP KR CN JP TW US RU FR DE GB") {
		terms = append(terms, region(code))
	}
	s := mustCompile(b, config.Topic{ID: "regions", Any: terms})
	it := &db.Item{Content: benchText(b)}
	b.SetBytes(int64(len(it.Content)))
	benchMatchPrepared(b, s, it)
}

// BenchmarkPrepare: reducing a 4.5 KB HTML body to text and putting it in
// match form, the per-item work that does not depend on topics; for the
// English article and for Korean and Chinese news text of the same size.
func BenchmarkPrepare(b *testing.B) {
	ko := "<p>합동참모본부는 북한이 오늘 오전 탄도미사일을 발사했다고 밝혔다. 중국은 자제를 촉구했다.</p>\n"
	zh := "<p>据报道，朝鲜今天早上再次试射一枚弹道导弹。中国外交部发言人表示，反对美国的单边制裁。</p>\n"
	bodies := []struct{ name, html string }{
		{"en", benchArticle(b)},
		{"ko", strings.Repeat(ko, 4500/len(ko))},
		{"zh", strings.Repeat(zh, 4500/len(zh))},
	}
	for _, body := range bodies {
		b.Run(body.name, func(b *testing.B) {
			it := &db.Item{Content: body.html}
			sc := scanner{norm: newNormalizer()}
			b.SetBytes(int64(len(body.html)))
			for b.Loop() {
				sc.doc.prepare(&sc.norm, it, 1<<fieldContent, 0)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "items/s")
		})
	}
}

// BenchmarkReduceHTML compares the HTML state machine with the text
// extraction golang.org/x/net/html's tokenizer allows.
func BenchmarkReduceHTML(b *testing.B) {
	article := benchArticle(b)
	b.Run("statemachine", func(b *testing.B) {
		var buf []byte
		b.SetBytes(int64(len(article)))
		for b.Loop() {
			buf = htmltext.AppendText(buf[:0], article)
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "items/s")
	})
	b.Run("x-net-html", func(b *testing.B) {
		var buf []byte
		b.SetBytes(int64(len(article)))
		for b.Loop() {
			buf = buf[:0]
			z := html.NewTokenizer(strings.NewReader(article))
			for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
				if tt == html.TextToken {
					buf = append(buf, z.Text()...)
				}
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "items/s")
	})
}

// BenchmarkClassify: the whole of Classify on a 4.5 KB article with title
// and summary, for the fixture topics and for 50 topics of 1,000 terms.
func BenchmarkClassify(b *testing.B) {
	it := &db.Item{
		Title:      "US demands “much greater” Chinese pressure on North Korea, or else",
		Summary:    benchText(b)[:300],
		Content:    benchArticle(b),
		Categories: []string{"Asia", "North Korea", "China"},
	}
	sets := []struct {
		name   string
		topics []config.Topic
	}{{"fixture-topics", fixtureTopics()}, {"50-topics-1000-terms", benchTopics(1000)}}
	for _, set := range sets {
		b.Run(set.name, func(b *testing.B) {
			s := mustCompile(b, set.topics...)
			for b.Loop() {
				if s.Classify(it) == nil {
					b.Fatal("no topic selected the item")
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "items/s")
		})
	}
}

// BenchmarkCompile: building the automaton for 50 topics of 1,000 terms.
func BenchmarkCompile(b *testing.B) {
	topics := benchTopics(1000)
	for b.Loop() {
		mustCompile(b, topics...)
	}
}
