package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/render"
)

func cmdOPML(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usagef("opml needs import or export")
	}
	switch args[0] {
	case "import":
		return opmlImport(args[1:], stdout, stderr)
	case "export":
		return opmlExport(args[1:], stdout, stderr)
	}
	return usagef("opml %q: use import or export", args[0])
}

// opmlImport prints the OPML file's feeds as a sources: block, or with
// -write appends the ones the config lacks to the config file.
func opmlImport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("opml import", stderr)
	configPath := fs.String("config", "", "config file (default: $FEEDCURATOR_CONFIG, ./config.yaml)")
	write := fs.Bool("write", false, "append the new sources to the config file instead of printing them")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("opml import needs one FILE argument")
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return usageError{err}
	}
	defer f.Close()

	// The config's sources are not new, printed or written: their URLs are
	// left out and their ids are not given again. The built-in config is
	// nobody's subscription list, so it does not count.
	taken := map[string]bool{}
	knownURL := map[string]string{}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		return err
	}
	if *write && cfg.Path == "" {
		return usagef("-write needs a config file (-config, $%s or ./%s)", config.EnvVar, config.LocalFile)
	}
	if cfg.Path != "" {
		for _, s := range cfg.Sources {
			taken[s.ID], knownURL[s.URL] = true, s.ID
		}
	}
	found, skipped, err := config.ReadOPML(f, taken)
	if err != nil {
		return usageError{err}
	}
	for _, s := range skipped {
		fmt.Fprintf(stderr, "feedcurator opml import: skipped %q: %s\n", s.Title, s.Why)
	}
	var fresh []config.OPMLSource
	for _, s := range found {
		if id, ok := knownURL[s.URL]; ok {
			fmt.Fprintf(stderr, "feedcurator opml import: %q (%s) is already configured, as source %s\n", s.Title, s.URL, id)
			continue
		}
		fresh = append(fresh, s)
	}
	if !*write {
		fmt.Fprint(stdout, "sources:\n"+config.SourcesYAML(fresh, 2))
		return nil
	}
	if len(fresh) == 0 {
		fmt.Fprintf(stdout, "%s already has every source of %s\n", cfg.Path, fs.Arg(0))
		return nil
	}
	// Write through a symlink to its target, and keep the file's mode.
	target, err := filepath.EvalSymlinks(cfg.Path)
	if err != nil {
		return err
	}
	info, err := os.Stat(target)
	if err != nil {
		return err
	}
	old, err := os.ReadFile(target)
	if err != nil {
		return err
	}
	updated := appendSources(old, fresh)
	// Never write a config that does not load: validate the result first.
	if _, err := config.Parse(cfg.Path, updated); err != nil {
		fmt.Fprintf(stderr, "feedcurator opml import: with the new sources %s would not load, so it was left unchanged:\n", cfg.Path)
		return err // each problem on its own line, as check prints them
	}
	if err := writeFileAtomically(target, bytes.NewReader(updated), info.Mode().Perm()); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "added %d sources to %s\n", len(fresh), cfg.Path)
	return nil
}

var (
	topSources = regexp.MustCompile(`(?m)^sources:[ \t]*(\[\])?[ \t]*(#.*)?$`)
	listItem   = regexp.MustCompile(`(?m)^([ \t]*)- `)
	topKey     = regexp.MustCompile(`(?m)^[^\s#-]`)
)

// appendSources adds entries at the end of the config's top-level sources
// list, keeping every other line (and comment) as it was: a comment on the
// sources: line stays there, and blank lines and column-0 comments between
// the list and the next key stay with that key.
func appendSources(doc []byte, fresh []config.OPMLSource) []byte {
	text := string(doc)
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	loc := topSources.FindStringSubmatchIndex(text)
	if loc == nil {
		return []byte(text + "sources:\n" + config.SourcesYAML(fresh, 2))
	}
	head := text[:loc[0]] + "sources:"
	if loc[4] >= 0 { // the line's comment
		head += " " + text[loc[4]:loc[5]]
	}
	head += "\n"
	rest := strings.TrimPrefix(text[loc[1]:], "\n")
	end := len(rest)
	if m := topKey.FindStringIndex(rest); m != nil {
		end = m[0]
	}
	block, between := splitTrailingGap(rest[:end])
	indent := 2
	if m := listItem.FindStringSubmatch(block); m != nil {
		indent = len(m[1])
	}
	return []byte(head + block + config.SourcesYAML(fresh, indent) + between + rest[end:])
}

// splitTrailingGap splits block (whole lines) before its trailing blank
// lines and column-0 comments, which introduce what follows the list.
func splitTrailingGap(block string) (list, gap string) {
	cut := len(block)
	for cut > 0 {
		start := strings.LastIndex(block[:cut-1], "\n") + 1
		line := block[start:cut]
		if strings.TrimSpace(line) != "" && !strings.HasPrefix(line, "#") {
			break
		}
		cut = start
	}
	return block[:cut], block[cut:]
}

// opmlExport prints every configured source as OPML 2.0, as GET /opml does.
func opmlExport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("opml export", stderr)
	configPath := configFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		return err
	}
	// The store knows the feeds' own titles and where permanent redirects
	// moved sources (from the daemon's copy while it runs, as GET /opml
	// has them); without one the configured titles and URLs are exported.
	ix := render.ConfiguredSources(cfg)
	if storeExists(cfg) || cfg.DatabaseURL != "" { // never create a store just to read it
		store, closeFn, err := storeForReading(cfg)
		if err == nil {
			defer closeFn()
			var all *render.Sources
			if all, err = render.New(store, nil).AllSources(cfg); err == nil {
				ix = all
			}
		}
		if err != nil {
			fmt.Fprintf(stderr, "feedcurator opml export: titles and URLs as configured, the store could not be read: %v\n", err)
		}
	}
	b, err := render.SourcesOPML(cfg, ix)
	if err != nil {
		return err
	}
	_, err = stdout.Write(b)
	return err
}

// storeForReading opens the store to read it; while the daemon holds it, a
// copy of it that the daemon gives, removed by the returned func.
func storeForReading(cfg *config.Config) (db.Engine, func(), error) {
	store, daemon, err := openOrAsk(cfg, nil)
	if err != nil {
		return nil, nil, err
	}
	if !daemon {
		return store, func() { store.Close() }, nil
	}
	dir, err := os.MkdirTemp("", "feedcurator-snapshot-")
	if err != nil {
		return nil, nil, err
	}
	path := filepath.Join(dir, storeFile)
	if err := backupFromDaemon(cfg, path); err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	copied, err := db.Open(path, db.Options{Timeout: lockWait})
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	return copied, func() { copied.Close(); os.RemoveAll(dir) }, nil
}
