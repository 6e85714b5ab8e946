package article_test

import (
	"path/filepath"
	"testing"

	"github.com/feedcurator/feedcurator/fetcher/article"
)

// BenchmarkExtract is issue 12's "extraction per page (a 100 KB news
// page)": decode, parse, Readability, sanitise and text, on real pages of
// ../shared/articles around that size, and on the same page with a site
// selector instead of Readability.
func BenchmarkExtract(b *testing.B) {
	dir := filepath.Dir(articlePages(b)[0])
	cases := []struct{ page, selector string }{
		{"lemonde-1", ""},       // 87 KB
		{"tmz-1", ""},           // 92 KB
		{"wapo-2", ""},          // 126 KB
		{"wapo-2", "article p"}, // the same page by selector
	}
	for _, bc := range cases {
		name := bc.page
		if bc.selector != "" {
			name += "/selector"
		}
		b.Run(name, func(b *testing.B) {
			body := readFile(b, filepath.Join(dir, bc.page, "source.html"))
			page := article.Page{Body: body, URL: pageURL, ContentType: "text/html; charset=utf-8"}
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := extractor.Extract(page, bc.selector); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
