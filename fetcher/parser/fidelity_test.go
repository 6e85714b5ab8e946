package parser

import (
	"reflect"
	"strings"
	"testing"

	"github.com/feedcurator/feedcurator/db"
)

func parseOne(t *testing.T, body string) *Feed {
	t.Helper()
	feed, err := Parse("s", "https://host.example/feed", "", []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	return feed
}

func TestParseNeverMakesALinkFromAGuid(t *testing.T) {
	feed := parseOne(t, `<rss version="2.0"><channel><title>x</title><link>https://host.example/</link>
<item><title>name guid</title><guid>h1</guid></item>
<item><title>path guid</title><guid>/news/h2</guid></item>
<item><title>url guid</title><guid>https://host.example/h3</guid></item>
<item><title>url guid, not a permalink</title><guid isPermaLink="false">https://host.example/h4</guid></item>
</channel></rss>`)
	want := []string{"", "", "https://host.example/h3", ""}
	for i, it := range feed.Items {
		if it.Link != want[i] {
			t.Errorf("%s: link %q, want %q", it.Title, it.Link, want[i])
		}
	}
}

func TestParseKeepsEnclosuresAndMedia(t *testing.T) {
	feed := parseOne(t, `<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>x</title><link>https://host.example/</link>
<item><title>ep</title><link>https://host.example/ep</link>
<enclosure url="https://cdn.example/ep.mp3" length="123" type="audio/mpeg"/>
<enclosure url="javascript:alert(1)" length="1" type="audio/mpeg"/>
<media:group><media:content url="ep.mp4" type="video/mp4" fileSize="456"/><media:thumbnail url="ep.jpg"/></media:group>
<media:content url="https://cdn.example/ep.mp3" type="audio/mpeg"/>
</item></channel></rss>`)
	it := feed.Items[0]
	want := []db.Enclosure{{URL: "https://cdn.example/ep.mp3", Type: "audio/mpeg", Length: 123}, {URL: "https://host.example/ep.mp4", Type: "video/mp4", Length: 456}}
	if !reflect.DeepEqual(it.Enclosures, want) {
		t.Errorf("enclosures %+v\nwant %+v", it.Enclosures, want)
	}
	if it.Image != "https://host.example/ep.jpg" {
		t.Errorf("image %q", it.Image)
	}
}

func TestParseKeepsEveryAuthorWithEmailAndURI(t *testing.T) {
	feed := parseOne(t, `<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><id>urn:x</id><updated>2026-03-02T07:00:00Z</updated>
<author><name>Asia Desk</name><uri>https://host.example/desk</uri></author>
<entry><title>a</title><id>urn:a</id><updated>2026-03-02T07:00:00Z</updated>
<author><name>Kim</name><email>kim@host.example</email><uri>https://host.example/kim</uri></author><author><name>Lee</name></author></entry>
<entry><title>b</title><id>urn:b</id><updated>2026-03-02T07:00:00Z</updated></entry></feed>`)
	if want := []db.Person{{Name: "Asia Desk", URI: "https://host.example/desk"}}; !reflect.DeepEqual(feed.Authors, want) {
		t.Errorf("feed authors %+v", feed.Authors)
	}
	a := feed.Items[0]
	if want := []db.Person{{Name: "Kim", Email: "kim@host.example", URI: "https://host.example/kim"}, {Name: "Lee"}}; !reflect.DeepEqual(a.Authors, want) {
		t.Errorf("authors %+v", a.Authors)
	}
	if a.Author != "Kim, Lee" {
		t.Errorf("author text %q", a.Author)
	}
	if b := feed.Items[1]; len(b.Authors) != 0 || b.Author != "" {
		t.Errorf("an item without authors got %+v %q: the feed's are the source's to credit", b.Authors, b.Author)
	}

	rss := parseOne(t, `<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>x</title>
<item><title>c</title><dc:creator>Kim</dc:creator><dc:creator>Lee</dc:creator></item></channel></rss>`)
	if got := rss.Items[0].Author; got != "Kim, Lee" {
		t.Errorf("RSS dc:creators %q", got)
	}
}

func TestContentHashFollowsTheSourcesText(t *testing.T) {
	body := `<rss version="2.0"><channel><title>x</title><item><title>%s</title><guid>g</guid><description>d</description></item></channel></rss>`
	a := parseOne(t, strings.Replace(body, "%s", "Draft", 1)).Items[0]
	b := parseOne(t, strings.Replace(body, "%s", "Draft", 1)).Items[0]
	c := parseOne(t, strings.Replace(body, "%s", "Final", 1)).Items[0]
	if a.ContentHash == "" || a.ContentHash != b.ContentHash || a.ContentHash == c.ContentHash {
		t.Errorf("hashes %q %q %q", a.ContentHash, b.ContentHash, c.ContentHash)
	}
	if a.ID != c.ID {
		t.Errorf("an edit changed the id: %q → %q", a.ID, c.ID)
	}
}
