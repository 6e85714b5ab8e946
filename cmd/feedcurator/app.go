package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/feedcurator/feedcurator/classify"
	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/fetcher/httpclient"
	"github.com/feedcurator/feedcurator/internal/redact"
	"github.com/feedcurator/feedcurator/topic"
)

// storeFile is the name of the bbolt file inside data_dir.
const storeFile = "feedcurator.db"

// lockWait is how long a command waits for the store's lock before it says
// another feedcurator holds it.
const lockWait = 2 * time.Second

// configFlag adds the -config flag every command that reads a config takes.
func configFlag(fs *flag.FlagSet) *string {
	return fs.String("config", "", "config file (default: $FEEDCURATOR_CONFIG, ./config.yaml, built-in)")
}

// loadTopics loads the config as loadConfig does and compiles its topics.
func loadTopics(flagPath string) (*config.Config, *topic.Set, error) {
	cfg, err := loadConfig(flagPath)
	if err != nil {
		return nil, nil, err
	}
	set, err := compileTopics(cfg)
	if err != nil {
		return nil, nil, err
	}
	return cfg, set, nil
}

// loadConfig finds and loads the config the way `run` does; a config that
// does not load is a usage error (exit 2) with its file:line:col.
func loadConfig(flagPath string) (*config.Config, error) {
	path, err := config.Locate(flagPath)
	if err != nil {
		return nil, usageError{err}
	}
	if path == "" {
		return config.Default(), nil
	}
	cfg, err := config.Load(path)
	if err != nil {
		return nil, usageError{err}
	}
	return cfg, nil
}

// compileTopics compiles the config's topics; the config was validated, so
// a failure here is a defect, reported as a runtime failure.
func compileTopics(cfg *config.Config) (*topic.Set, error) {
	set, err := topic.Compile(cfg.Topics)
	if err != nil {
		return nil, fmt.Errorf("compile topics: %w", err)
	}
	return set, nil
}

func storePath(cfg *config.Config) string { return filepath.Join(cfg.DataDir, storeFile) }

// storeExists reports whether the config's store file is there; commands
// that only read the store check it first, because opening creates it.
func storeExists(cfg *config.Config) bool {
	_, err := os.Stat(storePath(cfg))
	return err == nil
}

// openEngine opens the store the daemon and the commands that read and
// write items use, through the storage contract (db.Engine), with its
// topic memberships those of set: rebuilt when set's topics are not the
// ones they were built with. It is where the config chooses the engine:
// PostgreSQL with database_url, else the bbolt file. Writers save through
// writePath.
func openEngine(cfg *config.Config, set *topic.Set) (db.Engine, error) {
	var e db.Engine
	if cfg.DatabaseURL != "" {
		pg, err := openDatabase(cfg)
		if err != nil {
			return nil, err
		}
		e = pg
	} else {
		store, err := openStore(cfg)
		if err != nil {
			return nil, err // not a nil *db.Store in a non-nil Engine
		}
		e = store
	}
	if c := classifierOf(set); c != nil {
		if err := e.ReclassifyIfChanged(c); err != nil {
			e.Close()
			return nil, err
		}
	}
	return e, nil
}

// writePath is how the scheduler and full text save into store: through
// package classify, which gives items set's topics on their way in.
func writePath(store db.Engine, set *topic.Set) (*classify.Store, error) {
	return classify.New(store, classifierOf(set))
}

// classifierOf is set as a classifier; no topics is none (not a nil
// *topic.Set in a non-nil interface).
func classifierOf(set *topic.Set) db.Classifier {
	if set == nil {
		return nil
	}
	return set
}

// fileStore is e when it is the bbolt file, for the commands that work on
// the file itself (copy, verify, compact); any other engine gets an error
// that says what to use instead.
func fileStore(e db.Engine) (db.FileEngine, error) {
	if f, ok := e.(db.FileEngine); ok {
		return f, nil
	}
	return nil, fmt.Errorf("the store at %s is not a file: back it up and check it with its own tools (PostgreSQL: pg_dump)", e.Location())
}

// openStore opens the config's bbolt store.
func openStore(cfg *config.Config) (*db.Store, error) {
	return db.Open(storePath(cfg), db.Options{Timeout: lockWait})
}

func newClient(cfg *config.Config) *httpclient.Client {
	return httpclient.New(httpclient.Options{Poll: cfg.Poll, UserAgent: userAgent(cfg.BaseURL)})
}

// newLogger builds the process logger from the config's log section.
func newLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.Log.Level)); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level, ReplaceAttr: redactAttr(cfg.Secrets())}
	if strings.EqualFold(cfg.Log.Format, "json") {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// redactAttr redacts the log's texts and errors as pages redact them: a
// poll error quotes the URL it failed on, credentials and all, and logs are
// read by more people and programs than the config.
func redactAttr(secrets []string) func([]string, slog.Attr) slog.Attr {
	return func(_ []string, a slog.Attr) slog.Attr {
		switch v := a.Value.Any().(type) {
		case string:
			a.Value = slog.StringValue(redact.Text(v, secrets...))
		case error:
			a.Value = slog.StringValue(redact.Text(v.Error(), secrets...))
		}
		return a
	}
}

// isLocked reports that another process (normally the running daemon) holds
// the store.
func isLocked(err error) bool { return errors.Is(err, db.ErrLocked) }
