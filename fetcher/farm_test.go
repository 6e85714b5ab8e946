package fetcher

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/fetcher/internal/fetchtest"
)

// The hostile farm: one loopback server with a route per way a publisher can
// misbehave, and a good feed among them.
const (
	goodETag    = `"good-v1"`
	goodLastMod = "Sat, 01 Mar 2025 10:00:00 GMT"
	hugeItems   = 15000
	deepLevels  = 300
	mislabelled = "Café in 서울 – “quoted” 北朝鮮"
)

// rssItems is an RSS 2.0 feed titled title with n dated items.
func rssItems(title string, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>%s</title><link>https://farm.example/</link>`, title)
	base := time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		fmt.Fprintf(&b, `<item><title>%s %d</title><link>https://farm.example/%s/%d</link><guid>%s-%d</guid><pubDate>%s</pubDate></item>`,
			title, i, title, i, title, i, base.Add(time.Duration(i)*time.Hour).Format(time.RFC1123Z))
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

type farm struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
	// conditional holds the If-None-Match and If-Modified-Since of the
	// last request to /good.
	conditional [2]string
}

func (f *farm) hit(path string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hits[path]++
}

// Hits is how many requests path has had.
func (f *farm) Hits(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[path]
}

func (f *farm) lastConditional() (etag, lastModified string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.conditional[0], f.conditional[1]
}

func newFarm(t *testing.T) *farm {
	t.Helper()
	f := &farm{hits: map[string]int{}}
	bomb := fetchtest.GzipBomb(t, 64)                                             // 64 MiB of zeros, over any body limit of the tests
	huge := sync.OnceValue(func() []byte { return fetchtest.BigFeed(hugeItems) }) // built only when asked for
	deep := `<?xml version="1.0"?><rss version="2.0"><channel><title>deep</title>` +
		strings.Repeat("<x>", deepLevels) + strings.Repeat("</x>", deepLevels) + `</channel></rss>`
	feed := func(w http.ResponseWriter, title string, n int) {
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		fmt.Fprint(w, rssItems(title, n))
	}

	mux := http.NewServeMux()
	mux.HandleFunc("/good", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.conditional = [2]string{r.Header.Get("If-None-Match"), r.Header.Get("If-Modified-Since")}
		f.mu.Unlock()
		w.Header().Set("ETag", goodETag)
		w.Header().Set("Last-Modified", goodLastMod)
		if r.Header.Get("If-None-Match") == goodETag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		feed(w, "good", 3)
	})
	mux.HandleFunc("/bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb)
	})
	mux.HandleFunc("/endless", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<rss version="2.0"><channel><title>endless</title>`)
		chunk := bytes.Repeat([]byte("<item><title>again</title></item>"), 1024)
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/drip", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.WriteHeader(http.StatusOK)
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			w.Write([]byte(" "))
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-tick.C:
			}
		}
	})
	mux.HandleFunc("/loop1", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop2", http.StatusFound) })
	mux.HandleFunc("/loop2", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop1", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/perm1", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/perm2", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/perm2", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/perm-feed", http.StatusPermanentRedirect)
	})
	mux.HandleFunc("/perm-feed", func(w http.ResponseWriter, r *http.Request) { feed(w, "moved", 2) })
	mux.HandleFunc("/temp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/temp-feed", http.StatusFound)
	})
	mux.HandleFunc("/temp-feed", func(w http.ResponseWriter, r *http.Request) { feed(w, "temp", 2) })
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusGone) })
	mux.HandleFunc("/429", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "7200")
		http.Error(w, "slow down", http.StatusTooManyRequests)
	})
	mux.HandleFunc("/500", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "oops", http.StatusInternalServerError) })
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!DOCTYPE html><html><head><title>A site</title>
<link rel="alternate" type="application/rss+xml" href="/page-feed.xml"></head><body>hi</body></html>`)
	})
	mux.HandleFunc("/page-feed.xml", func(w http.ResponseWriter, r *http.Request) { feed(w, "discovered", 4) })
	mux.HandleFunc("/mislabelled", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml; charset=ISO-8859-1")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>latin?</title>`+
			`<item><title>%s</title><guid>m-1</guid></item></channel></rss>`, mislabelled)
	})
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(huge())
	})
	mux.HandleFunc("/deep", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, deep)
	})
	mux.HandleFunc("/not-a-feed.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("ETag", `"json-v1"`)
		fmt.Fprint(w, `{"status":"ok","items":[{"title":"not an item"}]}`)
	})
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.hit(r.URL.Path)
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(f.Close)
	return f
}

// refusedURL is a loopback URL whose port nobody listens on.
func refusedURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr + "/feed"
}
