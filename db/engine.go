package db

import (
	"errors"
	"io"
	"time"
)

// Engine is the storage contract: everything the rest of the program (the
// scheduler, the server, the commands) needs of a store, whatever holds it.
// *Store (one bbolt file) is one engine; an engine on a shared database is
// another. Every engine passes the conformance suite in db/dbtest, which is
// the executable form of the guarantees written here; a guarantee not
// tested there is not one callers may rely on.
//
// All methods are safe for concurrent use. Errors are returned, never
// swallowed into a zero value: a read that fails says so.
type Engine interface {
	// SavePoll stores a successful poll of st.ID: its items, the topic
	// memberships each carries (Item.Memberships, computed by the caller:
	// engines classify nothing on the write path; package classify does,
	// and keeps the guarantees Reclassify names) and st, in one commit, so
	// that st's validators (ETag, Last-Modified) are never visible, before
	// or after a crash, without the items they vouch for. An item is
	// stored once (keyed by SourceID and ID, whatever the topics it is in);
	// one already stored keeps its FirstSeen and is updated in place, with
	// Modified set when its ContentHash changed. An item pruned by
	// retention is not stored again while its source still lists it.
	// An item that comes without the article stored with it (ArticleEngine)
	// is refused with ErrStale, nothing of the poll stored: its memberships
	// were computed without the article topics read. Saving the same poll
	// twice changes nothing. items stay the caller's:
	// SavePoll neither modifies nor keeps them, so two goroutines may save
	// one slice. It returns how many of the items were new; of writers
	// saving the same new item at once, one is told it is new.
	SavePoll(st SourceState, items []Item) (added int, err error)

	// TopicItems calls fn for the topic's items, newest first (by
	// Item.SortTime), each with its membership (reasons and score), until fn
	// returns false. What fn gets is fn's to keep. An unknown topic has no
	// items and is not an error.
	TopicItems(topic string, fn func(it *Item, m Membership) bool) error
	// AllItems calls fn for every stored item, newest first, until fn
	// returns false.
	AllItems(fn func(it *Item) bool) error
	// Copies returns every stored item whose link is the same story as link
	// (compared by linkid.Normalize); with topic non-empty, only the topic's
	// members. An empty link has no copies.
	Copies(link, topic string) ([]Item, error)
	// ItemCounts returns the number of stored items per source id; sources
	// with none are absent.
	ItemCounts() (map[string]int, error)
	// TopicCount returns the number of items in a topic and the newest one's
	// sort time (zero when empty).
	TopicCount(topic string) (n int, newest time.Time, err error)
	// TopicChanged returns when the topic id's definition last changed:
	// the time stored with fingerprint when that is the one stored for id,
	// else now, which it stores. It dates empty feeds and stays put across
	// restarts (and, for shared engines, across replicas).
	TopicChanged(id, fingerprint string) (time.Time, error)

	// Source returns the latest state saved for a source (by SaveSource or
	// SavePoll), and false when none is.
	Source(id string) (SourceState, bool, error)
	// Sources returns every saved source state, ordered by id.
	Sources() ([]SourceState, error)
	// SaveSource records a source's state alone (a failed poll, a 304). It
	// is visible to Source and Sources at once; an engine may defer its
	// commit briefly (bbolt does, by about a second) since losing a fetch
	// time to a crash costs only an earlier re-poll. Validators and items
	// change only through SavePoll.
	SaveSource(st SourceState) error

	// Reclassify applies c to every stored item and replaces every topic
	// membership with what c says, recording c's fingerprint
	// (Fingerprinter). c is an argument, not engine state: later saves
	// store the memberships they carry. Readers see the old memberships
	// until the new ones are all in place, never a mix; saves and prunes
	// running meanwhile are neither lost nor left in the replaced
	// memberships. That no save lands with memberships of the classifier
	// replaced is package classify's part: it holds saves off while it
	// reclassifies.
	Reclassify(c Classifier) error
	// ReclassifyIfChanged is Reclassify unless the memberships were built by
	// a classifier with c's fingerprint (a c without one counts as the
	// same). A shared engine decides under its lock, so replicas started
	// together with new topics reclassify once, not once each.
	ReclassifyIfChanged(c Classifier) error
	// Prune applies r and returns how many items it removed: per source the
	// newest MaxItems by sort time are kept, and items first seen more than
	// MaxAge ago go. A pruned item leaves a tombstone so that a source still
	// listing it does not bring it back; the tombstone goes when a poll of
	// the source no longer lists the item (an engine may also expire
	// tombstones after a while: bbolt after MaxAge, or a week).
	Prune(r Retention) (int, error)

	// Snapshot writes a consistent copy of the whole store to w, in the
	// engine's own format, without stopping writers for its duration. An
	// engine that is backed up by its own tools (PostgreSQL: pg_dump)
	// returns an error wrapping ErrNotSupported.
	Snapshot(w io.Writer) (int64, error)

	// Ping checks that the store answers a read now.
	Ping() error
	// WriteError is the error of the last failed commit while one has failed
	// recently (a full disk, a read-only file, a database gone away), else
	// nil; reads may go on meanwhile. /healthz reports it.
	WriteError() error
	// Damage is what reads have found damaged since the engine opened:
	// records skipped because they do not decode, a structural fault. An
	// engine whose storage cannot be damaged that way reports none.
	Damage() Damage
	// Location names where the store lives, for messages and logs: a file
	// path, or a database URL without its password.
	Location() string

	// Version changes whenever anything a feed shows changed, in this
	// process or, for shared engines, another replica. Render caches key on
	// it; it need not count changes, only differ after one. A poll that
	// changed nothing leaves it as it was, or every poll would empty the
	// caches.
	Version() uint64
	// StateVersion changes whenever a source's state is saved (a poll of any
	// outcome), which Version does not follow: pages that show fetch status
	// key on both.
	StateVersion() uint64

	// Close commits what is pending and releases the store; no method may
	// be called after it.
	Close() error
}

// ErrStale refuses a save computed from a read the store has since
// outdated: a poll's item that comes without the article stored with it
// meanwhile, an article whose item a poll changed meanwhile. Nothing of
// the save is stored; its caller (package classify) reads again,
// classifies again and retries.
var ErrStale = errors.New("db: the store changed since the save was prepared")

// ErrNotSupported is what an engine answers to an operation it leaves to
// other tools (a Snapshot of PostgreSQL is pg_dump's job).
var ErrNotSupported = errors.New("db: not supported by this storage engine")

// FileEngine is what an engine that lives in one local file (bbolt) offers
// beyond Engine: operations on the file itself, which have no meaning for a
// shared database. Callers type-assert for it and say what to do instead
// when the engine is not one.
type FileEngine interface {
	Engine
	// Path is the store's file.
	Path() string
	// Size is the file's size in bytes as its last commit left it.
	Size() int64
	// WriteTo writes a consistent copy of the file, verifying it first.
	WriteTo(w io.Writer) (int64, error)
	// Check runs the structural part of Verify.
	Check() error
	// Verify reads every record and reports what is damaged.
	Verify() *Report
	// Repair drops damaged records and dangling index entries.
	Repair() (*Report, error)
}

// *Store is the bbolt engine.
var _ FileEngine = (*Store)(nil)

// Location is the store's file: for bbolt, where it lives is its path.
func (s *Store) Location() string { return s.path }
