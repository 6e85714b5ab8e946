package feedgen

import (
	"flag"
	"path/filepath"
	"testing"

	"github.com/feedcurator/feedcurator/internal/feedtest"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// TestGolden pins the complete output of the sample in each format; a change
// in any byte changes every ETag the server hands out, so it should be
// deliberate. Run with -update to accept a change, then read the diff.
func TestGolden(t *testing.T) {
	for _, f := range Formats {
		t.Run(string(f), func(t *testing.T) {
			got := render(t, f, sampleEntries())
			feedtest.CheckGolden(t, filepath.Join("testdata", "korea."+string(f)+".golden"), got, *update)
		})
	}
}
