package fetcher

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/fetcher/httpclient"
	"github.com/feedcurator/feedcurator/fetcher/internal/fetchtest"
)

// In these tests 127.0.0.1 is the public internet and 127.0.0.2 a private
// network (see newTestClient); block_private stays off, its default.

func TestSourceNeverMovesToPrivate(t *testing.T) {
	intranet, hits := fetchtest.IntranetFeed(t)
	public := fetchtest.PublicSite(t)
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
		var be *httpclient.BlockedAddressError
		if src.wantErr && (!errors.As(r.Err, &be) || !be.AfterPublic) {
			t.Fatalf("%s: err = %v, want a refusal of a private address after a public one", src.id, r.Err)
		} else if !src.wantErr && r.Err != nil {
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
