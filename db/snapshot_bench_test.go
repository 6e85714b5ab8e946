package db

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

// BenchmarkSnapshotCopy measures how long Snapshot holds its read
// transaction: the local copy of a store of about 50 MB (what a commit that
// grows the file can wait for), apart from the streaming to the reader.
func BenchmarkSnapshotCopy(b *testing.B) {
	s, err := Open(b.TempDir()+"/feedcurator.db", Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	body := strings.Repeat("a paragraph of a long article, ", 160) // ~5 KB
	t := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for batch := range 100 {
		items := make([]Item, 100)
		for i := range items {
			items[i] = item(fmt.Sprintf("i%d-%d", batch, i), "Korea item", t)
			items[i].Content = body
		}
		if _, err := s.SavePoll(SourceState{ID: fmt.Sprintf("src%d", batch)}, classified(wordClassifier{[]string{"Korea"}}, items...)); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(s.Size())
	b.ResetTimer()
	for range b.N {
		if _, err := s.Snapshot(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
