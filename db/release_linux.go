package db

import (
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// releaseMapped drops the store file's pages from this process's memory map
// (madvise MADV_DONTNEED). bbolt reads the file through a shared, read-only
// mapping, and an ingest touches each old leaf page once, when it inserts
// beside it; those pages otherwise stay counted in the process's resident
// size however cold they are (213 of 266 MiB in the 10,000-source
// benchmark). The pages stay in the kernel's page cache, so a later read is
// a minor fault, not disk I/O. It runs inside a read transaction, which holds
// bbolt's mmap lock: the mapping cannot be replaced underneath.
func (s *Store) releaseMapped() error {
	return s.bolt.View(s.releaseMappedIn)
}

// releaseMappedIn is releaseMapped within tx, which may go on reading: the
// pages it reads next are mapped again from the page cache. A long scan
// calls it every so often, since each page it faults in maps up to 16 of
// its neighbours with it (the kernel's fault-around), and a scan of one
// bucket's pages, scattered over the file, maps most of the file.
func (s *Store) releaseMappedIn(tx *bolt.Tx) error {
	info := s.bolt.Info()
	size := uintptr(tx.Size())
	if size == 0 {
		return nil
	}
	if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, info.Data, size, syscall.MADV_DONTNEED); errno != 0 {
		return errno
	}
	return nil
}
