package httpclient

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/feedcurator/feedcurator/fetcher/internal/fetchtest"
)

// TestFetchPageAsksForAPageAndKeepsToPublic: an article page is asked for
// as HTML with our User-Agent, and a page linked from a public feed never
// reaches a private address (127.0.0.2 here), while the user's own private
// feed may link to its own pages.
func TestFetchPageAsksForAPageAndKeepsToPublic(t *testing.T) {
	var accept, agent atomic.Value
	var hits atomic.Int32
	private := fetchtest.ServeOn(t, "127.0.0.2", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		accept.Store(r.Header.Get("Accept"))
		agent.Store(r.Header.Get("User-Agent"))
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><body><p>story</p></body></html>"))
	}))
	c := newTestClient(t, testPoll(), nil)
	resp, err := c.FetchPage(context.Background(), private.URL+"/story", false)
	if err != nil || string(resp.Body) != "<html><body><p>story</p></body></html>" {
		t.Fatalf("page: %v %+v", err, resp)
	}
	if a := accept.Load().(string); a != pageAccept {
		t.Errorf("Accept %q", a)
	}
	if ua := agent.Load().(string); ua == "" {
		t.Error("no User-Agent")
	}
	_, err = c.FetchPage(context.Background(), private.URL+"/story", true)
	wantAfterPublic(t, err)
	if hits.Load() != 1 {
		t.Errorf("the private server was reached %d times, want 1", hits.Load())
	}
}

func TestHostKeyCountsPublishers(t *testing.T) {
	for url, want := range map[string]string{
		"https://news.example.com/a":      "example.com",
		"https://WWW.Example.com:8443/b":  "example.com",
		"http://127.0.0.2:9000/c":         "127.0.0.2",
		"not a url":                       "",
		"https://someone.blogspot.com/p/": "blogspot.com",
	} {
		if got := HostKey(url); got != want {
			t.Errorf("HostKey(%q) = %q, want %q", url, got, want)
		}
	}
}
