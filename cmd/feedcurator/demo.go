package main

import (
	"embed"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/feedcurator/feedcurator/config"
)

// demoFeeds are invented sample feeds (RSS, Atom, JSON Feed, one in EUC-KR)
// served on loopback by `feedcurator demo`, so that the whole pipeline runs
// with no network at all.
//
//go:embed demofeeds
var demoFeeds embed.FS

// demoTopics are the topics the demo republishes.
const demoTopics = `
topics:
  - id: korea
    title: Korea
    description: North and South Korea, in any language
    any: ["Korea*", "DPRK", "Pyongyang", "Seoul", "Kim Jong Un", "region:KP", "region:KR", "한국", "북한", "남북", "朝鲜", "韩国", "北朝鮮", "韓国"]
    none: ["K-pop"]
  - id: china
    title: China
    description: The People's Republic of China, in any language
    any: ["China", "Chinese", "Beijing", "Xi Jinping", "PRC", "region:CN", "中国", "北京", "习近平", "중국"]
`

// demoConfig is the config file of the demo: the bundled feeds as sources,
// served from feedsURL, into a throw-away store in dataDir, the curated feeds
// served on listen. It is a file so that the other commands can use the
// demo's store (`FEEDCURATOR_CONFIG=that file feedcurator match …`).
func demoConfig(listen, feedsURL, dataDir string) ([]byte, error) {
	var b strings.Builder
	b.WriteString("# The config of a running `feedcurator demo`, removed when it exits.\n")
	fmt.Fprintf(&b, "listen: %q\ndata_dir: %q\npoll:\n  interval: 5m\n  min_interval: 1m\nsources:\n", listen, dataDir)
	entries, err := fs.ReadDir(demoFeeds, "demofeeds")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasSuffix(name, ".md") {
			continue
		}
		id := strings.TrimSuffix(name, path.Ext(name))
		fmt.Fprintf(&b, "  - id: %s\n    url: %s/%s\n", id, feedsURL, name)
	}
	b.WriteString(demoTopics)
	return []byte(b.String()), nil
}

// serveDemoFeeds serves the bundled feeds on a loopback port, with the media
// types a real publisher would send.
func serveDemoFeeds() (url string, closeFn func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("demo: listen on loopback: %w", err)
	}
	sub, _ := fs.Sub(demoFeeds, "demofeeds")
	files := http.FileServerFS(sub)
	types := map[string]string{
		".rss":  "application/rss+xml",
		".atom": "application/atom+xml",
		".json": "application/feed+json",
	}
	srv := &http.Server{
		ReadHeaderTimeout: 5 * time.Second,
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if t, ok := types[path.Ext(r.URL.Path)]; ok {
				// No charset: the EUC-KR feed declares its own in its XML declaration.
				w.Header().Set("Content-Type", t)
			}
			files.ServeHTTP(w, r)
		}),
	}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// defaultDemoListen is where the demo serves unless told otherwise.
const defaultDemoListen = "127.0.0.1:8080"

func cmdDemo(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("demo", stderr)
	listen := fs.String("listen", defaultDemoListen, "address to serve the curated feeds on (port 0: any free port)")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == "listen" })
	ln, err := demoListener(*listen, given, stdout)
	if err != nil {
		return err
	}
	defer ln.Close()
	feedsURL, closeFeeds, err := serveDemoFeeds()
	if err != nil {
		return err
	}
	defer closeFeeds()
	dir, err := os.MkdirTemp("", "feedcurator-demo-")
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	defer os.RemoveAll(dir)
	doc, err := demoConfig(ln.Addr().String(), feedsURL, dir)
	if err != nil {
		return err
	}
	configPath := filepath.Join(dir, config.LocalFile)
	if err := os.WriteFile(configPath, doc, 0o600); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	cfg, err := config.Load(configPath)
	if err != nil {
		return usageError{err}
	}
	return daemon(cfg, ln, stdout, stderr, func(d *daemonState) {
		fmt.Fprintf(stdout, "feedcurator demo: sample feeds served at %s, config and store in %s (removed on exit)\n", feedsURL, dir)
		fmt.Fprintf(stdout, "To use the demo's store from another terminal (check, match, export, opml export, backup), first:\n  export %s=%s\n", config.EnvVar, shellQuote(configPath))
		announce(stdout, d)
	})
}

// demoListener opens the demo's address. When the default one is taken (a
// daemon already runs there), any free loopback port will do: the demo is
// for trying feedcurator out, not for a fixed address; an address the user
// asked for is not replaced.
func demoListener(listen string, given bool, stdout io.Writer) (net.Listener, error) {
	ln, err := net.Listen("tcp", listen)
	if err == nil {
		return ln, nil
	}
	if given {
		return nil, fmt.Errorf("listen on %s: %w (choose another address with demo -listen ADDR; port 0 picks a free one)", listen, err)
	}
	ln, err2 := net.Listen("tcp", "127.0.0.1:0")
	if err2 != nil {
		return nil, fmt.Errorf("listen on %s: %w (choose another address with demo -listen ADDR)", listen, err)
	}
	fmt.Fprintf(stdout, "feedcurator demo: %s is in use, so the demo serves on %s (choose with demo -listen ADDR)\n", listen, ln.Addr())
	return ln, nil
}

// shellQuote quotes s for a POSIX shell when it needs quoting.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+:=,@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
