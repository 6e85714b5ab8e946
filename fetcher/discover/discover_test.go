package discover

import "testing"

func TestFeedURL(t *testing.T) {
	const pageURL = "https://www.example.net/blog/"
	tests := []struct {
		name, page, want string
	}{
		{"RSS", `<link rel="alternate" type="application/rss+xml" href="/rss.xml">`, "https://www.example.net/rss.xml"},
		{"Atom with parameters", `<link rel="alternate" type="application/atom+xml; charset=utf-8" href="atom.xml">`, "https://www.example.net/blog/atom.xml"},
		{"JSON Feed", `<link rel="alternate" type="application/feed+json" href="https://feeds.example/j">`, "https://feeds.example/j"},
		{"the first of several", `<link rel="alternate" type="application/rss+xml" href="/one"><link rel="alternate" type="application/atom+xml" href="/two">`, "https://www.example.net/one"},
		{"rel among others, upper case", `<LINK REL="Alternate Feed" TYPE="application/rss+xml" HREF="/r">`, "https://www.example.net/r"},
		{"unquoted attributes", `<link rel=alternate type=application/rss+xml href=rss.xml>`, "https://www.example.net/blog/rss.xml"},
		{"<base href> before the link", `<base href="https://cdn.example/site/"><link rel="alternate" type="application/rss+xml" href="feed">`, "https://cdn.example/site/feed"},
		{"relative <base href>", `<base href="/news/"><link rel="alternate" type="application/rss+xml" href="feed">`, "https://www.example.net/news/feed"},
		{"the first attribute of a name counts", `<link rel="alternate" type="application/rss+xml" href="/a" href="/b">`, "https://www.example.net/a"},
		{"self-closing", `<link rel="alternate" type="application/rss+xml" href="/s"/>`, "https://www.example.net/s"},
		{"not alternate", `<link rel="stylesheet" type="application/rss+xml" href="/x">`, ""},
		{"another language's page", `<link rel="alternate" type="text/html" hreflang="de" href="/de/">`, ""},
		{"no href", `<link rel="alternate" type="application/rss+xml" href="  ">`, ""},
		{"no type", `<link rel="alternate" href="/x">`, ""},
		{"a link in the text is not a <link>", `<p>&lt;link rel="alternate" type="application/rss+xml" href="/x"&gt;</p>`, ""},
		{"empty page", ``, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FeedURL([]byte("<html><head>"+tt.page+"</head><body></body></html>"), pageURL); got != tt.want {
				t.Errorf("FeedURL = %q, want %q", got, tt.want)
			}
		})
	}
	if got := FeedURL([]byte(`<link rel="alternate" type="application/rss+xml" href="/rss">`), "::not a url"); got != "/rss" {
		t.Errorf("with an unparsable page URL: %q, want the href as it is", got)
	}
}
