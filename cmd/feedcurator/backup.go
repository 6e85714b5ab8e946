package main

import (
	"context"
	"fmt"
	"io"

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
	cfg, err := loadConfig(*configPath)
	if err != nil {
		return err
	}
	if !storeExists(cfg) {
		return fmt.Errorf("there is no store at %s yet (run or fetch first)", storePath(cfg))
	}
	store, err := openStore(cfg, nil)
	switch {
	case isLocked(err):
		err := ask(cfg, func(ctx context.Context, c *admin.Client) error {
			pr, pw := io.Pipe()
			go func() { pw.CloseWithError(c.Backup(ctx, pw)) }()
			err := writeFileAtomically(out, pr, 0o600)
			pr.CloseWithError(err) // FILE failed: end the download too
			return err
		})
		if err != nil {
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
