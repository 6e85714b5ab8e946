package main

import (
	"context"
	"fmt"
	"io"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/internal/admin"
)

// cmdBackup writes a consistent copy of the store to FILE: from the store
// itself when no daemon runs, else from the running daemon, which holds the lock.
func cmdBackup(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("backup", stderr)
	configPath := configFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("backup needs one FILE argument")
	}
	out := fs.Arg(0)
	if cfg, err := loadConfig(*configPath); err == nil {
		if err := notForDatabase(cfg, "backup", pgDumpAdvice); err != nil {
			return err
		}
	}
	if out == "-" {
		// The copy goes to stdout (a pipe, ssh, a compressor); what was
		// done is said on stderr, out of its way.
		return backupToStdout(*configPath, stdout, stderr)
	}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		return err
	}
	if !storeExists(cfg) {
		return fmt.Errorf("there is no store at %s yet (run or fetch first)", storePath(cfg))
	}
	store, err := openStore(cfg)
	switch {
	case isLocked(err):
		if err := backupFromDaemon(cfg, out); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "backup of the running daemon's store written to %s\n", out)
		return nil
	case err != nil:
		return err
	}
	defer store.Close()
	pr, pw := io.Pipe()
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		_, err := store.WriteTo(pw)
		pw.CloseWithError(err)
	}()
	err = writeFileAtomically(out, pr, 0o600)
	// If FILE could not be written, nothing reads the pipe any more: close it
	// so that WriteTo ends its read transaction, which store.Close waits for.
	pr.CloseWithError(err)
	<-copied
	if err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	fmt.Fprintf(stdout, "backup of %s written to %s\n", store.Path(), out)
	return nil
}

// backupFromDaemon writes the running daemon's copy of its store to path.
func backupFromDaemon(cfg *config.Config, path string) error {
	return ask(cfg, func(ctx context.Context, c *admin.Client) error {
		pr, pw := io.Pipe()
		go func() { pw.CloseWithError(c.Backup(ctx, pw)) }()
		err := writeFileAtomically(path, pr, 0o600)
		pr.CloseWithError(err) // the file failed: end the download too
		return err
	})
}

// backupToStdout writes the copy to stdout: from the store when no daemon
// holds it, else from the daemon over the admin channel.
func backupToStdout(configPath string, stdout, stderr io.Writer) error {
	cfg, err := loadConfig(configPath)
	if err != nil {
		return err
	}
	store, daemon, err := openOrAsk(cfg, nil)
	switch {
	case err != nil:
		return err
	case daemon:
		if err := ask(cfg, func(ctx context.Context, c *admin.Client) error { return c.Backup(ctx, stdout) }); err != nil {
			return err
		}
		fmt.Fprintln(stderr, "backup of the running daemon's store written to stdout")
		return nil
	}
	defer store.Close()
	file, err := fileStore(store)
	if err != nil {
		return err
	}
	if _, err := file.WriteTo(stdout); err != nil {
		return fmt.Errorf("write the copy to stdout: %w", err)
	}
	fmt.Fprintf(stderr, "backup of %s written to stdout\n", file.Path())
	return nil
}
