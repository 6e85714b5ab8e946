package db

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Bucket layout. Every index key that orders by time starts with an 8-byte
// timeKey so that a cursor walked from Last to Prev yields newest first.
//
//	meta                      "schema", "gen", "fingerprint"
//	items     itemKey       → encoded Item
//	bytime    time+itemKey  → nil     (all items, newest last)
//	byseen    time+itemKey  → nil     (first seen, for max_age)
//	bysource  /src/ time+id → nil     (per source, for max_items and counts)
//	links     link\0itemKey → nil     (copies of one story)
//	tombs     itemKey       → time    (pruned items not to be stored again)
//	sources   id            → JSON SourceState
//	topics.G  /topic/ time+itemKey → nil   (membership index, generation G)
//	members.G itemKey       → encoded []Membership
//
// The topic buckets carry a generation so that Reclassify can build new ones
// beside the old while feeds keep being served from the old.
var (
	bucketMeta     = []byte("meta")
	bucketItems    = []byte("items")
	bucketByTime   = []byte("bytime")
	bucketBySeen   = []byte("byseen")
	bucketBySource = []byte("bysource")
	bucketLinks    = []byte("links")
	bucketTombs    = []byte("tombs")
	bucketSources  = []byte("sources")

	keySchema      = []byte("schema")
	keyGen         = []byte("gen")
	keyFingerprint = []byte("fingerprint")
)

const schemaVersion = "1"

// batchDelay is how long a poll's commit waits for others to share it.
const batchDelay = 30 * time.Millisecond

// ErrLocked means another process holds the store's file lock.
var ErrLocked = errors.New("db: store is locked by another process")

// Store is the bbolt-backed store. It is safe for concurrent use.
type Store struct {
	bolt         *bolt.DB
	path         string
	version      atomic.Uint64
	stateVersion atomic.Uint64
	polls        atomic.Uint64 // SavePoll calls, to pace releaseMapped
	articleSaves atomic.Uint64 // articles saved (SaveArticles), to pace it too
	itemsScanned atomic.Uint64 // items read by NewestItems, likewise
	now          func() time.Time

	states  pendingStates // SaveSource's states not yet committed
	flushMu sync.RWMutex  // flushStates (write) against SavePoll (read)
	writes  WriteHealth

	// genMu guards gen, the topic indexes' generation: writers hold it for
	// reading so that Reclassify (which holds it for writing) sees no save
	// or prune land in the generation it replaces.
	genMu sync.RWMutex
	gen   atomic.Uint64 // written under genMu, read without it

	log    *slog.Logger // nil: slog.Default() at the time of logging
	damage damageLog
	// background counts goroutines the store started (releaseMapped);
	// Close waits for them, so none touches the file after it.
	background sync.WaitGroup
}

// Options tune Open.
type Options struct {
	// Timeout bounds the wait for the file lock held by another process;
	// zero means one second.
	Timeout time.Duration
	// ReadOnly opens the file without taking the write lock's exclusive form.
	ReadOnly bool
	// Now replaces the clock in tests.
	Now func() time.Time
	// Logger receives what the store finds damaged; nil means slog.Default().
	Logger *slog.Logger
}

// Fingerprinter is implemented by classifiers whose definition can change:
// an engine records the fingerprint of the classifier its memberships were
// built with, and ReclassifyIfChanged rebuilds them when it differs.
type Fingerprinter interface {
	Fingerprint() string
}

// Open opens (creating if needed) the store at path with mode 0600. A file
// that is there but damaged (empty, truncated, a freelist gone bad) is a
// DamagedError, never a panic and never a fresh store in its place.
func Open(path string, opts Options) (*Store, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if dir := filepath.Dir(path); dir != "" && !opts.ReadOnly {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("db: create data directory: %w", err)
		}
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) && !opts.ReadOnly {
		if err := createFile(path); err != nil {
			return nil, err
		}
	} else if err := precheckFile(path); err != nil {
		return nil, err
	}
	var bdb *bolt.DB
	err := guard(path, func() error {
		var err error
		bdb, err = bolt.Open(path, 0o600, &bolt.Options{
			Timeout:      opts.Timeout,
			ReadOnly:     opts.ReadOnly,
			FreelistType: bolt.FreelistMapType,
		})
		return err
	})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("%w: %s (another feedcurator is running on this data_dir; waited %s)", ErrLocked, path, opts.Timeout)
	}
	var pathErr *fs.PathError
	switch {
	case err == nil:
	case errors.Is(err, ErrDamaged):
		return nil, err
	case errors.As(err, &pathErr) || errors.Is(err, bolt.ErrDatabaseReadOnly):
		// The file system's answer (permissions, a read-only mount), not
		// the file's content.
		return nil, fmt.Errorf("db: open %s: %w", path, err)
	default: // bbolt refuses what it read: meta pages, size, mapping
		return nil, &DamagedError{Path: path, Reason: err.Error()}
	}
	// Polls commit through Batch. bbolt's default 10 ms window gathered
	// 1.6 polls per commit in the 1,000-feed ingest benchmark, and commits
	// (page writes, fdatasync) are serial: the writer, not parsing, set the
	// pace. 30 ms gathers most of the polls in flight and took the ingest
	// from 1.8× to 1.3× the gofeed-only floor (BENCHMARKS.md).
	bdb.MaxBatchDelay = batchDelay
	s := &Store{bolt: bdb, path: path, now: opts.Now, log: opts.Logger}
	if !opts.ReadOnly {
		if err := s.init(); err != nil {
			bdb.Close()
			return nil, err
		}
		removeStaleSnapshots(path) // the lock is ours: no snapshot is being made
	}
	if err := s.view(func(tx *bolt.Tx) error {
		if m := tx.Bucket(bucketMeta); m != nil {
			s.gen.Store(parseGen(m.Get(keyGen)))
		}
		return nil
	}); err != nil {
		bdb.Close()
		return nil, fmt.Errorf("db: read meta: %w", err)
	}
	return s, nil
}

// createFile makes a new, empty store at path. bbolt would create it in
// place, where a crash between creating the file and writing its first
// pages leaves an empty file; built beside it and linked into place, path
// is either absent or a whole store, and an empty file can be refused.
func createFile(path string) error {
	tmp := fmt.Sprintf("%s.new-%d", path, os.Getpid())
	os.Remove(tmp)
	defer os.Remove(tmp)
	bdb, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return fmt.Errorf("db: create %s: %w", path, err)
	}
	if err := bdb.Close(); err != nil {
		return fmt.Errorf("db: create %s: %w", path, err)
	}
	err = os.Link(tmp, path)
	if err != nil && !errors.Is(err, os.ErrExist) {
		// A file system without hard links: rename, which is as whole,
		// only not exclusive against another process creating it too.
		err = os.Rename(tmp, path)
	}
	if err != nil && !errors.Is(err, os.ErrExist) {
		return fmt.Errorf("db: create %s: %w", path, err)
	}
	return nil
}

// logger is where damage is reported.
func (s *Store) logger() *slog.Logger {
	if s.log != nil {
		return s.log
	}
	return slog.Default()
}

// view and update run a transaction under guard: a fault inside bbolt on a
// damaged page becomes a DamagedError, and is remembered for /healthz.
func (s *Store) view(fn func(tx *bolt.Tx) error) error {
	return s.guarded(func() error { return s.bolt.View(fn) })
}

func (s *Store) update(fn func(tx *bolt.Tx) error) error {
	return s.guarded(func() error { return s.bolt.Update(fn) })
}

// batch is update through bolt's Batch. fn runs on Batch's goroutine, so it
// sets its own fault guard; a panic there Batch itself turns into an error.
func (s *Store) batch(fn func(tx *bolt.Tx) error) error {
	return s.guarded(func() error {
		return s.bolt.Batch(func(tx *bolt.Tx) error {
			return guard(s.path, func() error { return fn(tx) })
		})
	})
}

func (s *Store) guarded(fn func() error) error {
	err := guard(s.path, fn)
	var d *DamagedError
	if errors.As(err, &d) && d.fault {
		s.damage.noteStructural(d)
		s.logger().Error("store damaged", "error", d)
	}
	return err
}

func (s *Store) init() error {
	err := s.update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketMeta, bucketItems, bucketByTime, bucketBySeen, bucketBySource, bucketLinks, bucketTombs, bucketSources} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		meta := tx.Bucket(bucketMeta)
		if v := meta.Get(keySchema); v != nil && string(v) != schemaVersion {
			return fmt.Errorf("db: store schema %q, this feedcurator reads %q", v, schemaVersion)
		}
		if err := meta.Put(keySchema, []byte(schemaVersion)); err != nil {
			return err
		}
		gen := parseGen(meta.Get(keyGen))
		if _, err := tx.CreateBucketIfNotExists(topicsBucketName(gen)); err != nil {
			return err
		}
		_, err := tx.CreateBucketIfNotExists(membersBucketName(gen))
		return err
	})
	if err != nil {
		return fmt.Errorf("db: initialise %s: %w", s.path, err)
	}
	return nil
}

func (s *Store) fingerprintChanged(c Classifier) (bool, error) {
	f, ok := c.(Fingerprinter)
	if !ok {
		return false, nil
	}
	var stored string
	err := s.view(func(tx *bolt.Tx) error {
		stored = string(tx.Bucket(bucketMeta).Get(keyFingerprint))
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("db: read the topics' fingerprint: %w", err)
	}
	return stored != f.Fingerprint(), nil
}

// Close commits the pending source states and closes the file. In-flight
// transactions finish first.
func (s *Store) Close() error {
	s.states.stop()
	s.background.Wait()
	ferr := s.flushStates()
	return errors.Join(ferr, s.bolt.Close())
}

// Path is the file the store lives in.
func (s *Store) Path() string { return s.path }

// Version changes whenever a commit changes what a feed or page could show;
// caches of rendered feeds key on it.
func (s *Store) Version() uint64 { return s.version.Load() }

func (s *Store) changed() { s.version.Add(1) }

// StateVersion changes whenever a source's state is saved (a poll of any
// outcome), which Version does not follow: pages that show fetch status key
// on both.
func (s *Store) StateVersion() uint64 { return s.stateVersion.Load() }

// Ping checks that the store answers a read.
func (s *Store) Ping() error {
	return s.view(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketMeta) == nil {
			return errors.New("db: meta bucket missing")
		}
		return nil
	})
}

// WriteTo writes a consistent copy of the store (a hot backup) while writers
// go on. It verifies the store first, in the same transaction, and refuses
// (a DamagedError) to copy a damaged one.
func (s *Store) WriteTo(w io.Writer) (int64, error) {
	var n int64
	err := s.view(func(tx *bolt.Tx) error {
		r := &Report{Path: s.path}
		s.verifyTx(tx, r)
		if err := r.Err(); err != nil {
			return fmt.Errorf("refusing to copy it: %w", err)
		}
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}

// Check runs the structural part of Verify and returns the first problem found.
func (s *Store) Check() error {
	if r := s.Verify(); len(r.Structure) > 0 {
		return fmt.Errorf("db: consistency check: %s", r.Structure[0])
	}
	return nil
}

// Size is the store file's size in bytes (as its last commit left it); 0
// when the store cannot be read, which Ping and /healthz report.
func (s *Store) Size() int64 {
	var n int64
	s.view(func(tx *bolt.Tx) error { n = tx.Size(); return nil })
	return n
}

// Source returns the state of one source: the latest saved, committed or not.
func (s *Store) Source(id string) (SourceState, bool, error) {
	if st, ok := s.states.get(id); ok {
		return st, true, nil
	}
	var st SourceState
	var found bool
	err := s.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketSources).Get([]byte(id))
		if v == nil {
			return nil
		}
		found = s.decodeState(id, v, &st)
		return nil
	})
	if err != nil {
		return SourceState{}, false, fmt.Errorf("db: source %s: %w", id, err)
	}
	return st, found, nil
}

// Sources returns every source state, ordered by id, the latest saved
// (committed or not) for each.
func (s *Store) Sources() ([]SourceState, error) {
	var out []SourceState
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSources).ForEach(func(k, v []byte) error {
			var st SourceState
			if s.decodeState(string(k), v, &st) {
				out = append(out, st)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("db: sources: %w", err)
	}
	return s.states.overlay(out), nil
}

// decodeState decodes a stored source state. A damaged one is logged,
// counted and reported as absent: the source is then polled as a new one
// and its state written afresh, rather than failing every poll (or the
// daemon's start) on it.
func (s *Store) decodeState(id string, v []byte, st *SourceState) bool {
	err := json.Unmarshal(v, st)
	if err == nil && st.ID != id {
		err = fmt.Errorf("the record of source %q names source %q", id, st.ID)
	}
	if err != nil {
		*st = SourceState{}
		s.skipDamaged(bucketSources, []byte(id), err)
		return false
	}
	st.ClampSchedule(s.now())
	return true
}

// SaveSource records a source's state alone (a failed poll, a 304). It is
// committed with others within stateFlushDelay, not in a transaction of its
// own: a round of 304s would otherwise cost a commit (and an fsync) each,
// and losing a fetch time to a crash only means an earlier re-poll.
// Validators and items only ever change through SavePoll, which commits at once.
func (s *Store) SaveSource(st SourceState) error {
	s.states.put(st, s.flushStates)
	s.stateVersion.Add(1)
	return nil
}

// flushStates commits the pending source states in one transaction. A
// failure is kept for WriteError and the states stay pending for the next try.
func (s *Store) flushStates() error {
	s.flushMu.Lock()
	defer s.flushMu.Unlock()
	batch := s.states.take()
	if len(batch) == 0 {
		return nil
	}
	provenance := false
	err := s.update(func(tx *bolt.Tx) error {
		provenance = false
		for _, st := range batch {
			p, err := s.putSource(tx, st)
			if err != nil {
				return err
			}
			provenance = provenance || p
		}
		return nil
	})
	s.noteWrite(err)
	if err != nil {
		s.states.restore(batch, s.flushStates)
		return fmt.Errorf("db: save source states: %w", err)
	}
	for id := range batch {
		s.damage.repaired(string(bucketSources), id)
	}
	if provenance {
		s.changed()
	}
	return nil
}

// WriteError is the error of the last failed commit while one failed
// within the hold of WriteHealth: a full disk or a read-only file shows
// here (and in /healthz) while reads go on.
func (s *Store) WriteError() error { return s.writes.Err(s.now()) }

func (s *Store) noteWrite(err error) { s.writes.Note(err, s.now()) }

// putSource stores st and reports whether what feeds show of the source (its
// provenance) changed, which invalidates rendered feeds; a new fetch time
// alone does not.
func (s *Store) putSource(tx *bolt.Tx, st SourceState) (provenanceChanged bool, err error) {
	b := tx.Bucket(bucketSources)
	var old SourceState
	if v := b.Get([]byte(st.ID)); v != nil {
		s.decodeState(st.ID, v, &old) // a damaged one is overwritten now
	}
	provenanceChanged = old.URL != st.URL || old.Title != st.Title || old.SiteURL != st.SiteURL || old.FeedID != st.FeedID ||
		!slices.Equal(old.Authors, st.Authors)
	v, err := json.Marshal(st)
	if err != nil {
		return false, err
	}
	return provenanceChanged, b.Put([]byte(st.ID), v)
}

func topicsBucketName(gen uint64) []byte  { return []byte(fmt.Sprintf("topics.%d", gen)) }
func membersBucketName(gen uint64) []byte { return []byte(fmt.Sprintf("members.%d", gen)) }

func parseGen(v []byte) uint64 {
	g, _ := strconv.ParseUint(string(v), 10, 64)
	return g
}

// txGen is the topic generation tx sees. Readers take it from the
// transaction, not from s.gen: Reclassify's swap deletes the old
// generation's buckets in the commit that names the new one, and s.gen is
// set only after that commit, so a reader that paired s.gen with a later
// transaction would find its topic gone and serve an empty feed.
func txGen(tx *bolt.Tx) uint64 {
	if meta := tx.Bucket(bucketMeta); meta != nil {
		return parseGen(meta.Get(keyGen))
	}
	return 0
}
