package topic

import (
	"fmt"
	"slices"
	"testing"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
)

// allPages reads pages 1, 2, ... of n entries until one says no more
// follow, checking that every page but the last is full and that the page
// after the last is empty.
func allPages(t *testing.T, n int, page func(n, p int) ([]Entry, bool, error)) [][]Entry {
	t.Helper()
	var pages [][]Entry
	for p := 1; ; p++ {
		entries, more, err := page(n, p)
		if err != nil {
			t.Fatalf("page %d: %v", p, err)
		}
		pages = append(pages, entries)
		if !more {
			break
		}
		if len(entries) != n {
			t.Fatalf("page %d of %d: %d entries, and more follow", p, n, len(entries))
		}
		if p == MaxPages {
			t.Fatalf("more than MaxPages pages")
		}
	}
	if len(pages) <= MaxPages {
		if after, more, _ := page(n, len(pages)+1); len(after) != 0 || more {
			t.Errorf("n=%d: page %d after the last: %d entries, more %v", n, len(pages)+1, len(after), more)
		}
	}
	return pages
}

// shown lists every item a feed shows, heads and "also reported by" copies.
func shown(entries []Entry) []string {
	var keys []string
	for _, e := range entries {
		keys = append(keys, e.Item.SourceID+"/"+e.Item.ID)
		for _, a := range e.Also {
			keys = append(keys, a.SourceID+"/"+a.ID)
		}
	}
	return keys
}

// TestSelectPageSlicesTheCuratedList: for every page size, the pages of a
// topic (with copied links and a per-source cap) and of the all feed,
// read one after another, are exactly the list curated in one go.
func TestSelectPageSlicesTheCuratedList(t *testing.T) {
	s := newStore(t)
	var a, b []db.Item
	for i := range 12 {
		a = append(a, it(fmt.Sprint("a", i), fmt.Sprint("A story ", i), fmt.Sprint("https://a.example/", i), float64(2*i)))
		b = append(b, it(fmt.Sprint("b", i), fmt.Sprint("B story ", i), fmt.Sprint("https://b.example/", i), float64(2*i+1)))
	}
	// Later copies of a's links: dropped, wherever the page cut falls.
	b[3].Link, b[7].Link = "https://A.example/1#top", "https://a.example/5?utm_medium=rss"
	save(t, s, "a", a...)
	save(t, s, "b", b...)

	cases := []struct {
		name string
		page func(n, p int) ([]Entry, bool, error)
	}{
		{"topic", func(n, p int) ([]Entry, bool, error) { return SelectPage(s, config.Topic{ID: "t"}, n, p) }},
		{"per_source_max", func(n, p int) ([]Entry, bool, error) {
			return SelectPage(s, config.Topic{ID: "t", PerSourceMax: 7}, n, p)
		}},
		{"all", func(n, p int) ([]Entry, bool, error) { return SelectAllPage(s, n, p) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			whole, more, err := tc.page(1000, 1)
			if err != nil || more {
				t.Fatalf("whole list: more %v, err %v", more, err)
			}
			for n := 2; n <= 8; n++ { // 22 entries: n=1 would need more than MaxPages
				var joined []Entry
				for _, p := range allPages(t, n, tc.page) {
					joined = append(joined, p...)
				}
				if got, want := ids(joined), ids(whole); got != want {
					t.Errorf("n=%d: pages joined\n got %s\nwant %s", n, got, want)
				}
			}
		})
	}
}

// TestSelectPageClusterAcrossPages: a clustered topic whose story has copies
// further apart than one page's candidate window. Curating each page only as
// deep as it reaches would show the newer copy alone on page 1 and again
// under the older one's story later; curated once, every item shows once.
func TestSelectPageClusterAcrossPages(t *testing.T) {
	s := newStore(t)
	var filler []db.Item
	for i := range 80 {
		filler = append(filler, it(fmt.Sprint("f", i), fmt.Sprint("Filler report number ", i), fmt.Sprint("https://f.example/", i), 1+0.45*float64(i)))
	}
	save(t, s, "f", filler...) // one source: never a cluster
	save(t, s, "x", it("new", "Volcano erupts in Iceland", "https://x.example/v", 0.5))
	save(t, s, "y", it("old", "Volcano erupts in Iceland", "https://y.example/v", 40))

	topic := config.Topic{ID: "t", Cluster: true}
	page := func(n, p int) ([]Entry, bool, error) { return SelectPage(s, topic, n, p) }
	pages := allPages(t, 5, page)
	var all []string
	for _, p := range pages {
		all = append(all, shown(p)...)
	}
	slices.Sort(all)
	if len(all) != 82 || len(slices.Compact(slices.Clone(all))) != 82 {
		t.Errorf("pages show %d items, %d distinct; want each of the 82 once", len(all), len(slices.Compact(all)))
	}
	if first := ids(pages[0]); first != "f/f0 f/f1 f/f2 f/f3 f/f4" {
		t.Errorf("page 1 = %s; the story belongs at its earliest copy's date", first)
	}
	again, _, _ := page(5, 1)
	if ids(again) != ids(pages[0]) {
		t.Errorf("page 1 changed between two reads: %s, then %s", ids(pages[0]), ids(again))
	}
}

func TestSelectPageOutOfRange(t *testing.T) {
	s := newStore(t)
	save(t, s, "a", it("1", "one", "https://a.example/1", 1))
	for _, tc := range []struct{ n, page int }{{10, 0}, {10, -1}, {10, MaxPages + 1}, {0, 1}, {10, 2}} {
		entries, more, err := SelectPage(s, config.Topic{ID: "t"}, tc.n, tc.page)
		if err != nil || more || len(entries) != 0 {
			t.Errorf("n=%d page=%d: %d entries, more %v, err %v; want none", tc.n, tc.page, len(entries), more, err)
		}
	}
	if entries, more, _ := SelectPage(s, config.Topic{ID: "t"}, 1, 1); len(entries) != 1 || more {
		t.Errorf("the one page: %d entries, more %v", len(entries), more)
	}
}

// countingReader counts the candidates selection reads.
type countingReader struct {
	Reader
	read int
}

func (c *countingReader) TopicItems(topic string, fn func(it *db.Item, m db.Membership) bool) error {
	return c.Reader.TopicItems(topic, func(it *db.Item, m db.Membership) bool {
		c.read++
		return fn(it, m)
	})
}

// TestSelectPageClusterSettles: a clustered topic whose stories have older
// copies 40 h (some 100 candidates) further down, more than the first window
// of a page reaches. Each page, read on its own, is the slice of the list the
// whole topic curates to, and the first page still reads only part of the
// topic.
func TestSelectPageClusterSettles(t *testing.T) {
	s := newStore(t)
	var x, y, z []db.Item
	for i := range 40 {
		title := fmt.Sprint("Council votes on measure ", i)
		x = append(x, it(fmt.Sprint("x", i), title, fmt.Sprint("https://x.example/", i), float64(3*i)))
		if i%3 != 2 { // two stories in three, the newest among them, have an older copy
			y = append(y, it(fmt.Sprint("y", i), title, fmt.Sprint("https://y.example/", i), float64(3*i+40)))
		}
	}
	for i := range 640 { // one source: never a cluster
		z = append(z, it(fmt.Sprint("z", i), fmt.Sprint("Weather outlook number ", i), fmt.Sprint("https://z.example/", i), 0.1+0.5*float64(i)))
	}
	save(t, s, "x", x...)
	save(t, s, "y", y...)
	save(t, s, "z", z...)
	total := len(x) + len(y) + len(z)
	topic := config.Topic{ID: "t", Cluster: true}

	whole, more, err := SelectPage(s, topic, 1000, 1)
	if err != nil || more || len(whole) != len(x)+len(z) {
		t.Fatalf("whole topic: %d entries, more %v, err %v; want %d stories", len(whole), more, err, len(x)+len(z))
	}
	const n = 7
	var joined []Entry
	for p := 1; p <= MaxPages; p++ {
		r := &countingReader{Reader: s}
		page, more, err := SelectPage(r, topic, n, p)
		if err != nil || !more || len(page) != n {
			t.Fatalf("page %d: %d entries, more %v, err %v", p, len(page), more, err)
		}
		if p == 1 && r.read >= total {
			t.Errorf("page 1 read %d of %d candidates; its stories settle long before", r.read, total)
		}
		joined = append(joined, page...)
	}
	if got, want := ids(joined), ids(whole[:len(joined)]); got != want {
		t.Errorf("pages joined\n got %s\nwant %s", got, want)
	}
}

// TestSelectPageClusterDense: a clustered topic too dense for the stories of
// its pages to settle within the window selection stops growing at. Every
// page is then cut from the list that window curates, so that pages still
// never repeat an item.
func TestSelectPageClusterDense(t *testing.T) {
	s := newStore(t)
	var x, y, z []db.Item
	for i := range 20 {
		title := fmt.Sprint("Council votes on measure ", i)
		x = append(x, it(fmt.Sprint("x", i), title, fmt.Sprint("https://x.example/", i), float64(3*i)))
		if i%3 != 0 {
			y = append(y, it(fmt.Sprint("y", i), title, fmt.Sprint("https://y.example/", i), float64(3*i+40)))
		}
	}
	for i := range 400 {
		z = append(z, it(fmt.Sprint("z", i), fmt.Sprint("Weather outlook number ", i), fmt.Sprint("https://z.example/", i), 0.1+0.2*float64(i)))
	}
	save(t, s, "x", x...)
	save(t, s, "y", y...)
	save(t, s, "z", z...)
	const n = 2
	topic := config.Topic{ID: "t", Cluster: true}
	list, err := curateClustered(s, "t", topicWalk(s, "t"), n, MaxPages*n+1, 0)
	if err != nil || len(list) < MaxPages*n {
		t.Fatalf("the deepest list: %d entries, err %v", len(list), err)
	}
	var joined []Entry
	for p := 1; p <= MaxPages; p++ {
		page, more, err := SelectPage(s, topic, n, p)
		if err != nil || !more || len(page) != n {
			t.Fatalf("page %d: %d entries, more %v, err %v", p, len(page), more, err)
		}
		joined = append(joined, page...)
	}
	if got, want := ids(joined), ids(list[:len(joined)]); got != want {
		t.Errorf("pages joined\n got %s\nwant %s", got, want)
	}
	keys := shown(joined)
	slices.Sort(keys)
	if len(slices.Compact(keys)) != len(shown(joined)) {
		t.Errorf("an item shows twice: %v", keys)
	}
}
