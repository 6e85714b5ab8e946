package httpclient

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/fetcher/internal/fetchtest"
)

// newTestClient is a client whose test servers on 127.0.0.1 stand for the
// public internet (unless poll.block_private is on), so that redirects and
// moves between them behave as between public sites; 127.0.0.2 and every
// other loopback address stay private.
func newTestClient(t *testing.T, poll config.Poll, rt http.RoundTripper) *Client {
	t.Helper()
	opts := Options{Poll: poll, UserAgent: "feedcurator/test (+http://127.0.0.1:8080)", Transport: rt}
	if !poll.BlockPrivate {
		opts.PublicAddrs = fetchtest.Public
	}
	c := New(opts)
	t.Cleanup(c.CloseIdleConnections)
	return c
}

func TestFetchOK(t *testing.T) {
	var got http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Mon, 01 Jan 2024 10:00:00 GMT")
		w.Header().Set("Cache-Control", "public, max-age=600")
		fetchtest.ServeFeed(w, r)
	}))
	defer srv.Close()

	resp, err := newTestClient(t, testPoll(), nil).Fetch(context.Background(), srv.URL+"/feed", Validators{})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || string(resp.Body) != fetchtest.TestFeed || resp.NotModified() {
		t.Errorf("got status %d, body %q", resp.StatusCode, resp.Body)
	}
	want := Validators{ETag: `"v1"`, LastModified: "Mon, 01 Jan 2024 10:00:00 GMT"}
	if resp.Validators != want {
		t.Errorf("validators = %+v, want %+v", resp.Validators, want)
	}
	if resp.MaxAge != 10*time.Minute || resp.URL != srv.URL+"/feed" || resp.PermanentURL != "" {
		t.Errorf("MaxAge %v, URL %q, PermanentURL %q", resp.MaxAge, resp.URL, resp.PermanentURL)
	}
	if resp.ContentType != "application/rss+xml; charset=utf-8" {
		t.Errorf("ContentType = %q", resp.ContentType)
	}
	if ua := got.Get("User-Agent"); !strings.HasPrefix(ua, "feedcurator/") {
		t.Errorf("User-Agent = %q", ua)
	}
	if got.Get("Accept") != acceptHeader {
		t.Errorf("Accept = %q", got.Get("Accept"))
	}
	if got.Get("If-None-Match") != "" || got.Get("If-Modified-Since") != "" {
		t.Errorf("conditional headers sent without validators: %v", got)
	}
}

func TestFetchConditional(t *testing.T) {
	const etag, lastMod = `W/"abc"`, "Tue, 02 Jan 2024 03:04:05 GMT"
	var sentETag, sentLM string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sentETag, sentLM = r.Header.Get("If-None-Match"), r.Header.Get("If-Modified-Since")
		if sentETag == etag {
			w.WriteHeader(http.StatusNotModified) // no validators repeated
			return
		}
		fetchtest.ServeFeed(w, r)
	}))
	defer srv.Close()

	v := Validators{ETag: etag, LastModified: lastMod}
	resp, err := newTestClient(t, testPoll(), nil).Fetch(context.Background(), srv.URL, v)
	if err != nil {
		t.Fatal(err)
	}
	if sentETag != etag || sentLM != lastMod {
		t.Errorf("sent If-None-Match %q, If-Modified-Since %q", sentETag, sentLM)
	}
	if !resp.NotModified() || resp.Body != nil {
		t.Errorf("status %d, body %q: want a 304 without body", resp.StatusCode, resp.Body)
	}
	if resp.Validators != v {
		t.Errorf("validators after 304 = %+v, want the ones sent", resp.Validators)
	}
}

// redirectServer answers /hops/N with a 301 to /hops/N-1 down to the feed at
// /hops/0, and the named routes with the given status and target.
func redirectServer(t *testing.T, routes map[string]struct {
	code int
	to   string
}) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rest, ok := strings.CutPrefix(r.URL.Path, "/hops/"); ok {
			n, _ := strconv.Atoi(rest)
			if n > 0 {
				http.Redirect(w, r, "/hops/"+strconv.Itoa(n-1), http.StatusMovedPermanently)
				return
			}
			fetchtest.ServeFeed(w, r)
			return
		}
		if rt, ok := routes[r.URL.Path]; ok {
			http.Redirect(w, r, rt.to, rt.code)
			return
		}
		fetchtest.ServeFeed(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestFetchRedirects(t *testing.T) {
	srv := redirectServer(t, map[string]struct {
		code int
		to   string
	}{
		"/p1":    {301, "/p2"},
		"/p2":    {308, "/feed"},
		"/m1":    {301, "/m2"},
		"/m2":    {302, "/feed"},
		"/t1":    {307, "/feed"},
		"/loop1": {301, "/loop2"},
		"/loop2": {302, "/loop1"},
	})
	tests := []struct {
		name          string
		path          string
		wantPermanent string // path, "" for none
		wantFinal     string
		wantErr       error
	}{
		{"no redirect", "/feed", "", "/feed", nil},
		{"301 then 308 moves the source", "/p1", "/feed", "/feed", nil},
		{"a 302 anywhere keeps it", "/m1", "", "/feed", nil},
		{"307 keeps it", "/t1", "", "/feed", nil},
		{"ten redirects are followed", "/hops/10", "/hops/0", "/hops/0", nil},
		{"eleven are too many", "/hops/11", "", "", ErrTooManyRedirects},
		{"loop", "/loop1", "", "", ErrRedirectLoop},
	}
	c := newTestClient(t, testPoll(), nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := c.Fetch(context.Background(), srv.URL+tt.path, Validators{})
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			wantPermanent := ""
			if tt.wantPermanent != "" {
				wantPermanent = srv.URL + tt.wantPermanent
			}
			if resp.PermanentURL != wantPermanent || resp.URL != srv.URL+tt.wantFinal {
				t.Errorf("PermanentURL %q URL %q, want %q and %q", resp.PermanentURL, resp.URL, wantPermanent, srv.URL+tt.wantFinal)
			}
			if string(resp.Body) != fetchtest.TestFeed {
				t.Errorf("body %q", resp.Body)
			}
		})
	}
}

func TestFetchHTTPSDowngradeRefused(t *testing.T) {
	var plainHits atomic.Int32
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		plainHits.Add(1)
		fetchtest.ServeFeed(w, r)
	}))
	defer plain.Close()
	secure := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/down" {
			http.Redirect(w, r, plain.URL+"/feed", http.StatusMovedPermanently)
			return
		}
		fetchtest.ServeFeed(w, r)
	}))
	defer secure.Close()
	c := newTestClient(t, testPoll(), secure.Client().Transport)

	resp, err := c.Fetch(context.Background(), secure.URL+"/feed", Validators{})
	if err != nil || string(resp.Body) != fetchtest.TestFeed {
		t.Fatalf("https fetch: %v", err)
	}
	_, err = c.Fetch(context.Background(), secure.URL+"/down", Validators{})
	if !errors.Is(err, ErrInsecureRedirect) {
		t.Fatalf("err = %v, want ErrInsecureRedirect", err)
	}
	if n := plainHits.Load(); n != 0 {
		t.Errorf("the http server was contacted %d times", n)
	}
}

// fetchtest.GzipBomb is a gzip body that inflates to size MiB of zeros: one member
// holding 1 MiB, repeated (gzip readers decode concatenated members), so
// building it costs a single 1 MiB compression.
func TestFetchBodyLimits(t *testing.T) {
	const limit = 1 << 20
	bomb := fetchtest.GzipBomb(t, 256) // 256 MiB of zeros in about 260 KiB
	tests := []struct {
		name    string
		handler http.HandlerFunc
		wantErr bool
	}{
		{"gzip bomb", func(w http.ResponseWriter, r *http.Request) {
			if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
				t.Error("the client did not ask for gzip")
			}
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb)
		}, true},
		{"endless body", func(w http.ResponseWriter, r *http.Request) {
			chunk := bytes.Repeat([]byte("<item/>"), 4096)
			for r.Context().Err() == nil {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		}, true},
		{"declared length over the limit", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", strconv.Itoa(limit+1))
			w.Write(make([]byte, limit+1))
		}, true},
		{"exactly the limit", func(w http.ResponseWriter, r *http.Request) {
			w.Write(make([]byte, limit))
		}, false},
		{"compressed, under the limit", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			zw.Write([]byte(fetchtest.TestFeed))
			zw.Close()
		}, false},
	}
	poll := testPoll()
	poll.MaxBody = limit
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			c := newTestClient(t, poll, nil)

			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			resp, err := c.Fetch(context.Background(), srv.URL, Validators{})
			runtime.ReadMemStats(&after)

			if !tt.wantErr {
				if err != nil {
					t.Fatal(err)
				}
				if len(resp.Body) == 0 || len(resp.Body) > limit {
					t.Errorf("body length %d", len(resp.Body))
				}
				return
			}
			if !errors.Is(err, ErrBodyTooLarge) {
				t.Fatalf("err = %v, want ErrBodyTooLarge", err)
			}
			if !strings.Contains(err.Error(), strconv.Itoa(limit)) {
				t.Errorf("error %q does not name the limit", err)
			}
			// Memory stays flat: a few times the limit, not the 256 MiB the
			// bomb inflates to or whatever the endless body would send.
			grown := after.TotalAlloc - before.TotalAlloc
			if grown > 6*limit {
				t.Errorf("allocated %d bytes to refuse a body over %d", grown, limit)
			}
			t.Logf("allocated %d bytes to refuse a body over %d", grown, limit)
		})
	}
}

func TestFetchTimeout(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"slow drip body", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(200)
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
		}},
		{"headers never come", func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
		}},
	}
	poll := testPoll()
	poll.Timeout = 300 * time.Millisecond
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			start := time.Now()
			_, err := newTestClient(t, poll, nil).Fetch(context.Background(), srv.URL, Validators{})
			elapsed := time.Since(start)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v, want a deadline error", err)
			}
			if !strings.Contains(err.Error(), "poll.timeout") {
				t.Errorf("error %q does not say which limit ran out", err)
			}
			if elapsed > 3*time.Second {
				t.Errorf("took %v with a 300ms timeout", elapsed)
			}
		})
	}
}

func TestFetchStatusErrors(t *testing.T) {
	date := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	tests := []struct {
		name      string
		code      int
		header    map[string]string
		wantRetry time.Duration
	}{
		{"gone", 410, nil, 0},
		{"not found", 404, nil, 0},
		{"429 with seconds", 429, map[string]string{"Retry-After": "120"}, 2 * time.Minute},
		{"503 with an HTTP-date", 503, map[string]string{
			"Date":        date.Format(http.TimeFormat),
			"Retry-After": date.Add(90 * time.Second).Format(http.TimeFormat),
		}, 90 * time.Second},
		{"503 without Retry-After", 503, nil, 0},
		{"500 ignores Retry-After", 500, map[string]string{"Retry-After": "60"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tt.header {
					w.Header().Set(k, v)
				}
				w.WriteHeader(tt.code)
				fmt.Fprint(w, "error page")
			}))
			defer srv.Close()
			resp, err := newTestClient(t, testPoll(), nil).Fetch(context.Background(), srv.URL+"/x", Validators{})
			var se *StatusError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want *StatusError", err)
			}
			if se.StatusCode != tt.code || se.RetryAfter != tt.wantRetry || se.URL != srv.URL+"/x" {
				t.Errorf("StatusError %+v, want code %d retry %v", se, tt.code, tt.wantRetry)
			}
			if se.Gone() != (tt.code == 410) {
				t.Errorf("Gone() = %v", se.Gone())
			}
			if resp == nil || resp.StatusCode != tt.code || resp.RetryAfter != tt.wantRetry || resp.Body != nil {
				t.Errorf("response %+v", resp)
			}
		})
	}
}

func TestFetchBlockPrivate(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fetchtest.ServeFeed(w, r)
	}))
	defer srv.Close()
	_, port, _ := strings.Cut(strings.TrimPrefix(srv.URL, "http://"), ":")

	poll := testPoll()
	poll.BlockPrivate = true
	blocked := newTestClient(t, poll, nil)
	for _, u := range []string{srv.URL, "http://localhost:" + port + "/feed"} {
		_, err := blocked.Fetch(context.Background(), u, Validators{})
		var be *BlockedAddressError
		if !errors.As(err, &be) {
			t.Fatalf("%s: err = %v, want *BlockedAddressError", u, err)
		}
		if !be.Addr.IsLoopback() || !strings.Contains(err.Error(), be.Addr.String()) {
			t.Errorf("%s: refused %v with %q", u, be.Addr, err)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the server was reached %d times", n)
	}

	poll.BlockPrivate = false
	if _, err := newTestClient(t, poll, nil).Fetch(context.Background(), srv.URL, Validators{}); err != nil {
		t.Errorf("with block_private off: %v", err)
	}
}

func TestFetchRejectsNonHTTPURLs(t *testing.T) {
	c := newTestClient(t, testPoll(), nil)
	for _, u := range []string{"file:///etc/passwd", "ftp://example.com/feed", "/relative/feed", "http://", "::not a url"} {
		if _, err := c.Fetch(context.Background(), u, Validators{}); err == nil || !strings.HasPrefix(err.Error(), "fetcher: ") {
			t.Errorf("Fetch(%q) err = %v, want a fetcher error", u, err)
		}
	}
}
