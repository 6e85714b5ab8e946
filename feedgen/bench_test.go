package feedgen

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/topic"
)

// benchEntries is a full feed: 50 entries of about 3 KB of HTML each, with
// reasons, every tenth clustered.
func benchEntries() []topic.Entry {
	para := `<p>Officials in <b>Seoul</b> said on Tuesday that talks with Pyongyang &amp; Beijing would resume. ` +
		`<a href="https://example.com/story?id=1&amp;ref=feed">Read more</a> — 한국 정부는 북한과의 대화를 재개한다고 밝혔다.</p>`
	content := strings.Repeat(para, 3000/len(para)+1)
	base := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	entries := make([]topic.Entry, 50)
	for i := range entries {
		link := fmt.Sprintf("https://news.example.com/2024/03/story-%d.html", i)
		entries[i] = topic.Entry{
			Item: db.Item{
				SourceID: "wsws", ID: link, GUID: fmt.Sprintf("story-%d", i), Link: link,
				Title:      fmt.Sprintf("Story %d: talks with North Korea resume", i),
				Summary:    para,
				Content:    content,
				Author:     "Correspondent",
				Categories: []string{"Asia", "Diplomacy"},
				Published:  base.Add(-time.Duration(i) * time.Hour),
			},
			Reasons: []db.Reason{{Term: "Korea*", Field: "title", Text: "Korea"}, {Term: "Seoul", Field: "content", Text: "Seoul"}},
		}
		if i%10 == 0 {
			entries[i].Also = []db.Item{{SourceID: "yonhap", Link: link + "?copy", Title: "Copy"}}
		}
	}
	return entries
}

func BenchmarkRender(b *testing.B) {
	entries := benchEntries()
	for _, f := range Formats {
		b.Run(string(f), func(b *testing.B) {
			ch := sampleChannel(f)
			b.ReportAllocs()
			for b.Loop() {
				if err := Render(io.Discard, f, ch, entries, sampleSourceOf); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
