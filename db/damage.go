package db

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"runtime/debug"
	"sort"
	"sync"
)

// ErrDamaged marks every error that says the store file itself is damaged:
// the cure is `feedcurator verify` and a backup, not a retry.
var ErrDamaged = errors.New("db: store is damaged")

// DamagedError says which store file is damaged and how.
type DamagedError struct {
	Path   string
	Reason string
	fault  bool // a panic or memory fault inside bbolt, not a record
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("store %s is damaged: %s; run `feedcurator verify` to see what is damaged, or restore a backup", e.Path, e.Reason)
}

func (e *DamagedError) Unwrap() error { return ErrDamaged }

func (s *Store) damagedf(format string, args ...any) error {
	return &DamagedError{Path: s.path, Reason: fmt.Sprintf(format, args...)}
}

// guard turns a panic (or, with panicOnFault, a memory fault on the mapped
// file) inside fn into a DamagedError. bbolt trusts its file: a page id
// flipped on disk makes it index past its mapping or assert, and that must
// cost the operation, not the daemon.
func guard(path string, fn func() error) (err error) {
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer func() {
		if r := recover(); r != nil {
			err = &DamagedError{Path: path, Reason: fmt.Sprint(r), fault: true}
		}
	}()
	return fn()
}

// bbolt's on-disk layout, as far as precheckFile reads it: every page
// starts with a 16-byte header (id, flags, count, overflow); pages 0 and 1
// hold the meta records.
const (
	boltMagic        = 0xED0CDAED
	boltVersion      = 2
	pageHeaderSize   = 16
	metaSize         = 64 // magic … txid, then the checksum
	freelistPageFlag = 0x10
	noFreelist       = 0xffffffffffffffff
)

type boltMeta struct {
	pageSize uint32
	root     uint64
	freelist uint64
	hwm      uint64 // pages in use: the file must hold at least this many
	txid     uint64
}

// precheckFile looks at what bbolt reads without checking when it opens a
// file (the meta pages' claims about the file's size and the freelist) and
// returns a DamagedError where they cannot be true. bbolt panics, or faults
// on its mapping, on a truncated file or a freelist page gone bad.
func precheckFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("db: open %s: %w", path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("db: open %s: %w", path, err)
	}
	damaged := func(format string, args ...any) error {
		return &DamagedError{Path: path, Reason: fmt.Sprintf(format, args...)}
	}
	size := fi.Size()
	if size == 0 {
		// A store is never created in place (see createFile), so an empty
		// file is one truncated to nothing, not a new store: opening it
		// would silently start from scratch.
		return damaged("the file is empty (0 bytes)")
	}
	meta, err := readMeta(f, size)
	if err != nil {
		return damaged("%v", err)
	}
	ps := int64(meta.pageSize)
	if need := int64(meta.hwm) * ps; size < need {
		return damaged("the file is truncated: %d bytes, its last commit needs %d", size, need)
	}
	if meta.root < 2 || meta.root >= meta.hwm {
		return damaged("the root page %d is out of range [2, %d)", meta.root, meta.hwm)
	}
	if meta.freelist == noFreelist {
		return nil
	}
	if meta.freelist < 2 || meta.freelist >= meta.hwm {
		return damaged("the freelist page %d is out of range [2, %d)", meta.freelist, meta.hwm)
	}
	return checkFreelist(f, meta, damaged)
}

// readMeta returns the newer of the two meta pages that is intact, as bbolt
// picks it.
func readMeta(f io.ReaderAt, size int64) (boltMeta, error) {
	var best boltMeta
	found := false
	var why error
	// The first meta page says the page size; the second sits one page in.
	offsets := []int64{0}
	var first [pageHeaderSize + metaSize]byte
	if _, err := f.ReadAt(first[:], 0); err == nil {
		if ps := int64(binary.LittleEndian.Uint32(first[pageHeaderSize+8:])); ps >= 512 && ps <= 1<<20 {
			offsets = append(offsets, ps)
		}
	}
	offsets = append(offsets, 4096) // bbolt's fallback when meta 0 is unreadable
	for _, off := range offsets {
		var b [pageHeaderSize + metaSize]byte
		if off+int64(len(b)) > size {
			continue
		}
		if _, err := f.ReadAt(b[:], off); err != nil {
			why = err
			continue
		}
		m := b[pageHeaderSize:]
		le := binary.LittleEndian
		h := fnv.New64a()
		h.Write(m[:56])
		switch {
		case le.Uint32(m[0:]) != boltMagic:
			why = errors.New("not a bbolt file (bad magic number)")
			continue
		case le.Uint32(m[4:]) != boltVersion:
			why = fmt.Errorf("bbolt format version %d, this feedcurator reads %d", le.Uint32(m[4:]), boltVersion)
			continue
		case le.Uint64(m[56:]) != h.Sum64():
			why = errors.New("both meta pages fail their checksum")
			continue
		}
		bm := boltMeta{pageSize: le.Uint32(m[8:]), root: le.Uint64(m[16:]), freelist: le.Uint64(m[32:]), hwm: le.Uint64(m[40:]), txid: le.Uint64(m[48:])}
		if !found || bm.txid > best.txid {
			best, found = bm, true
		}
	}
	if !found {
		if why == nil {
			why = errors.New("too short to hold a bbolt header")
		}
		return boltMeta{}, why
	}
	if best.pageSize < 512 || best.pageSize > 1<<20 {
		return boltMeta{}, fmt.Errorf("implausible page size %d", best.pageSize)
	}
	return best, nil
}

// checkFreelist reads the freelist page: it must be one, and list distinct
// pages inside the file other than the meta pages.
func checkFreelist(f io.ReaderAt, meta boltMeta, damaged func(string, ...any) error) error {
	ps := int64(meta.pageSize)
	var hdr [pageHeaderSize + 8]byte
	if _, err := f.ReadAt(hdr[:], int64(meta.freelist)*ps); err != nil {
		return damaged("read the freelist page: %v", err)
	}
	le := binary.LittleEndian
	if flags := le.Uint16(hdr[8:]); flags != freelistPageFlag {
		return damaged("page %d should be the freelist but has type %#x", meta.freelist, flags)
	}
	count, start := uint64(le.Uint16(hdr[10:])), int64(pageHeaderSize)
	if count == 0xFFFF {
		count, start = le.Uint64(hdr[16:]), pageHeaderSize+8
	}
	overflow := uint64(le.Uint32(hdr[12:]))
	if meta.freelist+overflow >= meta.hwm {
		return damaged("the freelist page %d overflows past the last page %d", meta.freelist, meta.hwm)
	}
	if count > ((overflow+1)*uint64(ps)-uint64(start))/8 {
		return damaged("the freelist claims %d pages, more than its page holds", count)
	}
	buf := make([]byte, count*8)
	if _, err := f.ReadAt(buf, int64(meta.freelist)*ps+start); err != nil {
		return damaged("read the freelist: %v", err)
	}
	ids := make([]uint64, count)
	for i := range ids {
		ids[i] = le.Uint64(buf[8*i:])
		if ids[i] < 2 || ids[i] >= meta.hwm {
			return damaged("the freelist lists page %d, outside [2, %d)", ids[i], meta.hwm)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for i := 1; i < len(ids); i++ {
		if ids[i] == ids[i-1] {
			return damaged("the freelist lists page %d twice", ids[i])
		}
	}
	return nil
}

// damageLog remembers the records found undecodable while serving, so that
// /healthz and the metric can say the store is damaged, and each one is
// logged once. A record that is overwritten or dropped leaves it.
type damageLog struct {
	mu         sync.Mutex
	records    map[string]string // "bucket/key" → why
	structural error             // a panic or fault inside bbolt, the first one
}

// maxDamageLog bounds what is remembered of a badly damaged store.
const maxDamageLog = 10000

// note records a damaged record and reports whether it is news.
func (d *damageLog) note(bucket, key string, why error) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.records == nil {
		d.records = map[string]string{}
	}
	id := bucket + "/" + key
	if _, ok := d.records[id]; ok || len(d.records) >= maxDamageLog {
		return false
	}
	d.records[id] = why.Error()
	return true
}

func (d *damageLog) repaired(bucket, key string) {
	d.mu.Lock()
	delete(d.records, bucket+"/"+key)
	d.mu.Unlock()
}

// rewritten forgets the damage of the records under keys in buckets: a
// commit has just written them afresh.
func (d *damageLog) rewritten(keys [][]byte, buckets ...string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.records) == 0 {
		return
	}
	for _, k := range keys {
		for _, b := range buckets {
			delete(d.records, b+"/"+string(k))
		}
	}
}

// forget drops every damaged record remembered: Repair removed them.
func (d *damageLog) forget() {
	d.mu.Lock()
	d.records = nil
	d.mu.Unlock()
}

func (d *damageLog) noteStructural(err error) {
	d.mu.Lock()
	if d.structural == nil {
		d.structural = err
	}
	d.mu.Unlock()
}

// Damage is what the running store has found damaged: records it skipped
// because they do not decode, and a fault inside the file's structure.
type Damage struct {
	Records    int
	Structural error
}

// Damage reports what reads have found damaged since the store opened.
func (s *Store) Damage() Damage {
	s.damage.mu.Lock()
	defer s.damage.mu.Unlock()
	return Damage{Records: len(s.damage.records), Structural: s.damage.structural}
}

// Err is nil for an undamaged store, else an error that says what is damaged.
func (d Damage) Err(path string) error {
	switch {
	case d.Structural != nil:
		return d.Structural
	case d.Records > 0:
		return &DamagedError{Path: path, Reason: fmt.Sprintf("%d records could not be read and are skipped", d.Records)}
	}
	return nil
}

// skipDamaged logs a record that does not decode, once, and remembers it.
func (s *Store) skipDamaged(bucket []byte, key []byte, why error) {
	if s.damage.note(string(bucket), string(key), why) {
		s.logger().Error("store record damaged; skipped (it is overwritten or dropped when its source is polled again; run `feedcurator verify`)",
			"store", s.path, "bucket", string(bucket), "key", printableKey(key), "error", why)
	}
}

// printableKey shows an item key ("source\x00id") readably.
func printableKey(k []byte) string {
	out := make([]byte, 0, len(k))
	for _, c := range k {
		if c == 0 {
			out = append(out, '/')
			continue
		}
		out = append(out, c)
	}
	return string(out)
}
