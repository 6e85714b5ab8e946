package db

import (
	"sync/atomic"
	"time"
)

// writeErrorHold is how long WriteHealth keeps reporting a failed commit
// after the last one failed, whatever succeeds meanwhile. A filling disk
// fails large commits and lets small ones through (bbolt reuses freed
// pages), and a health check that flipped with every commit would be
// noise: /healthz stays 503 until the writes have been sound for this long.
const writeErrorHold = 10 * time.Minute

// WriteHealth remembers an engine's last failed commit for WriteError: a
// full disk, a read-only file or a database refusing writes shows there
// (and in /healthz) while reads go on. The zero value is ready to use.
type WriteHealth struct {
	last atomic.Pointer[writeFailure]
}

type writeFailure struct {
	err error
	at  time.Time
}

// Note records the outcome of a commit at now; a success changes nothing.
func (h *WriteHealth) Note(err error, now time.Time) {
	if err != nil {
		h.last.Store(&writeFailure{err: err, at: now})
	}
}

// Err is the last failed commit's error while one failed within
// writeErrorHold of now.
func (h *WriteHealth) Err(now time.Time) error {
	p := h.last.Load()
	if p == nil {
		return nil
	}
	if now.Sub(p.at) > writeErrorHold {
		h.last.CompareAndSwap(p, nil)
		return nil
	}
	return p.err
}
