package fetcher

import "net/url"

// SanitizeContent is the sanitiser that feed content goes through (same
// policy, same cap, relative URLs made absolute against base), exported so
// that HTML the fetcher gets by other roads, such as an article extracted
// from an item's page, is held to exactly the same rules.
func SanitizeContent(s string, base *url.URL) string {
	return sanitizeHTML(s, base, maxContentBytes)
}

// DecodeCharset returns body as UTF-8 and the name of the charset it was
// read in, by the rules feeds are read with (see decodeCharset); HTML pages
// fetched for an item's article are decoded the same way.
func DecodeCharset(body []byte, contentType string) ([]byte, string) {
	return decodeCharset(body, contentType)
}
