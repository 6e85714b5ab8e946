package server

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/feedcurator/feedcurator/db"
)

// headLinks returns the rel, type, title and href of every <link> in <head>.
func headLinks(t *testing.T, page []byte) [][4]string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out [][4]string
	var walk func(n *html.Node, inHead bool)
	walk = func(n *html.Node, inHead bool) {
		if n.Type == html.ElementNode && n.Data == "head" {
			inHead = true
		}
		if inHead && n.Type == html.ElementNode && n.Data == "link" {
			var l [4]string
			for _, a := range n.Attr {
				switch a.Key {
				case "rel":
					l[0] = a.Val
				case "type":
					l[1] = a.Val
				case "title":
					l[2] = a.Val
				case "href":
					l[3] = a.Val
				}
			}
			out = append(out, l)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inHead)
		}
	}
	walk(doc, false)
	return out
}

func TestIndexPage(t *testing.T) {
	f := newFixture(t)
	resp, page := f.get("/")
	if got := resp.Header.Get("Content-Security-Policy"); got != contentSecurityPolicy {
		t.Errorf("CSP = %q", got)
	}
	if resp.Header.Get("Content-Type") != "text/html; charset=utf-8" || resp.Header.Get("ETag") == "" {
		t.Errorf("Content-Type %q, ETag %q", resp.Header.Get("Content-Type"), resp.Header.Get("ETag"))
	}
	want := map[[4]string]bool{}
	for _, topic := range []struct{ id, title string }{{"t", "Korea"}, {"all", "All sources"}} {
		for _, fm := range []struct{ ext, typ, label string }{
			{"atom", "application/atom+xml", "Atom"}, {"rss", "application/rss+xml", "RSS"}, {"json", "application/feed+json", "JSON Feed"},
		} {
			want[[4]string{"alternate", fm.typ, topic.title + " (" + fm.label + ")", "http://feeds.test/feeds/" + topic.id + "." + fm.ext}] = true
		}
	}
	var style string
	for _, l := range headLinks(t, page) {
		if l[0] == "stylesheet" {
			style = l[3]
		}
		delete(want, l)
	}
	for l := range want {
		t.Errorf("no autodiscovery link %q", l)
	}
	for _, s := range []string{
		"North and South Korea", "Korea talks resume", "Source One", "Two&#39;s own title", // topic, headline, sources
		"<code>Korea</code> in title",                           // why it matched
		"503 Service Unavailable (2 in a row)",                  // a failing source
		"fetcher: 503 Service Unavailable",                      // its error
		"not fetched yet",                                       // a source never fetched
		"Seoul and Korea &lt;script&gt;alert(1)&lt;/script&gt;", // escaped
		`href="topics/t"`,
	} {
		if !bytes.Contains(page, []byte(s)) {
			t.Errorf("index lacks %q", s)
		}
	}
	if bytes.Contains(page, []byte("<script")) || bytes.Contains(page, []byte(" style=")) {
		t.Error("index carries script or inline style, which the CSP forbids")
	}

	// The stylesheet it names is served, from the same origin.
	resp, css := f.get("/" + style)
	if resp.Header.Get("Content-Type") != "text/css; charset=utf-8" || !bytes.Contains(css, []byte("body")) {
		t.Errorf("stylesheet %s: %q, %d bytes", style, resp.Header.Get("Content-Type"), len(css))
	}
}

func TestIndexPageFollowsFetchState(t *testing.T) {
	f := newFixture(t)
	_, before := f.get("/")
	// A failed poll changes no item, so the store's version stays; the page must still show it.
	if err := f.store.SaveSource(db.SourceState{
		ID: "new", URL: "http://new.test/atom", ConfiguredURL: "http://new.test/atom",
		LastFetch: t0, LastStatus: 404, LastError: "fetcher: 404 Not Found", Failures: 1, NextFetch: t0.Add(time.Hour),
	}); err != nil {
		t.Fatal(err)
	}
	_, after := f.get("/")
	if bytes.Contains(before, []byte("404 Not Found")) || !bytes.Contains(after, []byte("404 Not Found")) {
		t.Error("the index did not pick up the new fetch state")
	}
}

func TestTopicPage(t *testing.T) {
	f := newFixture(t)
	resp, page := f.get("/topics/t")
	if resp.Header.Get("Content-Security-Policy") != contentSecurityPolicy {
		t.Error("no CSP on the topic page")
	}
	for _, s := range []string{
		"<h1>Korea</h1>", `id="match"`, "score 3.00: matched <code>Korea</code> in title", "Korea talks resume", "Source One",
		`<time datetime="2026-03-01T09:00:00Z">2026-03-01 09:00</time>`, `href="../static/style.css?v=`,
	} {
		if !bytes.Contains(page, []byte(s)) {
			t.Errorf("topic page lacks %q", s)
		}
	}
	if bytes.Contains(page, []byte("Weather report")) {
		t.Error("topic page lists an item the topic does not select")
	}
	if n := len(headLinks(t, page)); n != 4 {
		t.Errorf("%d <link>s in head, want the stylesheet and 3 feeds", n)
	}
	_, all := f.get("/topics/all")
	if !bytes.Contains(all, []byte("Weather report")) || bytes.Contains(all, []byte(`id="match"`)) {
		t.Error("/topics/all should list every source's items and no rules")
	}
}

func TestPagesAnswerConditionalRequests(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/", "/topics/t", "/static/style.css"} {
		resp, _ := f.get(path)
		again, _ := f.do(http.MethodGet, path, "If-None-Match", resp.Header.Get("ETag"))
		if again.StatusCode != http.StatusNotModified {
			t.Errorf("%s revalidation: %d, want 304", path, again.StatusCode)
		}
		if !strings.HasPrefix(resp.Header.Get("Cache-Control"), "no-cache") && path != "/static/style.css" {
			t.Errorf("%s Cache-Control %q", path, resp.Header.Get("Cache-Control"))
		}
	}
}

func TestTrimSourceRowsKeepsFailingSourcesFirst(t *testing.T) {
	var rows []sourceRow
	for i := range 10 {
		class := "ok"
		if i%4 == 3 {
			class = "failing"
		}
		rows = append(rows, sourceRow{ID: fmt.Sprint(i), Class: class})
	}
	kept, more := trimSourceRows(rows, 4)
	var ids []string
	for _, r := range kept {
		ids = append(ids, r.ID)
	}
	if got := strings.Join(ids, ","); got != "3,7,0,1" || more != 6 {
		t.Errorf("kept %s, %d more; want 3,7,0,1 and 6 more", got, more)
	}
	if kept, more := trimSourceRows(rows, 20); len(kept) != 10 || more != 0 {
		t.Errorf("under the cap: kept %d, %d more", len(kept), more)
	}
}
