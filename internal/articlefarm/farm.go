// Package articlefarm is test support for full text: a loopback web site
// that serves thin feeds (a title and a one-line teaser per item) and the
// article pages they link to, counting every request, so tests and
// benchmarks can check what the fetcher asked for and how often. Only tests
// and benchmarks import it.
package articlefarm

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/encoding/korean"
)

// The thin feed's items (ThinFeed) and what their pages hold.
const (
	// TradeStory names Pyongyang in its fourth paragraph, not in its teaser.
	TradeStory = "/news/trade.html"
	// NavOnly says Pyongyang only in the site's navigation and "most read"
	// box: a topic must not select it.
	NavOnly = "/news/harvest.html"
	// KoreanStory is served in EUC-KR and says 북한 in its article.
	KoreanStory = "/news/korean.html"
	// Missing answers 404.
	Missing = "/news/missing.html"
	// Disallowed is under a path robots.txt disallows.
	Disallowed = "/private/memo.html"

	// TradeSentence is a sentence of TradeStory's article.
	TradeSentence = "Envoys then flew on to Pyongyang, where the talks continued behind closed doors."
	// KoreanSentence is a sentence of KoreanStory's article.
	KoreanSentence = "북한은 화요일 평양에서 열린 회의에서 남북 교역 재개를 논의했다고 당국자들이 밝혔다."
	// NavWord is what the navigation of every page says.
	NavWord = "Pyongyang travel guide"
	// Teaser is every thin item's description.
	Teaser = "Talks resume after a pause."
)

// Farm is the site. Its zero value is not usable: call Start.
type Farm struct {
	URL  string
	srv  *httptest.Server
	more []*httptest.Server

	mu     sync.Mutex
	hits   map[string]int
	at     map[string][]time.Time // when each path was asked for
	robots string
	// inFlight and maxInFlight count requests being answered per host
	// (as the client addressed it), to check per-host limits.
	inFlight, maxInFlight map[string]int
	// Fail makes a path answer with the status instead of its page.
	fail map[string]int
}

// Start serves the farm on loopback until Close.
func Start() *Farm {
	f := &Farm{hits: map[string]int{}, fail: map[string]int{}, inFlight: map[string]int{}, maxInFlight: map[string]int{},
		at: map[string][]time.Time{}, robots: DefaultRobots}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	f.URL = f.srv.URL
	return f
}

// Close stops the server and those ServeAlso started.
func (f *Farm) Close() {
	f.srv.Close()
	for _, s := range f.more {
		s.Close()
	}
}

// ServeAlso serves the farm on another loopback address too (such as
// 127.0.0.2), which the fetcher counts as another host, and returns its
// URL. The bench feeds link to pages on the host they were asked from.
func (f *Farm) ServeAlso(ip string) (string, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		return "", err
	}
	s := httptest.NewUnstartedServer(http.HandlerFunc(f.serve))
	s.Listener.Close()
	s.Listener = ln
	s.Start()
	f.more = append(f.more, s)
	return s.URL, nil
}

// Hits is how many requests path has had.
func (f *Farm) Hits(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[path]
}

// MaxInFlight is the most requests the farm answered at once for one
// host (an IP address: ports do not count, as for the fetcher's limits).
func (f *Farm) MaxInFlight() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[string]int, len(f.maxInFlight))
	for h, n := range f.maxInFlight {
		out[h] = n
	}
	return out
}

// DefaultRobots is the farm's robots.txt until SetRobots replaces it.
const DefaultRobots = "User-agent: *\nDisallow: /private/\n"

// SetRobots replaces the farm's robots.txt.
func (f *Farm) SetRobots(body string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.robots = body
}

// HitTimes is when path was asked for (its first 16 requests).
func (f *Farm) HitTimes(path string) []time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Time(nil), f.at[path]...)
}

// Fail makes path answer status (0: serve it again).
func (f *Farm) Fail(path string, status int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail[path] = status
}

func (f *Farm) serve(w http.ResponseWriter, r *http.Request) {
	host, _, _ := net.SplitHostPort(r.Host)
	f.mu.Lock()
	f.hits[r.URL.Path]++
	if len(f.at[r.URL.Path]) < 16 {
		f.at[r.URL.Path] = append(f.at[r.URL.Path], time.Now())
	}
	status := f.fail[r.URL.Path]
	robots := f.robots
	f.inFlight[host]++
	f.maxInFlight[host] = max(f.maxInFlight[host], f.inFlight[host])
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.inFlight[host]--
		f.mu.Unlock()
	}()
	if status != 0 {
		http.Error(w, http.StatusText(status), status)
		return
	}
	p := r.URL.Path
	switch {
	case p == "/robots.txt":
		fmt.Fprint(w, robots)
	case p == "/thin.rss":
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		fmt.Fprint(w, ThinFeed(f.URL))
	case p == TradeStory:
		servePage(w, "Trade talks resume", tradeParagraphs)
	case p == NavOnly || p == Disallowed:
		servePage(w, "Harvest festival", harvestParagraphs)
	case p == KoreanStory:
		w.Header().Set("Content-Type", "text/html; charset=euc-kr")
		b, err := korean.EUCKR.NewEncoder().Bytes([]byte(Page("남북 교역 회담", koreanParagraphs)))
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.Write(b)
	case strings.HasPrefix(p, "/bench/"):
		f.serveBench(w, "http://"+r.Host, p)
	default:
		http.NotFound(w, r)
	}
}

func servePage(w http.ResponseWriter, title string, paragraphs []string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, Page(title, paragraphs))
}

// ThinFeed is an RSS feed of the five stories above, each with the same
// one-line teaser, linking to base's pages.
func ThinFeed(base string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Thin wire</title><link>` + base + `/</link>`)
	for i, p := range []string{TradeStory, NavOnly, KoreanStory, Missing, Disallowed} {
		fmt.Fprintf(&b, `<item><title>Story %d</title><link>%s%s</link><guid>%s%s</guid><description>%s</description><pubDate>Mon, 0%d Dec 2025 10:00:00 GMT</pubDate></item>`,
			i+1, base, p, base, p, Teaser, i+1)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

// Page is a news page: the site's navigation (which names NavWord), the
// article's paragraphs, a "most read" box and a footer.
func Page(title string, paragraphs []string) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><title>` + title + ` | Daily Example</title></head><body>`)
	b.WriteString(`<header><nav class="site-nav"><ul><li><a href="/world">World news from every continent</a></li>` +
		`<li><a href="/travel">` + NavWord + `: where to stay and what to see</a></li></ul></nav></header>`)
	b.WriteString(`<main><article class="story"><h1>` + title + `</h1>`)
	for _, p := range paragraphs {
		b.WriteString("<p>" + p + "</p>\n")
	}
	b.WriteString(`<p><img src="/img/port.jpg" alt="the port"></p></article></main>`)
	b.WriteString(`<aside class="most-read"><h2>Most read</h2><ol><li><a href="/a1">Ten things to do in Pyongyang this winter</a></li>` +
		`<li><a href="/a2">Local team wins the cup after a dramatic penalty shootout</a></li></ol></aside>`)
	b.WriteString(`<footer><p>Copyright Daily Example Media Group, all rights reserved.</p></footer></body></html>`)
	return b.String()
}

var tradeParagraphs = []string{
	"Negotiators from both countries met again on Tuesday, the first formal session since talks stalled in the spring over tariffs on steel, aluminium and farm goods.",
	"Officials said the agenda included customs procedures at the northern ports, where lorries have waited for days, and a timetable for lifting the duties imposed last year.",
	"Analysts said a deal could reopen routes for shipping companies, although few expected an agreement before the end of the year, given the elections.",
	TradeSentence,
	"The delegation's leader told reporters that the mood was constructive, and that a further round would be held next month if the technical teams made progress.",
}

var harvestParagraphs = []string{
	"Farmers across the valley brought in the last of the apples this week, ending a season that began late after a cold and wet spring.",
	"The cooperative said yields were down by a tenth on last year, but that prices had held up well thanks to strong demand from cider makers.",
	"Visitors filled the village square on Saturday for the harvest festival, with music, a parade of tractors and a contest for the largest pumpkin.",
	"Organisers said next year's festival would run over two days, to make room for the growing number of stalls and the crowds they draw.",
	"The council thanked the volunteers who set up the stalls before dawn and cleared the square again by nightfall, as they have for twenty years.",
}

var koreanParagraphs = []string{
	KoreanSentence,
	"이번 회의는 봄 이후 처음 열린 공식 회담으로, 항만 통관 절차와 관세 철폐 일정이 의제에 올랐다.",
	"분석가들은 합의가 해운 회사들의 항로를 다시 열 수 있다고 말했지만, 선거를 앞두고 연내 타결을 기대하는 사람은 많지 않았다.",
	"대표단장은 기자들에게 분위기가 건설적이었으며 기술팀이 진전을 이루면 다음 달 추가 회담이 열릴 것이라고 말했다.",
}

// BenchFeedPath is the path of bench feed n: items thin items, each
// linking to its own article page under /bench/.
func BenchFeedPath(n, items int) string { return fmt.Sprintf("/bench/%d/%d.rss", n, items) }

// serveBench answers /bench/N/ITEMS.rss with a thin feed and
// /bench/N/I.html with an article page of about 5 KB.
func (f *Farm) serveBench(w http.ResponseWriter, base, p string) {
	parts := strings.Split(strings.TrimPrefix(p, "/bench/"), "/")
	if len(parts) != 2 {
		http.NotFound(w, nil)
		return
	}
	n, err := strconv.Atoi(parts[0])
	if err != nil {
		http.NotFound(w, nil)
		return
	}
	if items, ok := strings.CutSuffix(parts[1], ".rss"); ok {
		count, err := strconv.Atoi(items)
		if err != nil {
			http.NotFound(w, nil)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		var b strings.Builder
		fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench %d</title><link>%s/</link>`, n, base)
		for i := range count {
			fmt.Fprintf(&b, `<item><title>Bench story %d of feed %d</title><link>%s/bench/%d/%d.html</link><description>%s</description></item>`, i, n, base, n, i, Teaser)
		}
		b.WriteString(`</channel></rss>`)
		fmt.Fprint(w, b.String())
		return
	}
	paragraphs := make([]string, 0, len(tradeParagraphs)+len(harvestParagraphs))
	paragraphs = append(paragraphs, "Story "+parts[1]+" of feed "+parts[0]+".")
	paragraphs = append(append(paragraphs, tradeParagraphs...), harvestParagraphs...)
	servePage(w, "Bench story", paragraphs)
}
