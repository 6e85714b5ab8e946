package fetcher

import "net/url"

// SanitizeContent is the sanitiser that feed content goes through (same
// policy, same cap, relative URLs made absolute against base), exported so
// that HTML the fetcher gets by other roads, such as an article extracted
// from an item's page, is held to exactly the same rules.
func SanitizeContent(s string, base *url.URL) string {
	return sanitizeHTML(s, base, maxContentBytes)
}

// HostKey names the publisher of rawURL as poll.per_host counts them (its
// registrable domain, or its IP address), "" when rawURL has no host, so
// that work queued outside the client, such as article pages, can be
// spread over publishers by the same rule.
func HostKey(rawURL string) string {
	h := urlHostname(rawURL)
	if h == "" {
		return ""
	}
	return hostKey(h)
}
