package feedgen

import (
	"bytes"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

// sampleWant is what a reader must get back from each sample entry, written
// out by hand rather than derived with the code under test.
var sampleWant = []struct {
	title, link string
	guid        string // RSS guid and JSON id
	atomID      string
	// dates as each format carries them; "" for absent
	atomUpdated, atomPublished string
	rssPublished               string
	jsonPublished, jsonUpdated string
}{
	{
		title: "South Korea’s doctors strike: Tom & Jerry <3", link: wswsGUID,
		guid: wswsGUID, atomID: wswsGUID,
		atomUpdated: "2024-03-01T12:30:00Z", atomPublished: "2024-03-01T09:00:00Z",
		rssPublished:  "2024-03-01T09:00:00Z",
		jsonPublished: "2024-03-01T09:00:00Z", jsonUpdated: "2024-03-01T12:30:00Z",
	},
	{
		title: "북한, 동해상으로 탄도미사일 발사", link: "https://en.yna.co.kr/view/AEN20240302000100315",
		guid: "AEN20240302000100315", atomID: "urn:uuid:47fcc50f-fc4a-51dc-a244-5074b169b993",
		atomUpdated: "2024-03-01T23:15:00Z", atomPublished: "2024-03-01T23:15:00Z",
		rssPublished:  "2024-03-01T23:15:00Z",
		jsonPublished: "2024-03-01T23:15:00Z", jsonUpdated: "2024-03-01T23:15:00Z",
	},
	{
		title: "朝鲜半岛局势持续紧张", link: "http://www.xinhuanet.com/world/2024-03/02/c_2.htm",
		guid: "http://www.xinhuanet.com/world/2024-03/02/c_2.htm", atomID: "http://www.xinhuanet.com/world/2024-03/02/c_2.htm",
		// Undated: first seen, the same in every format.
		atomUpdated: "2024-03-01T20:00:00Z", atomPublished: "2024-03-01T20:00:00Z",
		rssPublished:  "2024-03-01T20:00:00Z",
		jsonPublished: "2024-03-01T20:00:00Z", jsonUpdated: "2024-03-01T20:00:00Z",
	},
	{
		title: "Control chars here and a bad \uFFFD byte",
		guid:  "item-42", atomID: "urn:uuid:384c6c55-7931-5b9e-86b8-5ce65159e17b",
		atomUpdated: "2024-03-02T01:00:00Z", // nothing known: the feed's date
	},
	{
		title: "Workers in Pyongyang", link: "https://www.wsws.org/en/articles/77.html",
		guid: "tag:wsws.org,2024:article-77", atomID: "tag:wsws.org,2024:article-77",
		atomUpdated: "2024-02-28T06:00:00Z", atomPublished: "2024-02-28T06:00:00Z",
		rssPublished:  "2024-02-28T06:00:00Z",
		jsonPublished: "2024-02-28T06:00:00Z", jsonUpdated: "2024-02-28T06:00:00Z",
	},
	{
		title: "Doctors strike (syndicated)", link: "https://en.yna.co.kr/view/AEN20240301000900315",
		// The guid is the first entry's: every format needs another id.
		guid: "urn:uuid:ffd9f2a9-e705-57c4-a03c-1988dc6965d2", atomID: "urn:uuid:ffd9f2a9-e705-57c4-a03c-1988dc6965d2",
		atomUpdated: "2024-02-27T10:00:00Z", atomPublished: "2024-02-27T10:00:00Z",
		rssPublished:  "2024-02-27T10:00:00Z",
		jsonPublished: "2024-02-27T10:00:00Z", jsonUpdated: "2024-02-27T10:00:00Z",
	},
}

func TestRenderParsesBackWithGofeed(t *testing.T) {
	for _, f := range Formats {
		t.Run(string(f), func(t *testing.T) {
			feed, err := gofeed.NewParser().Parse(bytes.NewReader(render(t, f, sampleEntries())))
			if err != nil {
				t.Fatalf("gofeed cannot parse the %s output: %v", f, err)
			}
			if feed.Title != "Korea & the Peninsula" {
				t.Errorf("feed title = %q", feed.Title)
			}
			if want := "http://127.0.0.1:8080/feeds/korea." + string(f); feed.FeedLink != want {
				t.Errorf("feed self link = %q, want %q", feed.FeedLink, want)
			}
			if feed.Link != sampleHome {
				t.Errorf("feed home link = %q, want %q", feed.Link, sampleHome)
			}
			if len(feed.Items) != len(sampleWant) {
				t.Fatalf("%d items, want %d", len(feed.Items), len(sampleWant))
			}
			for i, want := range sampleWant {
				got := feed.Items[i]
				wantID, wantPub, wantUpd := want.guid, want.jsonPublished, want.jsonUpdated
				switch f {
				case Atom:
					wantID, wantPub, wantUpd = want.atomID, want.atomPublished, want.atomUpdated
					if wantPub == "" { // gofeed's Atom translator falls back to <updated>
						wantPub = wantUpd
					}
				case RSS:
					wantPub, wantUpd = want.rssPublished, ""
				}
				if got.Title != want.title {
					t.Errorf("item %d title = %q, want %q", i, got.Title, want.title)
				}
				if got.Link != want.link {
					t.Errorf("item %d link = %q, want %q", i, got.Link, want.link)
				}
				if got.GUID != wantID {
					t.Errorf("item %d id = %q, want %q", i, got.GUID, wantID)
				}
				checkDate(t, i, "published", got.PublishedParsed, wantPub)
				if f != RSS { // RSS items carry one date only
					checkDate(t, i, "updated", got.UpdatedParsed, wantUpd)
				}
			}
		})
	}
}

func checkDate(t *testing.T, i int, what string, got *time.Time, want string) {
	t.Helper()
	switch {
	case want == "" && got != nil:
		t.Errorf("item %d %s = %v, want none", i, what, got)
	case want != "" && got == nil:
		t.Errorf("item %d %s missing, want %s", i, what, want)
	case want != "" && !got.Equal(date(want)):
		t.Errorf("item %d %s = %v, want %s", i, what, got, want)
	}
}

func TestEmptyFeedParsesBackWithGofeed(t *testing.T) {
	for _, f := range Formats {
		feed, err := gofeed.NewParser().Parse(bytes.NewReader(render(t, f, nil)))
		if err != nil {
			t.Fatalf("gofeed cannot parse the empty %s feed: %v", f, err)
		}
		if len(feed.Items) != 0 || feed.Title == "" {
			t.Errorf("empty %s feed: %d items, title %q", f, len(feed.Items), feed.Title)
		}
	}
}
