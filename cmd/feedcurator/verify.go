package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
)

// cmdVerify checks the store: bbolt's structure, every record decoded, every
// index entry followed. It prints what it found and exits 1 when the store
// is damaged. While a daemon holds the store it verifies a copy the daemon
// hands out, which a damaged store refuses to give, saying why.
func cmdVerify(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("verify", stderr)
	configPath := configFlag(fs)
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
	if !storeExists(cfg) {
		return fmt.Errorf("there is no store at %s yet (run or fetch first)", storePath(cfg))
	}
	report, err := db.VerifyFile(storePath(cfg), lockWait)
	if isLocked(err) {
		report, err = verifyDaemonCopy(cfg)
	}
	if err != nil {
		return err
	}
	report.WriteTo(stdout)
	if err := report.Err(); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "ok")
	return nil
}

// verifyDaemonCopy verifies a copy of the running daemon's store.
func verifyDaemonCopy(cfg *config.Config) (*db.Report, error) {
	dir, err := os.MkdirTemp("", "feedcurator-verify-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, storeFile)
	if err := backupFromDaemon(cfg, path); err != nil {
		return nil, err
	}
	report, err := db.VerifyFile(path, lockWait)
	if err != nil {
		return nil, err
	}
	report.Path = storePath(cfg) + " (a copy from the running daemon)"
	return report, nil
}
