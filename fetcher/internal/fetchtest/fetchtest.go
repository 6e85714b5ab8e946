// Package fetchtest is test support shared by the fetcher's packages, so
// that their tests read the project's shared material the same way and
// serve the same feeds without each keeping a copy.
//
// Its servers listen on loopback only: 127.0.0.1 stands for the public
// internet (Public, given to httpclient.Options.PublicAddrs) and 127.0.0.2
// for a private network.
package fetchtest

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// Public are the addresses tests count as the public internet.
var Public = []netip.Addr{netip.AddrFrom4([4]byte{127, 0, 0, 1})}

// SharedDir is ../shared/<name> seen from the repository root, as a path
// relative to the test's package; the test is skipped when the shared tree
// is not there (e.g. a plain clone of the repository).
func SharedDir(t testing.TB, name string) string {
	t.Helper()
	root := "."
	for range 8 {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			break
		}
		root = filepath.Join(root, "..")
	}
	dir := filepath.Join(root, "..", "shared", name)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared %s not available at %s: %v", name, dir, err)
	}
	return dir
}

// ReadFile is os.ReadFile failing the test on an error.
func ReadFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// BigFeed is an RSS feed of n items; item i is published i minutes after a
// fixed time, and the items appear oldest first so that document order and
// age disagree.
func BigFeed(n int) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>big</title><link>https://big.example/</link>`)
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		fmt.Fprintf(&b, "<item><title>Item %d</title><link>https://big.example/%d</link><pubDate>%s</pubDate><description>&lt;p&gt;Body %d&lt;/p&gt;</description></item>",
			i, i, base.Add(time.Duration(i)*time.Minute).Format(time.RFC1123Z), i)
	}
	b.WriteString(`</channel></rss>`)
	return []byte(b.String())
}

// ServeOn starts h on a loopback address of its own (127.0.0.2 is a second
// host for poll.per_host: it is keyed by IP).
func ServeOn(t *testing.T, addr string, h http.Handler) *httptest.Server {
	t.Helper()
	ln, err := net.Listen("tcp", addr+":0")
	if err != nil {
		t.Skipf("cannot listen on %s: %v", addr, err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// TestFeed is the smallest feed, served by ServeFeed.
const TestFeed = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>`

// ServeFeed serves TestFeed as RSS.
func ServeFeed(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	fmt.Fprint(w, TestFeed)
}

// GzipBomb is sizeMiB MiB of zeros, gzip-compressed to about a thousandth.
func GzipBomb(t *testing.T, sizeMiB int) []byte {
	t.Helper()
	var member bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&member, gzip.BestCompression)
	if _, err := zw.Write(make([]byte, 1<<20)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return bytes.Repeat(member.Bytes(), sizeMiB)
}

// IntranetFeed is a feed server on a private address (127.0.0.2) that
// counts its hits; /moved redirects permanently to /feed.
func IntranetFeed(t *testing.T) (url string, hits *atomic.Int32) {
	hits = new(atomic.Int32)
	srv := ServeOn(t, "127.0.0.2", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path == "/moved" {
			http.Redirect(w, r, "/feed", http.StatusMovedPermanently)
			return
		}
		ServeFeed(w, r)
	}))
	return srv.URL, hits
}

// PublicSite redirects /to?u=URL to URL with the status in ?code, and serves
// at /page an HTML page whose feed link is ?u.
func PublicSite(t *testing.T) string {
	srv := ServeOn(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
			ServeFeed(w, r)
		}
	}))
	return srv.URL
}
