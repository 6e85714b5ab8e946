package server

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// runtime returns the current runtime, or answers 503 when the daemon has
// not installed one yet.
func (s *Server) runtime(w http.ResponseWriter) *Runtime {
	rt := s.rt.Load()
	if rt == nil || rt.Config == nil {
		http.Error(w, "starting: no configuration loaded yet", http.StatusServiceUnavailable)
		return nil
	}
	if prev := s.lastRT.Swap(rt); prev != rt && prev != nil {
		s.cache.retain(func(name cacheName) bool { return cachedNameValid(rt.Config, name) })
	}
	return rt
}

// internalError logs err and answers 500 without echoing internals.
func (s *Server) internalError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("http request failed", "path", r.URL.Path, "error", err)
	http.Error(w, "internal error; see the server log", http.StatusInternalServerError)
}

// writeBytes answers 200 with body and its length.
func writeBytes(w http.ResponseWriter, contentType string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}

// writeJSON answers 200 with v as indented JSON.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	writeBytes(w, "application/json; charset=utf-8", append(b, '\n'))
}
