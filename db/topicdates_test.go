package db

import (
	"testing"
	"time"
)

// TestTopicChangedSurvivesReopening: dbtest covers TopicChanged in one
// process; a topic's date must also stay put across restarts.
func TestTopicChangedSurvivesReopening(t *testing.T) {
	clk := &clock{t: t0}
	s, path := openTest(t, clk)
	if _, err := s.TopicChanged("korea", "v1"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	clk.Add(time.Hour)
	s2, err := Open(path, Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got, err := s2.TopicChanged("korea", "v1"); err != nil || !got.Equal(t0) {
		t.Errorf("after reopening: %v, %v; want %v", got, err, t0)
	}
}
