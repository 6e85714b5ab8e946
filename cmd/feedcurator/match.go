package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/fetcher/httpclient"
	"github.com/feedcurator/feedcurator/fetcher/parser"
	"github.com/feedcurator/feedcurator/internal/admin"
	"github.com/feedcurator/feedcurator/topic"
)

// cmdMatch shows which items a topic selects and why, so that people can
// tune a topic without guessing: the stored items, or those of a feed file
// or URL; with -against, what an edited config would add and remove.
func cmdMatch(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("match", stderr)
	configPath := configFlag(fs)
	topicID := fs.String("topic", "", "topic id (required)")
	verbose := fs.Bool("v", false, "also show rejected items and the none term that vetoed them")
	against := fs.String("against", "", "another config: list the stored items its version of the topic adds and removes")
	stats := fs.Bool("stats", false, "print hits per term, per field and per source, with an example of each")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *topicID == "" {
		return usagef("-topic is required")
	}
	if fs.NArg() > 1 {
		return usagef("at most one FILE_OR_URL")
	}
	cfg, set, err := loadTopics(*configPath)
	if err != nil {
		return err
	}
	if _, ok := set.Topic(*topicID); !ok {
		return usagef("no topic %q in %s", *topicID, configName(cfg))
	}

	var items []db.Item
	if fs.NArg() == 1 {
		items, err = itemsOf(fs.Arg(0), newClient(cfg))
	} else {
		items, err = storedItems(cfg)
	}
	if err != nil {
		return err
	}
	if *against != "" {
		newCfg, err := loadConfig(*against)
		if err != nil {
			return err
		}
		newSet, err := compileTopics(newCfg)
		if err != nil {
			return err
		}
		return printBacktest(stdout, *topicID, set, newSet, items)
	}
	verdicts := make([]topic.Verdict, len(items))
	var chosen []int
	for i := range items {
		if verdicts[i], _ = set.Explain(*topicID, &items[i]); verdicts[i].Selected {
			chosen = append(chosen, i)
		}
	}
	dups := copiesOf(items, chosen)
	selected := 0
	tally := newMatchStats()
	for i := range items {
		v := verdicts[i]
		if *stats {
			tally.add(&items[i], v)
		}
		if v.Selected {
			selected++
			printItem(stdout, "+", &items[i])
			if orig := dups[i]; orig != nil {
				fmt.Fprintf(stdout, "    = duplicate of %q [%s]: same link; the feed shows that one only\n", orig.Title, orig.SourceID)
			}
			fmt.Fprintf(stdout, "    score %.2f\n", v.Score)
			for _, r := range v.Reasons {
				fmt.Fprintf(stdout, "    matched %q in %s: %q\n", r.Term, r.Field, r.Text)
			}
			continue
		}
		if !*verbose {
			continue
		}
		printItem(stdout, "-", &items[i])
		switch {
		case v.Filtered:
			fmt.Fprintf(stdout, "    source %s is not among the topic's sources\n", items[i].SourceID)
		case len(v.Vetoes) > 0:
			for _, r := range v.Vetoes {
				fmt.Fprintf(stdout, "    vetoed by none term %q in %s: %q\n", r.Term, r.Field, r.Text)
			}
		case len(v.Missing) > 0:
			fmt.Fprintf(stdout, "    missing all terms: %s\n", strings.Join(v.Missing, ", "))
		case v.BelowScore:
			fmt.Fprintf(stdout, "    score %.2f is below min_score %.2f\n", v.Score, v.MinScore)
			for _, r := range v.Reasons {
				fmt.Fprintf(stdout, "    matched %q in %s: %q\n", r.Term, r.Field, r.Text)
			}
		default:
			fmt.Fprintln(stdout, "    no any term matched")
		}
	}
	fmt.Fprintf(stdout, "%d of %d items selected by topic %s", selected, len(items), *topicID)
	if len(dups) > 0 {
		fmt.Fprintf(stdout, " (%d of them duplicates the feed leaves out)", len(dups))
	}
	fmt.Fprintln(stdout)
	if *stats {
		tally.print(stdout)
	}
	return nil
}

func printItem(w io.Writer, mark string, it *db.Item) {
	date := ""
	if t := it.SortTime(); !t.IsZero() {
		date = t.Format("2006-01-02") + " "
	}
	fmt.Fprintf(w, "%s %s%s [%s]\n    %s\n", mark, date, it.Title, it.SourceID, it.Link)
}

// printBacktest lists the items the new topic adds and removes.
func printBacktest(w io.Writer, topicID string, oldSet, newSet *topic.Set, items []db.Item) error {
	if _, ok := newSet.Topic(topicID); !ok {
		return usagef("the new config has no topic %q", topicID)
	}
	added, removed := 0, 0
	for i := range items {
		was, _ := oldSet.Explain(topicID, &items[i])
		now, _ := newSet.Explain(topicID, &items[i])
		switch {
		case now.Selected && !was.Selected:
			added++
			printItem(w, "+", &items[i])
			for _, r := range now.Reasons {
				fmt.Fprintf(w, "    matched %q in %s: %q\n", r.Term, r.Field, r.Text)
			}
		case was.Selected && !now.Selected:
			removed++
			printItem(w, "-", &items[i])
			for _, r := range now.Vetoes {
				fmt.Fprintf(w, "    vetoed by none term %q in %s: %q\n", r.Term, r.Field, r.Text)
			}
		}
	}
	fmt.Fprintf(w, "topic %s: %d added, %d removed, of %d stored items\n", topicID, added, removed, len(items))
	return nil
}

// itemsOf fetches (or reads) one feed and returns its normalised items.
func itemsOf(arg string, client *httpclient.Client) ([]db.Item, error) {
	var body []byte
	var url, contentType string
	if strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://") {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		resp, err := client.Fetch(ctx, arg, httpclient.Validators{})
		if err != nil {
			return nil, err
		}
		body, url, contentType = resp.Body, resp.URL, resp.ContentType
	} else {
		b, err := os.ReadFile(arg)
		if err != nil {
			return nil, usageError{err}
		}
		abs, _ := filepath.Abs(arg)
		body, url = b, "file://"+filepath.ToSlash(abs)
	}
	// Every item, however many: tuning a topic on a big file must see it all.
	feed, err := parser.ParseAll("file", url, contentType, body)
	if err != nil {
		return nil, err
	}
	return feed.Items, nil
}

// storedItems reads every stored item, newest first: from the store, or
// from the daemon that holds it.
func storedItems(cfg *config.Config) ([]db.Item, error) {
	store, daemon, err := openOrAsk(cfg, nil)
	if err != nil {
		return nil, err
	}
	var items []db.Item
	if daemon {
		err = ask(cfg, func(ctx context.Context, c *admin.Client) error {
			return c.Items(ctx, func(it *db.Item) error { items = append(items, *it); return nil })
		})
		return items, err
	}
	defer store.Close()
	err = store.AllItems(func(it *db.Item) bool {
		items = append(items, *it)
		return true
	})
	return items, err
}
