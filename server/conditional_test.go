package server

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestFeedValidatorsAndNotModified(t *testing.T) {
	f := newFixture(t)
	resp, _ := f.get("/feeds/t.atom")
	etag, lastMod := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	if !strings.HasPrefix(etag, `"`) || !strings.HasSuffix(etag, `"`) || strings.HasPrefix(etag, "W/") {
		t.Fatalf("ETag %q is not a strong quoted tag", etag)
	}
	if lm, err := http.ParseTime(lastMod); err != nil || !lm.Equal(t0) {
		t.Fatalf("Last-Modified %q, want the first render time %v", lastMod, t0)
	}
	if got := resp.Header.Get("Cache-Control"); got != "public, max-age=300" {
		t.Errorf("Cache-Control = %q", got)
	}
	gzTag := etag[:len(etag)-1] + `-gz"`
	earlier := t0.Add(-time.Second).Format(http.TimeFormat)
	tests := []struct {
		name   string
		header []string
		want   int
	}{
		{"no conditions", nil, 200},
		{"exact tag", []string{"If-None-Match", etag}, 304},
		{"weak form", []string{"If-None-Match", "W/" + etag}, 304},
		{"in a list", []string{"If-None-Match", `"other", ` + etag}, 304},
		{"gzip tag on a plain request", []string{"If-None-Match", gzTag}, 304},
		{"star", []string{"If-None-Match", "*"}, 304},
		{"other tag", []string{"If-None-Match", `"other"`}, 200},
		{"modified since equal", []string{"If-Modified-Since", lastMod}, 304},
		{"modified since later", []string{"If-Modified-Since", t0.Add(time.Hour).Format(http.TimeFormat)}, 304},
		{"modified since earlier", []string{"If-Modified-Since", earlier}, 200},
		{"unparsable date", []string{"If-Modified-Since", "yesterday"}, 200},
		{"tag decides over date", []string{"If-None-Match", `"other"`, "If-Modified-Since", lastMod}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := f.do(http.MethodGet, "/feeds/t.atom", tt.header...)
			if resp.StatusCode != tt.want {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.want)
			}
			if resp.Header.Get("ETag") != etag || resp.Header.Get("Vary") != "Accept-Encoding" {
				t.Errorf("ETag %q Vary %q", resp.Header.Get("ETag"), resp.Header.Get("Vary"))
			}
			if tt.want == 304 && len(body) != 0 {
				t.Errorf("304 with a body of %d bytes", len(body))
			}
		})
	}
}

func TestFeedGzip(t *testing.T) {
	f := newFixture(t)
	_, plain := f.get("/feeds/t.rss")
	tests := []struct {
		acceptEncoding string
		gzip           bool
	}{
		{"", false},
		{"gzip", true},
		{"gzip, deflate, br", true},
		{"br;q=1.0, gzip;q=0.5", true},
		{"gzip;q=0", false},
		{"gzip; q=0.000", false},
		{"*", true},
		{"*;q=0", false},
		{"gzip;q=0, *", false},
		{"x-gzip", true},
		{"br", false},
		{"identity", false},
	}
	for _, tt := range tests {
		t.Run(tt.acceptEncoding, func(t *testing.T) {
			resp, body := f.get("/feeds/t.rss", "Accept-Encoding", tt.acceptEncoding)
			if resp.Header.Get("Vary") != "Accept-Encoding" {
				t.Errorf("Vary = %q", resp.Header.Get("Vary"))
			}
			if got := resp.Header.Get("Content-Length"); got != strconv.Itoa(len(body)) {
				t.Errorf("Content-Length %s for %d bytes", got, len(body))
			}
			etag := resp.Header.Get("ETag")
			if !tt.gzip {
				if resp.Header.Get("Content-Encoding") != "" || !bytes.Equal(body, plain) || strings.HasSuffix(etag, `-gz"`) {
					t.Errorf("want the plain answer; Content-Encoding %q, ETag %s", resp.Header.Get("Content-Encoding"), etag)
				}
				return
			}
			if resp.Header.Get("Content-Encoding") != "gzip" || !strings.HasSuffix(etag, `-gz"`) {
				t.Fatalf("Content-Encoding %q, ETag %s", resp.Header.Get("Content-Encoding"), etag)
			}
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			unzipped, err := io.ReadAll(zr)
			if err != nil || !bytes.Equal(unzipped, plain) {
				t.Errorf("gunzipped body differs from the plain one (err %v)", err)
			}
			// A 304 accepts the plain tag too, and answers with the gzip one.
			plainTag := strings.TrimSuffix(etag, `-gz"`) + `"`
			resp, _ = f.do(http.MethodGet, "/feeds/t.rss", "Accept-Encoding", tt.acceptEncoding, "If-None-Match", plainTag)
			if resp.StatusCode != http.StatusNotModified || resp.Header.Get("ETag") != etag {
				t.Errorf("revalidation with the plain tag: %d, ETag %s", resp.StatusCode, resp.Header.Get("ETag"))
			}
		})
	}
}

func TestHeadMatchesGet(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{
		"/feeds/t.atom", "/feeds/all.json", "/", "/topics/t", "/static/style.css", "/opml",
		"/api/sources", "/api/status", "/api/backup", "/healthz", "/metrics", "/feeds/nope.rss",
	} {
		t.Run(path, func(t *testing.T) {
			get, body := f.do(http.MethodGet, path)
			head, headBody := f.do(http.MethodHead, path)
			if head.StatusCode != get.StatusCode {
				t.Errorf("HEAD %d, GET %d", head.StatusCode, get.StatusCode)
			}
			if len(headBody) != 0 {
				t.Errorf("HEAD sent %d body bytes", len(headBody))
			}
			if path == "/metrics" {
				return // the scrape itself changes the request counters, so the length may differ
			}
			if head.ContentLength != int64(len(body)) {
				t.Errorf("HEAD Content-Length %d, GET body %d bytes", head.ContentLength, len(body))
			}
			if head.Header.Get("Content-Type") != get.Header.Get("Content-Type") {
				t.Errorf("HEAD Content-Type %q, GET %q", head.Header.Get("Content-Type"), get.Header.Get("Content-Type"))
			}
		})
	}
}

func TestAcceptsGzip(t *testing.T) {
	for header, want := range map[string]bool{
		"": false, "gzip": true, "GZIP": true, "gzip;q=0": false, "gzip;q=0.1": true, "deflate, gzip;q=1.0": true,
		"*": true, "identity;q=1, *;q=0": false, "gzip;Q=0": false, "gzip;q=bad": true,
	} {
		if got := acceptsGzip(header); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", header, got, want)
		}
	}
}
