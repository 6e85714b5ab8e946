package db

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// storeWithItems writes n Korea items of source "src" (titles "Korea
// marker-I") in one commit and closes the store, so that each record is
// on disk exactly once.
func storeWithItems(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "feedcurator.db")
	clk := &clock{t: t0}
	s, err := Open(path, Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	var items []Item
	for i := 0; i < n; i++ {
		it := item(fmt.Sprintf("i%d", i), fmt.Sprintf("Korea marker-%d", i), t0.Add(-time.Duration(i)*time.Minute))
		it.Content = strings.Repeat("body ", 100)
		items = append(items, it)
	}
	if _, err := s.SavePoll(SourceState{ID: "src", URL: "https://example.com/feed", Title: "statemark"}, classified(wordClassifier{[]string{"Korea"}}, items...)); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// patchAt finds the one place marker is in the file and replaces the
// byte at offset delta from it by b.
func patchAt(t *testing.T, path, marker string, delta int, b byte) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(data, []byte(marker)); n != 1 {
		t.Fatalf("%q is in the file %d times, want once", marker, n)
	}
	off := bytes.Index(data, []byte(marker)) + delta
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt([]byte{b}, int64(off)); err != nil {
		t.Fatal(err)
	}
}

// damageItem makes item I's record undecodable: its title's length prefix,
// the byte just before the title, becomes a varint that never ends.
func damageItem(t *testing.T, path string, i int) {
	t.Helper()
	patchAt(t, path, fmt.Sprintf("Korea marker-%d", i), -1, 0xff)
}

func writeAtOffset(t *testing.T, path string, off int64, b []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(b, off); err != nil {
		t.Fatal(err)
	}
}

func metaOf(t *testing.T, path string) boltMeta {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, _ := f.Stat()
	m, err := readMeta(f, fi.Size())
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func assertDamaged(t *testing.T, err error, path string) {
	t.Helper()
	if !errors.Is(err, ErrDamaged) {
		t.Fatalf("err = %v, want a DamagedError", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "store "+path+" is damaged") || !strings.Contains(msg, "feedcurator verify") {
		t.Errorf("the message does not name the file, say it is damaged and what to do: %s", msg)
	}
}

// TestOpenRefusesDamagedFiles: an empty, truncated or freelist-damaged file
// is a DamagedError from Open, never a panic and never a fresh store.
func TestOpenRefusesDamagedFiles(t *testing.T) {
	cases := map[string]func(t *testing.T, path string){
		"empty": func(t *testing.T, path string) {
			if err := os.Truncate(path, 0); err != nil {
				t.Fatal(err)
			}
		},
		"truncated": func(t *testing.T, path string) {
			fi, _ := os.Stat(path)
			if err := os.Truncate(path, fi.Size()/2); err != nil {
				t.Fatal(err)
			}
		},
		"freelist page type": func(t *testing.T, path string) {
			m := metaOf(t, path)
			writeAtOffset(t, path, int64(m.freelist)*int64(m.pageSize)+8, []byte{0x02, 0})
		},
		"freelist page id": func(t *testing.T, path string) {
			m := metaOf(t, path)
			var ids [24]byte // a count of 2 and two pages, one beyond the file
			binary.LittleEndian.PutUint16(ids[0:], 2)
			binary.LittleEndian.PutUint64(ids[8:], 3)
			binary.LittleEndian.PutUint64(ids[16:], m.hwm+1000)
			writeAtOffset(t, path, int64(m.freelist)*int64(m.pageSize)+10, ids[:2])
			writeAtOffset(t, path, int64(m.freelist)*int64(m.pageSize)+16, ids[8:])
		},
		"freelist count": func(t *testing.T, path string) {
			m := metaOf(t, path)
			var b [8]byte
			binary.LittleEndian.PutUint64(b[:], 1<<62) // 0xFFFF says: the first id is the count
			writeAtOffset(t, path, int64(m.freelist)*int64(m.pageSize)+10, []byte{0xff, 0xff})
			writeAtOffset(t, path, int64(m.freelist)*int64(m.pageSize)+16, b[:])
		},
		"meta pages": func(t *testing.T, path string) {
			writeAtOffset(t, path, 16, bytes.Repeat([]byte{0xAA}, 64))
			writeAtOffset(t, path, 4096+16, bytes.Repeat([]byte{0xAA}, 64))
		},
	}
	for name, damage := range cases {
		t.Run(name, func(t *testing.T) {
			path := storeWithItems(t, 200)
			// A freelist needs freed pages: one more commit frees some.
			s, err := Open(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Prune(Retention{MaxItems: 100}); err != nil {
				t.Fatal(err)
			}
			s.Close()
			damage(t, path)
			before, _ := os.Stat(path)
			s, err = Open(path, Options{})
			if err == nil {
				s.Close()
				t.Fatal("a damaged file opened")
			}
			assertDamaged(t, err, path)
			after, _ := os.Stat(path)
			if before.Size() != after.Size() {
				t.Errorf("opening changed the damaged file: %d → %d bytes", before.Size(), after.Size())
			}
			r, err := VerifyFile(path, time.Second)
			if err != nil {
				t.Fatal(err)
			}
			if r.OK() {
				t.Error("Verify found nothing wrong")
			}
		})
	}
}

// TestOpenCreatesNoEmptyFile: a new store appears whole; no 0-byte file is
// left behind to be refused later.
func TestOpenCreatesNoEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "feedcurator.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	fi, err := os.Stat(path)
	if err != nil || fi.Size() == 0 || fi.Mode().Perm() != 0o600 {
		t.Fatalf("new store: %v, %v", fi, err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("the data directory holds %d files, want the store alone", len(entries))
	}
}

// TestFlippedItemCostsOnlyThatItem: one undecodable item record is skipped
// by every read (and counted), and the source's next poll replaces it.
func TestFlippedItemCostsOnlyThatItem(t *testing.T) {
	path := storeWithItems(t, 3)
	damageItem(t, path, 1)
	clk := &clock{t: t0.Add(time.Hour)}
	s, err := Open(path, Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := topicTitles(t, s, "korea"); len(got) != 2 {
		t.Errorf("topic holds %q, want the two undamaged items", got)
	}
	var all int
	if err := s.AllItems(func(*Item) bool { all++; return true }); err != nil || all != 2 {
		t.Errorf("AllItems: %d items, %v", all, err)
	}
	if cs, err := s.Copies("https://example.com/i1", ""); err != nil || len(cs) != 0 {
		t.Errorf("Copies of the damaged item: %v, %v", cs, err)
	}
	if d := s.Damage(); d.Records != 1 || d.Err(path) == nil {
		t.Errorf("Damage = %+v, want one record", d)
	}
	c := wordClassifier{[]string{"Korea", "marker"}}
	if err := s.Reclassify(c); err != nil {
		t.Errorf("Reclassify stopped at the damaged record: %v", err)
	}

	// The source lists the item again: the fresh copy replaces the record.
	again := item("i1", "Korea marker-1", t0.Add(-time.Minute))
	if _, err := s.SavePoll(SourceState{ID: "src"}, classified(c, again)); err != nil {
		t.Fatalf("the poll fails on the damaged record: %v", err)
	}
	if got := topicTitles(t, s, "korea"); len(got) != 3 {
		t.Errorf("after the poll the topic holds %q, want 3 items", got)
	}
	if d := s.Damage(); d.Records != 0 {
		t.Errorf("after the poll Damage = %+v, want none", d)
	}
	if r := s.Verify(); !r.OK() {
		t.Errorf("after the poll Verify: %+v", r)
	}
}

// TestDamagedStateRecord: a source state that does not decode is reported
// and treated as a source never polled, not an error on every poll (or
// at start-up); saving the source repairs it.
func TestDamagedStateRecord(t *testing.T) {
	path := storeWithItems(t, 1)
	patchAt(t, path, `{"id":"src"`, 0, 'x')
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, found, err := s.Source("src"); err != nil || found {
		t.Errorf("Source of a damaged record: found=%v err=%v, want absent", found, err)
	}
	if list, err := s.Sources(); err != nil || len(list) != 0 {
		t.Errorf("Sources: %v, %v", list, err)
	}
	if s.Damage().Records != 1 {
		t.Errorf("Damage = %+v", s.Damage())
	}
	if _, err := s.SavePoll(SourceState{ID: "src", URL: "u"}, nil); err != nil {
		t.Fatal(err)
	}
	if st, found, err := s.Source("src"); err != nil || !found || st.URL != "u" {
		t.Errorf("after a poll: %+v %v %v", st, found, err)
	}
	if s.Damage().Records != 0 {
		t.Errorf("after a poll Damage = %+v", s.Damage())
	}
}

// TestBackupAndCompactRefuseDamage: a copy of a damaged store is refused,
// with the reason, instead of carrying the damage on as a good copy.
func TestBackupAndCompactRefuseDamage(t *testing.T) {
	path := storeWithItems(t, 3)
	damageItem(t, path, 2)
	r, err := VerifyFile(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if r.OK() || r.DamagedItems != 1 || r.Items != 3 || len(r.Damaged) != 1 || !strings.Contains(r.Damaged[0], "src/i2") {
		t.Errorf("Verify: %+v", r)
	}
	if _, _, err := Compact(path, time.Second); err == nil {
		t.Error("Compact of a damaged store succeeded")
	} else {
		assertDamaged(t, err, path)
	}
	if r, _ := VerifyFile(path, time.Second); r.DamagedItems != 1 {
		t.Errorf("after the refused compaction: %+v", r)
	}
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var buf bytes.Buffer
	if _, err := s.WriteTo(&buf); err == nil || buf.Len() != 0 {
		t.Errorf("WriteTo of a damaged store: %d bytes, %v", buf.Len(), err)
	} else {
		assertDamaged(t, err, path)
	}
}

// TestVerifyCleanStore: a sound store verifies, and its backup opens.
func TestVerifyCleanStore(t *testing.T) {
	path := storeWithItems(t, 5)
	r, err := VerifyFile(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() || r.Items != 5 || r.Sources != 1 || r.Memberships != 5 || r.Dangling != 0 {
		t.Errorf("Verify: %+v", r)
	}
	if _, _, err := Compact(path, time.Second); err != nil {
		t.Errorf("Compact: %v", err)
	}
}

// TestPruneDropsDanglingIndexEntry: an index entry whose item is gone used
// to be picked as a victim, skipped and picked again for ever, bumping the
// version each round. Now it is deleted, and nothing visible changed.
func TestPruneDropsDanglingIndexEntry(t *testing.T) {
	clk := &clock{t: t0}
	s, _ := openTest(t, clk)
	if _, err := s.SavePoll(SourceState{ID: "src"}, []Item{item("a", "a", t0), item("b", "b", t0)}); err != nil {
		t.Fatal(err)
	}
	err := s.bolt.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketItems).Delete([]byte("src\x00a"))
	})
	if err != nil {
		t.Fatal(err)
	}
	clk.Add(48 * time.Hour)
	version := s.Version()
	done := make(chan error, 1)
	go func() {
		_, err := s.Prune(Retention{MaxAge: 72 * time.Hour, MaxItems: 1})
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Prune does not return")
	}
	if s.Version() != version {
		t.Errorf("Prune bumped the version (%d → %d) for deleting index entries alone", version, s.Version())
	}
	if counts, _ := s.ItemCounts(); counts["src"] != 1 {
		t.Errorf("after Prune the source counts %d items, want 1", counts["src"])
	}
	if r := s.Verify(); !r.OK() || r.Items != 1 {
		t.Errorf("after Prune: %+v", r)
	}
}

// TestWriteErrorHeldAcrossSuccesses: a filling disk fails some commits and
// lets others through; WriteError (and so /healthz) must not flip with
// each, but hold the failure until commits have been sound for a while.
func TestWriteErrorHeldAcrossSuccesses(t *testing.T) {
	clk := &clock{t: t0}
	s, _ := openTest(t, clk)
	s.noteWrite(errors.New("write feedcurator.db: no space left on device"))
	clk.Add(time.Minute)
	if _, err := s.SavePoll(SourceState{ID: "a"}, []Item{item("x", "x", t0)}); err != nil {
		t.Fatal(err)
	}
	if s.WriteError() == nil {
		t.Error("a commit that went through cleared the failure of a minute ago")
	}
	clk.Add(writeErrorHold)
	if err := s.WriteError(); err != nil {
		t.Errorf("after %v without a failure WriteError = %v", writeErrorHold, err)
	}
}

// TestFailedPollShowsInSourceState: a poll that cannot be committed leaves
// its error in the source's state (so /api/sources shows it), without the
// poll's validators, which would vouch for items that were not stored.
func TestFailedPollShowsInSourceState(t *testing.T) {
	path := storeWithItems(t, 1)
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	_, err = ro.SavePoll(SourceState{ID: "src", ETag: `"new"`, LastStatus: 200}, []Item{item("y", "y", t0)})
	if err == nil {
		t.Fatal("a write to a read-only store succeeded")
	}
	st, found, err := ro.Source("src")
	if err != nil || !found || !strings.Contains(st.LastError, "save poll") || st.ETag != "" {
		t.Errorf("after a failed commit the state is %+v (found %v, %v)", st, found, err)
	}
}

// TestCloseWaitsForBackgroundWork: the release of mapped pages that a poll
// starts ends before Close returns: nothing of the store's touches the
// file after it.
func TestCloseWaitsForBackgroundWork(t *testing.T) {
	// One P: the goroutine a poll starts waits for this one to block.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	for i := 0; i < 20; i++ {
		clk := &clock{t: t0}
		s, err := Open(filepath.Join(t.TempDir(), "feedcurator.db"), Options{Now: clk.Now})
		if err != nil {
			t.Fatal(err)
		}
		s.polls.Store(releaseEvery - 1) // the next poll releases the mapping
		if _, err := s.SavePoll(SourceState{ID: "a"}, []Item{item("x", "x", t0)}); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 1<<20)
		stacks := string(buf[:runtime.Stack(buf, true)])
		if strings.Contains(stacks, "(*Store).releaseMapped") {
			t.Fatalf("a releaseMapped goroutine outlived Close:\n%s", stacks)
		}
	}
}

// TestDamagedMembershipRecord: an item whose membership record does not
// decode stays in its topic without reasons, is counted, and its source's
// next poll rewrites the record and clears the count.
func TestDamagedMembershipRecord(t *testing.T) {
	path := storeWithItems(t, 1)
	patchAt(t, path, "title\x05Korea", -1, 0xff) // the field's length: a varint that never ends
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n := 0
	if err := s.TopicItems("korea", func(*Item, Membership) bool { n++; return true }); err != nil || n != 1 {
		t.Fatalf("TopicItems: %d items, %v", n, err)
	}
	if s.Damage().Records != 1 {
		t.Errorf("Damage = %+v, want the membership record", s.Damage())
	}
	it := item("i0", "Korea marker-0", t0)
	it.Content = strings.Repeat("body ", 100)
	if _, err := s.SavePoll(SourceState{ID: "src"}, classified(wordClassifier{[]string{"Korea"}}, it)); err != nil {
		t.Fatal(err)
	}
	if got := topicTitles(t, s, "korea"); len(got) != 1 {
		t.Errorf("after the poll: %q", got)
	}
	if s.Damage().Records != 0 {
		t.Errorf("after the poll Damage = %+v", s.Damage())
	}
}

// TestOpenUnreadableIsNotDamage: a file the process may not open is the
// file system's refusal, said as such, not a damaged store.
func TestOpenUnreadableIsNotDamage(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root opens any file")
	}
	path := storeWithItems(t, 1)
	if err := os.Chmod(path, 0o200); err != nil {
		t.Fatal(err)
	}
	_, err := Open(path, Options{})
	if err == nil || errors.Is(err, ErrDamaged) || !errors.Is(err, os.ErrPermission) {
		t.Errorf("err = %v, want a permission error", err)
	}
}

// TestRepairDropsDamagedRecords: Repair removes a damaged item (with its
// memberships and index entries) and a damaged source state; the store then
// verifies clean, and the sound items are all there.
func TestRepairDropsDamagedRecords(t *testing.T) {
	path := storeWithItems(t, 3)
	damageItem(t, path, 1)
	patchAt(t, path, `{"id":"src"`, 0, 'x')
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	topicTitles(t, s, "korea") // meets the damage, as a reader would
	before, err := s.Repair()
	if err != nil {
		t.Fatal(err)
	}
	if before.DamagedItems != 1 || before.DamagedSources != 1 {
		t.Errorf("Repair found %+v", before)
	}
	if r := s.Verify(); !r.OK() || r.Dangling != 0 || r.Items != 2 || r.Memberships != 2 || r.Sources != 0 {
		t.Errorf("after Repair: %+v", r)
	}
	if got := topicTitles(t, s, "korea"); len(got) != 2 {
		t.Errorf("after Repair the topic holds %q", got)
	}
	if d := s.Damage(); d.Records != 0 {
		t.Errorf("after Repair Damage = %+v", d)
	}
}

// TestItemTimesAgreesWithDecode: the check Verify makes of an item accepts
// what decodeItem accepts, and reads the same times.
func TestItemTimesAgreesWithDecode(t *testing.T) {
	it := item("a", "Korea", t0)
	it.Categories = []string{"x", "y"}
	it.Authors = []Person{{Name: "n", Email: "e", URI: "u"}}
	it.Enclosures = []Enclosure{{URL: "https://e.test/a.mp3", Type: "audio/mpeg", Length: 12}}
	it.Image, it.ContentHash, it.Lang = "https://e.test/i.png", "h", "ko"
	it.FirstSeen, it.Modified = t0.Add(time.Hour), t0.Add(2*time.Hour)
	it.Article = "<p>the article</p>"
	enc := encodeItem(&it)
	sortTime, firstSeen, err := itemTimes(enc)
	if err != nil || !sortTime.Equal(it.SortTime()) || !firstSeen.Equal(it.FirstSeen) {
		t.Errorf("itemTimes = %v, %v, %v; want %v, %v", sortTime, firstSeen, err, it.SortTime(), it.FirstSeen)
	}
	for cut := 1; cut < len(enc); cut++ {
		var got Item
		_, _, terr := itemTimes(enc[:cut])
		if derr := decodeItem(enc[:cut], &got); (derr == nil) != (terr == nil) {
			t.Errorf("cut at %d: decodeItem %v, itemTimes %v", cut, derr, terr)
		}
	}
}
