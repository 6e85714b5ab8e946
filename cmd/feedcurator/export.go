package main

import (
	"bufio"
	"context"
	"io"

	"github.com/feedcurator/feedcurator/feedgen"
	"github.com/feedcurator/feedcurator/internal/admin"
	"github.com/feedcurator/feedcurator/render"
)

// cmdExport writes one curated feed to stdout, rendered exactly as the
// daemon serves it (for static publishing).
func cmdExport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("export", stderr)
	configPath := configFlag(fs)
	topicID := fs.String("topic", "", "topic id, or all (required)")
	format := fs.String("format", "atom", "atom, rss or json")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
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
	w := bufio.NewWriter(stdout)
	store, daemon, err := openOrAsk(cfg, set)
	switch {
	case err != nil:
		return err
	case daemon:
		// The daemon renders the feed under its own config, as it serves it.
		err = ask(cfg, func(ctx context.Context, c *admin.Client) error { return c.Export(ctx, w, *topicID, f) })
	default:
		defer store.Close()
		err = render.New(store, nil).WriteFeed(w, cfg, *topicID, f)
	}
	if err != nil {
		return err
	}
	return w.Flush()
}
