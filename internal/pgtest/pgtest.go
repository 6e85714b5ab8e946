// Package pgtest finds the PostgreSQL database the tests of the
// PostgreSQL engine run against. .ci/run starts a throw-away cluster and
// names it in FEEDCURATOR_TEST_DATABASE_URL; elsewhere the variable is set
// by hand or the tests skip.
package pgtest

import (
	"os"
	"strconv"
	"testing"
)

// EnvURL names the variable holding the test database's URL.
const EnvURL = "FEEDCURATOR_TEST_DATABASE_URL"

const missing = "PostgreSQL not available: set " + EnvURL + " (CI sets it)"

// URL returns the test database's URL. Without one the test skips with a
// message, except under CI (CI=true), where a missing database is a
// failure: a CI that silently skipped the PostgreSQL engine would report
// it green without ever running it.
func URL(t testing.TB) string {
	t.Helper()
	if u := os.Getenv(EnvURL); u != "" {
		return u
	}
	if ci, _ := strconv.ParseBool(os.Getenv("CI")); ci {
		t.Fatal(missing)
	}
	t.Skip(missing)
	return ""
}
