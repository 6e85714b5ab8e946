package robots_test

import (
	"context"
	"fmt"

	"github.com/feedcurator/feedcurator/fetcher/robots"
)

// The fetcher passes a function that GETs through its own client (per-host
// limits, body cap, address rules) and asks before each article fetch.
func ExampleChecker() {
	fetch := func(ctx context.Context, url string) ([]byte, int, error) {
		return []byte("User-agent: feedcurator\nDisallow: /live/\n"), 200, nil
	}
	c := robots.New(fetch, "feedcurator", 0)
	for _, u := range []string{"https://news.example/2026/12/trade.html", "https://news.example/live/blog"} {
		ok, err := c.Allowed(context.Background(), u)
		fmt.Println(u, ok, err)
	}
	// Output:
	// https://news.example/2026/12/trade.html true <nil>
	// https://news.example/live/blog false <nil>
}
