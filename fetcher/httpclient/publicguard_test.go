package httpclient

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/feedcurator/feedcurator/fetcher/internal/fetchtest"
)

// In these tests 127.0.0.1 is the public internet and 127.0.0.2 a private
// network (see newTestClient); block_private stays off, its default.

func wantAfterPublic(t *testing.T, err error) {
	t.Helper()
	var be *BlockedAddressError
	if !errors.As(err, &be) || !be.AfterPublic {
		t.Fatalf("err = %v, want a refusal of a private address after a public one", err)
	}
}

func TestPublicRedirectNeverReachesPrivate(t *testing.T) {
	intranet, hits := fetchtest.IntranetFeed(t)
	public := fetchtest.PublicSite(t)
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
	if err != nil || resp.FromPrivate || !resp.ReachedPublic {
		t.Fatalf("public redirect: err %v, response %+v", err, resp)
	}
}

// TestPublicRedirectThroughProxy: through an HTTP proxy, where the
// connection is to the proxy, a hop is judged by its host's addresses: a
// public redirect to a private host is refused before the proxy is asked.
func TestPublicRedirectThroughProxy(t *testing.T) {
	intranet, hits := fetchtest.IntranetFeed(t)
	public := fetchtest.PublicSite(t)
	var proxied atomic.Int32
	proxy := fetchtest.ServeOn(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
	c := New(Options{Poll: testPoll(), PublicAddrs: fetchtest.Public, proxy: http.ProxyURL(proxyURL)})
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
	if err != nil || resp.FromPrivate || !resp.ReachedPublic || proxied.Load() != 5 {
		t.Fatalf("public redirect through the proxy: err %v, response %+v, %d proxied", err, resp, proxied.Load())
	}
}
