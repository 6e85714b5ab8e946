package db

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// benchStore is a store of 20,000 items of about 1.5 KB in 100 sources.
func benchStore(b *testing.B) *Store {
	b.Helper()
	path := filepath.Join(b.TempDir(), "feedcurator.db")
	s, err := Open(path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	body := strings.Repeat("some words of an article ", 60)
	for src := 0; src < 100; src++ {
		items := make([]Item, 200)
		for i := range items {
			items[i] = item(fmt.Sprintf("%d-%d", src, i), fmt.Sprintf("Korea story %d", i), t0.Add(-time.Duration(i)*time.Minute))
			items[i].Content = body
		}
		if _, err := s.SavePoll(SourceState{ID: fmt.Sprintf("s%03d", src)}, classified(wordClassifier{[]string{"Korea"}}, items...)); err != nil {
			b.Fatal(err)
		}
	}
	return s
}

func reportSize(b *testing.B, s *Store) { b.ReportMetric(float64(s.Size())/(1<<20), "store-MiB") }

// BenchmarkVerify: what `verify` costs, and what backup and compact now
// pay before they copy (the walk, bbolt's check, every record decoded).
func BenchmarkVerify(b *testing.B) {
	s := benchStore(b)
	for b.Loop() {
		if r := s.Verify(); !r.OK() || r.Items != 20000 {
			b.Fatalf("%+v", r)
		}
	}
	reportSize(b, s)
}

// BenchmarkBackup: a verified backup (WriteTo) against the bare copy.
func BenchmarkBackup(b *testing.B) {
	s := benchStore(b)
	b.Run("verified", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.WriteTo(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
		reportSize(b, s)
	})
	b.Run("copy-only", func(b *testing.B) {
		for b.Loop() {
			err := s.bolt.View(func(tx *bolt.Tx) error { _, err := tx.WriteTo(io.Discard); return err })
			if err != nil {
				b.Fatal(err)
			}
		}
		reportSize(b, s)
	})
}
