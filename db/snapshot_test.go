package db

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// stallingWriter takes the first write, then blocks until released, as a
// client that stops reading does.
type stallingWriter struct {
	first   chan struct{}
	release chan struct{}
	buf     bytes.Buffer
	started bool
}

func (w *stallingWriter) Write(p []byte) (int, error) {
	if !w.started {
		w.started = true
		close(w.first)
		<-w.release
	}
	return w.buf.Write(p)
}

// A snapshot read slowly must not hold up commits, even commits that grow
// the file (bbolt remaps it then, which waits for every read transaction).
func TestSnapshotToStalledReaderDoesNotBlockCommits(t *testing.T) {
	clk := &clock{t: t0}
	s, path := openTest(t, clk)
	s.SavePoll(SourceState{ID: "src"}, classified(wordClassifier{[]string{"Korea"}}, item("a", "Korea", t0)))

	w := &stallingWriter{first: make(chan struct{}), release: make(chan struct{})}
	done := make(chan error, 1)
	go func() { _, err := s.Snapshot(w); done <- err }()
	<-w.first // the reader has stalled mid-stream

	committed := make(chan error, 1)
	go func() {
		big := strings.Repeat("text of a long article ", 2000) // ~46 KB an item
		for i := range 100 {                                   // ~4.6 MB: the file must grow
			it := item(fmt.Sprintf("b%d", i), "Korea "+fmt.Sprint(i), t0)
			it.Content = big
			if _, err := s.SavePoll(SourceState{ID: "src"}, []Item{it}); err != nil {
				committed <- err
				return
			}
		}
		committed <- nil
	}()
	select {
	case err := <-committed:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		close(w.release)
		t.Fatal("commits waited for a stalled snapshot reader")
	}
	close(w.release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// The copy is the store as it was when the snapshot began.
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	os.WriteFile(copyPath, w.buf.Bytes(), 0o600)
	c, err := Open(copyPath, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if got := topicTitles(t, c, "korea"); len(got) != 1 {
		t.Errorf("snapshot holds %d items, want the 1 stored when it began", len(got))
	}
	// No temporary file is left beside the store.
	entries, _ := os.ReadDir(filepath.Dir(path))
	for _, e := range entries {
		if strings.Contains(e.Name(), "snapshot") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// A snapshot's temporary file left by a crash is removed when the store is
// next opened for writing.
func TestOpenRemovesStaleSnapshots(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "feedcurator.db")
	stale := path + snapshotSuffix + "12345"
	other := filepath.Join(dir, "notes.txt")
	for _, f := range []string{stale, other} {
		if err := os.WriteFile(f, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale snapshot still there: %v", err)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("an unrelated file was removed: %v", err)
	}
}
