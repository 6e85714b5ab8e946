package feedgen

import (
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/topic"
)

// An item with a full-text article carries it as its content in every
// format (Atom content, RSS content:encoded, JSON content_html); the
// summary stays the feed's teaser.
func TestFeedsCarryTheArticle(t *testing.T) {
	const teaser, article = "<p>Talks resume.</p>", "<p>Envoys flew on to Pyongyang.</p>"
	entries := []topic.Entry{{Item: db.Item{SourceID: "desk", ID: "1", Link: "https://desk.example/1", Title: "Trade talks",
		Summary: teaser, Content: teaser, Article: article,
		Published: date("2026-03-01T08:00:00Z"), FirstSeen: date("2026-03-01T09:00:00Z")}}}

	var atom struct {
		Entry struct {
			Summary string `xml:"summary"`
			Content string `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(renderFidelity(t, Atom, fidelityChannel(Atom), entries), &atom); err != nil {
		t.Fatal(err)
	}
	if atom.Entry.Content != article || atom.Entry.Summary != teaser {
		t.Errorf("atom: summary %q content %q", atom.Entry.Summary, atom.Entry.Content)
	}

	var rss struct {
		Item struct {
			Description string `xml:"description"`
			Encoded     string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
		} `xml:"channel>item"`
	}
	if err := xml.Unmarshal(renderFidelity(t, RSS, fidelityChannel(RSS), entries), &rss); err != nil {
		t.Fatal(err)
	}
	if rss.Item.Encoded != article || rss.Item.Description != teaser {
		t.Errorf("rss: description %q content:encoded %q", rss.Item.Description, rss.Item.Encoded)
	}

	var js struct {
		Items []struct {
			Summary     string `json:"summary"`
			ContentHTML string `json:"content_html"`
		} `json:"items"`
	}
	if err := json.Unmarshal(renderFidelity(t, JSON, fidelityChannel(JSON), entries), &js); err != nil {
		t.Fatal(err)
	}
	if len(js.Items) != 1 || js.Items[0].ContentHTML != article || !strings.Contains(js.Items[0].Summary, "Talks resume.") {
		t.Errorf("json: %+v", js.Items)
	}
}
