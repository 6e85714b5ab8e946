// Package redact takes secrets out of URLs and messages before anything
// public shows them: pages, feeds, the JSON API and the error texts they
// quote. A source's URL may carry credentials (user:password@, ?token=…),
// and the fetcher needs them verbatim, so redaction happens where text leaves
// the daemon, always through this one rule.
package redact

import (
	"regexp"
	"strings"
)

// Mask replaces every secret part.
const Mask = "REDACTED"

// secretWords mark a query parameter as secret when its name contains one of
// them, case-insensitively: api_key, access_token, X-Amz-Signature, passwd…
var secretWords = []string{"token", "key", "secret", "passw", "auth", "sig"}

// URL returns raw with its user information and the values of its secret
// query parameters masked. Everything else (order, escaping, fragment) is
// kept as written, so a redacted URL stays recognisable and the same URL
// always redacts to the same text (it may serve as an Atom id).
func URL(raw string) string {
	scheme := strings.Index(raw, "://")
	if scheme >= 0 {
		rest := raw[scheme+3:]
		end := strings.IndexAny(rest, "/?#")
		if end < 0 {
			end = len(rest)
		}
		if at := strings.LastIndexByte(rest[:end], '@'); at >= 0 {
			raw = raw[:scheme+3] + Mask + rest[at:]
		}
	}
	q := strings.IndexByte(raw, '?')
	if q < 0 {
		return raw
	}
	query, fragment := raw[q+1:], ""
	if h := strings.IndexByte(query, '#'); h >= 0 {
		query, fragment = query[:h], query[h:]
	}
	params := strings.Split(query, "&")
	for i, p := range params {
		name, _, hasValue := strings.Cut(p, "=")
		if hasValue && secretName(name) {
			params[i] = name + "=" + Mask
		}
	}
	return raw[:q+1] + strings.Join(params, "&") + fragment
}

// secretName reports whether a query parameter's name says it holds a secret.
func secretName(name string) bool {
	name = strings.ToLower(name)
	for _, w := range secretWords {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// urlInText finds URLs inside free text, as Go's errors quote them
// (`Get "http://…": dial tcp …`): a scheme, "://", then up to a quote, space
// or angle bracket.
var urlInText = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.-]*://[^\s"'<>` + "`" + `]+`)

// Text redacts every URL in s (see URL) and every occurrence of the given
// secret values (configured header values, the access token), which may
// turn up in error messages verbatim.
func Text(s string, secrets ...string) string {
	for _, v := range secrets {
		if len(v) >= 4 { // shorter values would mask ordinary words
			s = strings.ReplaceAll(s, v, Mask)
		}
	}
	if !strings.Contains(s, "://") {
		return s
	}
	return urlInText.ReplaceAllStringFunc(s, URL)
}
