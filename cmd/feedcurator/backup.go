package main

import (
	"fmt"
	"io"
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
	store, err := openStore(cfg, nil)
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

// backupToStdout writes the copy to stdout: from the store when no daemon
// holds it, else from a copy the daemon gives (see openForReading).
func backupToStdout(configPath string, stdout, stderr io.Writer) error {
	cfg, err := loadConfig(configPath)
	if err != nil {
		return err
	}
	store, closeFn, err := openForReading(cfg, nil)
	if err != nil {
		return err
	}
	defer closeFn()
	if _, err := store.WriteTo(stdout); err != nil {
		return fmt.Errorf("write the copy to stdout: %w", err)
	}
	fmt.Fprintf(stderr, "backup of %s written to stdout\n", storePath(cfg))
	return nil
}
