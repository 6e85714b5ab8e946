package server

import (
	"fmt"
	"testing"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/feedgen"
)

// BenchmarkRenderFeed renders a topic of 2,000 items, 50 a page, selecting
// afresh each time (as after every store change): page 1 without paging
// links (export) and as GET serves it, and page 2, which also counts the
// pages for rel="last".
func BenchmarkRenderFeed(b *testing.B) {
	f := newFixture(b)
	var items []db.Item
	for i := range 2000 {
		items = append(items, item(fmt.Sprint("k", i), fmt.Sprint("Korea story ", i), fmt.Sprint("https://one.test/k", i), 10+i))
	}
	f.save(db.SourceState{ID: "one", URL: "https://one.test/moved.xml", ConfiguredURL: "http://one.test/feed.xml"}, items...)
	rt := f.rt.Load()
	rt.Config.Output.Items = 50
	sel, _ := findSelection(rt.Config, "t")
	for _, bm := range []struct {
		name  string
		page  int
		paged bool
	}{{"export", 0, false}, {"page1", 0, true}, {"page2", 2, true}} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				f.srv.selections.reset()
				if _, _, err := f.srv.renderFeed(rt, sel, feedgen.Atom, bm.page, bm.paged); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
