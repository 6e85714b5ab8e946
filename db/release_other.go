//go:build !linux

package db

// releaseMapped is a no-op where madvise is not used; see release_linux.go.
func (s *Store) releaseMapped() error { return nil }
