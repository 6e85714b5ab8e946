package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/feedcurator/feedcurator/config"
)

// TestSourceHeadersNeverShown: a source's configured header, read from the
// environment, reaches the source (which refuses requests without it), and
// its value appears on no page, feed or API answer, nor in the log.
func TestSourceHeadersNeverShown(t *testing.T) {
	const secret = "s3cr3t-w1re-t0ken"
	t.Setenv("FC_TEST_WIRE_TOKEN", secret)
	feeds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+secret {
			http.Error(w, "unauthorised", http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>https://wire.example/</link>`+
			`<item><title>Seoul and Beijing talk</title><link>https://wire.example/1</link><guid>w1</guid></item></channel></rss>`)
	}))
	defer feeds.Close()
	cfg, err := config.Parse("headers.yaml", []byte(fmt.Sprintf(`listen: 127.0.0.1:0
data_dir: %q
log: {level: debug}
sources:
  - id: wire
    url: %s/wire.rss
    headers: {Authorization: "Bearer ${FC_TEST_WIRE_TOKEN}"}
  - id: refused
    url: %s/refused.rss
    headers: {X-Not-It: "${FC_TEST_WIRE_TOKEN}"}
topics:
  - id: seoul
    title: Seoul
    any: [Seoul]
`, t.TempDir(), feeds.URL, feeds.URL)))
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	d, err := newDaemon(cfg, &logs)
	if err != nil {
		t.Fatal(err)
	}
	defer d.close()
	results := d.sched.PollAll(context.Background())
	if results[0].Err != nil || results[0].Added != 1 {
		t.Fatalf("the source with its header: %+v", results[0])
	}
	if results[1].Err == nil {
		t.Fatalf("the source without the right header was not refused")
	}
	srv := httptest.NewServer(d.server.Handler())
	defer srv.Close()
	for _, path := range []string{
		"/", "/api/sources", "/api/status", "/opml", "/topics/seoul", "/metrics",
		"/feeds/seoul.atom", "/feeds/seoul.rss", "/feeds/seoul.json",
		"/feeds/all.atom", "/feeds/all.rss", "/feeds/all.json",
	} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %s", path, resp.Status)
		}
		if strings.Contains(string(body), secret) {
			t.Errorf("GET %s shows the header's value", path)
		}
	}
	if strings.Contains(logs.String(), secret) {
		t.Errorf("the log shows the header's value")
	}
	if !strings.Contains(logs.String(), "refused") {
		t.Errorf("the log does not show the refused poll:\n%s", logs.String())
	}
}
