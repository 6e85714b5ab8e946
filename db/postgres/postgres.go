// Package postgres is feedcurator's store on PostgreSQL: the same items,
// source states and topic memberships as the bbolt store (package db), in
// tables that any number of daemons (replicas) share. Each replica learns of
// the others' commits through LISTEN/NOTIFY, with a periodic check of a
// change counter in case a notification is missed.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/feedcurator/feedcurator/db"
)

// ErrNewerSchema means the database was migrated by a newer feedcurator.
var ErrNewerSchema = errors.New("postgres: database schema is newer than this binary")

// ErrUnreachable wraps a failure to reach the database at Open.
var ErrUnreachable = errors.New("postgres: database unreachable")

// Options tune Open; they mirror db.Options.
type Options struct {
	// Now replaces the clock in tests.
	Now func() time.Time
	// Logger receives the listener's reconnections; nil means slog.Default().
	Logger *slog.Logger
	// CheckEvery is how often the change counter is read in case a
	// notification was missed; zero means fallbackCheck.
	CheckEvery time.Duration
	// ConnectTimeout bounds the first connection; zero means ten seconds.
	ConnectTimeout time.Duration
}

// fallbackCheck is how often a replica reads the change counter: a missed
// notification then costs at most this much staleness.
const fallbackCheck = 3 * time.Second

// Store is the PostgreSQL-backed store. It is safe for concurrent use.
type Store struct {
	pool  *pgxpool.Pool
	url   string
	owner string // this replica, in the leases table
	now   func() time.Time
	log   atomic.Pointer[slog.Logger]

	version      atomic.Uint64
	stateVersion atomic.Uint64
	listened     atomic.Bool // the listener has connected once

	// seen is the change counter as this replica last knew it (seenMu);
	// gate keeps the fallback check (Lock) out while a commit (RLock)
	// records its own change in it.
	gate   sync.RWMutex
	seenMu sync.Mutex
	seen   map[int]int64

	// genMu: saves and prunes hold it for reading, Reclassify for writing,
	// so that in this process none waits on the database for a generation
	// being replaced; across replicas an advisory lock does the same
	// (classLock).
	genMu sync.RWMutex

	writes db.WriteHealth

	cancel context.CancelFunc
	bg     sync.WaitGroup
	closed atomic.Bool
}

// Open connects to the database at url, creates or migrates its schema, and
// starts listening for other replicas' changes. An unreachable database is
// ErrUnreachable; a schema newer than this binary's, ErrNewerSchema.
func Open(rawURL string, opts Options) (*Store, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.CheckEvery <= 0 {
		opts.CheckEvery = fallbackCheck
	}
	if opts.ConnectTimeout <= 0 {
		opts.ConnectTimeout = 10 * time.Second
	}
	cfg, err := pgxpool.ParseConfig(rawURL)
	if err != nil {
		return nil, fmt.Errorf("postgres: database_url: %w", redactErr(err, rawURL))
	}
	ctx, cancel := context.WithTimeout(context.Background(), opts.ConnectTimeout)
	defer cancel()
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err == nil {
		err = pool.Ping(ctx)
	}
	if err != nil {
		if pool != nil {
			pool.Close()
		}
		return nil, fmt.Errorf("%w: %s: %w", ErrUnreachable, Redact(rawURL), redactErr(err, rawURL))
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: schema of %s: %w", Redact(rawURL), err)
	}
	bg, stop := context.WithCancel(context.Background())
	s := &Store{pool: pool, url: rawURL, owner: newOwner(), now: opts.Now, cancel: stop}
	s.log.Store(opts.Logger)
	seen, err := s.readCounter(ctx)
	if err != nil {
		stop()
		pool.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	s.seen = seen
	s.bg.Add(2)
	go s.listen(bg)
	go s.checkChanges(bg, opts.CheckEvery)
	return s, nil
}

// SetLogger sends what the store logs (the listener's reconnections, clock
// jumps) to log from now on: the daemon's logger exists only once the
// store has opened.
func (s *Store) SetLogger(log *slog.Logger) { s.log.Store(log) }

func (s *Store) logger() *slog.Logger { return s.log.Load() }

// Close stops the listener and closes the connections.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	s.cancel()
	s.bg.Wait()
	s.pool.Close()
	return nil
}

// Location names the database, without its password, for logs and messages.
func (s *Store) Location() string { return Redact(s.url) }

// Snapshot is pg_dump's job: a copy of a shared database is not one
// replica's to make.
func (s *Store) Snapshot(io.Writer) (int64, error) {
	return 0, fmt.Errorf("%w: back up PostgreSQL with pg_dump", db.ErrNotSupported)
}

// The PostgreSQL engine keeps the storage contract.
var _ db.Engine = (*Store)(nil)

// Ping checks that the database answers, for /healthz.
func (s *Store) Ping() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.pool.Ping(ctx); err != nil {
		return fmt.Errorf("postgres: %s: %w", Redact(s.url), redactErr(err, s.url))
	}
	return nil
}

// Damage is always empty: PostgreSQL guards its own pages.
func (s *Store) Damage() db.Damage { return db.Damage{} }

// Size is the database's size in bytes, 0 when it cannot be read.
func (s *Store) Size() int64 {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var n int64
	if err := s.pool.QueryRow(ctx, `SELECT pg_database_size(current_database())`).Scan(&n); err != nil {
		return 0
	}
	return n
}

// WriteError is the error of the last failed commit, held as db.Store
// holds it (db.WriteHealth).
func (s *Store) WriteError() error { return s.writes.Err(s.now()) }

func (s *Store) noteWrite(err error) { s.writes.Note(err, s.now()) }

// Redact returns the URL with its password replaced, for messages.
func Redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		if err != nil {
			return "(database_url)"
		}
		return raw
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// redactErr keeps a password that pgx quotes in an error out of logs.
func redactErr(err error, raw string) error {
	u, perr := url.Parse(raw)
	if perr != nil || u.User == nil {
		return err
	}
	if p, has := u.User.Password(); has && p != "" {
		return errors.New(strings.ReplaceAll(err.Error(), p, "xxxxx"))
	}
	return err
}
