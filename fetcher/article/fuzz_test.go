package article_test

import (
	"testing"
	"unicode/utf8"

	"github.com/feedcurator/feedcurator/fetcher/article"
)

// FuzzExtract feeds arbitrary pages to both extraction paths: whatever a
// site serves, Extract returns an article or an error, never a panic, and
// an article's text is valid UTF-8.
func FuzzExtract(f *testing.F) {
	f.Add([]byte(newsPage("", englishStory)), "text/html", "")
	f.Add([]byte(newsPage(`<meta charset="euc-kr">`, englishStory)), "", "article p")
	f.Add([]byte("<table><tr><td><p>x<table><td>y</table></p></td></tr></table>"), "text/html", "td")
	f.Add([]byte("<html><body><div><div><div><p>a</div></p><br/><br/><img src=x>"), "text/html; charset=shift_jis", "")
	f.Add([]byte{0xff, 0xfe, '<', 0, 'p', 0, '>', 0}, "", "")
	f.Fuzz(func(t *testing.T, body []byte, contentType, selector string) {
		if article.CheckSelector(selector) != nil {
			selector = ""
		}
		lenient := extractor
		lenient.MinText = 1
		a, err := lenient.Extract(article.Page{Body: body, URL: "https://news.example/a/b.html", ContentType: contentType}, selector)
		if err != nil {
			if a.HTML != "" || a.Text != "" {
				t.Fatalf("error %v came with content %q", err, a.HTML)
			}
			return
		}
		if !utf8.ValidString(a.Text) || !utf8.ValidString(a.HTML) {
			t.Fatalf("invalid UTF-8 in the article: %q", a.Text)
		}
	})
}
