package httpclient

import (
	"time"

	"github.com/feedcurator/feedcurator/config"
)

// testPoll is a poll config with small limits, for tests.
func testPoll() config.Poll {
	return config.Poll{Timeout: 5 * time.Second, MaxBody: 1 << 20}
}
