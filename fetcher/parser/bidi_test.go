package parser

import (
	"strings"
	"testing"
)

// Bidirectional controls, raw or as character references, leave titles,
// author names and the feed's title; the content keeps them.
func TestBidiControlsLeavePlainTextFields(t *testing.T) {
	body := "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" +
		`<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>` +
		"<title>Wire\u202E desk</title><link>https://example.com/</link>" +
		"<item><title>invoice\u202Egnp.exe</title><link>https://example.com/1</link>" +
		"<dc:creator>Eve&#x2067;\u200F Smith&#8294;</dc:creator>" +
		"<description>&lt;p&gt;\u05E9\u05DC\u05D5\u05DD \u200F(1)&lt;/p&gt;</description></item>" +
		"<item><title>a &amp;#x202E; b &#x202d;c&#x061C;d&#x2069;</title><link>https://example.com/2</link></item>" +
		`</channel></rss>`
	feed, err := Parse("s", "https://example.com/feed", "application/rss+xml", []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{feed.Title}
	for _, it := range feed.Items {
		texts = append(texts, it.Title, it.Author)
	}
	for _, s := range texts {
		if strings.ContainsAny(s, bidiControls) {
			t.Errorf("%q keeps a bidirectional control", s)
		}
	}
	if feed.Items[0].Title != "invoicegnp.exe" || feed.Title != "Wire desk" || feed.Items[1].Title != "a b cd" {
		t.Errorf("titles %q, %q, %q", feed.Title, feed.Items[0].Title, feed.Items[1].Title)
	}
	if !strings.Contains(feed.Items[0].Summary+feed.Items[0].Content, "\u200F") {
		t.Errorf("the HTML lost its right-to-left mark: %q", feed.Items[0].Summary)
	}
}

// bidiControls are the characters that reorder text on display: the
// embeddings, overrides and isolates, and the directional marks.
const bidiControls = "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C"
