package server

import (
	"bytes"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/feedcurator/feedcurator/config"
)

// lockedBuffer is a log destination the handler goroutines write and the
// test reads.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestAccessLog: with log.access, every request is logged with its method,
// path, status and size, secret query values redacted; without, none is.
func TestAccessLog(t *testing.T) {
	f := newFixture(t)
	var logged lockedBuffer
	f.srv.log = slog.New(slog.NewTextHandler(&logged, nil))

	f.get("/feeds/t.atom")
	if strings.Contains(logged.String(), "http request") {
		t.Errorf("logged a request without log.access:\n%s", logged.String())
	}

	cfg := *testConfig()
	cfg.Log = config.Log{Access: true}
	f.rt.Store(&Runtime{Config: &cfg})
	_, body := f.get("/feeds/t.atom?token=s3cret")
	f.do("GET", "/feeds/nope.atom")
	out := logged.String()
	for _, want := range []string{
		`msg="http request" method=GET path=/feeds/t.atom query="token=REDACTED" status=200 bytes=` + itoa(len(body)),
		`path=/feeds/nope.atom query="" status=404`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("access log lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "s3cret") {
		t.Errorf("the access log shows a token:\n%s", out)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
