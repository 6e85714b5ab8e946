package db

import (
	"testing"
	"time"
)

func TestTopicChangedMovesOnlyWithTheDefinition(t *testing.T) {
	clk := &clock{t: t0}
	s, path := openTest(t, nil, clk)
	at := func(fp string) time.Time {
		t.Helper()
		got, err := s.TopicChanged("korea", fp)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := at("v1"); !got.Equal(t0) {
		t.Errorf("first sight %v, want %v", got, t0)
	}
	clk.Add(time.Hour)
	if got := at("v1"); !got.Equal(t0) {
		t.Errorf("same definition moved to %v", got)
	}
	if got := at("v2"); !got.Equal(t0.Add(time.Hour)) {
		t.Errorf("changed definition %v, want %v", got, t0.Add(time.Hour))
	}
	s.Close()
	clk.Add(time.Hour)
	s2, err := Open(path, Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got, err := s2.TopicChanged("korea", "v2"); err != nil || !got.Equal(t0.Add(time.Hour)) {
		t.Errorf("after reopening: %v, %v", got, err)
	}
}
