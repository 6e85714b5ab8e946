package article_test

import (
	"errors"
	"fmt"

	"github.com/feedcurator/feedcurator/fetcher/article"
)

// The fetcher's per-item stage builds one Extractor from its own decoder
// and sanitiser, hands it each fetched page with the source's
// full_text_selector (usually empty), and keeps the feed's item on error.
func ExampleExtractor() {
	ex := article.Extractor{}
	page := article.Page{
		Body:        []byte(newsPage("", englishStory)),
		URL:         "https://news.example/2026/12/trade.html",
		ContentType: "text/html",
	}
	a, err := ex.Extract(page, "")
	if err != nil {
		fmt.Println("keep the feed's item:", err)
		return
	}
	fmt.Println(a.Text[:56])

	page.Body = []byte(`<html><body><h1>Trade talks resume</h1><p>Subscribe to read.</p></body></html>`)
	_, err = ex.Extract(page, "")
	fmt.Println(errors.Is(err, article.ErrTooLittleText))
	// Output:
	// Negotiators from both countries met again on Tuesday, th
	// true
}
