package dbtest

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/feedcurator/feedcurator/db"
)

// kill9Env hands the store to the writer process RunKill9 starts.
const kill9Env = "DBTEST_KILL9_STORE"

// committedLine is what the writer prints after each SavePoll returned.
const committedLine = "dbtest-committed "

// kill9Rounds is how many writers RunKill9 starts and kills.
const kill9Rounds = 3

// RunKill9 is the crash case of the contract, for real: a writer process
// (this test binary, re-run for this test alone) saves growing polls of one
// source into the store named by where, and is killed with SIGKILL at a
// random commit, three times over. After each kill the store opens, is
// undamaged, holds every poll the writer saw committed, and its state never
// names a poll whose items it lacks. open opens the store named by where,
// in either process; the test calling RunKill9 must do nothing before it
// that the writer process should not repeat.
func RunKill9(t *testing.T, where string, open func(t testing.TB, where string) db.Engine) {
	if w := os.Getenv(kill9Env); w != "" {
		kill9Writer(t, w, open)
		return
	}
	if testing.Short() {
		t.Skip("kill -9 of a writer process: not in -short")
	}
	for round := 1; round <= kill9Rounds; round++ {
		committed := kill9Round(t, where, 1+rand.IntN(12))
		e := open(t, where)
		st, ok, err := e.Source("s")
		if err != nil || !ok && committed > 0 {
			t.Fatalf("round %d: the state after the kill: %v, %v", round, ok, err)
		}
		k, _ := strconv.Atoi(strings.Trim(st.ETag, `"`))
		counts, err := e.ItemCounts()
		switch {
		case err != nil:
			t.Errorf("round %d: ItemCounts: %v", round, err)
		case k < committed:
			t.Errorf("round %d: the writer saw poll %d committed, the store's state is poll %d's", round, committed, k)
		case counts["s"] != k:
			t.Errorf("round %d: the state is poll %d's, with %d items stored, want %d", round, k, counts["s"], k)
		}
		if err := e.Ping(); err != nil {
			t.Errorf("round %d: Ping: %v", round, err)
		}
		if d := e.Damage(); d.Records != 0 || d.Structural != nil {
			t.Errorf("round %d: damage after the kill: %+v", round, d)
		}
		if err := e.Close(); err != nil {
			t.Fatalf("round %d: Close: %v", round, err)
		}
		t.Logf("round %d: killed after poll %d was reported; the store holds poll %d", round, committed, k)
	}
}

// kill9Round starts a writer, kills it once it has reported n commits
// and returns the last commit it reported.
func kill9Round(t *testing.T, where string, n int) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run="+runPattern(t.Name()), "-test.count=1")
	cmd.Env = append(os.Environ(), kill9Env+"="+where)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	last := 0
	lines := bufio.NewScanner(out)
	for seen := 0; seen < n && lines.Scan(); {
		if k, ok := strings.CutPrefix(lines.Text(), committedLine); ok {
			last, _ = strconv.Atoi(k)
			seen++
		}
	}
	cmd.Process.Kill() // SIGKILL: nothing of the writer runs after it
	cmd.Wait()
	return last
}

// runPattern is a -test.run pattern that selects the test named name alone.
func runPattern(name string) string {
	parts := strings.Split(name, "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	return strings.Join(parts, "/")
}

// kill9Writer is the writer process: it goes on from the store's last poll
// and saves polls until it is killed, reporting each on stdout.
func kill9Writer(t *testing.T, where string, open func(t testing.TB, where string) db.Engine) {
	e := open(t, where)
	st, _, err := e.Source("s")
	if err != nil {
		t.Fatal(err)
	}
	k, _ := strconv.Atoi(strings.Trim(st.ETag, `"`))
	// The polls of earlier writers again, then one more item each poll.
	var items []db.Item
	for i := 1; i <= k; i++ {
		items = append(items, writerItem(i))
	}
	for k < 1000 {
		k++
		items = append(items, writerItem(k))
		if _, err := e.SavePoll(db.SourceState{ID: "s", ETag: fmt.Sprintf(`"%d"`, k)}, items); err != nil {
			t.Fatal(err)
		}
		fmt.Printf("%s%d\n", committedLine, k)
	}
	e.Close()
}

func writerItem(k int) db.Item { return item(fmt.Sprintf("s%04d", k), "K s", t0) }
