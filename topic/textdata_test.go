package topic

import (
	"strings"
	"testing"

	"github.com/feedcurator/feedcurator/config"
)

// TestFingerprintFollowsTextData: other Unicode or CLDR data (an upgrade of
// golang.org/x/text or Go) can change what region: and NFKC match, so it
// changes the fingerprint, and the store reclassifies.
func TestFingerprintFollowsTextData(t *testing.T) {
	topics := config.Topic{ID: "korea", Any: words("Korea")}
	before := mustCompile(t, topics).Fingerprint()
	for _, part := range []string{"unicode ", "norm ", "cldr "} {
		if !strings.Contains(textDataVersion, part) {
			t.Errorf("textDataVersion %q does not name the %s data", textDataVersion, part)
		}
	}
	saved := textDataVersion
	t.Cleanup(func() { textDataVersion = saved })
	textDataVersion = "unicode 99.0.0, norm 99.0.0, cldr 99"
	if after := mustCompile(t, topics).Fingerprint(); after == before {
		t.Error("the fingerprint does not change with the Unicode/CLDR data")
	}
}
