package admin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/feedgen"
)

// maxSocketPath is the longest socket path every unix takes (sun_path is
// 104 bytes on the BSDs and macOS, 108 on Linux, the terminating NUL
// included).
const maxSocketPath = 103

// Listen opens the socket at path for d and serves it until Close. A socket
// file left by a daemon that was killed is replaced: the caller holds the
// store's lock, so no other daemon can be using it.
func Listen(path string, d Daemon, log *slog.Logger) (*Server, error) {
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&os.ModeSocket != 0 {
		os.Remove(path)
	}
	if len(path) > maxSocketPath {
		return nil, fmt.Errorf("admin: socket path %s is %d bytes, more than unix sockets allow (%d): use a shorter data_dir", path, len(path), maxSocketPath)
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("admin: %w", err)
	}
	// Only the daemon's user may talk to it: the channel hands out the
	// whole store.
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("admin: %w", err)
	}
	s := &Server{ln: ln, srv: &http.Server{Handler: handler(d, log), ReadHeaderTimeout: 10 * time.Second}}
	go s.srv.Serve(ln)
	return s, nil
}

// Server is a listening admin channel.
type Server struct {
	ln  net.Listener
	srv *http.Server
}

// Close stops listening and removes the socket; requests in progress (a
// fetch, a backup) get until ctx ends to finish.
func (s *Server) Close(ctx context.Context) error {
	err := s.srv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = s.srv.Close()
	}
	return err
}

func handler(d Daemon, log *slog.Logger) http.Handler {
	fail := func(w http.ResponseWriter, what string, err error, wrote bool) {
		log.Error("admin: "+what, "error", err)
		if !wrote {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		panic(http.ErrAbortHandler) // the status line is gone: cut the stream short
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+pathBackup, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		cw := &startedWriter{Writer: w}
		if err := d.Snapshot(cw); err != nil {
			fail(w, "backup", err, cw.started)
		}
	})
	mux.HandleFunc("GET "+pathExport, func(w http.ResponseWriter, r *http.Request) {
		format, ok := feedgen.ParseFormat(r.URL.Query().Get("format"))
		if !ok {
			http.Error(w, "unknown format", http.StatusBadRequest)
			return
		}
		cw := &startedWriter{Writer: w}
		if err := d.WriteFeed(cw, r.URL.Query().Get("topic"), format); err != nil {
			fail(w, "export", err, cw.started)
		}
	})
	mux.HandleFunc("GET "+pathItems, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/jsonl")
		cw := &startedWriter{Writer: w}
		enc := json.NewEncoder(cw)
		var encErr error
		err := d.Items(func(it *db.Item) bool {
			encErr = enc.Encode(it)
			return encErr == nil
		})
		if err = errors.Join(err, encErr); err != nil {
			fail(w, "items", err, cw.started)
		}
	})
	mux.HandleFunc("POST "+pathFetch, func(w http.ResponseWriter, r *http.Request) {
		results, err := d.Fetch(r.Context(), r.URL.Query()["source"])
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(results)
	})
	return mux
}

// startedWriter notes whether anything was written: after that, a failure
// can no longer be an error status.
type startedWriter struct {
	io.Writer
	started bool
}

func (w *startedWriter) Write(p []byte) (int, error) {
	w.started = w.started || len(p) > 0
	return w.Writer.Write(p)
}
