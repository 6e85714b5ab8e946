package render

import (
	"testing"

	"github.com/feedcurator/feedcurator/feedgen"
	"github.com/feedcurator/feedcurator/internal/feedtest"
)

// BenchmarkRenderFeed renders a topic of 2,000 items, 50 a page, selecting
// afresh each time (as after every store change): page 1 without paging
// links (export) and as GET serves it, and page 2, which also counts the
// pages for rel="last". (It was server's until rendering moved here;
// BENCHMARKS.md has its figures.)
func BenchmarkRenderFeed(b *testing.B) {
	store := newStore(b, t0)
	feedtest.Seed(b, store)
	feedtest.AddKoreaStories(b, store, 2000)
	cfg := testConfig()
	cfg.Output.Items = 50
	sel, _ := Find(cfg, "t")
	r := New(store, nil)
	for _, bm := range []struct {
		name  string
		page  int
		paged bool
	}{{"export", 0, false}, {"page1", 0, true}, {"page2", 2, true}} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r.selections.reset()
				if _, err := r.render(cfg, sel, feedgen.Atom, bm.page, bm.paged); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
