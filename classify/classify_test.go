package classify

import (
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/db"
)

var t0 = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// tagged puts an item in topic w (lower-cased) when its title or article
// says w, with the classifier's tag as the reason's term, so that a test
// can tell which classifier a membership came from.
type tagged struct {
	tag   string
	words []string
}

func (c tagged) Classify(it *db.Item) []db.Membership {
	var out []db.Membership
	for _, w := range c.words {
		if strings.Contains(it.Title, w) || strings.Contains(it.Article, w) {
			out = append(out, db.Membership{Topic: strings.ToLower(w), Reasons: []db.Reason{{Term: c.tag, Field: "title", Text: w}}})
		}
	}
	return out
}

func (c tagged) Fingerprint() string { return c.tag }

func openStore(t *testing.T) *db.Store {
	t.Helper()
	s, err := db.Open(filepath.Join(t.TempDir(), "feedcurator.db"), db.Options{Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func newStore(t *testing.T, e db.Engine, c db.Classifier) *Store {
	t.Helper()
	s, err := New(e, c)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// members is the tags of the memberships of topic's items, by item id.
func members(t *testing.T, e db.Engine, topic string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := e.TopicItems(topic, func(it *db.Item, m db.Membership) bool {
		if len(m.Reasons) > 0 {
			out[it.ID] = m.Reasons[0].Term
		}
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func item(id, title string) db.Item {
	return db.Item{ID: id, GUID: id, Link: "https://example.com/" + id, Title: title, Published: t0}
}

// gate holds an engine's SavePoll, after classification, until release,
// and says when a Reclassify has rebuilt the memberships.
type gate struct {
	db.Engine
	saving  chan struct{} // closed when a SavePoll reaches the engine
	release chan struct{}
	rebuilt chan struct{} // closed when the engine's Reclassify returned
}

func (g *gate) SavePoll(st db.SourceState, items []db.Item) (int, error) {
	close(g.saving)
	<-g.release
	return g.Engine.SavePoll(st, items)
}

func (g *gate) Reclassify(c db.Classifier) error {
	err := g.Engine.Reclassify(c)
	close(g.rebuilt)
	return err
}

// TestSaveRacingReclassifyKeepsNoOldMemberships: a poll classified by the
// old classifier and not yet committed when Reclassify starts is committed
// before the rebuild, which then replaces its memberships; it never lands
// after it with the old classifier's.
func TestSaveRacingReclassifyKeepsNoOldMemberships(t *testing.T) {
	g := &gate{Engine: openStore(t), saving: make(chan struct{}), release: make(chan struct{}), rebuilt: make(chan struct{})}
	s := newStore(t, g, tagged{"old", []string{"Korea"}})
	saved := make(chan error, 1)
	go func() {
		_, err := s.SavePoll(db.SourceState{ID: "src"}, []db.Item{item("a", "Korea")})
		saved <- err
	}()
	<-g.saving // classified by the old classifier, not committed
	reclassified := make(chan error, 1)
	go func() { reclassified <- s.Reclassify(tagged{"new", []string{"Korea"}}) }()
	// Until Reclassify waits for the save (a waiting writer turns new
	// readers away), or, were saves not held off, has rebuilt without it.
	for waiting := false; !waiting; {
		select {
		case <-g.rebuilt:
			waiting = true
		default:
			if s.mu.TryRLock() {
				s.mu.RUnlock()
				runtime.Gosched()
			} else {
				waiting = true
			}
		}
	}
	close(g.release)
	if err := <-saved; err != nil {
		t.Fatal(err)
	}
	if err := <-reclassified; err != nil {
		t.Fatal(err)
	}
	if got := members(t, g, "korea"); got["a"] != "new" {
		t.Errorf("after a save raced Reclassify the item's membership is %q's, want the new classifier's", got["a"])
	}
	// And later saves are the new classifier's.
	g.saving, g.release = make(chan struct{}), make(chan struct{})
	close(g.release)
	if _, err := s.SavePoll(db.SourceState{ID: "src"}, []db.Item{item("a", "Korea"), item("b", "Korea too")}); err != nil {
		t.Fatal(err)
	}
	if got := members(t, g, "korea"); got["a"] != "new" || got["b"] != "new" {
		t.Errorf("memberships after the switch: %v", got)
	}
}

// articleMeanwhile stores an article for item "a" of "src" the first time
// a poll's stored articles are read, after the read: the article a poll
// did not see when it classified.
type articleMeanwhile struct {
	*db.Store
	once sync.Once
	c    db.Classifier
	t    *testing.T
}

func (e *articleMeanwhile) StoredArticles(src string, ids []string) (map[string]string, error) {
	got, err := e.Store.StoredArticles(src, ids)
	e.once.Do(func() {
		if _, err := newStore(e.t, e.Store, e.c).Articles().SaveArticles([]db.ArticleResult{{
			SourceID: "src", ItemID: "a", Article: "<p>Pyongyang</p>",
			Attempt: db.ArticleAttempt{Outcome: db.ArticleOK, Tries: 1, Last: t0},
		}}); err != nil {
			e.t.Error(err)
		}
	})
	return got, err
}

// TestPollPreparedBeforeAnArticleIsPreparedAgain: an article stored
// between a poll's read of the stored articles and its commit makes the
// engine refuse the poll (its item would lose the article's topics); the
// poll is classified again with the article and stored.
func TestPollPreparedBeforeAnArticleIsPreparedAgain(t *testing.T) {
	c := tagged{"v1", []string{"Korea", "Pyongyang"}}
	base := openStore(t)
	if _, err := newStore(t, base, c).SavePoll(db.SourceState{ID: "src"}, []db.Item{item("a", "Korea talks")}); err != nil {
		t.Fatal(err)
	}
	e := &articleMeanwhile{Store: base, c: c, t: t}
	s := newStore(t, e, c)
	if _, err := s.SavePoll(db.SourceState{ID: "src", ETag: `"2"`}, []db.Item{item("a", "Korea talks resume")}); err != nil {
		t.Fatal(err)
	}
	got, _ := base.StoredItems("src", []string{"a"})
	if a := got["a"]; a.Article != "<p>Pyongyang</p>" || a.Title != "Korea talks resume" {
		t.Errorf("after the poll: %+v", a)
	}
	if m := members(t, base, "pyongyang"); m["a"] != "v1" {
		t.Errorf("the poll dropped the article's topic: %v", m)
	}
	if st, _, _ := base.Source("src"); st.ETag != `"2"` {
		t.Errorf("the poll's state was not stored: %+v", st)
	}
}

// editMeanwhile polls item "a" again with a new title the first time an
// article's item is read, after the read.
type editMeanwhile struct {
	*db.Store
	once sync.Once
	t    *testing.T
}

func (e *editMeanwhile) StoredItems(src string, ids []string) (map[string]db.Item, error) {
	got, err := e.Store.StoredItems(src, ids)
	e.once.Do(func() {
		edited := item("a", "Korea talks collapse")
		edited.Memberships = tagged{"v1", []string{"Korea"}}.Classify(&edited)
		if _, err := e.Store.SavePoll(db.SourceState{ID: "src"}, []db.Item{edited}); err != nil {
			e.t.Error(err)
		}
	})
	return got, err
}

// TestArticlePreparedBeforeAnEditIsPreparedAgain: an article classified
// with its item as read before a poll edited the item is refused, read
// again and classified with the edited item.
func TestArticlePreparedBeforeAnEditIsPreparedAgain(t *testing.T) {
	c := tagged{"v1", []string{"Korea", "collapse"}}
	base := openStore(t)
	if _, err := newStore(t, base, c).SavePoll(db.SourceState{ID: "src"}, []db.Item{item("a", "Korea talks")}); err != nil {
		t.Fatal(err)
	}
	s := newStore(t, &editMeanwhile{Store: base, t: t}, c)
	stored, err := s.Articles().SaveArticles([]db.ArticleResult{{
		SourceID: "src", ItemID: "a", Article: "<p>Talks</p>",
		Attempt: db.ArticleAttempt{Outcome: db.ArticleOK, Tries: 1, Last: t0},
	}})
	if err != nil || !stored[0] {
		t.Fatalf("SaveArticles: %v, %v", stored, err)
	}
	got, _ := base.StoredItems("src", []string{"a"})
	if a := got["a"]; a.Article != "<p>Talks</p>" || a.Title != "Korea talks collapse" {
		t.Errorf("after the article: %+v", a)
	}
	if m := members(t, base, "collapse"); m["a"] != "v1" {
		t.Errorf("the article was classified with the item before its edit: %v", m)
	}
}

// TestNewReclassifiesOnlyWhenTheTopicsChanged: New rebuilds the memberships
// when its classifier's fingerprint is not the one they were built with,
// and not otherwise.
func TestNewReclassifiesOnlyWhenTheTopicsChanged(t *testing.T) {
	e := openStore(t)
	if _, err := newStore(t, e, tagged{"v1", []string{"Korea"}}).SavePoll(db.SourceState{ID: "src"}, []db.Item{item("a", "Korea")}); err != nil {
		t.Fatal(err)
	}
	v := e.Version()
	newStore(t, e, tagged{"v1", []string{"Korea"}})
	if e.Version() != v {
		t.Error("New with the same topics rebuilt the memberships")
	}
	newStore(t, e, tagged{"v2", []string{"Korea"}})
	if got := members(t, e, "korea"); got["a"] != "v2" {
		t.Errorf("after New with other topics: %v", got)
	}
}
