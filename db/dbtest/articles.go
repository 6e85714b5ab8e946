package dbtest

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/db"
)

// Full text (db.ArticleEngine): engines that offer it are held to its
// contract; the others skip these cases.

func articles(t *testing.T, h *harness) db.ArticleEngine {
	t.Helper()
	ae, ok := h.e.(db.ArticleEngine)
	if !ok {
		t.Skip("the engine offers no full text (db.ArticleEngine)")
	}
	return ae
}

// bodyWords puts an item in topic w when its body (the article, else the
// feed's content) says w.
type bodyWords []string

func (c bodyWords) Classify(it *db.Item) []db.Membership {
	var out []db.Membership
	for _, w := range c {
		if strings.Contains(it.ArticleOrContent(), w) {
			out = append(out, db.Membership{Topic: strings.ToLower(w), Reasons: []db.Reason{{Term: w, Field: "content", Text: w}}, Score: 1})
		}
	}
	return out
}

var _ = register("ArticleKeptAcrossPollsAndClassified", func(t *testing.T, h *harness) {
	articles(t, h)
	h.classify(t, bodyWords{"Pyongyang"})
	teaser := item("a", "Trade talks", t0)
	teaser.Content = "<p>Talks resume.</p>"
	h.save(t, "src", teaser)
	ok := db.ArticleAttempt{Outcome: db.ArticleOK, Tries: 1, Last: t0}
	stored, err := h.w.Articles().SaveArticles([]db.ArticleResult{{SourceID: "src", ItemID: "a", Article: "<p>On to Pyongyang.</p>", Attempt: ok}})
	if err != nil || len(stored) != 1 || !stored[0] {
		t.Fatalf("SaveArticles: %v, %v", stored, err)
	}
	if got := h.topic(t, "pyongyang"); !slices.Equal(got, []string{"a"}) {
		t.Errorf("topic after the article: %v", got)
	}
	h.clk.Add(time.Hour)
	h.save(t, "src", teaser) // the feed's teaser again
	got, _ := h.stored(t, "src", "a")
	if got.Article != "<p>On to Pyongyang.</p>" || got.Content != teaser.Content {
		t.Errorf("after a later poll: article %q, content %q", got.Article, got.Content)
	}
	if got := h.topic(t, "pyongyang"); !slices.Equal(got, []string{"a"}) {
		t.Errorf("a later poll lost the article's topic: %v", got)
	}
	stored, err = h.w.Articles().SaveArticles([]db.ArticleResult{{SourceID: "src", ItemID: "gone", Article: "<p>x</p>", Attempt: ok}})
	if err != nil || stored[0] {
		t.Errorf("an article of an item not stored: %v, %v", stored, err)
	}
})

var _ = register("ArticleAttemptsRecordedAndForgotten", func(t *testing.T, h *harness) {
	ae := articles(t, h)
	h.save(t, "src", item("new", "N", t0), item("old", "O", t0.Add(-time.Hour)), item("older", "P", t0.Add(-2*time.Hour)))
	retry := db.ArticleAttempt{Outcome: "timeout", Tries: 1, Last: t0, Retry: t0.Add(time.Hour)}
	_, err := h.w.Articles().SaveArticles([]db.ArticleResult{
		{SourceID: "src", ItemID: "new", Article: "<p>a</p>", Attempt: db.ArticleAttempt{Outcome: db.ArticleOK, Tries: 1, Last: t0}},
		{SourceID: "src", ItemID: "old", Attempt: retry},
		{SourceID: "src", ItemID: "older", Attempt: db.ArticleAttempt{Outcome: "robots", Tries: 1, Last: t0}},
	})
	if err != nil {
		t.Fatal(err)
	}
	m, err := ae.ArticleAttempts("src", []string{"new", "old", "never"})
	if err != nil || len(m) != 2 || !m["new"].OK() || m["old"].Outcome != "timeout" || !m["old"].Retry.Equal(retry.Retry) {
		t.Errorf("ArticleAttempts = %+v, %v", m, err)
	}
	if c, err := ae.ArticleCounts(); err != nil || c["src"] != (db.ArticleCount{OK: 1, Failed: 2}) {
		t.Errorf("ArticleCounts = %+v, %v", c, err)
	}
	newest, err := ae.NewestItems("src", 2)
	if err != nil || len(newest) != 2 || newest[0].ID != "new" || newest[1].ID != "old" {
		t.Errorf("NewestItems = %v, %v", newest, err)
	}
	if _, err := h.e.Prune(db.Retention{MaxItems: 2}); err != nil { // "older" goes, tombstoned
		t.Fatal(err)
	}
	if has, err := ae.HasItem("src", "older"); has || err != nil {
		t.Errorf("HasItem of a pruned item = %v, %v", has, err)
	}
	if n, err := ae.ForgetArticleAttempts("src"); n != 0 || err != nil {
		t.Errorf("forgot %d (%v) while the pruned item is tombstoned", n, err)
	}
	h.save(t, "src", item("new", "N", t0), item("old", "O", t0.Add(-time.Hour))) // no longer lists "older"
	if n, err := ae.ForgetArticleAttempts("src"); n != 1 || err != nil {
		t.Errorf("forgot %d (%v), want the record of the item gone for good", n, err)
	}
	if has, err := ae.HasItem("src", "new"); !has || err != nil {
		t.Errorf("HasItem = %v, %v", has, err)
	}
})

// Engines classify nothing: a save prepared from a read the store has
// since outdated would store memberships computed from the wrong text, so
// the engine refuses it (db.ErrStale), storing nothing of it, and package
// classify prepares it again.
var _ = register("StaleSavesRefused", func(t *testing.T, h *harness) {
	ae := articles(t, h)
	h.classify(t, bodyWords{"Pyongyang"})
	teaser := item("a", "Trade talks", t0)
	h.save(t, "src", teaser, item("b", "Other talks", t0))
	ok := db.ArticleAttempt{Outcome: db.ArticleOK, Tries: 1, Last: t0}
	read, err := ae.StoredItems("src", []string{"a", "b", "never"})
	if err != nil || len(read) != 2 || read["a"].Title != "Trade talks" {
		t.Fatalf("StoredItems = %v, %v", read, err)
	}
	if _, err := h.w.Articles().SaveArticles([]db.ArticleResult{{SourceID: "src", ItemID: "a", Article: "<p>On to Pyongyang.</p>", Attempt: ok}}); err != nil {
		t.Fatal(err)
	}
	if got, err := ae.StoredArticles("src", []string{"a", "b"}); err != nil || len(got) != 1 || got["a"] != "<p>On to Pyongyang.</p>" {
		t.Errorf("StoredArticles = %v, %v", got, err)
	}

	// A poll that brings the item without its stored article.
	v := h.e.Version()
	_, err = h.e.SavePoll(db.SourceState{ID: "src", ETag: `"stale"`}, []db.Item{teaser})
	if !errors.Is(err, db.ErrStale) {
		t.Errorf("SavePoll without the stored article: %v, want ErrStale", err)
	}
	if st, _, _ := h.e.Source("src"); st.ETag == `"stale"` || h.e.Version() != v {
		t.Errorf("a refused poll left its state (%+v) or moved Version", st)
	}
	if got := h.topic(t, "pyongyang"); !slices.Equal(got, []string{"a"}) {
		t.Errorf("the topic after a refused poll: %v", got)
	}
	if h.e.WriteError() != nil {
		t.Errorf("a refused poll counts as a failed write: %v", h.e.WriteError())
	}

	// An article classified with its item as read before a poll changed it.
	b := read["b"]
	b.Article, b.Memberships = "<p>Pyongyang</p>", bodyWords{"Pyongyang"}.Classify(&b)
	h.save(t, "src", teaser, item("b", "Other talks, edited", t0))
	_, err = ae.SaveArticles([]db.ArticleResult{{SourceID: "src", ItemID: "b", Article: b.Article, Attempt: ok, Item: &b}})
	if !errors.Is(err, db.ErrStale) {
		t.Errorf("SaveArticles of an item changed since it was read: %v, want ErrStale", err)
	}
	_, err = ae.SaveArticles([]db.ArticleResult{{SourceID: "src", ItemID: "b", Article: b.Article, Attempt: ok}})
	if !errors.Is(err, db.ErrStale) {
		t.Errorf("SaveArticles of an article without its item: %v, want ErrStale", err)
	}
	if m, err := ae.ArticleAttempts("src", []string{"b"}); err != nil || len(m) != 0 {
		t.Errorf("a refused article left attempts %v, %v", m, err)
	}
	if got, _ := h.stored(t, "src", "b"); got.Article != "" || got.Title != "Other talks, edited" {
		t.Errorf("a refused article changed the item: %+v", got)
	}
})

// An article that arrives after its item is a change readers must learn
// of: the item's Modified moves to the commit that stores the article (and
// with it Atom updated and the feed's Last-Modified); a later poll of the
// unchanged teaser, or the same article again, leaves it there.
var _ = register("ArticleMovesModified", func(t *testing.T, h *harness) {
	articles(t, h)
	teaser := item("a", "Trade talks", t0)
	teaser.Content = "<p>Talks resume.</p>"
	h.save(t, "src", teaser)
	if got, _ := h.stored(t, "src", "a"); !got.Modified.IsZero() {
		t.Fatalf("a new item's Modified = %v, want zero", got.Modified)
	}
	// The page was read at t0; its article is committed two hours later.
	ok := db.ArticleAttempt{Outcome: db.ArticleOK, Tries: 1, Last: t0}
	save := func() {
		t.Helper()
		if stored, err := h.w.Articles().SaveArticles([]db.ArticleResult{{SourceID: "src", ItemID: "a", Article: "<p>On to Pyongyang.</p>", Attempt: ok}}); err != nil || !stored[0] {
			t.Fatalf("SaveArticles: %v, %v", stored, err)
		}
	}
	h.clk.Add(2 * time.Hour)
	committed := t0.Add(2 * time.Hour)
	save()
	if got, _ := h.stored(t, "src", "a"); !got.Modified.Equal(committed) {
		t.Errorf("after the article: Modified = %v, want %v", got.Modified, committed)
	}
	h.clk.Add(3 * time.Hour)
	h.save(t, "src", teaser)
	save() // the same article, found again
	if got, _ := h.stored(t, "src", "a"); !got.Modified.Equal(committed) {
		t.Errorf("after a later poll and the same article again: Modified = %v, want %v", got.Modified, committed)
	}
})

// A failed attempt recorded after the article was stored (another
// replica's try at the same page) leaves the article and its "ok" record,
// and later polls of the teaser are stored as ever: were the record
// downgraded, the item's article would be unknown to the write path and
// every poll of the source refused.
var _ = register("FailedAttemptAfterArticle", func(t *testing.T, h *harness) {
	ae := articles(t, h)
	teaser := item("a", "Trade talks", t0)
	h.save(t, "src", teaser)
	ok := db.ArticleAttempt{Outcome: db.ArticleOK, Tries: 1, Last: t0}
	if stored, err := h.w.Articles().SaveArticles([]db.ArticleResult{{SourceID: "src", ItemID: "a", Article: "<p>On to Pyongyang.</p>", Attempt: ok}}); err != nil || !stored[0] {
		t.Fatalf("SaveArticles: %v, %v", stored, err)
	}
	failed := db.ArticleAttempt{Outcome: "timeout", Tries: 1, Last: t0, Retry: t0.Add(time.Hour)}
	if _, err := h.w.Articles().SaveArticles([]db.ArticleResult{{SourceID: "src", ItemID: "a", Attempt: failed}}); err != nil {
		t.Fatalf("recording a failed attempt: %v", err)
	}
	if got, err := ae.ArticleAttempts("src", []string{"a"}); err != nil || !got["a"].OK() {
		t.Errorf("the attempt record after a later failure: %+v, %v; want ok", got["a"], err)
	}
	h.clk.Add(time.Hour)
	next := item("b", "More talks", t0.Add(time.Hour))
	if _, err := h.w.SavePoll(db.SourceState{ID: "src"}, []db.Item{teaser, next}); err != nil {
		t.Fatalf("a poll after the failed attempt: %v", err)
	}
	if got, _ := h.stored(t, "src", "a"); got.Article != "<p>On to Pyongyang.</p>" {
		t.Errorf("the article after the poll: %q", got.Article)
	}
	if _, found := h.stored(t, "src", "b"); !found {
		t.Errorf("the poll's new item was not stored")
	}
})
