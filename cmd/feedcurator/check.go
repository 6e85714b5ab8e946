package main

import (
	"fmt"
	"io"
)

func cmdCheck(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", stderr)
	configPath := configFlag(fs)
	verbose := fs.Bool("v", false, "also print what each topic's terms expand to (every name of a region: term)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
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
	fmt.Fprintf(stdout, "%s: ok (%d sources, %d topics)\n", name, len(cfg.Sources), len(cfg.Topics))
	if *verbose {
		printExpansions(stdout, cfg.Topics)
	}
	return nil
}
