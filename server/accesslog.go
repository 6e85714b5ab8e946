package server

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/feedcurator/feedcurator/internal/redact"
)

// accessLog logs every request at info level while the config says
// log.access: true (read per request, so that a reload turns it on or off).
// Off, it costs one pointer load.
func (s *Server) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rt := s.rt.Load()
		if rt == nil || !rt.Config.Log.Access {
			next.ServeHTTP(w, r)
			return
		}
		start := time.Now()
		cw := &accessWriter{statusWriter: statusWriter{ResponseWriter: w}}
		next.ServeHTTP(cw, r)
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "http request",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.String("query", redactQuery(r.URL.RawQuery)),
			slog.Int("status", cw.code()),
			slog.Int64("bytes", cw.bytes),
			slog.Duration("took", time.Since(start)),
			slog.String("client", r.RemoteAddr),
			slog.String("user_agent", r.UserAgent()),
		)
	})
}

// accessWriter is a statusWriter that also counts the body's bytes.
type accessWriter struct {
	statusWriter
	bytes int64
}

func (w *accessWriter) Write(p []byte) (int, error) {
	n, err := w.statusWriter.Write(p)
	w.bytes += int64(n)
	return n, err
}

// redactQuery is the query with the values of secret parameters masked:
// feed readers keep ?token=… in the URLs they poll.
func redactQuery(raw string) string {
	if raw == "" {
		return ""
	}
	return strings.TrimPrefix(redact.URL("?"+raw), "?")
}
