package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The real binary, built once for the tests that run it as a process: the
// daemon's signal handling, file lock and exit codes can only be seen from
// outside.
var (
	binaryOnce sync.Once
	binaryDir  string
	binaryPath string
	binaryErr  error
	packageDir string // where go build runs, whatever a test's t.Chdir did
)

func TestMain(m *testing.M) {
	packageDir, _ = os.Getwd()
	code := m.Run()
	if binaryDir != "" {
		os.RemoveAll(binaryDir)
	}
	os.Exit(code)
}

// feedcuratorBinary builds the command into a temporary directory on first
// use; the test is skipped when there is no go command to build with.
func feedcuratorBinary(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("go is not on PATH, so the binary cannot be built: %v", err)
	}
	binaryOnce.Do(func() {
		if binaryDir, binaryErr = os.MkdirTemp("", "feedcurator-bin-"); binaryErr != nil {
			return
		}
		binaryPath = filepath.Join(binaryDir, "feedcurator")
		build := exec.Command(goTool, "build", "-o", binaryPath, ".")
		build.Dir = packageDir
		if out, err := build.CombinedOutput(); err != nil {
			binaryErr = fmt.Errorf("go build: %w\n%s", err, out)
		}
	})
	if binaryErr != nil {
		t.Fatal(binaryErr)
	}
	return binaryPath
}

// unroutableProxy refuses every connection, so that a child that tries to
// reach the internet fails at once instead of leaving the machine.
const unroutableProxy = "http://127.0.0.1:9"

// childEnv is the test's environment without anything that would choose a
// config, a proxy or a data directory for the child, plus the unroutable
// proxy, a temporary directory of the test's own and extra.
func childEnv(t *testing.T, extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch strings.ToUpper(name) {
		case "FEEDCURATOR_CONFIG", "FEEDCURATOR_DATABASE_URL", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "XDG_DATA_HOME", "TMPDIR":
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "TMPDIR="+t.TempDir())
	for _, name := range []string{"HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"} {
		env = append(env, name+"="+unroutableProxy)
	}
	return append(env, extra...)
}

// process is one run of the binary.
type process struct {
	cmd            *exec.Cmd
	stdout, stderr *syncBuffer
	done           chan struct{} // closed when the process has exited
	waitErr        error         // valid once done is closed
}

// startBinary starts the binary with args in dir (the test's working
// directory when empty) and kills it when the test ends, if still running.
func startBinary(t *testing.T, dir string, env []string, args ...string) *process {
	t.Helper()
	cmd := exec.Command(feedcuratorBinary(t), args...)
	cmd.Dir = dir
	cmd.Env = env
	p := &process{cmd: cmd, stdout: &syncBuffer{}, stderr: &syncBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.stdout, p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.waitErr = cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

// exitWithin waits up to limit for the process to exit and returns its exit
// code and how long it took; the test fails if it does not exit in time.
func (p *process) exitWithin(t *testing.T, limit time.Duration) (code int, took time.Duration) {
	t.Helper()
	start := time.Now()
	select {
	case <-p.done:
	case <-time.After(limit):
		t.Fatalf("%s did not exit within %v\nstdout:\n%s\nstderr:\n%s", p.cmd.Args, limit, p.stdout, p.stderr)
	}
	var exit *exec.ExitError
	switch {
	case p.waitErr == nil:
		return 0, time.Since(start)
	case errors.As(p.waitErr, &exit):
		return exit.ExitCode(), time.Since(start)
	}
	t.Fatalf("%s: %v", p.cmd.Args, p.waitErr)
	return -1, 0
}

func (p *process) signal(t *testing.T, sig syscall.Signal) {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatalf("signal %v: %v", sig, err)
	}
}

// syncBuffer is a bytes.Buffer that the process writes while the test reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// freeLoopbackAddr returns a loopback address that nothing listens on now.
func freeLoopbackAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// waitFor checks cond every pollEvery until it holds or limit passes; on
// timeout the test fails with what cond last said. It waits on a
// condition, never for time itself to pass.
func waitFor(t *testing.T, limit time.Duration, what string, cond func() (ok bool, last string)) {
	t.Helper()
	const pollEvery = 50 * time.Millisecond
	deadline := time.Now().Add(limit)
	for {
		ok, last := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s; last: %s", limit, what, last)
		}
		time.Sleep(pollEvery)
	}
}

// fetchURL does one GET with a short timeout and returns the status and
// body; a failed request is status 0 with the error as body.
func fetchURL(url string) (status int, body string) {
	client := &http.Client{Timeout: 2 * time.Second}
	resp, err := client.Get(url)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err.Error()
	}
	return resp.StatusCode, string(b)
}

// waitHealthy waits until the daemon at base answers /healthz with 200 ok,
// failing early if the process exits first.
func waitHealthy(t *testing.T, p *process, base string) {
	t.Helper()
	waitFor(t, 15*time.Second, base+"/healthz", func() (bool, string) {
		select {
		case <-p.done:
			t.Fatalf("the daemon exited before it served /healthz: %v\nstdout:\n%s\nstderr:\n%s", p.waitErr, p.stdout, p.stderr)
		default:
		}
		status, body := fetchURL(base + "/healthz")
		return status == http.StatusOK && strings.TrimSpace(body) == "ok", fmt.Sprintf("%d %s", status, body)
	})
}
