package topic

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/classify"
	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
)

// everything puts every item in topic "t"; selection, not matching, is under test.
type everything struct{}

func (everything) Classify(it *db.Item) []db.Membership {
	return []db.Membership{{Topic: "t", Reasons: []db.Reason{{Term: "x", Field: "title", Text: "x"}}}}
}

var base = time.Date(2017, 6, 22, 12, 0, 0, 0, time.UTC)

func newStore(t testing.TB) *db.Store {
	t.Helper()
	s, err := db.Open(filepath.Join(t.TempDir(), "s.db"), db.Options{Now: func() time.Time { return base }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func save(t testing.TB, s *db.Store, source string, items ...db.Item) {
	t.Helper()
	w, err := classify.New(s, everything{}) // as the daemon saves: engines store the memberships given
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.SavePoll(db.SourceState{ID: source}, items); err != nil {
		t.Fatal(err)
	}
}

func it(id, title, link string, hoursAgo float64) db.Item {
	return db.Item{ID: id, Title: title, Link: link, Published: base.Add(-time.Duration(hoursAgo * float64(time.Hour)))}
}

func ids(entries []Entry) string {
	var parts []string
	for _, e := range entries {
		p := e.Item.SourceID + "/" + e.Item.ID
		for _, a := range e.Also {
			p += "+" + a.SourceID + "/" + a.ID
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " ")
}

func TestSelectKeepsTheOriginalOfACopiedLink(t *testing.T) {
	s := newStore(t)
	save(t, s, "wsws", it("1", "Story", "https://www.wsws.org/a.html", 10), it("2", "Other", "https://www.wsws.org/b.html", 5))
	save(t, s, "wire", it("w", "Story copy", "https://WWW.wsws.org/a.html?utm_source=x#c", 1))
	got, err := Select(s, config.Topic{ID: "t"}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if want := "wsws/2 wsws/1"; ids(got) != want {
		t.Errorf("Select = %q, want %q", ids(got), want)
	}
	// Even when the feed is too short to reach the original, the copy stays out.
	got, _ = Select(s, config.Topic{ID: "t"}, 1)
	if want := "wsws/2"; ids(got) != want {
		t.Errorf("Select(1) = %q, want %q", ids(got), want)
	}
	all, _ := SelectAll(s, 10)
	if want := "wsws/2 wsws/1"; ids(all) != want {
		t.Errorf("SelectAll = %q, want %q", ids(all), want)
	}
}

func TestSelectNewestFirstAndLimit(t *testing.T) {
	s := newStore(t)
	var items []db.Item
	for i := 0; i < 30; i++ {
		items = append(items, it(string(rune('a'+i)), "t", "https://e.com/"+string(rune('a'+i)), float64(i)))
	}
	save(t, s, "src", items...)
	got, _ := Select(s, config.Topic{ID: "t"}, 3)
	if want := "src/a src/b src/c"; ids(got) != want {
		t.Errorf("got %q, want %q", ids(got), want)
	}
}

func TestPerSourceMax(t *testing.T) {
	s := newStore(t)
	save(t, s, "big", it("1", "a", "https://big/1", 1), it("2", "b", "https://big/2", 2), it("3", "c", "https://big/3", 3))
	save(t, s, "small", it("x", "x", "https://small/x", 4))
	got, _ := Select(s, config.Topic{ID: "t", PerSourceMax: 2}, 10)
	if want := "big/1 big/2 small/x"; ids(got) != want {
		t.Errorf("got %q, want %q", ids(got), want)
	}
}

func TestClusterWireCopies(t *testing.T) {
	s := newStore(t)
	save(t, s, "yonhap", it("y1", "N. Korea fires ballistic missile into East Sea", "https://yna/1", 3),
		it("y2", "South Korea fires ballistic missile in drill", "https://yna/2", 2))
	save(t, s, "ap", it("a1", "North Korea fires a ballistic missile into the East Sea, Seoul says", "https://ap/1", 2.5),
		it("a2", "China's exports slow for third month", "https://ap/2", 1))
	save(t, s, "reuters", it("r1", "Ballistic missile fired into East Sea by North Korea", "https://reuters/1", 1.5),
		it("r2", "North Korea fires ballistic missile into East Sea", "https://reuters/2", 80)) // outside 48 h
	save(t, s, "xinhua", it("x1", "中国出口连续第三个月放缓", "https://xinhua/1", 1), it("x2", "中国出口连续三个月放缓", "https://xinhua/2", 0.5))

	got, err := Select(s, config.Topic{ID: "t", Cluster: true}, 10)
	if err != nil {
		t.Fatal(err)
	}
	// x1/x2 come from one source: never a cluster. y2 is the South: a near miss.
	want := "xinhua/x2 xinhua/x1 ap/a2 yonhap/y2 yonhap/y1+ap/a1+reuters/r1 reuters/r2"
	if ids(got) != want {
		t.Errorf("clusters:\n got %q\nwant %q", ids(got), want)
	}
}

func TestTitleWords(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"N. Korea fires missile", "North Korea fires missile", true},
		{"U.S. envoy meets Kim", "US envoy meets Kim", true},
		{"Seoul, Tokyo agree on talks", "Tokyo and Seoul agree on talks", true},
		{"North Korea fires missile", "South Korea fires missile", false},
		{"Exports rise in May", "Imports rise in May", false},
		{"북한, 탄도미사일 발사", "북한 탄도미사일 발사", true},
	} {
		j := jaccard(titleWords(tc.a), titleWords(tc.b))
		if (j >= clusterThreshold) != tc.same {
			t.Errorf("%q vs %q: jaccard %.2f, same story %v", tc.a, tc.b, j, tc.same)
		}
	}
}

func TestOnlySourcesHidesRemovedSources(t *testing.T) {
	s := newStore(t)
	save(t, s, "gone", it("g1", "Story", "https://example.com/a", 10), it("g2", "Other", "https://example.com/g2", 1))
	save(t, s, "kept", it("k1", "Story copy", "https://example.com/a?utm_source=x", 5))
	r := OnlySources(s, func(id string) bool { return id == "kept" })
	got, err := Select(r, config.Topic{ID: "t"}, 10)
	if err != nil {
		t.Fatal(err)
	}
	// The removed source's original no longer hides the kept source's copy.
	if want := "kept/k1"; ids(got) != want {
		t.Errorf("Select = %q, want %q", ids(got), want)
	}
	all, _ := SelectAll(r, 10)
	if want := "kept/k1"; ids(all) != want {
		t.Errorf("SelectAll = %q, want %q", ids(all), want)
	}
}
