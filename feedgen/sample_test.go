package feedgen

import (
	"bytes"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/topic"
)

// The sample: a Korea topic fed by an English, a Korean and a Chinese source
// plus one the caller cannot resolve, with every awkward case the renderers
// must survive (see sampleEntries).

const (
	sampleHome = "http://127.0.0.1:8080/"
	sampleHub  = "https://hub.example.net/"
	wswsGUID   = "https://www.wsws.org/en/articles/2024/03/01/kore-m01.html"
)

func sampleChannel(f Format) Channel {
	return Channel{
		TopicID:     "korea",
		Title:       "Korea & the Peninsula",
		Description: "North and South Korea <news>",
		ID:          "http://127.0.0.1:8080/feeds/korea",
		SelfURL:     "http://127.0.0.1:8080/feeds/korea." + string(f),
		HomeURL:     sampleHome,
		HubURL:      sampleHub,
		Updated:     time.Date(2024, 3, 2, 10, 0, 0, 0, time.FixedZone("KST", 9*3600)),
		// The sample shows match terms as categories; TestMatchTermsAreNoCategoriesByDefault
		// covers the default.
		MatchCategories: true,
	}
}

var sampleSources = map[string]Source{
	"wsws": {ID: "wsws", Title: "World Socialist Web Site", FeedURL: "https://www.wsws.org/en/rss.xml",
		SiteURL: "https://www.wsws.org/", FeedID: "https://www.wsws.org/en/rss.xml"},
	"yonhap": {ID: "yonhap", Title: "연합뉴스", FeedURL: "https://en.yna.co.kr/RSS/news.xml"},
	"xinhua": {ID: "xinhua", Title: "新华网", FeedURL: "http://www.xinhuanet.com/rss.xml",
		SiteURL: "http://www.xinhuanet.com/", FeedID: "tag:xinhuanet.com,2024:feed"},
}

// sampleSourceOf resolves the sample sources; "misc" is unknown to it.
func sampleSourceOf(id string) Source { return sampleSources[id] }

func date(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// sampleEntries covers: a guid that is the link (permalink) with entities,
// Reasons and Also copies (one with a javascript: link); a Korean title with a
// guid that is not an IRI and only a published date; a Chinese title with no
// guid and only a first-seen date; control characters and a broken byte with
// no dates, no link and no body at all; a tag: guid with only an updated date;
// a guid another source already used.
func sampleEntries() []topic.Entry {
	return []topic.Entry{
		{
			Item: db.Item{
				SourceID: "wsws", ID: wswsGUID, GUID: wswsGUID, Link: wswsGUID,
				Title:      "South Korea’s doctors strike: Tom & Jerry <3",
				Summary:    `<p>Doctors in <b>Seoul</b> &amp; Busan walked out &lt;again&gt;.</p>`,
				Content:    `<p>Doctors in <b>Seoul</b> &amp; Busan walked out.</p><p><a href="https://www.wsws.org/x?a=1&amp;b=2">More</a> &#8212; &quot;quoted&quot;</p>`,
				Author:     "Ben McGrath",
				Categories: []string{"Asia", "Korea & Japan"},
				Published:  date("2024-03-01T09:00:00Z"),
				Updated:    date("2024-03-01T21:30:00+09:00"),
				FirstSeen:  date("2024-03-01T09:05:00Z"),
			},
			Reasons: []db.Reason{
				{Term: "Korea*", Field: "title", Text: "Korea"},
				{Term: "Seoul", Field: "summary", Text: "Seoul"},
				{Term: "Korea*", Field: "content", Text: "Korea"},
			},
			Also: []db.Item{
				{SourceID: "xinhua", Link: "http://www.xinhuanet.com/english/2024-03/01/c_1.htm", Title: `韩国医生罢工 <"继续"> & more`},
				{SourceID: "misc", Link: "javascript:alert(1)", Title: "Sneaky"},
			},
		},
		{
			Item: db.Item{
				SourceID: "yonhap", ID: "AEN20240302000100315", GUID: "AEN20240302000100315",
				Link:      "https://en.yna.co.kr/view/AEN20240302000100315",
				Title:     "북한, 동해상으로 탄도미사일 발사",
				Content:   `<p>합동참모본부는 &lt;script&gt;는 없다고 밝혔다.</p>`,
				Author:    "Yonhap",
				Authors:   []db.Person{{Name: "Yonhap", Email: "desk@yna.co.kr"}},
				Published: date("2024-03-02T08:15:00+09:00"),
				FirstSeen: date("2024-03-01T23:20:00Z"),
			},
			Reasons: []db.Reason{{Term: "북한", Field: "title", Text: "북한"}}, Score: 3.000000001,
		},
		{
			Item: db.Item{
				SourceID: "xinhua", ID: "http://www.xinhuanet.com/world/2024-03/02/c_2.htm",
				Link:      "http://www.xinhuanet.com/world/2024-03/02/c_2.htm",
				Title:     "朝鲜半岛局势持续紧张",
				Summary:   "<p>朝鲜半岛</p>",
				FirstSeen: date("2024-03-01T20:00:00Z"),
			},
			Reasons: []db.Reason{{Term: "朝鲜", Field: "title", Text: "朝鲜"}},
		},
		{
			Item: db.Item{
				SourceID: "misc", ID: "item\x01-42", GUID: "item\x01-42",
				Title: "Control\x00 chars\x1b here\x7f and a bad \xff byte",
			},
			Reasons: []db.Reason{{Term: `/\bUS\b/`, Field: "title", Text: "US\x02"}},
		},
		{
			Item: db.Item{
				SourceID: "wsws", ID: "tag:wsws.org,2024:article-77", GUID: "tag:wsws.org,2024:article-77",
				Link:    "https://www.wsws.org/en/articles/77.html",
				Title:   "Workers in Pyongyang",
				Summary: "Plain summary, no markup.",
				Updated: date("2024-02-28T06:00:00Z"),
			},
		},
		{
			Item: db.Item{
				SourceID: "yonhap", ID: wswsGUID, GUID: wswsGUID,
				Link:      "https://en.yna.co.kr/view/AEN20240301000900315",
				Title:     "Doctors strike (syndicated)",
				Content:   "<p>Same guid as the original.</p>",
				Published: date("2024-02-27T10:00:00Z"),
			},
		},
	}
}

// render renders the sample (or the given entries) and fails the test on error.
func render(t testing.TB, f Format, entries []topic.Entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, f, sampleChannel(f), entries, sampleSourceOf); err != nil {
		t.Fatalf("Render(%s): %v", f, err)
	}
	return buf.Bytes()
}
