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
	repair := fs.Bool("repair", false, "drop damaged records and dangling index entries (the daemon stopped)")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		return err
	}
	if err := notForDatabase(cfg, "verify", "PostgreSQL checks its own pages (see amcheck for a deep check)"); err != nil {
		return err
	}
	if !storeExists(cfg) {
		return fmt.Errorf("there is no store at %s yet (run or fetch first)", storePath(cfg))
	}
	if *repair {
		return repairStore(cfg, stdout)
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
		if len(report.Structure) == 0 {
			fmt.Fprintln(stdout, "only records are damaged: `feedcurator verify -repair` (with the daemon stopped) drops them, and their sources' next polls bring the items back")
		}
		return err
	}
	fmt.Fprintln(stdout, "ok")
	return nil
}

// repairStore drops the damaged records and dangling index entries of a
// store no daemon holds, then verifies it again.
func repairStore(cfg *config.Config, stdout io.Writer) error {
	store, err := db.Open(storePath(cfg), db.Options{Timeout: lockWait})
	if isLocked(err) {
		return fmt.Errorf("%w (stop it first: verify -repair rewrites the store)", err)
	}
	if err != nil {
		return err
	}
	defer store.Close()
	found, err := store.Repair()
	found.WriteTo(stdout)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "repaired: dropped %d damaged records and %d dangling index entries\n",
		found.DamagedItems+found.DamagedMemberships+found.DamagedSources, found.Dangling)
	if err := store.Verify().Err(); err != nil {
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
