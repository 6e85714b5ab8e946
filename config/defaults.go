package config

import (
	"fmt"
	"net"
	"slices"
	"strings"
	"time"
)

// The defaults, as documented in CONTRACT.md and config.example.yaml.
const (
	defaultListen      = "127.0.0.1:8080"
	defaultDataDir     = "./data"
	defaultInterval    = 30 * time.Minute
	defaultMinInterval = 5 * time.Minute
	defaultConcurrency = 16
	defaultPerHost     = 2
	defaultTimeout     = 30 * time.Second
	defaultMaxBody     = 16 << 20
	defaultMaxAge      = 30 * 24 * time.Hour
	defaultMaxItems    = 5000
	defaultOutputItems = 50
	defaultSiteName    = "feedcurator"
	defaultLogFormat   = "text"
	defaultLogLevel    = "info"
	defaultBaseURLHost = "localhost" // for a listen address without a usable host, like ":8080"
)

// applyDefaults fills every setting the file left out; it is the only place
// defaults live. written tells an absent number from one written as 0, which
// validation must see (and reject) rather than have silently replaced.
// Strings and lists count as absent when empty.
func applyDefaults(c *Config, written func(path string) bool) {
	orDefault(&c.Listen, c.Listen == "", defaultListen)
	orDefault(&c.BaseURL, c.BaseURL == "", "http://"+urlHost(c.Listen))
	c.BaseURL = strings.TrimSuffix(c.BaseURL, "/")
	orDefault(&c.DataDir, c.DataDir == "", defaultDataDir)
	applyDatabaseEnv(c)

	orDefault(&c.Poll.Interval, !written("poll.interval"), defaultInterval)
	orDefault(&c.Poll.MinInterval, !written("poll.min_interval"), defaultMinInterval)
	orDefault(&c.Poll.Concurrency, !written("poll.concurrency"), defaultConcurrency)
	orDefault(&c.Poll.PerHost, !written("poll.per_host"), defaultPerHost)
	orDefault(&c.Poll.Timeout, !written("poll.timeout"), defaultTimeout)
	orDefault(&c.Poll.MaxBody, !written("poll.max_body"), defaultMaxBody)

	orDefault(&c.Retention.MaxAge, !written("retention.max_age"), defaultMaxAge)
	orDefault(&c.Retention.MaxItems, !written("retention.max_items"), defaultMaxItems)
	orDefault(&c.Output.Items, !written("output.items"), defaultOutputItems)
	orDefault(&c.Output.SiteName, !written("output.site_name"), defaultSiteName)
	orDefault(&c.Log.Format, c.Log.Format == "", defaultLogFormat)
	orDefault(&c.Log.Level, c.Log.Level == "", defaultLogLevel)

	for i := range c.Sources {
		orDefault(&c.Sources[i].Interval, !written(fmt.Sprintf("sources[%d].interval", i)), c.Poll.Interval)
	}
	for i := range c.Topics {
		// A copy, so that no caller can change DefaultFields through a topic.
		orDefault(&c.Topics[i].Fields, len(c.Topics[i].Fields) == 0, slices.Clone(DefaultFields))
	}
}

func orDefault[T any](dst *T, absent bool, value T) {
	if absent {
		*dst = value
	}
}

// urlHost is the host:port of a listen address as it goes into a URL: an
// empty or unspecified host (":8080", "0.0.0.0:8080") is not something a
// feed reader can connect to, so it becomes localhost; an IPv6 host gets its
// brackets. An address that does not split is used as it is (validation
// reports it).
func urlHost(listen string) string {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return listen
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = defaultBaseURLHost
	}
	return net.JoinHostPort(host, port)
}

// SetListen makes addr the listen address, as the -listen flag or the real
// port of a ":0" address does. base_url follows it when it was derived from
// the old address (not written in the file): self links must point where
// the daemon really is.
func (c *Config) SetListen(addr string) {
	if c.FileListen == "" {
		c.FileListen = c.Listen
	}
	if c.BaseURL == "http://"+urlHost(c.Listen) {
		c.BaseURL = "http://" + urlHost(addr)
	}
	c.Listen = addr
}
