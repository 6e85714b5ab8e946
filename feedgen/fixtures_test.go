package feedgen

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/topic"
	"github.com/mmcdole/gofeed"
)

// TestRenderSharedFixtures republishes the project's shared fixture feeds as
// gofeed reads them (unsanitised, relative links and all: the worst input
// Render can get) and checks that every format stays well-formed and keeps
// every item.
func TestRenderSharedFixtures(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "fixtures")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared fixtures not available: %v", err)
	}
	for _, name := range []string{"asia-desk.atom", "wsws.rss", "wire.json"} {
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Skipf("fixture missing: %v", err)
			}
			src, err := gofeed.NewParser().Parse(bytes.NewReader(raw))
			if err != nil {
				t.Fatalf("parse fixture: %v", err)
			}
			entries := entriesOf(name, src)
			for _, f := range Formats {
				out := render(t, f, entries)
				checkWellFormed(t, f, out)
				back, err := gofeed.NewParser().Parse(bytes.NewReader(out))
				if err != nil {
					t.Fatalf("%s: gofeed cannot parse the output: %v", f, err)
				}
				if len(back.Items) != len(src.Items) {
					t.Fatalf("%s: %d items back, want %d", f, len(back.Items), len(src.Items))
				}
				for i := range src.Items {
					if back.Items[i].Title != src.Items[i].Title {
						t.Errorf("%s item %d title = %q, want %q", f, i, back.Items[i].Title, src.Items[i].Title)
					}
				}
			}
		})
	}
}

func entriesOf(sourceID string, f *gofeed.Feed) []topic.Entry {
	entries := make([]topic.Entry, len(f.Items))
	for i, it := range f.Items {
		item := db.Item{
			SourceID: sourceID, ID: it.GUID, GUID: it.GUID, Link: it.Link,
			Title: it.Title, Summary: it.Description, Content: it.Content,
			Categories: it.Categories,
		}
		if item.ID == "" {
			item.ID = it.Link
		}
		if it.PublishedParsed != nil {
			item.Published = *it.PublishedParsed
		}
		if it.UpdatedParsed != nil {
			item.Updated = *it.UpdatedParsed
		}
		if len(it.Authors) > 0 {
			item.Author = it.Authors[0].Name
		}
		entries[i] = topic.Entry{Item: item}
	}
	return entries
}
