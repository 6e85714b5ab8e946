package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/feedcurator/feedcurator/classify"
	"github.com/feedcurator/feedcurator/db"
)

// wordClassifier puts an item in topic W for every word W of its title that
// starts with a capital letter.
type wordClassifier struct{ fp string }

func (c wordClassifier) Classify(it *db.Item) []db.Membership {
	var out []db.Membership
	for _, w := range strings.Fields(it.Title) {
		if w[0] >= 'A' && w[0] <= 'Z' {
			out = append(out, db.Membership{Topic: w, Score: float64(len(w)), Reasons: []db.Reason{{Term: w, Field: "title", Text: w}}})
		}
	}
	return out
}

func (c wordClassifier) Fingerprint() string { return c.fp }

func item(id, title string, at time.Time) db.Item {
	return db.Item{ID: id, Title: title, Link: "https://example.org/" + id, Published: at}
}

func topicIDs(t *testing.T, s *Store, topic string) []string {
	t.Helper()
	var ids []string
	if err := s.TopicItems(topic, func(it *db.Item, m db.Membership) bool {
		if m.Topic != topic || len(m.Reasons) == 0 && !strings.HasPrefix(topic, "p-") {
			t.Errorf("membership of %s: %+v", it.ID, m)
		}
		ids = append(ids, it.ID)
		return true
	}); err != nil {
		t.Fatal(err)
	}
	return ids
}

func TestSavePollAndTopics(t *testing.T) {
	s, w := openClassified(t, testURL(t), Options{}, wordClassifier{"1"})
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	v0 := s.Version()
	added, err := w.SavePoll(db.SourceState{ID: "a", URL: "https://a.example/feed", ETag: `"1"`}, []db.Item{
		item("1", "Go news", base), item("2", "Go and Rust", base.Add(time.Hour)), item("3", "nothing", base.Add(2*time.Hour)),
	})
	if err != nil || added != 3 {
		t.Fatalf("added %d, %v", added, err)
	}
	if s.Version() == v0 {
		t.Error("version did not move after a poll that added items")
	}
	if got := topicIDs(t, s, "Go"); fmt.Sprint(got) != "[2 1]" {
		t.Errorf("Go = %v, want newest first [2 1]", got)
	}
	n, newest, err := s.TopicCount("Go")
	if err != nil || n != 2 || !newest.Equal(base.Add(time.Hour)) {
		t.Errorf("TopicCount = %d %v %v", n, newest, err)
	}
	st, ok, err := s.Source("a")
	if err != nil || !ok || st.ETag != `"1"` {
		t.Errorf("Source = %+v %v %v", st, ok, err)
	}
	var first db.Item
	s.AllItems(func(it *db.Item) bool { first = *it; return false })
	if first.ID != "3" || first.FirstSeen.IsZero() {
		t.Errorf("AllItems first = %+v", first)
	}

	// The same poll again changes nothing a feed shows.
	v1 := s.Version()
	added, err = w.SavePoll(db.SourceState{ID: "a", URL: "https://a.example/feed", ETag: `"1"`}, []db.Item{
		item("1", "Go news", base), item("2", "Go and Rust", base.Add(time.Hour)), item("3", "nothing", base.Add(2*time.Hour)),
	})
	if err != nil || added != 0 {
		t.Fatalf("again: added %d, %v", added, err)
	}
	if s.Version() != v1 {
		// The fallback check may also see the commit; wait for neither.
		t.Log("version moved on an unchanged poll (the change counter's check)")
	}
	// An edit moves the item out of Go and into Rust, keeping FirstSeen.
	if _, err := w.SavePoll(db.SourceState{ID: "a", URL: "https://a.example/feed"}, []db.Item{
		item("1", "Rust news", base), item("2", "Go and Rust", base.Add(time.Hour)),
	}); err != nil {
		t.Fatal(err)
	}
	if got := topicIDs(t, s, "Go"); fmt.Sprint(got) != "[2]" {
		t.Errorf("Go after edit = %v", got)
	}
	if got := topicIDs(t, s, "Rust"); fmt.Sprint(got) != "[2 1]" {
		t.Errorf("Rust after edit = %v", got)
	}
	copies, err := s.Copies("HTTPS://EXAMPLE.org/1#x", "Rust")
	if err != nil || len(copies) != 1 || copies[0].FirstSeen.IsZero() || !copies[0].FirstSeen.Equal(first.FirstSeen) && copies[0].ID == first.ID {
		t.Errorf("Copies = %+v %v", copies, err)
	}
	counts, err := s.ItemCounts()
	if err != nil || counts["a"] != 3 {
		t.Errorf("ItemCounts = %v %v", counts, err)
	}
}

func TestTopicItemsPagesAndStops(t *testing.T) {
	s, w := openClassified(t, testURL(t), Options{}, wordClassifier{"1"})
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var items []db.Item
	for i := range 2*pageSize + 7 {
		items = append(items, item(fmt.Sprintf("%04d", i), "All", base.Add(time.Duration(i)*time.Minute)))
	}
	if _, err := w.SavePoll(db.SourceState{ID: "a"}, items); err != nil {
		t.Fatal(err)
	}
	ids := topicIDs(t, s, "All")
	if len(ids) != len(items) || ids[0] != fmt.Sprintf("%04d", len(items)-1) || ids[len(ids)-1] != "0000" {
		t.Fatalf("paged listing: %d items, first %s", len(ids), ids[0])
	}
	n := 0
	s.TopicItems("All", func(*db.Item, db.Membership) bool { n++; return n < 3 })
	if n != 3 {
		t.Errorf("fn called %d times after returning false at 3", n)
	}
}

func TestPruneTombstonesAndBatches(t *testing.T) {
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	s, w := openClassified(t, testURL(t), Options{Now: clock}, wordClassifier{"1"})
	var items []db.Item
	for i := range pruneChunk + 20 {
		items = append(items, item(fmt.Sprintf("%04d", i), "Kept", now.Add(-time.Duration(i)*time.Minute)))
	}
	if _, err := w.SavePoll(db.SourceState{ID: "a"}, items); err != nil {
		t.Fatal(err)
	}
	removed, err := s.Prune(db.Retention{MaxItems: 10})
	if err != nil || removed != len(items)-10 {
		t.Fatalf("Prune removed %d, %v", removed, err)
	}
	if got := topicIDs(t, s, "Kept"); len(got) != 10 || got[0] != "0000" {
		t.Errorf("after prune: %v", got)
	}
	// The source still lists the pruned items: they stay out.
	added, err := w.SavePoll(db.SourceState{ID: "a"}, items)
	if err != nil || added != 0 {
		t.Errorf("pruned items came back: added %d, %v", added, err)
	}
	// By age: everything is first seen now; 23 hours later all go.
	now = now.Add(23 * time.Hour)
	removed, err = s.Prune(db.Retention{MaxAge: 12 * time.Hour})
	if err != nil || removed != 10 {
		t.Errorf("Prune by age removed %d, %v", removed, err)
	}
	// A source that stops listing an item releases its tombstone.
	if _, err := w.SavePoll(db.SourceState{ID: "a"}, items[:1]); err != nil {
		t.Fatal(err)
	}
	if _, err := w.SavePoll(db.SourceState{ID: "a"}, items[1:2]); err != nil {
		t.Fatal(err)
	}
	added, err = w.SavePoll(db.SourceState{ID: "a"}, items[:1])
	if err != nil || added != 1 {
		t.Errorf("an item dropped from the feed and back: added %d, %v", added, err)
	}
}

type prefixClassifier struct{}

func (prefixClassifier) Classify(it *db.Item) []db.Membership {
	return []db.Membership{{Topic: "p-" + it.Title[:1]}}
}
func (prefixClassifier) Fingerprint() string { return "prefix" }

func TestReclassifySwapsAndReopenDoesNotRepeat(t *testing.T) {
	url := testURL(t)
	s, w := openClassified(t, url, Options{}, wordClassifier{"1"})
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, err := w.SavePoll(db.SourceState{ID: "a"}, []db.Item{item("1", "Go", base), item("2", "Rust", base)}); err != nil {
		t.Fatal(err)
	}
	v := s.Version()
	if err := w.Reclassify(prefixClassifier{}); err != nil {
		t.Fatal(err)
	}
	if s.Version() == v {
		t.Error("version did not move on reclassify")
	}
	if got := topicIDs(t, s, "Go"); len(got) != 0 {
		t.Errorf("old topic still served: %v", got)
	}
	if got := topicIDs(t, s, "p-G"); fmt.Sprint(got) != "[1]" {
		t.Errorf("p-G = %v", got)
	}
	// Later polls use the new classifier.
	if _, err := w.SavePoll(db.SourceState{ID: "a"}, []db.Item{item("3", "Go", base)}); err != nil {
		t.Fatal(err)
	}
	if got := topicIDs(t, s, "p-G"); len(got) != 2 {
		t.Errorf("p-G after a poll = %v", got)
	}
	// A second replica opening with the same classifier finds the stored
	// fingerprint and leaves the memberships alone; with the old one it
	// reclassifies back.
	openClassified(t, url, Options{}, prefixClassifier{})
	if got := topicIDs(t, s, "p-G"); len(got) != 2 {
		t.Errorf("p-G after a reopen = %v", got)
	}
	openClassified(t, url, Options{}, wordClassifier{"1"})
	if got := topicIDs(t, s, "Go"); len(got) != 2 {
		t.Errorf("Go after a reopen with the old topics = %v", got)
	}
}

func TestReplicaSeesOthersChanges(t *testing.T) {
	url := testURL(t)
	_, a := openClassified(t, url, Options{CheckEvery: time.Hour}, wordClassifier{"1"})
	b, _ := openClassified(t, url, Options{CheckEvery: time.Hour}, wordClassifier{"1"})
	waitFor(t, b.listened.Load) // a notification before LISTEN is lost
	v := b.Version()
	if _, err := a.SavePoll(db.SourceState{ID: "a"}, []db.Item{item("1", "Go", time.Now())}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return b.Version() != v }) // by NOTIFY: the fallback is an hour away
	if got := topicIDs(t, b, "Go"); fmt.Sprint(got) != "[1]" {
		t.Errorf("replica b serves %v", got)
	}
}

func TestFallbackCheckWithoutNotify(t *testing.T) {
	url := testURL(t)
	b := openTest(t, url, Options{CheckEvery: 50 * time.Millisecond})
	v := b.Version()
	// A commit that moves the counter without a notification, as one lost
	// with a dropped connection.
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), `UPDATE changes SET version = version + 1 WHERE slot = 3`); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return b.Version() != v })
}

func TestRefusesNewerSchema(t *testing.T) {
	url := testURL(t)
	s := openTest(t, url, Options{})
	s.Close()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), `UPDATE schema_version SET version = version + 1`); err != nil {
		t.Fatal(err)
	}
	_, err = Open(url, Options{})
	if !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("Open of a newer schema: %v", err)
	}
}

func TestUnreachable(t *testing.T) {
	// A unix socket directory with no server in it.
	_, err := Open("postgres://u:secret@/feeds?host="+t.TempDir(), Options{ConnectTimeout: 2 * time.Second})
	if !errors.Is(err, ErrUnreachable) {
		t.Fatalf("Open without a server: %v", err)
	}
	if strings.Contains(err.Error(), "secret") {
		t.Errorf("the password is in the error: %v", err)
	}
}

// waitFor polls cond for up to ten seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 10s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// countingClassifier counts the items it classifies.
type countingClassifier struct {
	wordClassifier
	n *atomic.Int64
}

func (c countingClassifier) Classify(it *db.Item) []db.Membership {
	c.n.Add(1)
	return c.wordClassifier.Classify(it)
}

func TestReplicasStartingWithNewTopicsReclassifyOnce(t *testing.T) {
	url := testURL(t)
	s, w := openClassified(t, url, Options{}, wordClassifier{"1"})
	if _, err := w.SavePoll(db.SourceState{ID: "a"}, []db.Item{item("1", "Go", time.Now()), item("2", "Rust", time.Now())}); err != nil {
		t.Fatal(err)
	}
	var n atomic.Int64
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := Open(url, Options{})
			if err != nil {
				t.Error(err)
				return
			}
			defer r.Close()
			if _, err := classify.New(r, countingClassifier{wordClassifier{"2"}, &n}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n.Load() != 2 {
		t.Errorf("three replicas starting with new topics classified %d items, want the store's 2 once", n.Load())
	}
	if got := topicIDs(t, s, "Go"); fmt.Sprint(got) != "[1]" {
		t.Errorf("Go = %v", got)
	}
}
