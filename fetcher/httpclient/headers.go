package httpclient

import (
	"cmp"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxHeaderDelay caps Retry-After and max-age: a server cannot park a source
// for years, and huge values cannot overflow time.Duration.
const maxHeaderDelay = 30 * 24 * time.Hour

// serverNow is the server's clock from its Date header, else ours. Relative
// headers (an HTTP-date Retry-After, Expires) are measured against it, so
// that clock skew between us and the server does not distort them.
func serverNow(h http.Header, now time.Time) time.Time {
	if t, err := http.ParseTime(h.Get("Date")); err == nil {
		return t
	}
	return now
}

// retryAfter parses Retry-After as delay-seconds or as an HTTP-date; zero
// when absent, malformed or in the past.
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		return clampDelay(secs)
	}
	if t, err := http.ParseTime(v); err == nil {
		return clampDuration(t.Sub(serverNow(h, now)))
	}
	return 0
}

// maxAge is the freshness lifetime the server grants: Cache-Control max-age
// when present, else Expires minus Date. Other directives (no-cache,
// no-store, must-revalidate, s-maxage for shared caches) grant nothing and
// count as zero.
func maxAge(h http.Header, now time.Time) time.Duration {
	for _, cc := range h.Values("Cache-Control") {
		for _, directive := range strings.Split(cc, ",") {
			name, value, ok := strings.Cut(strings.TrimSpace(directive), "=")
			if !ok || !strings.EqualFold(strings.TrimSpace(name), "max-age") {
				continue
			}
			secs, err := strconv.ParseInt(strings.Trim(strings.TrimSpace(value), `"`), 10, 64)
			if err != nil {
				return 0
			}
			return clampDelay(secs)
		}
	}
	if exp := h.Get("Expires"); exp != "" {
		if t, err := http.ParseTime(exp); err == nil {
			return clampDuration(t.Sub(serverNow(h, now)))
		}
	}
	return 0
}

func clampDelay(secs int64) time.Duration {
	if secs <= 0 {
		return 0
	}
	if secs > int64(maxHeaderDelay/time.Second) {
		return maxHeaderDelay
	}
	return time.Duration(secs) * time.Second
}

func clampDuration(d time.Duration) time.Duration {
	return max(0, min(d, maxHeaderDelay))
}

// validatorsFrom takes the validators of a response. A 304 may omit them;
// the ones sent then still hold, so for a 304 sent fills the gaps. A 200
// without validators has none: the old ones describe other content.
func validatorsFrom(h http.Header, sent Validators, notModified bool) Validators {
	v := Validators{ETag: h.Get("ETag"), LastModified: h.Get("Last-Modified")}
	if notModified {
		v.ETag = cmp.Or(v.ETag, sent.ETag)
		v.LastModified = cmp.Or(v.LastModified, sent.LastModified)
	}
	return v
}
