// Package admin is the running daemon's local control channel: HTTP on a
// unix socket beside the store (data_dir/feedcurator.sock, mode 0600). The
// CLI commands that need the store while the daemon holds its lock
// (backup, export, match, fetch) ask here instead of opening it.
//
// A socket, not the public listener: it works whatever `listen` says (a
// specific non-loopback address, a port behind a proxy), the file system
// decides who may use it (the daemon's user), and nothing on it is reachable
// from the network, so it needs no token. Each request asks for exactly what
// the command needs: a rendered feed, the stored items, a poll, or (for
// backup only) a snapshot of the whole store.
package admin

import (
	"context"
	"io"
	"path/filepath"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/feedgen"
)

// SocketName is the socket's file name inside data_dir, beside the store.
const SocketName = "feedcurator.sock"

// SocketPath is where the daemon using dataDir listens.
func SocketPath(dataDir string) string { return filepath.Join(dataDir, SocketName) }

// Daemon is what the channel asks of the running daemon.
type Daemon interface {
	// Snapshot writes a consistent copy of the store.
	Snapshot(w io.Writer) error
	// WriteFeed renders a topic's feed as `export` publishes it.
	WriteFeed(w io.Writer, topic string, format feedgen.Format) error
	// Items calls fn with every stored item, newest first, until it
	// returns false.
	Items(fn func(*db.Item) bool) error
	// Fetch polls the named sources (every source when none is named) now
	// and returns once they are stored.
	Fetch(ctx context.Context, sources []string) ([]FetchResult, error)
}

// FetchResult is one source's poll, as `fetch` reports it.
type FetchResult struct {
	Source string `json:"source"`
	Added  int    `json:"added"`
	Error  string `json:"error,omitempty"`
}

// Routes of the channel.
const (
	pathBackup = "/backup"
	pathExport = "/export" // ?topic=ID&format=atom|rss|json
	pathItems  = "/items"  // JSON, one db.Item per line
	pathFetch  = "/fetch"  // POST ?source=ID… → []FetchResult
)
