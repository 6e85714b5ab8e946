package config

import (
	"strings"
	"testing"
)

const sampleOPML = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>subs</title></head><body>
  <outline text="Asia">
    <outline text="Yonhap" title="Yonhap News" type="rss" xmlUrl="https://en.yna.co.kr/RSS/news.xml" category="/korea,wire"/>
    <outline text="연합뉴스" type="rss" xmlUrl="https://www.yna.co.kr/rss/news.xml"/>
    <outline text="Korea" >
      <outline text="NK News" type="rss" xmlUrl="https://www.nknews.org/feed/"/>
    </outline>
  </outline>
  <outline text="WSWS" type="rss" xmlUrl="https://www.wsws.org/en/rss.xml"/>
  <outline text="dup" type="rss" xmlUrl="https://www.wsws.org/en/rss.xml"/>
  <outline text="bad" type="rss" xmlUrl="javascript:alert(1)"/>
</body></opml>`

func TestParseOPML(t *testing.T) {
	got, err := ParseOPML(strings.NewReader(sampleOPML), map[string]bool{"wsws": true})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, s := range got {
		lines = append(lines, s.ID+" "+s.URL+" "+strings.Join(s.Categories, "/"))
	}
	want := []string{
		"yonhap-news https://en.yna.co.kr/RSS/news.xml Asia/korea/wire",
		"yna-co-kr https://www.yna.co.kr/rss/news.xml Asia",
		"nk-news https://www.nknews.org/feed/ Asia/Korea",
		"wsws-2 https://www.wsws.org/en/rss.xml ",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	// The YAML it prints is a valid sources block.
	doc := "sources:\n" + SourcesYAML(got, 2)
	cfg, err := Parse("opml.yaml", []byte(doc))
	if err != nil {
		t.Fatalf("generated YAML does not parse: %v\n%s", err, doc)
	}
	if len(cfg.Sources) != 4 || cfg.Sources[1].Title != "연합뉴스" {
		t.Errorf("sources = %+v", cfg.Sources)
	}
}

func TestParseOPMLRejectsNonOPML(t *testing.T) {
	if _, err := ParseOPML(strings.NewReader("<rss></rss>"), nil); err == nil {
		t.Error("an RSS document parsed as OPML")
	}
}

// TestReadOPMLSaysWhatItSkips: every outline left out is named with why.
func TestReadOPMLSaysWhatItSkips(t *testing.T) {
	doc := strings.Replace(sampleOPML, "</body>", `<outline text="Blog" type="link" url="https://blog.example/"/></body>`, 1)
	found, skipped, err := ReadOPML(strings.NewReader(doc), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 4 {
		t.Errorf("found %d feeds, want 4", len(found))
	}
	var got []string
	for _, s := range skipped {
		got = append(got, s.Title+": "+s.Why)
	}
	want := []string{
		`dup: https://www.wsws.org/en/rss.xml is already listed, as "WSWS"`,
		`bad: xmlUrl "javascript:alert(1)" is not an http or https URL`,
		`Blog: no xmlUrl: not a feed`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("skipped\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
