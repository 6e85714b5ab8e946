package server

import (
	"net/http"
)

// routes maps the URL space. GET patterns answer HEAD too (ServeMux does
// that); headCounter makes HEAD carry the Content-Length GET would have.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.serveIndex)
	mux.HandleFunc("GET /topics/{id}", s.serveTopicPage)
	mux.HandleFunc("GET /static/{file}", s.serveStatic)
	mux.HandleFunc("GET /feeds/{name}", s.serveFeed)
	mux.HandleFunc("GET /opml", s.serveOPML)
	mux.HandleFunc("GET /topics.opml", s.serveTopicsOPML)
	mux.HandleFunc("GET /favicon.ico", s.serveFavicon)
	mux.Handle("GET /api/sources", s.requireToken(http.HandlerFunc(s.serveSources)))
	mux.Handle("GET /api/status", s.requireToken(http.HandlerFunc(s.serveStatus)))
	mux.HandleFunc("GET /api/backup", s.serveBackup) // its own rule: see serveBackup
	mux.HandleFunc("GET /healthz", s.serveHealth)
	mux.Handle("GET /metrics", s.requireToken(s.metricsHandler()))

	var h http.Handler = headCounter(mux)
	h = s.metrics.instrument(h)
	h = s.accessLog(h)
	return commonHeaders(h)
}

// commonHeaders sets the headers every answer carries, error pages included.
func commonHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["X-Content-Type-Options"] = hdrNoSniff
		next.ServeHTTP(w, r)
	})
}
