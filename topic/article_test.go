package topic

import (
	"reflect"
	"testing"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
)

// The content field is the article when full text found one, and a reason
// says so; the feed's teaser alone does not select.
func TestContentFieldReadsTheArticle(t *testing.T) {
	s := mustCompile(t, config.Topic{ID: "korea", Any: words("Pyongyang")})
	teaser := db.Item{SourceID: "wire", ID: "1", Title: "Trade talks", Summary: "<p>Talks resume.</p>", Content: "<p>Talks resume.</p>"}
	if ms := s.Classify(&teaser); len(ms) != 0 {
		t.Fatalf("teaser selected: %+v", ms)
	}
	full := teaser
	full.Article = "<p>Negotiators met.</p><p>Envoys flew on to <b>Pyongyang</b>.</p>"
	ms := s.Classify(&full)
	want := []db.Reason{reason("Pyongyang", "content (article)", "Pyongyang")}
	if len(ms) != 1 || !reflect.DeepEqual(ms[0].Reasons, want) || ms[0].Score <= 0 {
		t.Fatalf("article: %+v", ms)
	}
	v, _ := s.Explain("korea", &full)
	if !v.Selected || !reflect.DeepEqual(v.Reasons, want) {
		t.Errorf("Explain: %+v", v)
	}
	// A word in the feed's own content, with no article, is reported as before.
	own := teaser
	own.Content = "<p>Envoys flew on to Pyongyang.</p>"
	if ms := s.Classify(&own); len(ms) != 1 || ms[0].Reasons[0].Field != "content" {
		t.Errorf("feed content: %+v", ms)
	}
}
