package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestFullDisk runs the daemon against a file size limit (RLIMIT_FSIZE, set
// with prlimit, standing in for a full disk) reached by its first poll: the
// failing source shows the write error in /api/sources, and /healthz says
// 503 on every request, also after the small commits that still fit.
func TestFullDisk(t *testing.T) {
	prlimit, err := exec.LookPath("prlimit")
	if err != nil {
		t.Skip("prlimit (util-linux) is not installed")
	}
	asked, gate := make(chan struct{}), make(chan struct{})
	var first sync.Once
	farm := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		first.Do(func() { close(asked); <-gate }) // the limit is set meanwhile
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title><link>http://big.test/</link>`)
		for i := 0; i < 300; i++ {
			fmt.Fprintf(&b, "<item><guid>big-%d</guid><title>Korea story %d</title><description>%s</description></item>", i, i, strings.Repeat("words ", 1500))
		}
		b.WriteString("</channel></rss>")
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(b.String()))
	}))
	t.Cleanup(farm.Close)

	dir := t.TempDir()
	listen := freeLoopbackAddr(t)
	base := "http://" + listen
	dataDir := filepath.Join(dir, "data")
	configPath := writeFile(t, dir, "config.yaml", configYAML(listen, dataDir, []source{{"big", farm.URL + "/big.rss"}}, koreaTopic))
	daemon := startBinary(t, dir, childEnv(t), "run", "-config", configPath)
	select {
	case <-asked:
	case <-daemon.done:
		t.Fatalf("the daemon exited: %s", daemon.stderr)
	}
	fi, err := os.Stat(filepath.Join(dataDir, storeFile))
	if err != nil {
		t.Fatal(err)
	}
	limit := strconv.FormatInt(fi.Size(), 10)
	if out, err := exec.Command(prlimit, "--pid", strconv.Itoa(daemon.cmd.Process.Pid), "--fsize="+limit+":"+limit).CombinedOutput(); err != nil {
		t.Skipf("prlimit cannot limit the daemon here: %v %s", err, out)
	}
	close(gate)

	waitFor(t, 20*time.Second, "/api/sources to show the write error", func() (bool, string) {
		var got []apiSource
		if ok, why := getJSON(base+"/api/sources", &got); !ok {
			return false, why
		}
		return len(got) == 1 && strings.Contains(got[0].LastError, "save poll"), fmt.Sprintf("%+v", got)
	})
	// The failed poll's state is committed a second after it was saved, a
	// small commit that fits in the file: /healthz used to turn 200 then.
	// Watch it across that moment.
	deadline := time.Now().Add(3 * time.Second)
	for n := 0; time.Now().Before(deadline); n++ {
		status, body := fetchURL(base + "/healthz")
		if status != http.StatusServiceUnavailable || !strings.Contains(body, "writes to the store fail") {
			t.Fatalf("/healthz answer %d is %d %s", n, status, body)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if strings.Contains(daemon.stderr.String(), "goroutine ") {
		t.Errorf("the daemon panicked:\n%s", daemon.stderr)
	}
}
