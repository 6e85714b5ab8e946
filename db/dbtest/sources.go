package dbtest

import (
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/db"
)

var _ = register("SourceStateRoundTrip", func(t *testing.T, h *harness) {
	full := db.SourceState{
		ID: "src", URL: "https://moved.example.com/feed", ConfiguredURL: "https://example.com/feed",
		Title: "Example «news»", SiteURL: "https://example.com/", FeedID: "urn:feed",
		ETag: `"v1"`, LastModified: "Sun, 01 Nov 2026 11:00:00 GMT",
		LastFetch: t0, LastSuccess: t0, LastStatus: 200, NextFetch: t0.Add(30 * time.Minute),
		Authors: []db.Person{{Name: "Desk", Email: "desk@example.com", URI: "https://example.com/desk"}},
	}
	if _, err := h.e.SavePoll(full, []db.Item{item("a", "x", t0)}); err != nil {
		t.Fatal(err)
	}
	got, ok, err := h.e.Source("src")
	if err != nil || !ok || !sameState(got, full) {
		t.Errorf("Source after SavePoll = %+v, %v, %v\nwant %+v", got, ok, err, full)
	}
	failed := full
	failed.LastFetch, failed.LastStatus, failed.LastError, failed.Failures = t0.Add(time.Hour), 500, "boom", 1
	failed.Gone = true
	if err := h.e.SaveSource(failed); err != nil {
		t.Fatal(err)
	}
	got, ok, err = h.e.Source("src")
	if err != nil || !ok || !sameState(got, failed) {
		t.Errorf("Source after SaveSource = %+v, %v, %v\nwant %+v", got, ok, err, failed)
	}
	if _, ok, err := h.e.Source("nobody"); ok || err != nil {
		t.Errorf("Source of an unknown id = %v, %v", ok, err)
	}
})

var _ = register("SaveSourceVisibleAtOnceAndSupersededByPoll", func(t *testing.T, h *harness) {
	v := h.e.StateVersion()
	if err := h.e.SaveSource(db.SourceState{ID: "b", LastStatus: 304}); err != nil {
		t.Fatal(err)
	}
	if h.e.StateVersion() == v {
		t.Error("StateVersion did not move on SaveSource")
	}
	h.e.SaveSource(db.SourceState{ID: "a", LastStatus: 500, LastError: "boom"})
	if st, ok, err := h.e.Source("b"); err != nil || !ok || st.LastStatus != 304 {
		t.Errorf("Source(b) = %+v, %v, %v", st, ok, err)
	}
	list, err := h.e.Sources()
	if err != nil || len(list) != 2 || list[0].ID != "a" || list[1].ID != "b" {
		t.Errorf("Sources = %+v, %v; want a then b", list, err)
	}
	// A poll's own state supersedes an older one saved alone.
	if _, err := h.e.SavePoll(db.SourceState{ID: "b", LastStatus: 200, ETag: `"x"`}, nil); err != nil {
		t.Fatal(err)
	}
	if st, _, _ := h.e.Source("b"); st.LastStatus != 200 || st.ETag != `"x"` {
		t.Errorf("after SavePoll, Source(b) = %+v", st)
	}
	list, _ = h.e.Sources()
	if len(list) != 2 || list[1].LastStatus != 200 {
		t.Errorf("after SavePoll, Sources = %+v", list)
	}
})

func sameState(a, b db.SourceState) bool {
	for _, p := range []*time.Time{&a.LastFetch, &a.LastSuccess, &a.NextFetch, &b.LastFetch, &b.LastSuccess, &b.NextFetch} {
		*p = p.UTC().Round(0)
	}
	if len(a.Authors) == 0 && len(b.Authors) == 0 {
		a.Authors, b.Authors = nil, nil
	}
	return equalValues(a, b)
}
