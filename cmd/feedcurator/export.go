package main

import (
	"bufio"
	"io"
	"sync/atomic"

	"github.com/feedcurator/feedcurator/feedgen"
	"github.com/feedcurator/feedcurator/server"
)

// cmdExport writes one curated feed to stdout, rendered exactly as the
// daemon serves it (for static publishing).
func cmdExport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("export", stderr)
	configPath := configFlag(fs)
	topicID := fs.String("topic", "", "topic id, or all (required)")
	format := fs.String("format", "atom", "atom, rss or json")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	f, ok := feedgen.ParseFormat(*format)
	if !ok {
		return usagef("-format %q: use atom, rss or json", *format)
	}
	if *topicID == "" {
		return usagef("-topic is required")
	}
	cfg, set, err := loadTopics(*configPath)
	if err != nil {
		return err
	}
	if _, ok := set.Topic(*topicID); !ok && *topicID != "all" {
		return usagef("no topic %q in %s", *topicID, configName(cfg))
	}
	store, closeFn, err := openForReading(cfg, set)
	if err != nil {
		return err
	}
	defer closeFn()
	var rt atomic.Pointer[server.Runtime]
	rt.Store(&server.Runtime{Config: cfg, Topics: set})
	srv := server.New(server.Options{Store: store, Runtime: &rt})
	w := bufio.NewWriter(stdout)
	if err := srv.WriteFeed(w, *topicID, f); err != nil {
		return err
	}
	return w.Flush()
}
