package classify

import (
	"errors"
	"slices"

	"github.com/feedcurator/feedcurator/db"
)

// Articles is full text's side of a Store: the engine's record of article
// attempts, with each article classified with its item on the way in.
type Articles struct {
	s *Store
	e db.ArticleEngine
}

// Articles is the store's full text; nil when the engine has none.
func (s *Store) Articles() *Articles {
	if s.articles == nil {
		return nil
	}
	return &Articles{s: s, e: s.articles}
}

// SaveArticles has the engine record attempts (db.ArticleEngine); a
// successful one's item is read, given its article and classified with
// it, since topics read the article.
func (a *Articles) SaveArticles(results []db.ArticleResult) (stored []bool, err error) {
	a.s.mu.RLock()
	defer a.s.mu.RUnlock()
	for try := 0; ; try++ {
		classified, err := a.classified(results)
		if err != nil {
			return nil, err
		}
		stored, err = a.e.SaveArticles(classified)
		if !errors.Is(err, db.ErrStale) || try == retries {
			return stored, err
		}
		pauseBeforeRetry(try)
	}
}

// classified is results with each success's item as stored now, its
// article set and classified with it; an item no longer stored has none,
// and the engine records nothing for it.
func (a *Articles) classified(results []db.ArticleResult) ([]db.ArticleResult, error) {
	bySource := map[string][]string{}
	for _, r := range results {
		if r.Attempt.OK() {
			bySource[r.SourceID] = append(bySource[r.SourceID], r.ItemID)
		}
	}
	items := map[[2]string]db.Item{}
	for src, ids := range bySource {
		got, err := a.e.StoredItems(src, ids)
		if err != nil {
			return nil, err
		}
		for id, it := range got {
			items[[2]string{src, id}] = it
		}
	}
	out := slices.Clone(results)
	for i := range out {
		r := &out[i]
		it, ok := items[[2]string{r.SourceID, r.ItemID}]
		if !r.Attempt.OK() || !ok {
			r.Item = nil
			continue
		}
		it.Article = r.Article
		it.Memberships = a.s.classify(&it)
		r.Item = &it
	}
	return out, nil
}

// ArticleAttempts is the engine's (db.ArticleEngine).
func (a *Articles) ArticleAttempts(sourceID string, itemIDs []string) (map[string]db.ArticleAttempt, error) {
	return a.e.ArticleAttempts(sourceID, itemIDs)
}

// NewestItems is the engine's (db.ArticleEngine).
func (a *Articles) NewestItems(sourceID string, n int) ([]db.Item, error) {
	return a.e.NewestItems(sourceID, n)
}

// ForgetArticleAttempts is the engine's (db.ArticleEngine).
func (a *Articles) ForgetArticleAttempts(sourceID string) (int, error) {
	return a.e.ForgetArticleAttempts(sourceID)
}

// HasItem is the engine's (db.ArticleEngine).
func (a *Articles) HasItem(sourceID, itemID string) (bool, error) {
	return a.e.HasItem(sourceID, itemID)
}
