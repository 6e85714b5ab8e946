package main

import (
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/feedcurator/feedcurator/server"
)

// TestExportIsWhatTheDaemonServes: `export` renders without an HTTP server,
// and its bytes are the ones GET /feeds/ID.FORMAT serves from the same
// store and config, for a topic and the all feed in every format (the
// fixture's feeds fit one page, so the daemon's copy has no paging links
// that the exported file leaves out).
func TestExportIsWhatTheDaemonServes(t *testing.T) {
	configPath, storePath := fetchedStore(t)
	exported := map[string]string{}
	for _, feed := range []struct{ topic, format string }{
		{"korea", "atom"}, {"korea", "rss"}, {"korea", "json"}, {"all", "atom"}, {"all", "json"},
	} {
		code, out, errOut := runCLI(t, "export", "-config", configPath, "-topic", feed.topic, "-format", feed.format)
		if code != exitOK {
			t.Fatalf("export %s.%s: exit %d, stderr:\n%s", feed.topic, feed.format, code, errOut)
		}
		exported["/feeds/"+feed.topic+"."+feed.format] = out
	}

	cfg, set, err := loadTopics(configPath)
	if err != nil {
		t.Fatal(err)
	}
	var rt atomic.Pointer[server.Runtime]
	rt.Store(&server.Runtime{Config: cfg, Topics: set})
	ts := httptest.NewServer(server.New(server.Options{Store: openStoreFile(t, storePath), Runtime: &rt}).Handler())
	defer ts.Close()
	for path, out := range exported {
		status, served := fetchURL(ts.URL + path)
		if status != 200 {
			t.Fatalf("GET %s: %d %s", path, status, served)
		}
		if _, titles := parseFeed(t, served); len(titles) == 0 {
			t.Errorf("GET %s serves no items: the comparison would prove little", path)
		}
		if out != served {
			t.Errorf("export differs from GET %s:\nexported:\n%s\nserved:\n%s", path, out, served)
		}
	}
}
