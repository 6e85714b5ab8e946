package db

import (
	"encoding/hex"
	"reflect"
	"testing"
	"time"
)

// itemV1 is a record written by the version 1 encoder (before authors,
// enclosures and edit times were kept), byte for byte.
const itemV1 = "0104617369610c7461673a782c323031373a310c7461673a782c323031373a311a68747470733a2f2f626c6f672e6578616d706c652e6f72672f610b456e766f7973206d656574083c703e733c2f703e083c703e633c2f703e084b696d2c204c656502044450524b04417369618080c6e0de8caeca2980808beca4deafca2980c8b1c9c3bce58631"

func TestCodecReadsVersion1Records(t *testing.T) {
	b, err := hex.DecodeString(itemV1)
	if err != nil {
		t.Fatal(err)
	}
	it := Item{Image: "stale", Authors: []Person{{Name: "stale"}}}
	if err := decodeItem(b, &it); err != nil {
		t.Fatalf("version 1 record: %v", err)
	}
	want := Item{SourceID: "asia", ID: "tag:x,2017:1", GUID: "tag:x,2017:1", Link: "https://blog.example.org/a",
		Title: "Envoys meet", Summary: "<p>s</p>", Content: "<p>c</p>", Author: "Kim, Lee", Categories: []string{"DPRK", "Asia"},
		Published: time.Date(2017, 6, 22, 6, 0, 0, 0, time.UTC), Updated: time.Date(2017, 6, 22, 7, 0, 0, 0, time.UTC),
		FirstSeen: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	if !reflect.DeepEqual(it, want) {
		t.Errorf("decoded\n%+v\nwant\n%+v", it, want)
	}
}

func TestCodecRoundTripsMediaAuthorsAndEdits(t *testing.T) {
	in := Item{SourceID: "s", ID: "id", Title: "t", Author: "Kim, Lee",
		Authors:     []Person{{Name: "Kim", Email: "kim@example.org"}, {Name: "Lee", URI: "https://example.org/lee"}},
		Enclosures:  []Enclosure{{URL: "https://example.org/a.mp3", Type: "audio/mpeg", Length: 1234567}, {URL: "https://example.org/b.jpg"}},
		Image:       "https://example.org/thumb.jpg",
		ContentHash: "sha256:ab",
		Published:   t0, FirstSeen: t0, Modified: t0.Add(time.Hour)}
	var out Item
	b := encodeItem(&in)
	if b[0] != itemCodecVersion {
		t.Fatalf("version byte %d", b[0])
	}
	if err := decodeItem(b, &out); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Errorf("round trip\n%+v\nwant\n%+v", out, in)
	}
	for i := range b {
		decodeItem(b[:i], &out) // truncated records fail, never panic
	}
	if err := decodeItem(append([]byte{itemCodecVersion + 1}, b[1:]...), &out); err == nil {
		t.Error("a record of a future version decoded")
	}
}

func TestSavePollMovesModifiedOnlyOnEdits(t *testing.T) {
	clk := &clock{t: t0}
	s, _ := openTest(t, clk)
	save := func(title, hash string) Item {
		t.Helper()
		it := item("a", title, t0)
		it.ContentHash = hash
		if _, err := s.SavePoll(SourceState{ID: "src"}, []Item{it}); err != nil {
			t.Fatal(err)
		}
		var got Item
		s.AllItems(func(it *Item) bool { got = *it; return false })
		return got
	}
	if got := save("Draft", "h1"); !got.Modified.IsZero() {
		t.Errorf("new item modified at %v", got.Modified)
	}
	clk.Add(time.Hour)
	if got := save("Draft", "h1"); !got.Modified.IsZero() {
		t.Errorf("unchanged item modified at %v", got.Modified)
	}
	clk.Add(time.Hour)
	edited := t0.Add(2 * time.Hour)
	if got := save("Final", "h2"); !got.Modified.Equal(edited) || !got.FirstSeen.Equal(t0) {
		t.Errorf("edited item: modified %v first seen %v; want %v, %v", got.Modified, got.FirstSeen, edited, t0)
	}
	clk.Add(time.Hour)
	if got := save("Final", "h2"); !got.Modified.Equal(edited) {
		t.Errorf("re-polled edit moved to %v", got.Modified)
	}
}
