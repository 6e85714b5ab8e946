package fetcher

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
