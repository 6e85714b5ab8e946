package fetcher

import (
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/fetcher/internal/fetchtest"
)

// sharedDir and readFile read the project's shared test material.
var sharedDir, readFile = fetchtest.SharedDir, fetchtest.ReadFile

// testPoll is a poll config with small limits, for tests.
func testPoll() config.Poll {
	return config.Poll{Timeout: 5 * time.Second, MaxBody: 1 << 20}
}
