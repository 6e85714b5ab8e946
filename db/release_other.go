//go:build !linux

package db

import bolt "go.etcd.io/bbolt"

// releaseMapped is a no-op where madvise is not used; see release_linux.go.
func (s *Store) releaseMapped() error { return nil }

// releaseMappedIn is a no-op likewise.
func (s *Store) releaseMappedIn(*bolt.Tx) error { return nil }
