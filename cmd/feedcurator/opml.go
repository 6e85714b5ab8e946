package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"sync/atomic"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/server"
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

	taken := map[string]bool{}
	knownURL := map[string]bool{}
	var cfg *config.Config
	if *write {
		if cfg, err = loadConfig(*configPath); err != nil {
			return err
		}
		if cfg.Path == "" {
			return usagef("-write needs a config file (-config, $%s or ./%s)", config.EnvVar, config.LocalFile)
		}
		for _, s := range cfg.Sources {
			taken[s.ID], knownURL[s.URL] = true, true
		}
	}
	found, err := config.ParseOPML(f, taken)
	if err != nil {
		return usageError{err}
	}
	var fresh []config.OPMLSource
	for _, s := range found {
		if !knownURL[s.URL] {
			fresh = append(fresh, s)
		}
	}
	if !*write {
		fmt.Fprint(stdout, "sources:\n"+config.SourcesYAML(fresh, 2))
		return nil
	}
	if len(fresh) == 0 {
		fmt.Fprintf(stdout, "%s already has every source of %s\n", cfg.Path, fs.Arg(0))
		return nil
	}
	old, err := os.ReadFile(cfg.Path)
	if err != nil {
		return err
	}
	updated := appendSources(old, fresh)
	// Never write a config that does not load: validate the result first.
	if _, err := config.Parse(cfg.Path, updated); err != nil {
		return fmt.Errorf("opml import: the config with the new sources would not load, so it was left unchanged: %w", err)
	}
	if err := writeFileAtomically(cfg.Path, bytes.NewReader(updated)); err != nil {
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
// list, keeping every other line (and comment) as it was.
func appendSources(doc []byte, fresh []config.OPMLSource) []byte {
	text := string(doc)
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	loc := topSources.FindStringSubmatchIndex(text)
	if loc == nil {
		return []byte(text + "sources:\n" + config.SourcesYAML(fresh, 2))
	}
	head := text[:loc[0]] + "sources:\n"
	rest := text[loc[1]:]
	rest = strings.TrimPrefix(rest, "\n")
	end := len(rest)
	if m := topKey.FindStringIndex(rest); m != nil {
		end = m[0]
	}
	block := rest[:end]
	indent := 2
	if m := listItem.FindStringSubmatch(block); m != nil {
		indent = len(m[1])
	}
	block = strings.TrimRight(block, " \t\n") + "\n"
	if strings.TrimSpace(block) == "" {
		block = ""
	}
	return []byte(head + block + config.SourcesYAML(fresh, indent) + rest[end:])
}

// opmlExport prints every configured source as OPML 2.0, as GET /opml does.
func opmlExport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("opml export", stderr)
	configPath := fs.String("config", "", "config file (default: $FEEDCURATOR_CONFIG, ./config.yaml, built-in)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		return err
	}
	// The store knows where permanent redirects moved sources; without it
	// (locked by the daemon, or absent) the configured URLs are exported.
	var rt atomic.Pointer[server.Runtime]
	rt.Store(&server.Runtime{Config: cfg})
	store, err := openStore(cfg, nil)
	if err == nil {
		defer store.Close()
	} else {
		store = nil
	}
	srv := server.New(server.Options{Store: store, Runtime: &rt})
	return srv.WriteOPML(stdout)
}
