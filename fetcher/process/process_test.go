package process_test

import (
	"strings"
	"testing"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/fetcher/process"
)

type upper struct{}

func (upper) Transform(_ config.Source, it *db.Item) { it.Title = strings.ToUpper(it.Title) }

type recorder struct{ polls []process.Poll }

func (r *recorder) Enqueue(p process.Poll) { r.polls = append(r.polls, p) }

func TestPipelineRunsStagesInOrder(t *testing.T) {
	rec := &recorder{}
	p := &process.Pipeline{Transforms: []process.Transform{upper{}}, Enrichers: []process.Enricher{rec}}
	items := []db.Item{{Title: "a"}, {Title: "b"}}
	src := config.Source{ID: "s"}
	p.BeforeStore(src, items)
	if items[0].Title != "A" || items[1].Title != "B" {
		t.Errorf("transform not applied: %+v", items)
	}
	p.AfterStore(process.Poll{Source: src, Items: items, Public: true})
	if len(rec.polls) != 1 || rec.polls[0].Source.ID != "s" || len(rec.polls[0].Items) != 2 || !rec.polls[0].Public {
		t.Errorf("enricher got %+v", rec.polls)
	}
	var none *process.Pipeline
	none.BeforeStore(src, items) // a nil pipeline does nothing
	none.AfterStore(process.Poll{})
}
