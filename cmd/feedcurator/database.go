package main

import (
	"errors"
	"fmt"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/db/postgres"
	"github.com/feedcurator/feedcurator/fetcher"
)

// openDatabase opens the PostgreSQL store of database_url, shared with
// every other daemon on it.
func openDatabase(cfg *config.Config) (db.Engine, error) {
	s, err := postgres.Open(cfg.DatabaseURL, postgres.Options{})
	if errors.Is(err, postgres.ErrUnreachable) {
		return nil, fmt.Errorf("%w\n(database_url or $%s names a PostgreSQL that does not answer: is it running, and does it let this user in?)",
			err, config.DatabaseEnvVar)
	}
	if err != nil {
		return nil, err // not a nil *postgres.Store in a non-nil Engine
	}
	return s, nil
}

// notForDatabase is the answer of the commands that work on the bbolt file
// (backup, verify) when the store is in PostgreSQL, whose own tools do that.
func notForDatabase(cfg *config.Config, command, instead string) error {
	if cfg.DatabaseURL == "" {
		return nil
	}
	return usagef("the store is in PostgreSQL (%s): %s is not feedcurator's job there; %s",
		postgres.Redact(cfg.DatabaseURL), command, instead)
}

// pgDumpAdvice says how to back up the PostgreSQL store.
const pgDumpAdvice = "back it up with pg_dump, e.g. pg_dump -Fc -f feedcurator.dump \"$FEEDCURATOR_DATABASE_URL\", and restore with pg_restore"

// pollLeaser is the store's leases when it is shared with other replicas
// (PostgreSQL), so that they share the polling; nil (poll everything) for
// a store this daemon has to itself.
func pollLeaser(store db.Engine) fetcher.Leaser {
	if l, ok := store.(fetcher.Leaser); ok {
		return l
	}
	return nil
}
