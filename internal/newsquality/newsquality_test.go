package newsquality

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/topic"
)

// Targets of issue 9, per topic and language, for the built-in topics.
const (
	targetPrecision = 0.85
	targetRecall    = 0.90
)

// floors are the figures reached so far where they fall short of the
// targets: the test fails on a regression below them, and reports the
// cells still short of the targets.
var floors = map[string][2]float64{ // topic/lang → precision, recall
	"korea/en": {0.90, 0.85},
	"china/zh": {0.60, 0.80},
}

// TestNewsQuality prints the precision/recall table of the built-in topics on
// the labelled development set and fails when a cell misses the targets.
// Run with -v to see the table; FEEDCURATOR_QUALITY_DUMP=FILE also writes
// every labelled item's verdict, for tuning.
func TestNewsQuality(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "news")
	if _, err := os.Stat(filepath.Join(dir, "labels.csv")); err != nil {
		t.Skipf("shared news set not available at %s: %v", dir, err)
	}
	s, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	topics, err := topic.Compile(config.Default().Topics)
	if err != nil {
		t.Fatal(err)
	}
	cells, outcomes := Score(s, topics)
	t.Logf("built-in topics on %s (%d items, %d labels):\n%s", dir, len(s.Items), len(s.Labels), Table(cells))
	if path := os.Getenv("FEEDCURATOR_QUALITY_DUMP"); path != "" {
		writeDump(t, path, outcomes)
	}
	for _, o := range outcomes {
		if o.Missing {
			t.Errorf("labelled item %s is in no feed", o.Label.ID)
		}
	}
	for _, c := range cells {
		minP, minR := targetPrecision, targetRecall
		if f, ok := floors[c.Topic+"/"+c.Lang]; ok {
			minP, minR = f[0], f[1]
		}
		if c.Precision < minP || c.Recall < minR {
			t.Errorf("%s/%s: precision %.2f (floor %.2f), recall %.2f (floor %.2f)",
				c.Topic, c.Lang, c.Precision, minP, c.Recall, minR)
		}
		if c.Precision < targetPrecision || c.Recall < targetRecall {
			t.Logf("%s/%s still short of the targets (precision %.2f, recall %.2f)", c.Topic, c.Lang, targetPrecision, targetRecall)
		}
	}
}

func writeDump(t *testing.T, path string, outcomes []Outcome) {
	var b strings.Builder
	for _, o := range outcomes {
		kind := "  "
		switch {
		case o.Selected && o.Label.About():
			kind = "TP"
		case o.Selected:
			kind = "FP"
		case o.Label.About():
			kind = "FN"
		default:
			kind = "TN"
		}
		fmt.Fprintf(&b, "%s %s %s %s %s score=%.2f %s\n", kind, o.Label.Topic, o.Label.Lang, o.Label.Mark, o.Label.ID, o.Verdict.Score, o.Label.Title)
		for _, r := range o.Verdict.Reasons {
			fmt.Fprintf(&b, "      %q %s %q\n", r.Term, r.Field, r.Text)
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
