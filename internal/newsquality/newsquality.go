// Package newsquality measures how well a set of topics selects real news:
// the strict precision and the recall of each topic per language on a
// labelled set (shared/news: RSS files and labels.csv), as its README
// defines them. It exists so that tuning a topic, or the matcher, is judged
// by numbers on text written by newsrooms rather than by a few examples.
package newsquality

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/fetcher/parser"
	"github.com/feedcurator/feedcurator/topic"
)

// Label is one hand label: whether item ID is about Topic.
type Label struct {
	Topic, ID, Lang, Mark, Title string
}

// About reports whether the label says the item's main subject is the topic.
func (l Label) About() bool { return l.Mark == "Y" }

// Set is a labelled news set: every item of its feeds, by guid, and labels.
type Set struct {
	Items  map[string]*db.Item
	Labels []Label
}

// Load reads every *.rss file of dir and its labels.csv.
func Load(dir string) (*Set, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.rss"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("newsquality: no feeds in %s", dir)
	}
	s := &Set{Items: make(map[string]*db.Item)}
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		feed, err := parser.ParseAll(strings.TrimSuffix(filepath.Base(f), ".rss"), "file:///"+filepath.Base(f), "", body)
		if err != nil {
			return nil, fmt.Errorf("newsquality: %s: %w", f, err)
		}
		for i := range feed.Items {
			it := &feed.Items[i]
			s.Items[it.GUID] = it
		}
	}
	lf, err := os.Open(filepath.Join(dir, "labels.csv"))
	if err != nil {
		return nil, err
	}
	defer lf.Close()
	r := csv.NewReader(lf)
	r.FieldsPerRecord = -1
	head := true
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("newsquality: labels.csv: %w", err)
		}
		if head {
			head = false
			continue
		}
		if len(rec) < 4 {
			continue
		}
		l := Label{Topic: rec[0], ID: rec[1], Lang: rec[2], Mark: rec[3]}
		if len(rec) > 4 {
			l.Title = rec[4]
		}
		s.Labels = append(s.Labels, l)
	}
	return s, nil
}

// Outcome is the verdict on one labelled item.
type Outcome struct {
	Label    Label
	Selected bool
	Verdict  topic.Verdict
	Missing  bool // the labelled item is in no feed of the set
}

// Cell is one topic and language of the table.
type Cell struct {
	Topic, Lang        string
	Labelled, About    int
	Selected, Hits     int // selected labelled items; of those, labelled about
	Precision, Recall  float64
	FalsePos, FalseNeg []Outcome
}

// Score classifies every labelled item with the topics of set and returns
// the table, one cell per topic and language, in a stable order.
func Score(s *Set, topics *topic.Set) ([]Cell, []Outcome) {
	cells := map[[2]string]*Cell{}
	var outcomes []Outcome
	for _, l := range s.Labels {
		key := [2]string{l.Topic, l.Lang}
		c := cells[key]
		if c == nil {
			c = &Cell{Topic: l.Topic, Lang: l.Lang}
			cells[key] = c
		}
		o := Outcome{Label: l}
		it := s.Items[l.ID]
		if it == nil {
			o.Missing = true
		} else {
			o.Verdict, _ = topics.Explain(l.Topic, it)
			o.Selected = o.Verdict.Selected
		}
		outcomes = append(outcomes, o)
		c.Labelled++
		if l.About() {
			c.About++
		}
		if o.Selected {
			c.Selected++
			if l.About() {
				c.Hits++
			} else {
				c.FalsePos = append(c.FalsePos, o)
			}
		} else if l.About() {
			c.FalseNeg = append(c.FalseNeg, o)
		}
	}
	out := make([]Cell, 0, len(cells))
	for _, c := range cells {
		c.Precision, c.Recall = ratio(c.Hits, c.Selected), ratio(c.Hits, c.About)
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Topic != out[j].Topic {
			return out[i].Topic > out[j].Topic // korea before china, as the README
		}
		return langOrder(out[i].Lang) < langOrder(out[j].Lang)
	})
	return out, outcomes
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func langOrder(l string) int {
	for i, x := range []string{"en", "ko", "zh", "ja"} {
		if x == l {
			return i
		}
	}
	return 99
}

// Table formats the cells as a Markdown table.
func Table(cells []Cell) string {
	var b strings.Builder
	b.WriteString("| topic | lang | labelled | about | selected | strict precision | recall |\n")
	b.WriteString("| --- | --- | ---: | ---: | ---: | ---: | ---: |\n")
	for _, c := range cells {
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %d | %.2f | %.2f |\n",
			c.Topic, c.Lang, c.Labelled, c.About, c.Selected, c.Precision, c.Recall)
	}
	return b.String()
}
