package db

import (
	"strings"
	"testing"
	"time"
)

// bodyClassifier puts an item in topic "korea" when its article, else its
// content, says Pyongyang.
type bodyClassifier struct{}

func (bodyClassifier) Classify(it *Item) []Membership {
	if strings.Contains(it.ArticleOrContent(), "Pyongyang") {
		return []Membership{{Topic: "korea", Reasons: []Reason{{Term: "Pyongyang", Field: "content", Text: "Pyongyang"}}}}
	}
	return nil
}

// withItem is r with its item as stored, given the article and classified
// by c with it, as package classify saves an article.
func withItem(t *testing.T, s *Store, c Classifier, r ArticleResult) ArticleResult {
	t.Helper()
	items, err := s.StoredItems(r.SourceID, []string{r.ItemID})
	if err != nil {
		t.Fatal(err)
	}
	if it, ok := items[r.ItemID]; ok {
		it.Article = r.Article
		it.Memberships = c.Classify(&it)
		r.Item = &it
	}
	return r
}

func TestArticleAttemptsAreCountedPerSource(t *testing.T) {
	s, _ := openTest(t, &clock{t: t0})
	if m, err := s.ArticleAttempts("src", []string{"a"}); err != nil || len(m) != 0 {
		t.Fatalf("fresh store: %v %v", m, err)
	}
	if _, err := s.SavePoll(SourceState{ID: "src"}, []Item{item("a", "A", t0), item("b", "B", t0)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveArticle("src", "a", "<p>x</p>", ArticleAttempt{Outcome: ArticleOK, Tries: 1, Last: t0}); err != nil {
		t.Fatal(err)
	}
	retry := ArticleAttempt{Outcome: "timeout", Tries: 1, Last: t0, Retry: t0.Add(time.Hour)}
	if err := s.RecordArticleAttempt("src", "b", retry); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordArticleAttempt("other", "c", ArticleAttempt{Outcome: "robots", Tries: 1, Last: t0}); err != nil {
		t.Fatal(err)
	}
	m, err := s.ArticleAttempts("src", []string{"a", "b", "z"})
	if err != nil || len(m) != 2 || !m["a"].OK() || !m["b"].Retry.Equal(retry.Retry) {
		t.Fatalf("attempts %+v %v", m, err)
	}
	counts, err := s.ArticleCounts()
	if err != nil {
		t.Fatal(err)
	}
	if counts["src"] != (ArticleCount{OK: 1, Failed: 1}) || counts["other"] != (ArticleCount{Failed: 1}) {
		t.Errorf("counts %+v", counts)
	}
}

func TestForgetArticleAttemptsOfItemsGoneForGood(t *testing.T) {
	clk := &clock{t: t0}
	s, _ := openTest(t, clk)
	if _, err := s.SavePoll(SourceState{ID: "src"}, []Item{item("kept", "K", t0), item("pruned", "P", t0.Add(-time.Hour))}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"kept", "pruned", "vanished"} {
		if err := s.RecordArticleAttempt("src", id, ArticleAttempt{Outcome: "not_found", Tries: 1, Last: t0}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Prune(Retention{MaxItems: 1}); err != nil { // "pruned" leaves a tombstone
		t.Fatal(err)
	}
	n, err := s.ForgetArticleAttempts("src")
	if err != nil || n != 1 {
		t.Fatalf("forgot %d, %v; want the vanished item's record only", n, err)
	}
	m, _ := s.ArticleAttempts("src", []string{"kept", "pruned", "vanished"})
	if len(m) != 2 || m["vanished"].Tries != 0 {
		t.Errorf("left %+v", m)
	}
	for id, want := range map[string]bool{"kept": true, "pruned": false, "vanished": false} {
		if got, err := s.HasItem("src", id); got != want || err != nil {
			t.Errorf("HasItem(%s) = %v, %v", id, got, err)
		}
	}
}

func TestSaveArticlesInOneCommit(t *testing.T) {
	s, _ := openTest(t, &clock{t: t0})
	if _, err := s.SavePoll(SourceState{ID: "src"}, []Item{item("a", "A", t0), item("b", "B", t0)}); err != nil {
		t.Fatal(err)
	}
	ok := ArticleAttempt{Outcome: ArticleOK, Tries: 1, Last: t0}
	stored, err := s.SaveArticles([]ArticleResult{
		withItem(t, s, bodyClassifier{}, ArticleResult{SourceID: "src", ItemID: "a", Article: "<p>Pyongyang</p>", Attempt: ok}),
		{SourceID: "src", ItemID: "b", Attempt: ArticleAttempt{Outcome: "paywall", Tries: 1, Last: t0}},
		{SourceID: "src", ItemID: "pruned", Article: "<p>x</p>", Attempt: ok},
	})
	if err != nil || len(stored) != 3 || !stored[0] || !stored[1] || stored[2] {
		t.Fatalf("stored %v, %v", stored, err)
	}
	if got := topicTitles(t, s, "korea"); len(got) != 1 || got[0] != "A" {
		t.Errorf("korea %v", got)
	}
	m, _ := s.ArticleAttempts("src", []string{"a", "b", "pruned"})
	if len(m) != 2 || !m["a"].OK() || m["b"].Outcome != "paywall" {
		t.Errorf("attempts %+v", m)
	}
	if err := s.RecordArticleAttempt("src", "b", ok); err == nil {
		t.Error("a success recorded without its article")
	}
}

// A store with articles and attempt records verifies clean.
func TestStoreWithArticlesVerifies(t *testing.T) {
	s, _ := openTest(t, &clock{t: t0})
	if _, err := s.SavePoll(SourceState{ID: "src"}, classified(bodyClassifier{}, item("a", "A", t0), item("b", "B", t0))); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveArticles([]ArticleResult{
		withItem(t, s, bodyClassifier{}, ArticleResult{SourceID: "src", ItemID: "a", Article: "<p>Pyongyang</p>", Attempt: ArticleAttempt{Outcome: ArticleOK, Tries: 1, Last: t0}}),
		{SourceID: "src", ItemID: "b", Attempt: ArticleAttempt{Outcome: "paywall", Tries: 1, Last: t0}},
	}); err != nil {
		t.Fatal(err)
	}
	if r := s.Verify(); !r.OK() || r.Items != 2 || r.Dangling != 0 {
		t.Errorf("Verify: %+v", r)
	}
}
