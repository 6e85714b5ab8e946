package fetcher

import (
	"log/slog"
	"net/http"
	"net/netip"
	"sync"
	"testing"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/fetcher/httpclient"
	"github.com/feedcurator/feedcurator/fetcher/internal/fetchtest"
)

// headerLog records the secret headers each path was asked with.
type headerLog struct {
	mu   sync.Mutex
	seen map[string][]string // path -> "Authorization|X-Api-Key|Accept" per request
}

func (l *headerLog) handler(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		l.mu.Lock()
		l.seen[r.Host+r.URL.Path] = append(l.seen[r.Host+r.URL.Path], r.Header.Get("Authorization")+"|"+r.Header.Get("X-Api-Key")+"|"+r.Header.Get("Accept"))
		l.mu.Unlock()
		next(w, r)
	}
}

func (l *headerLog) get(host, path string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.seen[host+path]
}

// TestSourceHeadersStayWithTheirHost: a source's configured headers go with
// every request to its own host, redirects there included, and never to
// another host: not across a redirect, and not after the source moved there.
func TestSourceHeadersStayWithTheirHost(t *testing.T) {
	log := &headerLog{seen: map[string][]string{}}
	other := fetchtest.ServeOn(t, "127.0.0.2", log.handler(fetchtest.ServeFeed))
	own := fetchtest.ServeOn(t, "127.0.0.1", log.handler(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/same":
			http.Redirect(w, r, "/feed", http.StatusFound)
		case "/away":
			http.Redirect(w, r, other.URL+"/away-feed", http.StatusFound)
		case "/moved":
			http.Redirect(w, r, other.URL+"/moved-feed", http.StatusMovedPermanently)
		default:
			if r.Header.Get("Authorization") != "Bearer s3cr3t" {
				http.Error(w, "who are you", http.StatusUnauthorized)
				return
			}
			fetchtest.ServeFeed(w, r)
		}
	}))
	ownHost, otherHost := own.Listener.Addr().String(), other.Listener.Addr().String()

	poll := schedPoll()
	client := httpclient.New(httpclient.Options{Poll: poll, PublicAddrs: []netip.Addr{netip.MustParseAddr("127.0.0.1"), netip.MustParseAddr("127.0.0.2")}}) // both hosts public
	t.Cleanup(client.CloseIdleConnections)
	store := openTestStore(t)
	clock := newFakeClock()
	headers := config.Headers{"Authorization": "Bearer s3cr3t", "X-Api-Key": "k3y"}
	var sources []config.Source
	for _, path := range []string{"/feed", "/same", "/away", "/moved"} {
		src := source(path[1:], own.URL+path)
		src.Headers = headers
		sources = append(sources, src)
	}
	s := NewScheduler(SchedulerOptions{Client: client, Store: store, Now: clock.Now, Logger: slog.New(slog.DiscardHandler)})
	if err := s.SetSources(sources, poll); err != nil {
		t.Fatal(err)
	}
	for _, src := range sources {
		if r := pollAt(t, s, clock, clock.Now(), src, poll); r.Err != nil {
			t.Fatalf("%s: %v", src.ID, r.Err)
		}
	}
	if st := sourceState(t, store, "moved"); st.URL != other.URL+"/moved-feed" {
		t.Fatalf("moved source at %s", st.URL)
	}
	moved := sources[3]
	if r := pollAt(t, s, clock, clock.Now().Add(2*poll.Interval), moved, poll); r.Err != nil {
		t.Fatalf("moved, second poll: %v", r.Err)
	}

	// What a poll asks for (the client's Accept for feeds).
	const accept = "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
	const sent, withheld = "Bearer s3cr3t|k3y|" + accept, "||" + accept
	for _, tt := range []struct {
		host, path string
		want       []string
	}{
		{ownHost, "/feed", []string{sent, sent}}, // its own poll, and /same's
		{ownHost, "/same", []string{sent}},
		{ownHost, "/away", []string{sent}},
		{otherHost, "/away-feed", []string{withheld}},
		{ownHost, "/moved", []string{sent}},
		{otherHost, "/moved-feed", []string{withheld, withheld}}, // after the redirect, then at its new URL
	} {
		got := log.get(tt.host, tt.path)
		if len(got) != len(tt.want) {
			t.Errorf("%s%s asked %d times, want %d", tt.host, tt.path, len(got), len(tt.want))
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s%s request %d had %q, want %q", tt.host, tt.path, i, got[i], tt.want[i])
			}
		}
	}
}
