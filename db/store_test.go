package db

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// wordClassifier puts an item in topic W when its title contains W.
type wordClassifier struct{ words []string }

func (c wordClassifier) Classify(it *Item) []Membership {
	var out []Membership
	for _, w := range c.words {
		if strings.Contains(it.Title, w) {
			out = append(out, Membership{Topic: strings.ToLower(w), Reasons: []Reason{{Term: w, Field: "title", Text: w}}})
		}
	}
	return out
}

func (c wordClassifier) Fingerprint() string { return strings.Join(c.words, ",") }

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func openTest(t *testing.T, c Classifier, clk *clock) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "feedcurator.db")
	s, err := Open(path, Options{Classifier: c, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

var t0 = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

func item(id, title string, published time.Time) Item {
	return Item{ID: id, GUID: id, Link: "https://example.com/" + id, Title: title, Published: published}
}

func topicTitles(t *testing.T, s *Store, topic string) []string {
	t.Helper()
	var out []string
	err := s.TopicItems(topic, func(it *Item, m Membership) bool {
		if len(m.Reasons) == 0 {
			t.Errorf("item %s in %s without reasons", it.ID, topic)
		}
		out = append(out, it.Title)
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestReopenWithAnotherClassifierReclassifies: the suite (dbtest) covers
// Reclassify itself; a bbolt store also reclassifies on Open when the
// classifier's fingerprint differs from the stored one.
func TestReopenWithAnotherClassifierReclassifies(t *testing.T) {
	clk := &clock{t: t0}
	s, path := openTest(t, wordClassifier{[]string{"China"}}, clk)
	s.SavePoll(SourceState{ID: "src"}, []Item{item("a", "Korea", t0), item("b", "China", t0.Add(time.Minute))})
	// Reopening with another classifier reclassifies on open (fingerprint differs).
	s.Close()
	s2, err := Open(path, Options{Classifier: wordClassifier{[]string{"Korea"}}, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got := topicTitles(t, s2, "korea"); len(got) != 1 {
		t.Errorf("korea after reopen = %v", got)
	}
	if err := s2.Check(); err != nil {
		t.Error(err)
	}
}

func TestSecondOpenFailsOnLock(t *testing.T) {
	clk := &clock{t: t0}
	_, path := openTest(t, nil, clk)
	start := time.Now()
	_, err := Open(path, Options{Timeout: 100 * time.Millisecond})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open: %v, want ErrLocked", err)
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("error %q does not name the file", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Error("second Open hung")
	}
}

func TestFileModeAndBackup(t *testing.T) {
	clk := &clock{t: t0}
	s, path := openTest(t, wordClassifier{[]string{"Korea"}}, clk)
	s.SavePoll(SourceState{ID: "src"}, []Item{item("a", "Korea", t0)})
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	var buf bytes.Buffer
	if _, err := s.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	os.WriteFile(copyPath, buf.Bytes(), 0o600)
	c, err := Open(copyPath, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Check(); err != nil {
		t.Error(err)
	}
	if got := topicTitles(t, c, "korea"); len(got) != 1 {
		t.Errorf("backup holds %v", got)
	}
}

func TestCodecRoundTrip(t *testing.T) {
	in := Item{SourceID: "s", ID: "id", GUID: "g", Link: "l", Title: "제목 标题", Summary: "<p>s</p>", Content: "c",
		Author: "a", Categories: []string{"x", "y"}, Published: t0, Updated: t0.Add(time.Second), FirstSeen: t0.Add(time.Minute)}
	var out Item
	if err := decodeItem(encodeItem(&in), &out); err != nil {
		t.Fatal(err)
	}
	if out.Title != in.Title || out.Categories[1] != "y" || !out.Updated.Equal(in.Updated) || !out.FirstSeen.Equal(in.FirstSeen) {
		t.Errorf("round trip: %+v", out)
	}
	for i := 0; i < len(encodeItem(&in)); i++ {
		decodeItem(encodeItem(&in)[:i], &out) // truncated records fail, never panic
	}
}

func TestCompactGivesSpaceBack(t *testing.T) {
	clk := &clock{t: t0}
	path := filepath.Join(t.TempDir(), "feedcurator.db")
	s, err := Open(path, Options{Classifier: wordClassifier{[]string{"K"}}, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	var items []Item
	for i := 0; i < 2000; i++ {
		it := item(fmt.Sprintf("i%04d", i), "K item", t0.Add(time.Duration(i)*time.Second))
		it.Content = strings.Repeat("x", 2000)
		items = append(items, it)
	}
	if _, err := s.SavePoll(SourceState{ID: "src"}, items); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Prune(Retention{MaxItems: 10}); err != nil || n != 1990 {
		t.Fatalf("Prune = %d, %v", n, err)
	}
	if _, _, err := Compact(path, 50*time.Millisecond); !errors.Is(err, ErrLocked) {
		t.Errorf("Compact of an open store: %v, want ErrLocked", err)
	}
	s.Close()
	before, after, err := Compact(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if after >= before/2 {
		t.Errorf("compact: %d → %d bytes, want it at least halved", before, after)
	}
	s, err = Open(path, Options{Classifier: wordClassifier{[]string{"K"}}, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Check(); err != nil {
		t.Error(err)
	}
	if got := topicTitles(t, s, "k"); len(got) != 10 {
		t.Errorf("after compact the topic holds %d items, want 10", len(got))
	}
}

// TestSaveSourceCommittedByClose: states saved alone wait for a shared
// commit (dbtest checks they are visible meanwhile); Close commits them.
func TestSaveSourceCommittedByClose(t *testing.T) {
	clk := &clock{t: t0}
	path := filepath.Join(t.TempDir(), "feedcurator.db")
	s, err := Open(path, Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	s.SaveSource(SourceState{ID: "b", LastStatus: 304})
	s.SaveSource(SourceState{ID: "a", LastStatus: 500, LastError: "boom"})
	// A poll's own state supersedes an older pending one.
	s.SavePoll(SourceState{ID: "b", LastStatus: 200, ETag: `"x"`}, nil)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(path, Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a, _, _ := s.Source("a")
	b, _, _ := s.Source("b")
	if a.LastError != "boom" || b.LastStatus != 200 || b.ETag != `"x"` {
		t.Errorf("after reopen: a=%+v b=%+v", a, b)
	}
}

func TestWriteErrorIsReported(t *testing.T) {
	clk := &clock{t: t0}
	path := filepath.Join(t.TempDir(), "feedcurator.db")
	s, err := Open(path, Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	ro, err := Open(path, Options{ReadOnly: true, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, err := ro.SavePoll(SourceState{ID: "a"}, []Item{item("x", "x", t0)}); err == nil {
		t.Fatal("a write to a read-only store succeeded")
	}
	if ro.WriteError() == nil {
		t.Error("WriteError is nil after a failed commit")
	}
	if err := ro.Ping(); err != nil {
		t.Errorf("reads stopped too: %v", err)
	}
}

// TestReleaseMappedWhileReadingAndWriting: dropping the mapped pages must
// never disturb a reader or a writer; the data comes back from the page cache.
func TestReleaseMappedWhileReadingAndWriting(t *testing.T) {
	clk := &clock{t: t0}
	s, _ := openTest(t, wordClassifier{[]string{"K"}}, clk)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < 50; i++ {
			if err := s.releaseMapped(); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for i := 0; i < 50; i++ {
		it := item(fmt.Sprintf("r%d", i), "K item", t0.Add(time.Duration(i)*time.Minute))
		it.Content = strings.Repeat("y", 3000)
		if _, err := s.SavePoll(SourceState{ID: "src"}, []Item{it}); err != nil {
			t.Fatal(err)
		}
		if got := topicTitles(t, s, "k"); len(got) != i+1 {
			t.Fatalf("after %d saves the topic holds %d items", i+1, len(got))
		}
	}
	<-done
	if err := s.Check(); err != nil {
		t.Error(err)
	}
}
