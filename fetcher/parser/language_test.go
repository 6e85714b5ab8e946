package parser

import "testing"

// TestItemsCarryTheFeedLanguage: RSS <language>, Atom xml:lang and JSON
// Feed's language reach every item, for language-scoped topic terms.
func TestItemsCarryTheFeedLanguage(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"rss", `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><language>ko-KR</language><item><guid>1</guid><title>x</title></item></channel></rss>`, "ko-kr"},
		{"atom", `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ja"><title>t</title><id>urn:x</id><updated>2025-01-01T00:00:00Z</updated><entry><id>urn:1</id><title>x</title><updated>2025-01-01T00:00:00Z</updated></entry></feed>`, "ja"},
		{"json", `{"version":"https://jsonfeed.org/version/1.1","title":"t","language":"zh-Hans","items":[{"id":"1","title":"x"}]}`, "zh-hans"},
		{"none", `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><guid>1</guid><title>x</title></item></channel></rss>`, ""},
		{"not a tag", `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><language>English (US)</language><item><guid>1</guid><title>x</title></item></channel></rss>`, ""},
	}
	for _, tt := range tests {
		feed, err := Parse("s", "https://example.invalid/feed", "", []byte(tt.body))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if len(feed.Items) != 1 || feed.Items[0].Lang != tt.want {
			t.Errorf("%s: items %+v, want one with Lang %q", tt.name, feed.Items, tt.want)
		}
	}
}
