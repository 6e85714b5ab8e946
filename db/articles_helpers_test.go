package db

import "fmt"

// SaveArticle is SaveArticles of one successful attempt, with the item as
// stored now and no memberships: for this package's tests, which cannot
// import classify (the daemon saves articles through it).
func (s *Store) SaveArticle(sourceID, itemID, article string, a ArticleAttempt) (bool, error) {
	items, err := s.StoredItems(sourceID, []string{itemID})
	if err != nil {
		return false, err
	}
	it, ok := items[itemID]
	if !ok {
		return false, nil
	}
	stored, err := s.SaveArticles([]ArticleResult{{SourceID: sourceID, ItemID: itemID, Article: article, Attempt: a, Item: &it}})
	if err != nil {
		return false, err
	}
	return stored[0], nil
}

// RecordArticleAttempt is SaveArticles of one attempt that stored no
// article.
func (s *Store) RecordArticleAttempt(sourceID, itemID string, a ArticleAttempt) error {
	if a.OK() {
		return fmt.Errorf("db: article attempt of %s/%s: a success is saved with its article (SaveArticle)", sourceID, itemID)
	}
	_, err := s.SaveArticles([]ArticleResult{{SourceID: sourceID, ItemID: itemID, Attempt: a}})
	return err
}
