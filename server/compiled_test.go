package server

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/internal/feedtest"
	"github.com/feedcurator/feedcurator/topic"
)

// TestServesTopicsCompiledByTheTopicPackage runs the real matcher end to
// end: config topic → topic.Compile → store classification → feed.
func TestServesTopicsCompiledByTheTopicPackage(t *testing.T) {
	cfg := testConfig()
	cfg.Topics = []config.Topic{{
		ID: "korea", Title: "Korea",
		Any: []config.Term{
			{Raw: "Korea*", Kind: config.TermPrefix, Text: "Korea"},
			{Raw: "북한", Kind: config.TermWord, Text: "북한"},
		},
		None:   []config.Term{{Raw: "K-pop", Kind: config.TermWord, Text: "K-pop"}},
		Fields: []string{"title", "summary"},
	}}
	set, err := topic.Compile(cfg.Topics)
	if err != nil {
		t.Fatal(err)
	}
	store, err := db.Open(filepath.Join(t.TempDir(), "feedcurator.db"), db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if _, err := feedtest.Classified(t, store, set).SavePoll(db.SourceState{ID: "one"}, []db.Item{
		item("k1", "Korean talks", "https://one.test/k1", 3),
		item("k2", "북한은 오늘", "https://one.test/k2", 2),
		item("k3", "Korea K-pop tour", "https://one.test/k3", 1),
		item("x", "Weather", "https://one.test/x", 0),
	}); err != nil {
		t.Fatal(err)
	}
	rt := &atomic.Pointer[Runtime]{}
	rt.Store(&Runtime{Config: cfg, Topics: set})
	srv := New(Options{Store: store, Runtime: rt, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})

	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/feeds/korea.json", nil))
	var feed struct {
		Items []struct {
			Title string `json:"title"`
			Match struct {
				Terms []struct {
					Term  string `json:"term"`
					Field string `json:"field"`
				} `json:"terms"`
			} `json:"_match"`
		} `json:"items"`
	}
	if err := json.NewDecoder(io.Reader(rec.Body)).Decode(&feed); err != nil {
		t.Fatalf("%d: %v", rec.Code, err)
	}
	var got []string
	for _, it := range feed.Items {
		got = append(got, it.Title)
		if len(it.Match.Terms) == 0 || it.Match.Terms[0].Field != "title" {
			t.Errorf("%q: match terms %+v", it.Title, it.Match.Terms)
		}
	}
	if len(got) != 2 || got[0] != "북한은 오늘" || got[1] != "Korean talks" {
		t.Errorf("feed holds %q, want the Korean and the Korea* item", got)
	}
}
