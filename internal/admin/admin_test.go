package admin

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"testing"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/feedgen"
)

type fakeDaemon struct{ items []db.Item }

func (f fakeDaemon) Snapshot(w io.Writer) error {
	_, err := io.WriteString(w, "store bytes")
	return err
}
func (f fakeDaemon) WriteFeed(w io.Writer, topic string, format feedgen.Format) error {
	if topic != "korea" {
		return errors.New(`no topic "` + topic + `"`)
	}
	_, err := io.WriteString(w, "feed of "+topic+" as "+string(format))
	return err
}
func (f fakeDaemon) Items(fn func(*db.Item) bool) error {
	for i := range f.items {
		if !fn(&f.items[i]) {
			break
		}
	}
	return nil
}
func (f fakeDaemon) Fetch(ctx context.Context, sources []string) ([]FetchResult, error) {
	return []FetchResult{{Source: "a", Added: 2}, {Source: "b", Error: "dial: refused"}}, nil
}

func TestChannelRoundTrip(t *testing.T) {
	path := SocketPath(t.TempDir())
	// A socket file left by a killed daemon is replaced.
	stale, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	stale.(*net.UnixListener).SetUnlinkOnClose(false)
	stale.Close()

	d := fakeDaemon{items: []db.Item{{SourceID: "s", ID: "1", Title: "One", Categories: []string{"x"}}, {SourceID: "s", ID: "2", Title: "Two"}}}
	srv, err := Listen(path, d, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close(context.Background())
	c := NewClient(path)
	ctx := context.Background()

	var buf bytes.Buffer
	if err := c.Backup(ctx, &buf); err != nil || buf.String() != "store bytes" {
		t.Errorf("Backup = %q, %v", buf.String(), err)
	}
	buf.Reset()
	if err := c.Export(ctx, &buf, "korea", feedgen.RSS); err != nil || buf.String() != "feed of korea as rss" {
		t.Errorf("Export = %q, %v", buf.String(), err)
	}
	if err := c.Export(ctx, io.Discard, "nope", feedgen.RSS); err == nil || !bytes.Contains([]byte(err.Error()), []byte(`no topic "nope"`)) {
		t.Errorf("Export of an unknown topic: %v", err)
	}
	var got []db.Item
	if err := c.Items(ctx, func(it *db.Item) error { got = append(got, *it); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Title != "One" || got[0].Categories[0] != "x" || got[1].Key() != "s\x002" {
		t.Errorf("Items = %+v", got)
	}
	stop := errors.New("enough")
	if err := c.Items(ctx, func(*db.Item) error { return stop }); err != stop {
		t.Errorf("Items whose callback fails = %v, want its error", err)
	}
	res, err := c.Fetch(ctx, []string{"a", "b"})
	if err != nil || len(res) != 2 || res[0].Added != 2 || res[1].Error == "" {
		t.Errorf("Fetch = %+v, %v", res, err)
	}
}

func TestNoDaemon(t *testing.T) {
	c := NewClient(filepath.Join(t.TempDir(), SocketName))
	if err := c.Backup(context.Background(), io.Discard); !errors.Is(err, ErrNoDaemon) {
		t.Errorf("Backup with no daemon = %v, want ErrNoDaemon", err)
	}
}

func TestListenRefusesTooLongAPath(t *testing.T) {
	dir := filepath.Join(t.TempDir(), strings.Repeat("d", 120))
	_, err := Listen(SocketPath(dir), fakeDaemon{}, slog.New(slog.DiscardHandler))
	if err == nil || !strings.Contains(err.Error(), "use a shorter data_dir") {
		t.Errorf("Listen on a %d-byte path: %v", len(SocketPath(dir)), err)
	}
}
