package server

import (
	"net/http"
	"strconv"
)

// headCounter answers HEAD by running the GET handler against a writer that
// counts the body instead of sending it, so that Content-Length is what GET
// would send. net/http only fills it in for bodies that fit its buffer.
func headCounter(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		hw := &headWriter{ResponseWriter: w}
		next.ServeHTTP(hw, r)
		hw.finish()
	})
}

// headWriter holds back the status line until the handler is done, so the
// counted length can still go into the header.
type headWriter struct {
	http.ResponseWriter
	status int
	n      int64
}

func (h *headWriter) WriteHeader(code int) {
	if h.status == 0 {
		h.status = code
	}
}

func (h *headWriter) Write(p []byte) (int, error) {
	if h.status == 0 {
		h.status = http.StatusOK
	}
	h.n += int64(len(p))
	return len(p), nil
}

func (h *headWriter) finish() {
	if h.status == 0 {
		h.status = http.StatusOK
	}
	hdr := h.ResponseWriter.Header()
	if bodyAllowed(h.status) && hdr.Get("Content-Length") == "" && hdr.Get("Transfer-Encoding") == "" {
		hdr.Set("Content-Length", strconv.FormatInt(h.n, 10))
	}
	h.ResponseWriter.WriteHeader(h.status)
}

// Unwrap lets http.ResponseController reach the connection.
func (h *headWriter) Unwrap() http.ResponseWriter { return h.ResponseWriter }

func bodyAllowed(status int) bool {
	return status >= 200 && status != http.StatusNoContent && status != http.StatusNotModified
}
