package main

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path"
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

// demoConfig is the config of the demo: the bundled feeds as sources, served
// from feedsURL, into a throw-away store in dataDir.
func demoConfig(listen, feedsURL, dataDir string) (*config.Config, error) {
	var b strings.Builder
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
	return config.Parse("<demo>", []byte(b.String()))
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

func cmdDemo(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("demo", stderr)
	listen := fs.String("listen", "127.0.0.1:8080", "address to serve the curated feeds on")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	feedsURL, closeFeeds, err := serveDemoFeeds()
	if err != nil {
		return err
	}
	defer closeFeeds()
	dataDir, err := os.MkdirTemp("", "feedcurator-demo-")
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	defer os.RemoveAll(dataDir)
	cfg, err := demoConfig(*listen, feedsURL, dataDir)
	if err != nil {
		return usageError{err}
	}
	return daemon(cfg, stdout, stderr, func(d *daemonState) {
		fmt.Fprintf(stdout, "feedcurator demo: sample feeds served at %s, store in %s (removed on exit)\n", feedsURL, dataDir)
		announce(stdout, d)
	})
}
