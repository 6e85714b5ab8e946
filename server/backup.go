package server

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/feedcurator/feedcurator/db"
)

// backupWriteTimeout bounds the streaming of one backup.
const backupWriteTimeout = 30 * time.Minute

// serveBackup streams a consistent copy of the store, for `feedcurator
// backup` from older versions (the CLI now asks over the admin socket). The
// file holds everything the daemon knows, so only two kinds of request get
// it: those straight from loopback (see straightFromLoopback) and those
// carrying access.token.
func (s *Server) serveBackup(w http.ResponseWriter, r *http.Request) {
	rt := s.rt.Load()
	if !straightFromLoopback(r) && (rt == nil || !carriesToken(rt.Config, r)) {
		http.Error(w, "forbidden: /api/backup answers direct loopback requests, or requests with access.token", http.StatusForbidden)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="feedcurator-%s.db"`, s.now().UTC().Format("20060102-150405")))
	h.Set("Cache-Control", "no-store")
	if r.Method == http.MethodHead {
		if file, ok := s.store.(db.FileEngine); ok {
			h.Set("Content-Length", strconv.FormatInt(file.Size(), 10))
		}
		return
	}
	// A large store over a slow link outlasts the server's WriteTimeout.
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(backupWriteTimeout)) // the network runs on the real clock
	cw := &countingWriter{w: w}
	if _, err := s.store.Snapshot(cw); err != nil {
		if cw.n == 0 && errors.Is(err, db.ErrNotSupported) {
			// An engine backed up by its own tools (PostgreSQL: pg_dump).
			http.Error(w, err.Error(), http.StatusNotImplemented)
			return
		}
		if cw.n == 0 && errors.Is(err, db.ErrDamaged) {
			// Say why: the CLI shows this to the operator.
			s.log.Error("backup refused", "error", err)
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		if cw.n == 0 {
			s.internalError(w, r, fmt.Errorf("server: backup: %w", err))
			return
		}
		// The status line is gone; cutting the stream short is all that is left.
		s.log.Error("backup interrupted", "written_bytes", cw.n, "error", err)
		panic(http.ErrAbortHandler)
	}
}

// straightFromLoopback reports whether r comes from this host without a
// proxy in between: a loopback peer, no header by which a proxy names the
// real client (a reverse proxy on the same host makes every request
// loopback), and a Host that names loopback, so that a web page whose
// domain was rebound to 127.0.0.1 cannot make the browser fetch it.
func straightFromLoopback(r *http.Request) bool {
	if !loopbackHost(r.RemoteAddr) {
		return false
	}
	for _, h := range []string{"Forwarded", "X-Forwarded-For", "X-Real-Ip", "X-Forwarded-Host"} {
		if _, ok := r.Header[h]; ok {
			return false
		}
	}
	return loopbackHost(r.Host)
}

// loopbackHost reports whether "host" or "host:port" is a loopback address
// or localhost.
func loopbackHost(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = strings.Trim(hostport, "[]")
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

type countingWriter struct {
	w http.ResponseWriter
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
