package server

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/db"
)

// The comparison, over real HTTP on loopback: GET /feeds/t.atom
// served from the render cache against a minimal net/http handler that
// writes the same bytes from memory with a precomputed ETag. Both run in the
// same process and run, with one keep-alive client reading whole bodies.
//
//	go test -run '^$' -bench 'OverHTTP' -benchtime 3s -count 5 ./server/ | benchstat -

// bigFeedFixture stores 50 Korea items of about 3 KB each, so that the Atom
// feed weighs about 155 KB like the issue's.
func bigFeedFixture(b *testing.B) *fixture {
	f := newFixture(b)
	seedBigFeed(b, f.writes)
	return f
}

// seedBigFeed stores the 50 Korea items of about 3 KB each in a store
// holding the fixture's first polls.
func seedBigFeed(t testing.TB, store db.Engine) {
	body := strings.Repeat("<p>Seoul and Pyongyang exchanged statements on Thursday. </p>", 50)
	var items []db.Item
	for i := range 50 {
		it := item(fmt.Sprintf("big%d", i), fmt.Sprintf("Korea story %d", i), fmt.Sprintf("https://one.test/big/%d", i), i)
		it.Summary = body
		items = append(items, it)
	}
	savePoll(t, store, db.SourceState{ID: "one"}, items...)
}

func getLoop(b *testing.B, url string) {
	client := &http.Client{Transport: &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 4}}
	defer client.CloseIdleConnections()
	var n int64
	start := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		resp, err := client.Get(url)
		if err != nil {
			b.Fatal(err)
		}
		m, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("status %d", resp.StatusCode)
		}
		n += m
	}
	b.SetBytes(n / int64(max(b.N, 1)))
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
}

func BenchmarkFeedOverHTTP(b *testing.B) {
	f := bigFeedFixture(b)
	getLoop(b, f.ts.URL+"/feeds/t.atom")
}

func BenchmarkStaticOverHTTP(b *testing.B) {
	f := bigFeedFixture(b)
	w := &discardWriter{header: http.Header{}}
	f.srv.Handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/feeds/t.atom", nil))
	body, etag := f.srv.cache.slots[feedCacheName("t.atom")].entry.raw, `"precomputed"`
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
	}))
	defer ts.Close()
	getLoop(b, ts.URL+"/feeds/t.atom")
}
