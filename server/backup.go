package server

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/feedcurator/feedcurator/db"
)

// backupWriteTimeout bounds the streaming of one backup.
const backupWriteTimeout = 30 * time.Minute

// serveBackup streams a consistent copy of the store, for `feedcurator
// backup` while the daemon holds the file lock. Only loopback clients get it:
// the file holds everything the daemon knows. Behind a reverse proxy on the
// same host every request looks local, so such a proxy must not forward
// /api/backup.
func (s *Server) serveBackup(w http.ResponseWriter, r *http.Request) {
	if !fromLoopback(r.RemoteAddr) {
		http.Error(w, "forbidden: /api/backup answers loopback clients only", http.StatusForbidden)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="feedcurator-%s.db"`, s.now().UTC().Format("20060102-150405")))
	h.Set("Cache-Control", "no-store")
	if r.Method == http.MethodHead {
		h.Set("Content-Length", strconv.FormatInt(s.store.Size(), 10))
		return
	}
	// A large store over a slow link outlasts the server's WriteTimeout.
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(backupWriteTimeout)) // the network runs on the real clock
	cw := &countingWriter{w: w}
	if _, err := s.store.WriteTo(cw); err != nil {
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

// fromLoopback reports whether a RemoteAddr ("ip:port") is a loopback address.
func fromLoopback(remoteAddr string) bool {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
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
