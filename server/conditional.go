package server

import (
	"net/http"
	"strings"
)

// notModified decides a conditional GET per RFC 9110 13.2.2: If-None-Match
// when present, else If-Modified-Since. Either ETag form (plain or gzip)
// matches, as a client may have received either, and W/ tags compare weakly,
// as RFC 9110 prescribes for If-None-Match.
func notModified(r *http.Request, e *rendered) bool {
	if inm := r.Header.Values("If-None-Match"); len(inm) > 0 {
		return etagListMatches(strings.Join(inm, ","), e)
	}
	ims := r.Header.Get("If-Modified-Since")
	if ims == "" {
		return false
	}
	t, err := http.ParseTime(ims)
	if err != nil {
		return false
	}
	return !t.Before(e.lastModified)
}

// etagListMatches reports whether the If-None-Match list names e.
func etagListMatches(list string, e *rendered) bool {
	for _, tag := range strings.Split(list, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" {
			return true
		}
		tag = strings.TrimPrefix(tag, "W/")
		if tag == e.etag || tag == e.etagGzip {
			return true
		}
	}
	return false
}
