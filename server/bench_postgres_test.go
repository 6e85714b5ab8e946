package server

import (
	"bytes"
	"log/slog"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/feedcurator/feedcurator/db/postgres"
	"github.com/feedcurator/feedcurator/internal/feedtest"
	"github.com/feedcurator/feedcurator/internal/pgtest"
)

// The same comparison with the store in PostgreSQL (issue 13: a replica
// serves feeds from its render cache within 0.8× a bare handler). The
// store holds the polls of BenchmarkFeedOverHTTP's, in a fresh schema, so
// that the feed is the same bytes; BenchmarkStaticOverHTTP is the bare
// handler. Skips without a test database (internal/pgtest):
//
//	. .ci/postgres.sh && start_test_postgres
//	go test -run '^$' -bench 'OverHTTP' -benchtime 3s ./server/

func BenchmarkFeedOverHTTPPostgres(b *testing.B) {
	clk := &testClock{t: t0}
	store, err := postgres.Open(pgtest.FreshURL(b), postgres.Options{Now: clk.Now})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	w := feedtest.Classified(b, store, wordTopics{"t": "Korea", "all": "Korea", "p": "Korea"})
	seedPolls(b, w)
	seedBigFeed(b, w)
	rt := &atomic.Pointer[Runtime]{}
	rt.Store(&Runtime{Config: testConfig()})
	reg := prometheus.NewRegistry()
	srv := New(Options{Store: store, Runtime: rt, Logger: slog.New(slog.NewTextHandler(testLog{b}, nil)), Registry: reg, Metrics: NewMetrics(reg), Now: clk.Now})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	// The work measured is the bbolt benchmark's: the same bytes served.
	bolt := bigFeedFixture(b)
	_, want := bolt.get("/feeds/t.atom")
	pg := &fixture{t: b, ts: ts, http: bolt.http}
	if _, got := pg.get("/feeds/t.atom"); !bytes.Equal(got, want) {
		b.Fatalf("the feed from PostgreSQL (%d bytes) is not the one from bbolt (%d bytes):\n%s", len(got), len(want), got)
	}
	getLoop(b, ts.URL+"/feeds/t.atom")
}
