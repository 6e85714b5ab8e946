package main

import (
	"fmt"
	"io"

	"github.com/feedcurator/feedcurator/config"
)

func cmdCheck(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", stderr)
	configPath := configFlag(fs)
	verbose := fs.Bool("v", false, "also print what each topic's terms expand to (every name of a region: term)")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		return err
	}
	if _, err := compileTopics(cfg); err != nil {
		return err
	}
	name := cfg.Path
	if name == "" {
		name = "built-in config"
	}
	if err := checkNotEmpty(cfg, name); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: ok (%d sources, %d topics)\n", name, len(cfg.Sources), len(cfg.Topics))
	if len(cfg.Topics) == 0 {
		fmt.Fprintf(stdout, "%s: no topics: only /feeds/all.* (every source's newest items) is served\n", name)
	}
	if *verbose {
		printExpansions(stdout, cfg.Topics)
	}
	return nil
}

// checkNotEmpty fails a config without sources: it is valid YAML but polls
// nothing, almost always a file that is not finished (or not the one meant).
// A config with sources and no topics is fine: it serves /feeds/all.*.
func checkNotEmpty(cfg *config.Config, name string) error {
	if len(cfg.Sources) == 0 {
		return usagef("%s: no sources, so nothing would be polled; add at least one under \"sources:\" (see config.example.yaml)", name)
	}
	return nil
}
