package server

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/fetcher/parser"
	"github.com/feedcurator/feedcurator/render"
)

// fidelityFeeds serves the feeds of testdata/fidelity over real HTTP; a
// test may replace a feed's bytes to play a source that edits an item.
type fidelityFeeds struct {
	mu    sync.Mutex
	files map[string][]byte
	ts    *httptest.Server
}

func newFidelityFeeds(t *testing.T) *fidelityFeeds {
	ff := &fidelityFeeds{files: map[string][]byte{}}
	for _, name := range []string{"podcast.rss", "desk.atom", "wire.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", "fidelity", name))
		if err != nil {
			t.Fatal(err)
		}
		ff.files[name] = b
	}
	ff.ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ff.mu.Lock()
		b, ok := ff.files[strings.TrimPrefix(r.URL.Path, "/")]
		ff.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(b)
	}))
	t.Cleanup(ff.ts.Close)
	return ff
}

func (ff *fidelityFeeds) edit(name, old, new string) {
	ff.mu.Lock()
	ff.files[name] = bytes.Replace(ff.files[name], []byte(old), []byte(new), 1)
	ff.mu.Unlock()
}

// fidelitySources maps the fixture's source ids to their files.
var fidelitySources = map[string]string{"pod": "podcast.rss", "desk": "desk.atom", "wire": "wire.json"}

// poll fetches a source's feed over HTTP, parses it and stores it as the
// scheduler does, at the fixture clock's time.
func (f *fixture) poll(ff *fidelityFeeds, id string) {
	f.t.Helper()
	url := ff.ts.URL + "/" + fidelitySources[id]
	resp, err := http.Get(url)
	if err != nil {
		f.t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		f.t.Fatal(err)
	}
	feed, err := parser.Parse(id, url, resp.Header.Get("Content-Type"), body)
	if err != nil {
		f.t.Fatal(err)
	}
	f.save(db.SourceState{ID: id, URL: url, ConfiguredURL: url, Title: feed.Title, SiteURL: feed.SiteURL, FeedID: feed.FeedID, Authors: feed.Authors}, feed.Items...)
}

// newFidelityFixture is the fixture with the fidelity sources configured
// and polled once, and output.site_name set as the defaults set it.
func newFidelityFixture(t *testing.T) (*fixture, *fidelityFeeds) {
	f := newFixture(t)
	ff := newFidelityFeeds(t)
	cfg := testConfig()
	cfg.Output.SiteName = "feedcurator"
	for id, file := range fidelitySources {
		cfg.Sources = append(cfg.Sources, config.Source{ID: id, URL: ff.ts.URL + "/" + file})
	}
	f.rt.Store(&Runtime{Config: cfg})
	for id := range fidelitySources {
		f.poll(ff, id)
	}
	return f, ff
}

// atomDoc is the part of an Atom feed these tests read.
type atomDoc struct {
	Title   string       `xml:"title"`
	Updated string       `xml:"updated"`
	Icon    string       `xml:"icon"`
	Authors []atomPerson `xml:"author"`
	Links   []atomHref   `xml:"link"`
	Entries []struct {
		Title      string       `xml:"title"`
		Updated    string       `xml:"updated"`
		Published  string       `xml:"published"`
		Authors    []atomPerson `xml:"author"`
		Links      []atomHref   `xml:"link"`
		Content    string       `xml:"content"`
		Categories []struct {
			Term   string `xml:"term,attr"`
			Scheme string `xml:"scheme,attr"`
		} `xml:"category"`
		Thumbnail struct {
			URL string `xml:"url,attr"`
		} `xml:"http://search.yahoo.com/mrss/ thumbnail"`
		Source struct {
			Authors []atomPerson `xml:"author"`
		} `xml:"source"`
	} `xml:"entry"`
}

type atomPerson struct {
	Name  string `xml:"name"`
	Email string `xml:"email"`
	URI   string `xml:"uri"`
}

type atomHref struct {
	Rel    string `xml:"rel,attr"`
	Href   string `xml:"href,attr"`
	Type   string `xml:"type,attr"`
	Length string `xml:"length,attr"`
}

// decode GETs path and decodes its body into v.
func (f *fixture) decode(path string, unmarshal func([]byte, any) error, v any) *http.Response {
	f.t.Helper()
	resp, body := f.get(path)
	if err := unmarshal(body, v); err != nil {
		f.t.Fatalf("%s: %v", path, err)
	}
	return resp
}

func (f *fixture) atom(path string) (*http.Response, *atomDoc) {
	f.t.Helper()
	var doc atomDoc
	return f.decode(path, xml.Unmarshal, &doc), &doc
}

// jsonDoc is the part of a JSON Feed these tests read.
type jsonDoc struct {
	Title       string `json:"title"`
	HomePageURL string `json:"home_page_url"`
	Favicon     string `json:"favicon"`
	Items       []struct {
		Title         string `json:"title"`
		URL           string `json:"url"`
		DatePublished string `json:"date_published"`
		DateModified  string `json:"date_modified"`
		Image         string `json:"image"`
		Tags          []string
		Authors       []struct {
			Name string `json:"name"`
			URL  string `json:"url"`
		} `json:"authors"`
		Attachments []struct {
			URL      string `json:"url"`
			MIMEType string `json:"mime_type"`
			Size     int64  `json:"size_in_bytes"`
		} `json:"attachments"`
		Match json.RawMessage `json:"_match"`
	} `json:"items"`
}

func (f *fixture) json(path string) *jsonDoc {
	f.t.Helper()
	var doc jsonDoc
	f.decode(path, json.Unmarshal, &doc)
	return &doc
}

// rssDoc is the part of an RSS feed these tests read.
type rssDoc struct {
	Channel struct {
		Items []struct {
			Title      string   `xml:"title"`
			Link       string   `xml:"link"`
			PubDate    string   `xml:"pubDate"`
			Author     string   `xml:"author"`
			Creators   []string `xml:"http://purl.org/dc/elements/1.1/ creator"`
			Categories []string `xml:"category"`
			Enclosures []struct {
				URL    string `xml:"url,attr"`
				Length string `xml:"length,attr"`
				Type   string `xml:"type,attr"`
			} `xml:"enclosure"`
		} `xml:"item"`
	} `xml:"channel"`
}

func (f *fixture) rss(path string) *rssDoc {
	f.t.Helper()
	var doc rssDoc
	f.decode(path, xml.Unmarshal, &doc)
	return &doc
}

func TestFeedsRepublishEnclosuresAndMedia(t *testing.T) {
	f, _ := newFidelityFixture(t)
	_, atom := f.atom("/feeds/t.atom")
	var encs []string
	thumb := ""
	for _, e := range atom.Entries {
		if e.Title == "Korea episode 12" {
			for _, l := range e.Links {
				if l.Rel == "enclosure" {
					encs = append(encs, l.Href+"|"+l.Type+"|"+l.Length)
				}
			}
			thumb = e.Thumbnail.URL
			for _, want := range []string{`<audio controls="" src="https://pod.example.org/media/12.mp3">`, `<source src="https://pod.example.org/media/12.webm" type="video/webm">`} {
				if !strings.Contains(e.Content, want) {
					t.Errorf("atom content lacks %s:\n%s", want, e.Content)
				}
			}
			if strings.Contains(e.Content, "javascript:") || strings.Contains(e.Content, "onplay") {
				t.Errorf("unsafe media markup survived:\n%s", e.Content)
			}
		}
	}
	if got := strings.Join(encs, ","); got != "https://cdn.example.org/12.mp3|audio/mpeg|12345678,https://cdn.example.org/12.mp4|video/mp4|98765432" {
		t.Errorf("atom enclosures %s", got)
	}
	if thumb != "https://cdn.example.org/12.jpg" {
		t.Errorf("atom thumbnail %q", thumb)
	}

	for _, it := range f.rss("/feeds/t.rss").Channel.Items {
		if it.Title == "Korea episode 12" {
			if len(it.Enclosures) != 1 || it.Enclosures[0].URL != "https://cdn.example.org/12.mp3" || it.Enclosures[0].Length != "12345678" || it.Enclosures[0].Type != "audio/mpeg" {
				t.Errorf("rss enclosures %+v", it.Enclosures)
			}
		}
	}
	found := 0
	for _, it := range f.json("/feeds/t.json").Items {
		switch it.Title {
		case "Korea episode 12":
			found++
			if len(it.Attachments) != 2 || it.Attachments[1].URL != "https://cdn.example.org/12.mp4" || it.Attachments[1].MIMEType != "video/mp4" || it.Attachments[1].Size != 98765432 {
				t.Errorf("json attachments %+v", it.Attachments)
			}
			if it.Image != "https://cdn.example.org/12.jpg" {
				t.Errorf("json image %q", it.Image)
			}
		case "Korea photo essay":
			found++
			if len(it.Attachments) != 1 || it.Attachments[0].MIMEType != "image/jpeg" || it.Attachments[0].Size != 4096 {
				t.Errorf("json attachments of a JSON Feed source %+v", it.Attachments)
			}
		}
	}
	if found != 2 {
		t.Errorf("found %d of the 2 media items", found)
	}
}

func TestFeedsCreditTheSourcesAuthorsNeverTheDaemon(t *testing.T) {
	f, _ := newFidelityFixture(t)
	_, atom := f.atom("/feeds/t.atom")
	if len(atom.Authors) != 0 {
		t.Errorf("feed-level authors %+v: entries would inherit them", atom.Authors)
	}
	byTitle := map[string][]atomPerson{}
	for _, e := range atom.Entries {
		if len(e.Authors) == 0 && len(e.Source.Authors) == 0 {
			t.Errorf("entry %q has no author and its source none (RFC 4287 4.1.2)", e.Title)
		}
		for _, a := range append(e.Authors, e.Source.Authors...) {
			if strings.EqualFold(a.Name, "feedcurator") {
				t.Errorf("entry %q credits the daemon", e.Title)
			}
		}
		byTitle[e.Title] = e.Authors
	}
	want := map[string]string{
		"Korea talks by the desk": "Asia Desk|desk@example.org|",
		"Korea analysis by two":   "Park Seo-yeon|park@example.org|https://desk.example.org/park,Choi Ha-eun||",
		"Korea episode 12":        "Kim Min-ji||,Lee Jun||",
		"Korea photo essay":       "Jung Woo||https://wire.example.org/jung",
	}
	for title, w := range want {
		var got []string
		for _, a := range byTitle[title] {
			got = append(got, a.Name+"|"+a.Email+"|"+a.URI)
		}
		if strings.Join(got, ",") != w {
			t.Errorf("atom %q authors %v, want %s", title, got, w)
		}
	}
	for _, it := range f.rss("/feeds/t.rss").Channel.Items {
		switch it.Title {
		case "Korea analysis by two":
			if strings.Join(it.Creators, ",") != "Park Seo-yeon,Choi Ha-eun" || it.Author != "park@example.org (Park Seo-yeon)" {
				t.Errorf("rss authors %v %q", it.Creators, it.Author)
			}
		case "Korea talks by the desk":
			if strings.Join(it.Creators, ",") != "Asia Desk" {
				t.Errorf("rss: the source feed's author not credited: %v", it.Creators)
			}
		}
	}
	for _, it := range f.json("/feeds/t.json").Items {
		if it.Title == "Korea analysis by two" && (len(it.Authors) != 2 || it.Authors[0].URL != "https://desk.example.org/park" || it.Authors[1].Name != "Choi Ha-eun") {
			t.Errorf("json authors %+v", it.Authors)
		}
		if it.Title == "Korea talks by the desk" && (len(it.Authors) != 1 || it.Authors[0].Name != "Asia Desk") {
			t.Errorf("json: the source feed's author not credited: %+v", it.Authors)
		}
	}
}

func TestFeedsMakeNoLinkFromAGuid(t *testing.T) {
	f, _ := newFidelityFixture(t)
	const title = "Korea bulletin without a link"
	_, atom := f.atom("/feeds/t.atom")
	for _, e := range atom.Entries {
		if e.Title == title && len(e.Links) != 0 {
			t.Errorf("atom links %+v", e.Links)
		}
		if e.Title == "Korea bulletin with a permalink guid" && (len(e.Links) != 1 || e.Links[0].Href != "https://pod.example.org/bulletin-2") {
			t.Errorf("a permalink guid that is a URL is the link: %+v", e.Links)
		}
	}
	for _, it := range f.rss("/feeds/t.rss").Channel.Items {
		if it.Title == title && it.Link != "" {
			t.Errorf("rss link %q", it.Link)
		}
	}
	for _, it := range f.json("/feeds/t.json").Items {
		if it.Title == title && it.URL != "" {
			t.Errorf("json url %q", it.URL)
		}
	}
}

func TestFeedsShowEditsAndKeepUnchangedDates(t *testing.T) {
	f, ff := newFidelityFixture(t)
	resp, _ := f.get("/feeds/t.atom")
	etag := resp.Header.Get("ETag")
	f.clock.Add(time.Hour)
	f.poll(ff, "desk")
	if resp, _ := f.get("/feeds/t.atom"); resp.Header.Get("ETag") != etag {
		t.Fatal("an unchanged poll changed the feed")
	}
	f.clock.Add(48 * time.Hour) // past the fixture's own dates
	edited := f.clock.Now().UTC().Format(time.RFC3339)
	ff.edit("desk.atom", "Korea analysis by two", "Korea analysis by two, corrected")
	f.poll(ff, "desk")
	_, atom := f.atom("/feeds/t.atom")
	for _, e := range atom.Entries {
		switch e.Title {
		case "Korea analysis by two, corrected":
			if e.Updated != edited {
				t.Errorf("edited entry updated %s, want %s", e.Updated, edited)
			}
		case "Korea talks by the desk":
			if e.Updated != "2026-03-02T07:00:00Z" {
				t.Errorf("unchanged entry updated %s", e.Updated)
			}
		}
	}
	for _, it := range f.json("/feeds/t.json").Items {
		if it.Title == "Korea analysis by two, corrected" && it.DateModified != edited {
			t.Errorf("json date_modified %s, want %s", it.DateModified, edited)
		}
	}
}

func TestDatesAgreeAcrossFormatsAndThePage(t *testing.T) {
	f, _ := newFidelityFixture(t)
	const title = "Korea item dated 2099"
	firstSeen := t0 // the fixture clock when it was polled
	_, atom := f.atom("/feeds/t.atom")
	for _, e := range atom.Entries {
		if e.Title == title && (e.Published != firstSeen.Format(time.RFC3339) || e.Updated != e.Published) {
			t.Errorf("atom published %s updated %s, want %v", e.Published, e.Updated, firstSeen)
		}
		if e.Title == "Korea bulletin without a link" && e.Published != firstSeen.Format(time.RFC3339) {
			t.Errorf("atom: undated item published %s, want first seen", e.Published)
		}
	}
	for _, it := range f.rss("/feeds/t.rss").Channel.Items {
		if (it.Title == title || it.Title == "Korea bulletin without a link") && it.PubDate != firstSeen.Format(time.RFC1123Z) {
			t.Errorf("rss %q pubDate %s, want %v", it.Title, it.PubDate, firstSeen)
		}
	}
	for _, it := range f.json("/feeds/t.json").Items {
		if (it.Title == title || it.Title == "Korea bulletin without a link") && it.DatePublished != firstSeen.Format(time.RFC3339) {
			t.Errorf("json %q date_published %s, want %v", it.Title, it.DatePublished, firstSeen)
		}
	}
	_, page := f.get("/topics/t")
	i := bytes.Index(page, []byte(title))
	if i < 0 || !bytes.Contains(page[i:min(len(page), i+400)], []byte(`datetime="`+firstSeen.Format(time.RFC3339)+`"`)) {
		t.Errorf("the topic page does not date %q at first seen", title)
	}
}

func TestMatchTermsAreNoCategoriesUnlessConfigured(t *testing.T) {
	f, _ := newFidelityFixture(t)
	check := func(wantMatch bool) {
		t.Helper()
		_, atom := f.atom("/feeds/t.atom")
		for _, e := range atom.Entries {
			if e.Title != "Korea episode 12" {
				continue
			}
			var terms []string
			for _, c := range e.Categories {
				terms = append(terms, c.Term)
			}
			want := "Podcast"
			if wantMatch {
				want = "Podcast,Korea"
			}
			if strings.Join(terms, ",") != want {
				t.Errorf("atom categories %v, want %s", terms, want)
			}
		}
		for _, it := range f.rss("/feeds/t.rss").Channel.Items {
			if it.Title == "Korea episode 12" && !wantMatch && strings.Join(it.Categories, ",") != "Podcast" {
				t.Errorf("rss categories %v", it.Categories)
			}
		}
		for _, it := range f.json("/feeds/t.json").Items {
			if it.Title == "Korea episode 12" && (len(it.Match) == 0 || (!wantMatch && strings.Join(it.Tags, ",") != "Podcast")) {
				t.Errorf("json tags %v, _match %s", it.Tags, it.Match)
			}
		}
	}
	check(false)
	cfg := *f.rt.Load().Config
	cfg.Output.MatchCategories = true
	f.rt.Store(&Runtime{Config: &cfg})
	check(true)
}

func TestFeedTitleIconAndTopicLinks(t *testing.T) {
	f, _ := newFidelityFixture(t)
	_, atom := f.atom("/feeds/t.atom")
	if atom.Title != "Korea — feedcurator" {
		t.Errorf("title %q", atom.Title)
	}
	alternate := ""
	for _, l := range atom.Links {
		if l.Rel == "alternate" {
			alternate = l.Href
		}
	}
	if alternate != "http://feeds.test/topics/t" {
		t.Errorf("rel=alternate %q, want the topic's page", alternate)
	}
	if atom.Icon != "http://feeds.test/favicon.ico" {
		t.Errorf("icon %q", atom.Icon)
	}
	for _, path := range []string{"/favicon.ico", "/static/icon.png"} {
		resp, body := f.get(path)
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "image/") || len(body) == 0 {
			t.Errorf("%s: %s, %d bytes", path, ct, len(body))
		}
	}
	if doc := f.json("/feeds/t.json"); doc.Favicon != "http://feeds.test/favicon.ico" || doc.HomePageURL != "http://feeds.test/topics/t" {
		t.Errorf("json favicon %q home_page_url %q", doc.Favicon, doc.HomePageURL)
	}
}

func TestTopicsOPML(t *testing.T) {
	f, _ := newFidelityFixture(t)
	resp, body := f.get("/topics.opml")
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/x-opml") {
		t.Errorf("Content-Type %q", ct)
	}
	var doc render.OPML
	if err := xml.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	want := render.Outline{Type: "rss", Text: "Korea — feedcurator", Title: "Korea — feedcurator", XMLURL: "http://feeds.test/feeds/t.atom", HTMLURL: "http://feeds.test/topics/t"}
	if doc.Version != "2.0" || len(doc.Outline) != 1 || doc.Outline[0] != want {
		t.Errorf("topics.opml = %+v", doc)
	}
	// Every outline leads to a feed and a page that exist.
	for _, o := range doc.Outline {
		f.get(strings.TrimPrefix(o.XMLURL, "http://feeds.test"))
		f.get(strings.TrimPrefix(o.HTMLURL, "http://feeds.test"))
	}
}

func TestLastModifiedSurvivesARestart(t *testing.T) {
	f, _ := newFidelityFixture(t)
	// A topic that selects nothing: its feed is dated by the topic.
	cfg := *f.rt.Load().Config
	cfg.Topics = append(cfg.Topics, config.Topic{ID: "none", Title: "Nothing", Any: []config.Term{{Raw: "zzz", Kind: config.TermWord, Text: "zzz"}}})
	f.rt.Store(&Runtime{Config: &cfg})
	before := map[string]string{}
	for _, path := range []string{"/feeds/t.atom", "/feeds/t.json", "/feeds/none.atom"} {
		resp, _ := f.get(path)
		before[path] = resp.Header.Get("Last-Modified")
	}
	_, empty := f.atom("/feeds/none.atom")
	if empty.Updated != t0.Format(time.RFC3339) {
		t.Errorf("empty feed updated %s, want when the topic was first seen (%v)", empty.Updated, t0)
	}

	// A new server on the same store, an hour later: a restarted daemon.
	f.clock.Add(time.Hour)
	restarted := New(Options{Store: f.store, Runtime: f.rt, Logger: slog.New(slog.NewTextHandler(testLog{t}, nil)), Now: f.clock.Now})
	ts := httptest.NewServer(restarted.Handler())
	defer ts.Close()
	for path, lm := range before {
		req, _ := http.NewRequest(http.MethodGet, ts.URL+path, nil)
		req.Header.Set("If-Modified-Since", lm)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotModified || resp.Header.Get("Last-Modified") != lm {
			t.Errorf("%s after a restart: %d, Last-Modified %s, want 304 and %s", path, resp.StatusCode, resp.Header.Get("Last-Modified"), lm)
		}
	}
	_, body := f.get("/feeds/none.atom")
	if bytes.Contains(body, []byte("1970")) {
		t.Errorf("an empty feed dated 1970:\n%s", body)
	}
}

func TestAClusterIsUpdatedWhenAnotherSourceJoinsIt(t *testing.T) {
	f := newFixture(t)
	cfg := testConfig()
	cfg.Topics[0].Cluster = true
	f.rt.Store(&Runtime{Config: cfg})
	const title = "Korea summit opens in Seoul"
	f.save(db.SourceState{ID: "one", URL: "https://one.test/moved.xml", ConfiguredURL: "http://one.test/feed.xml"},
		item("s1", title, "https://one.test/s1", 1))
	updated := func() (atomUpdated, jsonModified string) {
		t.Helper()
		_, atom := f.atom("/feeds/t.atom")
		for _, e := range atom.Entries {
			if e.Title == title {
				atomUpdated = e.Updated
			}
		}
		for _, it := range f.json("/feeds/t.json").Items {
			if it.Title == title {
				jsonModified = it.DateModified
			}
		}
		return atomUpdated, jsonModified
	}
	before := t0.Add(-time.Hour).Format(time.RFC3339)
	if a, j := updated(); a != before || j != before {
		t.Fatalf("alone: updated %s, date_modified %s, want %s", a, j, before)
	}
	f.clock.Add(2 * time.Hour)
	f.save(db.SourceState{ID: "two", URL: "http://two.test/rss", ConfiguredURL: "http://two.test/rss"},
		item("s2", title, "https://two.test/s2", 0))
	joined := f.clock.Now().UTC().Format(time.RFC3339)
	_, body := f.get("/feeds/t.atom")
	if !bytes.Contains(body, []byte("Also reported by")) {
		t.Fatalf("the copy did not join the story:\n%s", body)
	}
	if a, j := updated(); a != joined || j != joined {
		t.Errorf("joined: updated %s, date_modified %s, want %s", a, j, joined)
	}
}

func TestADeepPageIsModifiedWhenANewItemShiftsIt(t *testing.T) {
	f := newPagedFixture(t)
	resp, _ := f.get("/feeds/t.atom?page=2")
	lm := resp.Header.Get("Last-Modified")
	f.clock.Add(time.Hour)
	f.save(db.SourceState{ID: "one", URL: "https://one.test/moved.xml", ConfiguredURL: "http://one.test/feed.xml"},
		item("fresh", "Korea fresh story", "https://one.test/fresh", 0))
	// A restarted daemon must not answer 304 to the page's old date.
	restarted := New(Options{Store: f.store, Runtime: f.rt, Logger: slog.New(slog.NewTextHandler(testLog{t}, nil)), Now: f.clock.Now})
	ts := httptest.NewServer(restarted.Handler())
	defer ts.Close()
	req, _ := http.NewRequest(http.MethodGet, ts.URL+"/feeds/t.atom?page=2", nil)
	req.Header.Set("If-Modified-Since", lm)
	got, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	got.Body.Close()
	if got.StatusCode != http.StatusOK {
		t.Errorf("page 2 after an item shifted it: %d, want 200 (Last-Modified %s, was %s)", got.StatusCode, got.Header.Get("Last-Modified"), lm)
	}
}
