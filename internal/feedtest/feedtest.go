// Package feedtest is test support for the packages that turn a store into
// feeds: one store's worth of sources, items and a topic that render and
// server both test against, so that the feeds render's golden files pin are
// the ones the server's tests serve; and the golden-file check that render
// and feedgen share. Only tests and benchmarks import it.
package feedtest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
)

// T0 is the fixture's now: items are dated hours before it.
var T0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// WordTopics puts an item in topic T when its title contains T's word; the
// feeds, not matching, are under test.
type WordTopics map[string]string // topic id → word

func (w WordTopics) Classify(it *db.Item) []db.Membership {
	var out []db.Membership
	for id, word := range w {
		if strings.Contains(it.Title, word) {
			out = append(out, db.Membership{Topic: id, Reasons: []db.Reason{{Term: word, Field: "title", Text: word}}, Score: 3})
		}
	}
	return out
}

// Topics classifies topic "t" (title contains "Korea"), and also "all",
// for a config that names a topic so, and "p", for private topics.
func Topics() WordTopics { return WordTopics{"t": "Korea", "all": "Korea", "p": "Korea"} }

// Config has three sources (two of them polled by Seed) and topic t.
func Config() *config.Config {
	return &config.Config{
		BaseURL: "http://feeds.test",
		Output:  config.Output{Items: 10},
		WebSub:  config.WebSub{Hub: "https://hub.test/"},
		Sources: []config.Source{
			{ID: "one", URL: "http://one.test/feed.xml", Title: "Source One"},
			{ID: "two", URL: "http://two.test/rss"},
			{ID: "new", URL: "http://new.test/atom"},
		},
		Topics: []config.Topic{{
			ID: "t", Title: "Korea", Description: "North and South Korea",
			Any: []config.Term{{Raw: "Korea", Kind: config.TermWord, Text: "Korea"}},
		}},
	}
}

// Seed stores the sources' first polls in store, whichever its engine: one
// followed a redirect and succeeded, two is failing; new was never polled.
func Seed(t testing.TB, store db.Engine) {
	t.Helper()
	SavePoll(t, store, db.SourceState{
		ID: "one", URL: "https://one.test/moved.xml", ConfiguredURL: "http://one.test/feed.xml",
		Title: "One's own title", SiteURL: "https://one.test/", FeedID: "urn:one",
		LastFetch: T0, LastSuccess: T0, LastStatus: 200, NextFetch: T0.Add(30 * time.Minute),
	},
		Item("a1", "Korea talks resume", "https://one.test/a1", 3),
		Item("a2", "Weather report", "https://one.test/a2", 2),
	)
	SavePoll(t, store, db.SourceState{
		ID: "two", URL: "http://two.test/rss", ConfiguredURL: "http://two.test/rss", Title: "Two's own title",
		LastFetch: T0, LastStatus: 503, LastError: "fetcher: 503 Service Unavailable", Failures: 2, NextFetch: T0.Add(time.Hour),
	},
		Item("b1", "Seoul and Korea <script>alert(1)</script>", "https://two.test/b1", 1),
	)
}

// AddKoreaStories polls source one again with n more Korea items, dated 10
// hours before T0 and older: after Seed, topic t holds n+2 items and the
// all feed n+3.
func AddKoreaStories(t testing.TB, store db.Engine, n int) {
	t.Helper()
	var items []db.Item
	for i := range n {
		items = append(items, Item(fmt.Sprint("k", i), fmt.Sprint("Korea story ", i), fmt.Sprint("https://one.test/k", i), 10+i))
	}
	SavePoll(t, store, db.SourceState{ID: "one", URL: "https://one.test/moved.xml", ConfiguredURL: "http://one.test/feed.xml"}, items...)
}

// SavePoll saves a poll, failing the test if it does not save.
func SavePoll(t testing.TB, store db.Engine, st db.SourceState, items ...db.Item) {
	t.Helper()
	if _, err := store.SavePoll(st, items); err != nil {
		t.Fatal(err)
	}
}

// Item is an item published hoursAgo hours before T0.
func Item(id, title, link string, hoursAgo int) db.Item {
	return db.Item{ID: id, GUID: id, Title: title, Link: link, Summary: "<p>About " + id + "</p>", Published: T0.Add(-time.Duration(hoursAgo) * time.Hour)}
}
