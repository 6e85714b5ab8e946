package server

import (
	"bytes"
	"html"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/feedcurator/feedcurator/db"
)

// TestPagesCountWhatTheFeedHolds: a copy of a story under the same link is
// stored but shown once; the index and topic pages count what the feed
// holds and say how many are stored, and why they differ.
func TestPagesCountWhatTheFeedHolds(t *testing.T) {
	f := newFixture(t)
	f.save(db.SourceState{ID: "two", URL: "http://two.test/rss", ConfiguredURL: "http://two.test/rss"},
		item("b2", "Korea talks resume, a copy", "https://one.test/a1#top", 0))
	_, body := f.get("/feeds/t.atom")
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if len(feed.Items) != 2 {
		t.Fatalf("the feed holds %d items, want 2 (the copy shown once)", len(feed.Items))
	}
	for _, path := range []string{"/", "/topics/t"} {
		_, page := f.get(path)
		text := html.UnescapeString(string(page))
		if want := "2 items in the feed · 3 stored: copies of another item's link"; !bytes.Contains([]byte(text), []byte(want)) {
			t.Errorf("%s lacks %q", path, want)
		}
	}
}

// TestPagesCountPagedFeeds: a feed of several pages is counted per page,
// with the stored total.
func TestPagesCountPagedFeeds(t *testing.T) {
	f := newPagedFixture(t) // topic t: 26 items, pages of 10
	_, page := f.get("/")
	if want := "10 items a page in the feed, more on later pages · 26 stored"; !bytes.Contains(page, []byte(want)) {
		t.Errorf("index lacks %q", want)
	}
}
