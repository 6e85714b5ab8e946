package fetcher

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
)

// In these tests 127.0.0.1 is the public internet and 127.0.0.2 a private
// network (see newTestClient); block_private stays off, its default.

// intranetFeed is a feed server on a private address that counts its hits.
func intranetFeed(t *testing.T) (url string, hits *atomic.Int32) {
	hits = new(atomic.Int32)
	srv := serveOn(t, "127.0.0.2", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path == "/moved" {
			http.Redirect(w, r, "/feed", http.StatusMovedPermanently)
			return
		}
		serveFeed(w, r)
	}))
	return srv.URL, hits
}

// publicSite redirects /to?u=URL to URL with the status in ?code, and serves
// at /page an HTML page whose feed link is ?u.
func publicSite(t *testing.T) string {
	srv := serveOn(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		target := r.URL.Query().Get("u")
		switch r.URL.Path {
		case "/to":
			code := http.StatusFound
			fmt.Sscan(r.URL.Query().Get("code"), &code)
			http.Redirect(w, r, target, code)
		case "/page":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprintf(w, `<html><head><link rel="alternate" type="application/rss+xml" href="%s"></head></html>`, target)
		default:
			serveFeed(w, r)
		}
	}))
	return srv.URL
}

func wantAfterPublic(t *testing.T, err error) {
	t.Helper()
	var be *BlockedAddressError
	if !errors.As(err, &be) || !be.AfterPublic {
		t.Fatalf("err = %v, want a refusal of a private address after a public one", err)
	}
}

func TestPublicRedirectNeverReachesPrivate(t *testing.T) {
	intranet, hits := intranetFeed(t)
	public := publicSite(t)
	c := newTestClient(t, testPoll(), nil)
	ctx := context.Background()

	// The user's own intranet feed is fetched: block_private is off. Its
	// connection now waits in the idle pool, where a redirect must not find it.
	if _, err := c.Fetch(ctx, intranet+"/moved", Validators{}); err != nil {
		t.Fatalf("intranet feed (a private redirect to private): %v", err)
	}
	if hits.Load() != 2 {
		t.Fatalf("intranet hits = %d, want 2", hits.Load())
	}
	for _, target := range []string{
		intranet + "/feed",
		"http://169.254.169.254/latest/meta-data/", // refused before connecting: nothing leaves the machine
		"http://10.1.2.3/feed",
		"http://[fd00::1]/feed",
		"http://100.64.0.1/feed",
	} {
		for _, code := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusTemporaryRedirect} {
			_, err := c.Fetch(ctx, fmt.Sprintf("%s/to?code=%d&u=%s", public, code, target), Validators{})
			wantAfterPublic(t, err)
		}
	}
	if hits.Load() != 2 {
		t.Errorf("the intranet server was reached from a public redirect (%d hits)", hits.Load())
	}
	// Public to public is still followed.
	resp, err := c.Fetch(ctx, public+"/to?u=/feed.xml", Validators{})
	if err != nil || resp.fromPrivate || !resp.reachedPublic {
		t.Fatalf("public redirect: err %v, response %+v", err, resp)
	}
}

func TestSourceNeverMovesToPrivate(t *testing.T) {
	intranet, hits := intranetFeed(t)
	public := publicSite(t)
	store := openTestStore(t)
	clock := newFakeClock()
	poll := schedPoll()

	// A public page whose feed link points into the intranet: refused, and
	// the source stays where it was.
	page := source("page", public+"/page?u="+intranet+"/feed")
	// A public permanent redirect into the intranet: refused.
	perm := source("perm", fmt.Sprintf("%s/to?code=301&u=%s/feed", public, intranet))
	// An intranet source that moved within the intranet: fetched, but its
	// URL does not move to a private address.
	local := source("local", intranet+"/moved")
	s := newTestScheduler(t, store, clock, poll, page, perm, local)

	for _, src := range []struct {
		id      string
		wantErr bool
	}{{"page", true}, {"perm", true}, {"local", false}} {
		r := pollAt(t, s, clock, clock.Now(), map[string]config.Source{"page": page, "perm": perm, "local": local}[src.id], poll)
		if src.wantErr {
			wantAfterPublic(t, r.Err)
		} else if r.Err != nil {
			t.Fatalf("%s: %v", src.id, r.Err)
		}
		if st := sourceState(t, store, src.id); st.URL != st.ConfiguredURL {
			t.Errorf("%s moved to %s", src.id, st.URL)
		}
	}
	if hits.Load() != 2 {
		t.Errorf("intranet hits = %d, want 2 (only the intranet source's own)", hits.Load())
	}

	// A URL stored before this rule (or whose name now resolves to a private
	// address) is fetched as part of the public fetch that moved it: refused,
	// and the source falls back to its configured URL.
	moved := source("moved", public+"/feed.xml")
	st := db.SourceState{ID: "moved", URL: intranet + "/feed", ConfiguredURL: moved.URL}
	if err := store.SaveSource(st); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSources([]config.Source{page, perm, local, moved}, poll); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute)
	if r := pollAt(t, s, clock, clock.Now(), moved, poll); r.Err != nil {
		t.Fatalf("moved: %v", r.Err)
	}
	if st := sourceState(t, store, "moved"); st.URL != moved.URL {
		t.Errorf("moved source still at %s", st.URL)
	}
	if hits.Load() != 2 {
		t.Errorf("intranet hits = %d after the moved source's poll, want 2", hits.Load())
	}
}

// TestPublicRedirectThroughProxy: through an HTTP proxy, where the
// connection is to the proxy, a hop is judged by its host's addresses: a
// public redirect to a private host is refused before the proxy is asked.
func TestPublicRedirectThroughProxy(t *testing.T) {
	intranet, hits := intranetFeed(t)
	public := publicSite(t)
	var proxied atomic.Int32
	proxy := serveOn(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		proxied.Add(1)
		out := r.Clone(r.Context())
		out.RequestURI = ""
		resp, err := http.DefaultTransport.RoundTrip(out)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		for k, v := range resp.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(resp.StatusCode)
		io.Copy(w, resp.Body)
	}))
	proxyURL, _ := url.Parse(proxy.URL)
	c := NewClient(ClientOptions{Poll: testPoll(), addrReason: publicLoopback, proxy: http.ProxyURL(proxyURL)})
	t.Cleanup(c.CloseIdleConnections)
	ctx := context.Background()

	if _, err := c.Fetch(ctx, intranet+"/moved", Validators{}); err != nil {
		t.Fatalf("intranet feed through the proxy: %v", err)
	}
	_, err := c.Fetch(ctx, public+"/to?code=301&u="+intranet+"/feed", Validators{})
	wantAfterPublic(t, err)
	if hits.Load() != 2 || proxied.Load() != 3 {
		t.Errorf("intranet hits %d, proxied requests %d; want 2 and 3", hits.Load(), proxied.Load())
	}
	resp, err := c.Fetch(ctx, public+"/to?u=/feed.xml", Validators{})
	if err != nil || resp.fromPrivate || !resp.reachedPublic || proxied.Load() != 5 {
		t.Fatalf("public redirect through the proxy: err %v, response %+v, %d proxied", err, resp, proxied.Load())
	}
}
