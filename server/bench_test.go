package server

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
)

// discardWriter is a reusable ResponseWriter, so that a benchmark measures
// the handler and not a recorder's allocations.
type discardWriter struct {
	header http.Header
	code   int
	n      int
}

func (w *discardWriter) Header() http.Header         { return w.header }
func (w *discardWriter) WriteHeader(code int)        { w.code = code }
func (w *discardWriter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }

func (w *discardWriter) reset() {
	clear(w.header)
	w.code, w.n = 0, 0
}

func BenchmarkFeedFromCache(b *testing.B) {
	f := newFixture(b)
	h := f.srv.Handler()
	req := httptest.NewRequest(http.MethodGet, "/feeds/t.atom", nil)
	w := &discardWriter{header: http.Header{}}
	h.ServeHTTP(w, req) // render once
	if w.code != http.StatusOK || w.n == 0 {
		b.Fatalf("warm-up: %d, %d bytes", w.code, w.n)
	}
	b.ReportAllocs()
	for b.Loop() {
		w.reset()
		h.ServeHTTP(w, req)
	}
	if w.code != http.StatusOK {
		b.Fatalf("status %d", w.code)
	}
}

// BenchmarkStaticHandler is the floor: a handler that writes the same bytes
// with a precomputed ETag and nothing else.
func BenchmarkStaticHandler(b *testing.B) {
	f := newFixture(b)
	w := &discardWriter{header: http.Header{}}
	f.srv.Handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/feeds/t.atom", nil))
	body, etag := f.srv.cache.slots[feedCacheName("t.atom")].entry.raw, `"precomputed"`
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
	})
	req := httptest.NewRequest(http.MethodGet, "/feeds/t.atom", nil)
	b.ReportAllocs()
	for b.Loop() {
		w.reset()
		h.ServeHTTP(w, req)
	}
}
