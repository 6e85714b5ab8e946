package db

import "sync/atomic"

// paceRelease adds k to counter and releases the mapped pages, in the
// background, each time the count passes a multiple of every: the writes
// and scans that map pages all over the file pace the releases.
func (s *Store) paceRelease(counter *atomic.Uint64, k, every uint64) {
	if n := counter.Add(k); n/every == (n-k)/every {
		return
	}
	s.background.Add(1)
	go func() {
		defer s.background.Done()
		s.releaseMapped()
	}()
}
