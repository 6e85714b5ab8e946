// Package linkid says when two links name the same story: the one rule that
// the stores' link indexes, item ids without a guid, curated selection's
// dedup and `match`'s duplicate report all compare by. It is its own package
// because it belongs to none of them: were it the store's, every reader of
// links would depend on the store for a string function, and an engine
// disagreeing with the others on it would find different copies.
package linkid

import (
	"net/url"
	"strings"
)

// Normalize returns the form of a link under which two copies of one story
// compare equal: scheme and host lower-cased, default port, fragment and utm_*
// parameters dropped. A link that does not parse is returned trimmed.
func Normalize(link string) string {
	link = strings.TrimSpace(link)
	u, err := url.Parse(link)
	if err != nil || u.Host == "" {
		return link
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	if (u.Scheme == "http" && u.Port() == "80") || (u.Scheme == "https" && u.Port() == "443") {
		u.Host = u.Hostname()
	}
	u.Fragment = ""
	u.RawFragment = ""
	if u.RawQuery != "" {
		q := u.Query()
		changed := false
		for k := range q {
			if strings.HasPrefix(strings.ToLower(k), "utm_") {
				q.Del(k)
				changed = true
			}
		}
		if changed {
			u.RawQuery = q.Encode()
		}
	}
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String()
}
