package main

import (
	"fmt"
	"io"

	"github.com/feedcurator/feedcurator/db"
)

// cmdCompact rewrites the store file to give back the space that retention
// freed: bbolt reuses freed pages but never shrinks its file. Run it with the
// daemon stopped, after a large prune (lowering retention.max_age or
// max_items, removing sources).
func cmdCompact(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("compact", stderr)
	configPath := configFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		return err
	}
	if cfg.DatabaseURL != "" {
		// PostgreSQL's autovacuum reuses the space of pruned rows while it runs.
		fmt.Fprintf(stdout, "the store is in PostgreSQL: compact is not needed (autovacuum reclaims pruned rows; VACUUM FULL returns space to the system)\n")
		return nil
	}
	before, after, err := db.Compact(storePath(cfg), lockWait)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "compacted %s: %d → %d bytes\n", storePath(cfg), before, after)
	return nil
}
