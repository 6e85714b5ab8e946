// Package robots answers whether a page may be fetched under its site's
// robots.txt (RFC 9309), fetching each site's file once per expiry period
// and sharing the answer between every item of that site. It does no HTTP
// itself: robots.txt comes through the fetcher's client, with its
// politeness, body cap and address rules.
package robots

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// Fetch gets a URL through the project's HTTP client and returns its body
// and HTTP status. An error means no answer at all (refused, timed out,
// blocked address); a response with any status is not an error.
type Fetch func(ctx context.Context, url string) (body []byte, status int, err error)

// ErrUnreachable wraps the error of a robots.txt that could not be fetched:
// whether the page may be fetched is unknown, so it is not, this time.
var ErrUnreachable = errors.New("robots.txt unreachable")

// Rules is what a site's robots.txt says to our user agent.
type Rules struct {
	Allowed    bool
	CrawlDelay time.Duration // 0 when the site sets none
}

// Checker caches robots.txt per site (scheme, host and port, as RFC 9309
// scopes it). It is safe for concurrent use; concurrent checks of one site
// share one fetch.
type Checker struct {
	fetch   Fetch
	agent   string
	ttl     time.Duration
	failTTL time.Duration
	now     func() time.Time

	mu    sync.Mutex
	sites map[string]*site
}

// site is one cached robots.txt; ready is closed once data or err is set.
type site struct {
	ready     chan struct{}
	data      *robotstxt.RobotsData
	err       error
	expires   time.Time
	abandoned bool // the fetch ended because its caller gave up
}

// DefaultTTL is how long a robots.txt is trusted: RFC 9309 asks crawlers
// not to cache it for more than 24 hours.
const DefaultTTL = 24 * time.Hour

// maxSites bounds the cache; past it, expired sites are dropped first.
const maxSites = 10000

// New returns a Checker that fetches robots.txt with fetch, follows the
// group for agent (the product token of our User-Agent, "feedcurator";
// a full User-Agent string works too, as groups match by prefix) and keeps
// each answer for ttl (DefaultTTL when 0). A site whose robots.txt could not
// be had, or answered with a server error, is asked again after a few
// minutes rather than after ttl.
func New(fetch Fetch, agent string, ttl time.Duration) *Checker {
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	return &Checker{
		fetch:   fetch,
		agent:   agent,
		ttl:     ttl,
		failTTL: min(ttl, 5*time.Minute),
		now:     time.Now,
		sites:   make(map[string]*site),
	}
}

// Check returns what the site of pageURL allows our agent to do with it.
// An error (ErrUnreachable, or a URL that is not absolute http(s)) means
// the answer is unknown and the page should not be fetched now.
func (c *Checker) Check(ctx context.Context, pageURL string) (Rules, error) {
	u, err := url.Parse(pageURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Rules{}, fmt.Errorf("robots: %q is not an absolute http(s) URL", pageURL)
	}
	origin := strings.ToLower(u.Scheme + "://" + u.Host)
	s, err := c.site(ctx, origin)
	if err != nil {
		return Rules{}, err
	}
	g := s.data.FindGroup(c.agent)
	return Rules{Allowed: s.data.TestAgent(pathAndQuery(u), c.agent), CrawlDelay: g.CrawlDelay}, nil
}

// Allowed reports whether our agent may fetch pageURL; see Check.
func (c *Checker) Allowed(ctx context.Context, pageURL string) (bool, error) {
	r, err := c.Check(ctx, pageURL)
	return r.Allowed, err
}

// pathAndQuery is what robots.txt rules are matched against: the path
// with its query, percent-encoded as on the wire.
func pathAndQuery(u *url.URL) string {
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p
}

// site returns origin's cached robots.txt, fetching it when absent or
// expired. Callers that arrive during a fetch wait for it; should that
// fetch be abandoned by the caller that started it, they fetch again
// rather than take its cancellation as the site's answer.
func (c *Checker) site(ctx context.Context, origin string) (*site, error) {
	for {
		s := c.cachedOrLoad(ctx, origin)
		select {
		case <-s.ready:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if s.abandoned && ctx.Err() == nil {
			continue
		}
		if s.err != nil {
			return nil, s.err
		}
		return s, nil
	}
}

// cachedOrLoad returns origin's entry, fresh or being fetched, or creates
// one and fetches it in the caller's goroutine.
func (c *Checker) cachedOrLoad(ctx context.Context, origin string) *site {
	c.mu.Lock()
	s, ok := c.sites[origin]
	if ok {
		select {
		case <-s.ready:
			ok = !c.now().After(s.expires)
		default: // a fetch is under way: the caller waits for it
		}
	}
	if ok {
		c.mu.Unlock()
		return s
	}
	c.evictLocked()
	s = &site{ready: make(chan struct{})}
	c.sites[origin] = s
	c.mu.Unlock()
	c.load(ctx, origin, s)
	return s
}

// load fetches and parses origin's robots.txt into s. A fetch that failed
// because the caller gave up is not cached: the next caller tries again.
func (c *Checker) load(ctx context.Context, origin string, s *site) {
	defer close(s.ready)
	body, status, err := c.fetch(ctx, origin+"/robots.txt")
	now := c.now()
	if err != nil {
		s.err = fmt.Errorf("robots: %s: %w: %w", origin, ErrUnreachable, err)
		s.expires = now.Add(c.failTTL)
		if ctx.Err() != nil {
			s.abandoned = true
			c.forget(origin, s)
		}
		return
	}
	s.data, s.expires = parse(status, body), now.Add(c.ttl)
	if status >= 500 || status == http.StatusTooManyRequests {
		s.expires = now.Add(c.failTTL)
	}
}

// parse follows RFC 9309: a 4xx (but 429) means no rules; a 5xx or 429
// means the site is unreachable, so nothing may be fetched; a file that
// cannot be parsed is taken to forbid everything rather than to allow what
// its author may have meant to forbid.
func parse(status int, body []byte) *robotstxt.RobotsData {
	if status == http.StatusTooManyRequests {
		status = http.StatusServiceUnavailable
	}
	if status < 200 || (status >= 300 && status < 400) {
		// The client follows redirects; one left over (too many hops) or
		// an informational status counts as unreachable.
		status = http.StatusServiceUnavailable
	}
	data, err := robotstxt.FromStatusAndBytes(status, body)
	if err != nil {
		data, _ = robotstxt.FromStatusAndBytes(http.StatusServiceUnavailable, nil)
	}
	return data
}

func (c *Checker) forget(origin string, s *site) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sites[origin] == s {
		delete(c.sites, origin)
	}
}

// evictLocked keeps the cache under maxSites: expired entries go first,
// then, should every entry be fresh, all of them (they are re-fetched on
// demand, at most once a site).
func (c *Checker) evictLocked() {
	if len(c.sites) < maxSites {
		return
	}
	now := c.now()
	for origin, s := range c.sites {
		select {
		case <-s.ready:
			if now.After(s.expires) {
				delete(c.sites, origin)
			}
		default:
		}
	}
	if len(c.sites) >= maxSites {
		clear(c.sites)
	}
}
