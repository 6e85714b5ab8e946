// Package discover finds the feed an HTML page advertises, so that a source
// configured with a site's address (or a feed URL that now serves a page)
// is followed to its feed.
package discover

import (
	"bytes"
	"mime"
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// feedLinkTypes are the <link type> values that advertise a feed.
var feedLinkTypes = map[string]bool{
	"application/rss+xml":   true,
	"application/atom+xml":  true,
	"application/feed+json": true,
}

// FeedURL returns the first feed an HTML page advertises with
// <link rel="alternate" type="application/rss+xml|atom+xml|feed+json">,
// resolved against the page's <base href> and URL; "" when it has none. It
// tokenizes rather than parses: no tree is built for a page that is thrown
// away.
func FeedURL(page []byte, pageURL string) string {
	base, _ := url.Parse(pageURL)
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if !hasAttr {
				continue
			}
			switch atom.Lookup(name) {
			case atom.Base:
				if href := tagAttrs(z)["href"]; href != "" {
					base = resolveAgainst(base, href)
				}
			case atom.Link:
				attrs := tagAttrs(z)
				if isFeedLink(attrs) {
					if u := resolveAgainst(base, attrs["href"]); u != nil {
						return u.String()
					}
				}
			}
		}
	}
}

// isFeedLink reports a <link> whose rel includes "alternate" and whose type
// is a feed type.
func isFeedLink(attrs map[string]string) bool {
	if strings.TrimSpace(attrs["href"]) == "" {
		return false
	}
	alternate := false
	for _, rel := range strings.Fields(strings.ToLower(attrs["rel"])) {
		alternate = alternate || rel == "alternate"
	}
	mt, _, err := mime.ParseMediaType(attrs["type"])
	return alternate && err == nil && feedLinkTypes[mt]
}

// tagAttrs collects the current tag's attributes, names lower-cased.
func tagAttrs(z *html.Tokenizer) map[string]string {
	attrs := make(map[string]string)
	for {
		key, val, more := z.TagAttr()
		k := strings.ToLower(string(key))
		if _, seen := attrs[k]; !seen {
			attrs[k] = string(val)
		}
		if !more {
			return attrs
		}
	}
}

// resolveAgainst resolves ref against base; nil when ref does not parse. A
// nil base leaves ref as it is.
func resolveAgainst(base *url.URL, ref string) *url.URL {
	u, err := url.Parse(strings.TrimSpace(ref))
	if err != nil {
		return nil
	}
	if base == nil {
		return u
	}
	return base.ResolveReference(u)
}
