package db

import (
	"encoding/hex"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// itemV2 is a record written by the version 2 encoder (the release before
// full text), byte for byte, with every field version 2 knew set.
const itemV2 = "0206796f6e686170026b31026b311768747470733a2f2f6e6577732e6578616d706c652f6b310b54726164652074616c6b730d3c703e7465617365723c2f703e133c703e6665656420636f6e74656e743c2f703e034b696d010745636f6e6f6d798080d0e8be91b8f430808095f484e3b9f4308080daffcab4bbf43001034b696d0f6b696d406578616d706c652e6f726700011a68747470733a2f2f6e6577732e6578616d706c652f612e6a70670a696d6167652f6a706567541a68747470733a2f2f6e6577732e6578616d706c652f742e6a7067097368613235363a636480809f8b9186bdf430026b6f"

var v2Published = time.Date(2025, 11, 3, 8, 0, 0, 0, time.UTC)

func wantV2Item() Item {
	ts := v2Published
	return Item{SourceID: "yonhap", ID: "k1", GUID: "k1", Link: "https://news.example/k1", Title: "Trade talks", Summary: "<p>teaser</p>", Content: "<p>feed content</p>", Author: "Kim",
		Authors: []Person{{Name: "Kim", Email: "kim@example.org"}}, Categories: []string{"Economy"},
		Enclosures: []Enclosure{{URL: "https://news.example/a.jpg", Type: "image/jpeg", Length: 42}}, Image: "https://news.example/t.jpg",
		Published: ts, Updated: ts.Add(time.Hour), FirstSeen: ts.Add(2 * time.Hour), Lang: "ko", ContentHash: "sha256:cd", Modified: ts.Add(3 * time.Hour)}
}

func TestCodecReadsVersion2Records(t *testing.T) {
	b, err := hex.DecodeString(itemV2)
	if err != nil {
		t.Fatal(err)
	}
	it := Item{Article: "stale"}
	if err := decodeItem(b, &it); err != nil {
		t.Fatalf("version 2 record: %v", err)
	}
	if want := wantV2Item(); !reflect.DeepEqual(it, want) {
		t.Errorf("decoded\n%+v\nwant\n%+v", it, want)
	}
}

func TestCodecRoundTripsArticle(t *testing.T) {
	in := wantV2Item()
	in.Article = "<p>The whole story, four paragraphs long.</p>"
	b := encodeItem(&in)
	if b[0] != 3 {
		t.Fatalf("version byte %d, want 3", b[0])
	}
	var out Item
	if err := decodeItem(b, &out); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Errorf("round trip\n%+v\nwant\n%+v", out, in)
	}
	for i := range b {
		decodeItem(b[:i], &out) // truncated records fail, never panic
	}
	if err := decodeItem(b[:len(b)-1], &out); err == nil {
		t.Error("a version 3 record without its article decoded")
	}
}

// A store written by the previous release (version 2 records) opens, its
// items read, and an article saved later rewrites them as version 3.
func TestStoreOfPreviousReleaseGainsArticles(t *testing.T) {
	clk := &clock{t: v2Published.Add(2 * time.Hour)}
	path := filepath.Join(t.TempDir(), "feedcurator.db")
	s, err := Open(path, Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	old := wantV2Item()
	if _, err := s.SavePoll(SourceState{ID: "yonhap"}, []Item{old}); err != nil {
		t.Fatal(err)
	}
	raw, _ := hex.DecodeString(itemV2)
	if err := s.bolt.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketItems).Put([]byte(old.Key()), raw) // as the old release left it
	}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open(path, Options{Now: clk.Now})
	if err != nil {
		t.Fatalf("store of the previous release: %v", err)
	}
	defer s.Close()
	items, err := s.NewestItems("yonhap", 10)
	if err != nil || len(items) != 1 || !reflect.DeepEqual(items[0], wantV2Item()) {
		t.Fatalf("items %+v, %v", items, err)
	}
	ok, err := s.SaveArticle("yonhap", "k1", "<p>article</p>", ArticleAttempt{Outcome: ArticleOK, Tries: 1, Last: clk.Now()})
	if err != nil || !ok {
		t.Fatalf("SaveArticle: %v, %v", ok, err)
	}
	s.bolt.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketItems).Get([]byte(old.Key())); v[0] != itemCodecVersion {
			t.Errorf("record version %d after an article was saved", v[0])
		}
		return nil
	})
	items, _ = s.NewestItems("yonhap", 10)
	if len(items) != 1 || items[0].Article != "<p>article</p>" || items[0].Content != old.Content {
		t.Errorf("after SaveArticle: %+v", items)
	}
}
