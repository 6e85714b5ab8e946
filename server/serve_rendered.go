package server

import (
	"net/http"
)

var (
	hdrVary       = []string{"Accept-Encoding"}
	hdrGzip       = []string{"gzip"}
	hdrNoSniff    = []string{"nosniff"}
	hdrCSP        = []string{contentSecurityPolicy}
	hdrNoReferrer = []string{"no-referrer"}
)

// serveRendered answers with a cached representation: 304 when the client's
// copy is current, else the gzip or plain bytes. Vary is set on every answer,
// 304 included, so that shared caches keep the two encodings apart. Header
// values are assigned, not Set, to serve without allocating; their keys are
// already canonical.
func serveRendered(w http.ResponseWriter, r *http.Request, e *rendered) {
	h := w.Header()
	h["Vary"] = hdrVary
	h["Cache-Control"] = e.hdrCacheControl
	h["Last-Modified"] = e.hdrLastModified
	gz := acceptsGzip(r.Header.Get("Accept-Encoding"))
	if gz {
		h["Etag"] = e.hdrETagGzip
	} else {
		h["Etag"] = e.hdrETag
	}
	if notModified(r, e) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h["Content-Type"] = e.hdrContentType
	body := e.raw
	if gz {
		h["Content-Encoding"] = hdrGzip
		h["Content-Length"] = e.hdrLengthGzip
		body = e.gz
	} else {
		h["Content-Length"] = e.hdrLength
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}
