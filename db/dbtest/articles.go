package dbtest

import (
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
	ae := articles(t, h)
	h.classify(t, bodyWords{"Pyongyang"})
	teaser := item("a", "Trade talks", t0)
	teaser.Content = "<p>Talks resume.</p>"
	h.save(t, "src", teaser)
	ok := db.ArticleAttempt{Outcome: db.ArticleOK, Tries: 1, Last: t0}
	stored, err := ae.SaveArticles([]db.ArticleResult{{SourceID: "src", ItemID: "a", Article: "<p>On to Pyongyang.</p>", Attempt: ok}})
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
	stored, err = ae.SaveArticles([]db.ArticleResult{{SourceID: "src", ItemID: "gone", Article: "<p>x</p>", Attempt: ok}})
	if err != nil || stored[0] {
		t.Errorf("an article of an item not stored: %v, %v", stored, err)
	}
})

var _ = register("ArticleAttemptsRecordedAndForgotten", func(t *testing.T, h *harness) {
	ae := articles(t, h)
	h.save(t, "src", item("new", "N", t0), item("old", "O", t0.Add(-time.Hour)), item("older", "P", t0.Add(-2*time.Hour)))
	retry := db.ArticleAttempt{Outcome: "timeout", Tries: 1, Last: t0, Retry: t0.Add(time.Hour)}
	_, err := ae.SaveArticles([]db.ArticleResult{
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
