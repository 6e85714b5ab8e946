package article_test

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/feedcurator/feedcurator/fetcher/article"
)

// newsPage is a news page as sites build them: a navigation bar of long
// links, a "most read" sidebar, the story, a footer. story is inserted as
// the article's paragraphs; head goes into <head>.
func newsPage(head string, story []string) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html><head>" + head + "<title>Trade talks resume | Daily Example</title></head><body>")
	b.WriteString(`<header><nav class="site-nav"><ul>
<li><a href="/world">World news from every continent today</a></li>
<li><a href="/business">Business and markets coverage all day</a></li>
<li><a href="/sport">Sport results, fixtures and league tables</a></li></ul></nav></header>`)
	b.WriteString(`<div class="layout"><main><article class="story"><h1>Trade talks resume</h1>`)
	b.WriteString(`<div class="share"><a href="/share/fb">Share this story on Facebook now</a></div>`)
	for _, p := range story {
		b.WriteString("<p>" + p + "</p>\n")
	}
	b.WriteString(`<p>Pictured: <img src="/img/port.jpg" alt="the port"> and <a href="../docs/report.pdf">the full report</a>.</p>`)
	b.WriteString(`<script>trackReader("story")</script></article></main>`)
	b.WriteString(`<aside class="most-read"><h2>Most read</h2><ol>
<li><a href="/a1">Celebrity chef opens a restaurant on the moon base</a></li>
<li><a href="/a2">Ten gardening tips that experts swear by this spring</a></li>
<li><a href="/a3">Local team wins the cup after a dramatic penalty shootout</a></li></ol></aside></div>`)
	b.WriteString(`<footer><p>Copyright Daily Example Media Group, all rights reserved worldwide.</p>
<a href="/privacy">Privacy policy and cookie settings for readers</a></footer></body></html>`)
	return b.String()
}

var englishStory = []string{
	"Negotiators from both countries met again on Tuesday, the first formal session since talks stalled in the spring over tariffs on steel, aluminium and farm goods.",
	"Officials said the agenda included customs procedures at the northern ports, where lorries have waited for days, and a timetable for lifting the duties imposed last year.",
	"Analysts in Seoul and Tokyo said a deal could reopen routes for shipping companies, although few expected an agreement before the end of the year, given the elections.",
	"The delegation's leader told reporters that the mood was constructive, and that a further round would be held in Geneva next month if the technical teams made progress.",
}

// extractor is the fetcher's: its charset decoder and sanitiser.
var extractor = article.Extractor{}

func extract(t *testing.T, page article.Page, selector string) article.Article {
	t.Helper()
	a, err := extractor.Extract(page, selector)
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	return a
}

func TestExtractReadabilityKeepsStoryDropsNavigation(t *testing.T) {
	page := article.Page{Body: []byte(newsPage("", englishStory)), URL: "https://news.example/2026/12/trade.html", ContentType: "text/html; charset=utf-8"}
	a := extract(t, page, "")
	for _, p := range englishStory {
		if !strings.Contains(a.Text, p) {
			t.Errorf("article lost paragraph %q\ntext: %s", p, a.Text)
		}
	}
	for _, nav := range []string{"World news from every continent", "Celebrity chef", "Copyright Daily Example", "Share this story", "trackReader"} {
		if strings.Contains(a.Text, nav) || strings.Contains(a.HTML, nav) {
			t.Errorf("article kept %q", nav)
		}
	}
	if !strings.Contains(a.HTML, `src="https://news.example/img/port.jpg"`) || !strings.Contains(a.HTML, `href="https://news.example/2026/docs/report.pdf"`) {
		t.Errorf("image and link not made absolute: %s", a.HTML)
	}
	if strings.Contains(a.HTML, "<script") {
		t.Errorf("script survived sanitising: %s", a.HTML)
	}
	if a.Charset != "UTF-8" || a.Title == "" {
		t.Errorf("charset %q, title %q", a.Charset, a.Title)
	}
}

func TestExtractSelector(t *testing.T) {
	page := article.Page{Body: []byte(newsPage("", englishStory)), URL: "https://news.example/trade.html", ContentType: "text/html"}
	// The selector names the sidebar: what the site rule says wins over
	// what Readability would pick, so the result is the "most read" list.
	lenient := extractor
	lenient.MinText = 1
	a, err := lenient.Extract(page, "aside.most-read, footer")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "Celebrity chef") || !strings.Contains(a.Text, "Copyright Daily Example") {
		t.Errorf("selector's elements not extracted: %s", a.Text)
	}
	if strings.Contains(a.Text, englishStory[0]) {
		t.Errorf("story extracted although the selector names the sidebar: %s", a.Text)
	}
	// A container is taken without the boxes inside it that are never the
	// story, and nested matches come once.
	a = extract(t, page, "article.story, article.story p")
	if strings.Contains(a.Text, "Share this story") {
		t.Errorf("share box inside the container kept: %s", a.Text)
	}
	if n := strings.Count(a.Text, englishStory[0]); n != 1 {
		t.Errorf("paragraph appears %d times, want 1", n)
	}
	if _, err := extractor.Extract(page, "div.no-such-thing"); !errors.Is(err, article.ErrNoMatch) {
		t.Errorf("selector matching nothing: err = %v, want ErrNoMatch", err)
	}
	if err := article.CheckSelector("div[unclosed"); err == nil {
		t.Error("CheckSelector accepted a broken selector")
	}
	if err := article.CheckSelector("article .body > p"); err != nil {
		t.Errorf("CheckSelector: %v", err)
	}
}

func TestExtractRefusesTeaserAndWrongInput(t *testing.T) {
	paywall := newsPage("", []string{
		"Negotiators from both countries met again on Tuesday, the first formal session since talks stalled.",
		"Subscribe to continue reading. Already a subscriber? Log in.",
	})
	tests := []struct {
		name     string
		page     article.Page
		selector string
		want     error
	}{
		{"paywall", article.Page{Body: []byte(paywall), URL: "https://news.example/a", ContentType: "text/html"}, "", article.ErrTooLittleText},
		{"paywall by selector", article.Page{Body: []byte(paywall), URL: "https://news.example/a", ContentType: "text/html"}, "article.story", article.ErrTooLittleText},
		{"empty body", article.Page{Body: []byte("<html><body></body></html>"), URL: "https://news.example/a", ContentType: "text/html"}, "", article.ErrTooLittleText},
		{"app shell", article.Page{Body: []byte(`<html><body><div id="root"></div><script src="/app.js"></script></body></html>`), URL: "https://news.example/a"}, "", article.ErrTooLittleText},
		{"pdf", article.Page{Body: []byte("%PDF-1.7 ..."), URL: "https://news.example/a.pdf", ContentType: "application/pdf"}, "", article.ErrNotHTML},
		{"json", article.Page{Body: []byte(`{"a":1}`), URL: "https://news.example/a", ContentType: "application/json"}, "", article.ErrNotHTML},
		{"binary without type", article.Page{Body: []byte{0x89, 'P', 'N', 'G'}, URL: "https://news.example/a"}, "", article.ErrNotHTML},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := extractor.Extract(tt.page, tt.selector)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if a.HTML != "" || a.Text != "" {
				t.Errorf("an error came with content: %+v", a)
			}
		})
	}
	page := article.Page{Body: []byte(newsPage("", englishStory)), URL: "/relative/only", ContentType: "text/html"}
	if _, err := extractor.Extract(page, ""); err == nil {
		t.Error("a relative page URL was accepted")
	}
}

// TestExtractCharsets reads pages in the legacy encodings of Korean,
// Chinese and Japanese news sites, labelled in each way a site can: by the
// HTTP header, by a <meta> at the top, by a <meta> after a long head, or
// by a header that lies about a UTF-8 page.
func TestExtractCharsets(t *testing.T) {
	korean_ := []string{
		"북한과 중국의 무역 협상이 화요일 평양에서 다시 시작되었다고 정부 관계자들이 밝혔다. 양측은 관세와 통관 절차를 논의했다.",
		"전문가들은 이번 회담이 항만 물류에 큰 영향을 줄 것이라고 말했다. 다음 회의는 다음 달 제네바에서 열릴 예정이다.",
		"서울과 도쿄의 분석가들은 연말 이전에 합의가 이루어질 가능성은 낮다고 전망했다. 선거 일정이 변수로 꼽힌다.",
		"대표단 단장은 기자들에게 분위기가 건설적이었다며 기술팀이 진전을 이루면 추가 협상을 열겠다고 말했다.",
	}
	chinese := []string{
		"朝鲜与中国的贸易谈判周二在平壤重新开始，政府官员表示，双方讨论了关税和海关程序等问题。",
		"专家表示，此次会谈将对港口物流产生重大影响，下一轮会议预计下个月在日内瓦举行，技术团队将继续磋商。",
		"首尔和东京的分析人士认为，年底前达成协议的可能性不大，选举日程被视为主要变数。𠀋字也要读对。",
		"代表团团长对记者说，会谈气氛是建设性的，如果技术团队取得进展，下个月将在日内瓦举行新一轮谈判。",
	}
	japanese_ := []string{
		"北朝鮮と中国の貿易交渉が火曜日に平壌で再開されたと政府関係者が明らかにした。双方は関税と通関手続きについて協議した。",
		"専門家は今回の会談が港湾物流に大きな影響を与えると述べた。次回の会合は来月ジュネーブで開かれる予定だ。",
		"ソウルと東京のアナリストは年内の合意の可能性は低いと見ている。選挙日程が変数とされる。",
		"代表団の団長は記者団に対し、雰囲気は建設的だったと述べ、技術チームが進展すれば来月さらに協議を行うと語った。",
	}
	longHead := strings.Repeat(`<link rel="preload" href="/static/font-with-a-long-name.woff2" as="font">`, 30)
	tests := []struct {
		name        string
		enc         encoding.Encoding
		story       []string
		head        string
		contentType string
		wantCharset string
	}{
		{"EUC-KR by header", korean.EUCKR, korean_, "", "text/html; charset=EUC-KR", "EUC-KR"},
		{"EUC-KR by meta", korean.EUCKR, korean_, `<meta charset="euc-kr">`, "text/html", "EUC-KR"},
		{"EUC-KR by meta after a long head", korean.EUCKR, korean_, longHead + `<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">`, "text/html", "EUC-KR"},
		{"GB18030 by header", simplifiedchinese.GB18030, chinese, "", "text/html; charset=gb18030", "GB18030"},
		{"GB2312 label on GB18030 bytes", simplifiedchinese.GB18030, chinese, `<meta charset="gb2312">`, "text/html", "GB18030"},
		{"Shift_JIS by header", japanese.ShiftJIS, japanese_, "", "text/html; charset=Shift_JIS", "shift_jis"},
		{"Shift_JIS by meta", japanese.ShiftJIS, japanese_, `<meta http-equiv="Content-Type" content="text/html; charset=shift_jis">`, "", "shift_jis"},
		{"UTF-8 page with a stale EUC-KR label", encoding.Nop, korean_, `<meta charset="euc-kr">`, "text/html; charset=euc-kr", "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, err := tt.enc.NewEncoder().Bytes([]byte(newsPage(tt.head, tt.story)))
			if err != nil {
				t.Fatalf("encoding the page: %v", err)
			}
			a := extract(t, article.Page{Body: body, URL: "https://news.example/a", ContentType: tt.contentType}, "")
			for _, p := range tt.story {
				if !strings.Contains(a.Text, p) {
					t.Errorf("paragraph not read right:\nwant %s\ntext %s", p, a.Text)
				}
			}
			if a.Charset != tt.wantCharset {
				t.Errorf("charset %q, want %q", a.Charset, tt.wantCharset)
			}
		})
	}
}
