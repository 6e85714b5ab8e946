package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"time"
)

// rendered is one representation ready to serve: its bytes, a gzip copy made
// once, and the validators that let clients skip downloading it again.
type rendered struct {
	raw          []byte
	gz           []byte
	etag         string // strong, quoted; hash of raw
	etagGzip     string // etag with "-gz" inside the quotes
	lastModified time.Time

	// Header values, made once so that serving allocates none. They are
	// shared by every answer and must not be modified.
	hdrContentType, hdrCacheControl, hdrLastModified []string
	hdrETag, hdrETagGzip                             []string
	hdrLength, hdrLengthGzip                         []string
}

// newRendered hashes and compresses body. lastModified is truncated to
// seconds, the resolution of HTTP dates, so that If-Modified-Since compares
// against exactly what the client was sent.
func newRendered(contentType, cacheControl string, body []byte, lastModified time.Time) *rendered {
	sum := sha256.Sum256(body)
	tag := hex.EncodeToString(sum[:16])
	lm := lastModified.UTC().Truncate(time.Second)
	r := &rendered{
		raw:          body,
		gz:           gzipBytes(body),
		etag:         `"` + tag + `"`,
		etagGzip:     `"` + tag + `-gz"`,
		lastModified: lm,
	}
	r.hdrContentType = []string{contentType}
	r.hdrCacheControl = []string{cacheControl}
	r.hdrLastModified = []string{lm.Format(http.TimeFormat)}
	r.hdrETag, r.hdrETagGzip = []string{r.etag}, []string{r.etagGzip}
	r.hdrLength, r.hdrLengthGzip = []string{strconv.Itoa(len(r.raw))}, []string{strconv.Itoa(len(r.gz))}
	return r
}

// sameBytes reports whether body is what r already holds, in which case r's
// validators stand: a re-render that changes nothing must not make every
// reader download the feed again.
func (r *rendered) sameBytes(body []byte) bool { return r != nil && bytes.Equal(r.raw, body) }

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // the level is valid
	zw.Write(b)                                              // a bytes.Buffer does not fail
	zw.Close()
	return buf.Bytes()
}
