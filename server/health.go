package server

import "net/http"

// serveHealth answers 200 while the store answers a read, has shown no
// damage and no commit has failed for a while (db.Engine.WriteError), else
// 503 with why: a full disk stops ingest, and a damaged record costs its
// item, while the feeds are still served from what is stored, and the
// operator must know.
func (s *Server) serveHealth(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if err := s.store.Ping(); err != nil {
		http.Error(w, "unhealthy: "+err.Error(), http.StatusServiceUnavailable)
		return
	}
	if err := s.store.Damage().Err(s.store.Location()); err != nil {
		http.Error(w, "unhealthy: "+err.Error(), http.StatusServiceUnavailable)
		return
	}
	if err := s.store.WriteError(); err != nil {
		http.Error(w, "unhealthy: writes to the store fail (feeds are served from what is stored): "+err.Error(), http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}
