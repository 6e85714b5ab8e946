// Command feedcurator polls feeds, selects their items into topics and
// republishes each topic as Atom, RSS and JSON Feed. See README.md and
// CONTRACT.md for the commands; this package only parses flags and wires the
// packages together.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/feedcurator/feedcurator/config"
)

// Exit codes of every command (CONTRACT.md).
const (
	exitOK      = 0
	exitFailure = 1 // a runtime failure
	exitUsage   = 2 // a usage or configuration error
)

// usageError is a mistake in the command line or the config: exit 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

type command struct {
	name, args, help string
	run              func(args []string, stdout, stderr io.Writer) error
}

var commands []command

func init() {
	commands = []command{
		{"run", "[-config PATH] [-listen ADDR]", "the daemon: poll, store, serve until SIGINT/SIGTERM; SIGHUP reloads", cmdRun},
		{"demo", "[-listen ADDR]", "the whole pipeline offline on bundled sample feeds", cmdDemo},
		{"check", "[-config PATH]", "validate a config and exit", cmdCheck},
		{"fetch", "[-config PATH] [-source ID]", "poll every source (or one) once, store, exit; with a daemon running, it polls them now", cmdFetch},
		{"match", "[-config PATH] -topic ID [-v] [-against NEWCONFIG] [FILE_OR_URL]", "show which items a topic selects, and why", cmdMatch},
		{"export", "[-config PATH] -topic ID -format atom|rss|json", "write a curated feed to stdout", cmdExport},
		{"opml", "import [-config PATH] [-write] FILE | export [-config PATH]", "sources from/to OPML 2.0", cmdOPML},
		{"backup", "[-config PATH] FILE", "write a consistent copy of the store to FILE (- for stdout)", cmdBackup},
		{"compact", "[-config PATH]", "rewrite the store to give back freed space (daemon stopped)", cmdCompact},
		{"verify", "[-config PATH] [-repair]", "check the store for damage and say what is damaged; -repair drops damaged records", cmdVerify},
		{"version", "", "print version, commit and Go version", cmdVersion},
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command line and returns the process exit code.
func run(args []string, stdout, stderr io.Writer) int {
	name := "run"
	// No command, or flags first ("feedcurator -config x.yaml"), means run:
	// the usage says so, and a daemon's command line is often only flags.
	if len(args) > 0 && (!strings.HasPrefix(args[0], "-") || isHelp(args[0])) {
		name, args = args[0], args[1:]
	}
	if isHelp(name) {
		usage(stdout)
		return exitOK
	}
	for _, c := range commands {
		if c.name != name {
			continue
		}
		err := c.run(args, stdout, stderr)
		switch {
		case err == nil:
			return exitOK
		case errors.Is(err, flag.ErrHelp):
			return exitOK
		case len(config.Errors(err)) > 0:
			// One line per problem, each "file:line:col: message", as
			// editors and terminals expect them.
			for _, e := range config.Errors(err) {
				fmt.Fprintln(stderr, e)
			}
			return exitUsage
		case errors.As(err, new(usageError)):
			fmt.Fprintf(stderr, "feedcurator %s: %v\n", name, err)
			return exitUsage
		default:
			fmt.Fprintf(stderr, "feedcurator %s: %v\n", name, err)
			return exitFailure
		}
	}
	fmt.Fprintf(stderr, "feedcurator: unknown command %q\n\n", name)
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: feedcurator [command] [flags]   (no command: run)")
	fmt.Fprintln(w)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n           %s\n", c.name, c.args, c.help)
	}
}

// newFlags makes a FlagSet whose errors are returned, not printed and exited on.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("feedcurator "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func isHelp(arg string) bool {
	return arg == "-h" || arg == "-help" || arg == "--help" || arg == "help"
}

// parseFlagsOnly is parseFlags for a command that takes no arguments
// besides its flags.
func parseFlagsOnly(fs *flag.FlagSet, args []string) error {
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	return nil
}

// parseFlags parses args, turning a flag mistake into a usage error. Flags
// may come after the positional arguments too ("match feed.xml -topic
// korea"), as people type them; "--" ends the flags, and "-" alone (stdout
// or stdin) is an argument.
func parseFlags(fs *flag.FlagSet, args []string) error {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return usageError{err}
		}
		rest := fs.Args()
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			positional = append(positional, rest...)
			break
		}
		if len(rest) == 0 {
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	// Leave the positional arguments where fs.Args finds them.
	return fs.Parse(append([]string{"--"}, positional...))
}
