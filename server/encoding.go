package server

import (
	"strconv"
	"strings"
)

// acceptsGzip reads Accept-Encoding per RFC 9110 12.5.3: gzip (or its alias
// x-gzip) with a non-zero q-value, or "*" when gzip is not listed itself.
// "gzip;q=0" is a refusal, not a preference. It runs on every feed request,
// so it walks the header without allocating.
func acceptsGzip(header string) bool {
	star := -1.0
	for header != "" {
		var part string
		part, header, _ = strings.Cut(header, ",")
		coding, params, _ := strings.Cut(part, ";")
		coding = strings.TrimSpace(coding)
		switch {
		case strings.EqualFold(coding, "gzip"), strings.EqualFold(coding, "x-gzip"):
			return qValue(params) > 0
		case coding == "*":
			star = qValue(params)
		}
	}
	return star > 0
}

// qValue extracts q from "q=0.5"-style parameters; absent or malformed is 1.
func qValue(params string) float64 {
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		name, value, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(name), "q") {
			continue
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil || q < 0 {
			return 1
		}
		return q
	}
	return 1
}
