package postgres

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/db"
)

// TestArticlesWhilePolling: one replica polls a source over and over,
// rewriting every item (a new title each round), while another saves the
// items' articles in batches whose order crosses the poll's. No commit
// fails (no deadlock between a poll's items and an article's), and no poll
// drops an article committed before it: each poll reads the items after
// the articles saved before it.
func TestArticlesWhilePolling(t *testing.T) {
	url := testURL(t)
	poller, pollerW := openClassified(t, url, Options{}, wordClassifier{"1"})
	_, saverW := openClassified(t, url, Options{}, wordClassifier{"1"})
	saver := saverW.Articles()
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	const n, rounds = 20, 30
	poll := func(round int) error {
		items := make([]db.Item, n)
		for i := range items {
			items[i] = item(fmt.Sprint(i), fmt.Sprintf("Round%d story", round), base.Add(time.Duration(i)*time.Minute))
		}
		_, err := pollerW.SavePoll(db.SourceState{ID: "s", URL: "https://s.example/feed"}, items)
		return err
	}
	if err := poll(0); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for r := 1; r <= rounds; r++ {
			if err := poll(r); err != nil {
				t.Errorf("poll %d: %v", r, err)
				return
			}
		}
	}()
	ok := db.ArticleAttempt{Outcome: db.ArticleOK, Tries: 1, Last: base}
	// Newest first, against the poll's order; the poller is waited for
	// before the test may end.
	for first := n - 1; first >= 0; first -= 4 {
		var batch []db.ArticleResult
		for i := first; i > first-4 && i >= 0; i-- {
			batch = append(batch, db.ArticleResult{SourceID: "s", ItemID: fmt.Sprint(i), Article: fmt.Sprintf("<p>article %d</p>", i), Attempt: ok})
		}
		stored, err := saver.SaveArticles(batch)
		if err != nil {
			t.Errorf("SaveArticles: %v", err)
			break
		}
		for i, s := range stored {
			if !s {
				t.Errorf("article of %s not stored", batch[i].ItemID)
			}
		}
	}
	wg.Wait()
	items, err := poller.NewestItems("s", n)
	if err != nil || len(items) != n {
		t.Fatalf("NewestItems: %d items, %v", len(items), err)
	}
	for _, it := range items {
		if want := "<p>article " + it.ID + "</p>"; it.Article != want {
			t.Errorf("item %s: article %q after the polls, want %q", it.ID, it.Article, want)
		}
	}
	if c, err := poller.ArticleCounts(); err != nil || c["s"] != (db.ArticleCount{OK: n}) {
		t.Errorf("ArticleCounts = %+v, %v", c, err)
	}
}
