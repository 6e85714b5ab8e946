package config

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// validate checks the rules that involve defaults or several values, after
// applyDefaults, and reports each break at the value to edit.
func (l *loader) validate(c *Config) {
	l.validateServer(c)
	l.validatePoll(&c.Poll)
	l.atLeast("retention.max_items", c.Retention.MaxItems, 0)
	if c.Retention.MaxAge <= 0 {
		l.reportPath("retention.max_age", "retention.max_age", "must be positive, like 30d")
	}
	l.atLeast("output.items", c.Output.Items, 1)
	l.validateSources(c)
	l.validateTopics(c)
	l.validateDatabase(c)
}

func (l *loader) validateServer(c *Config) {
	if err := checkListen(c.Listen); err != nil {
		l.reportPath("listen", "listen", "%q: %v", c.Listen, err)
	}
	if l.written("base_url") {
		if err := checkHTTPURL(c.BaseURL); err != nil {
			l.reportPath("base_url", "base_url", "%q: %v, like https://feeds.example.org", c.BaseURL, err)
		} else if u, _ := url.Parse(c.BaseURL); u.RawQuery != "" || u.Fragment != "" {
			l.reportPath("base_url", "base_url", "%q: remove the query or fragment; feed URLs are built by appending paths", c.BaseURL)
		}
	}
	if c.WebSub.Hub != "" {
		if err := checkHTTPURL(c.WebSub.Hub); err != nil {
			l.reportPath("websub.hub", "websub.hub", `%q: %v, or "" for no hub`, c.WebSub.Hub, err)
		}
	}
	l.oneOf("log.format", c.Log.Format, "text", "json")
	l.oneOf("log.level", c.Log.Level, "debug", "info", "warn", "error")
}

func (l *loader) validatePoll(p *Poll) {
	if p.MinInterval <= 0 {
		l.reportPath("poll.min_interval", "poll.min_interval", "must be positive, like 5m")
	} else if p.Interval < p.MinInterval {
		if l.written("poll.interval") {
			l.reportPath("poll.interval", "poll.interval", "%s", belowFloor(p.Interval, p.MinInterval))
		} else {
			l.reportPath("poll.min_interval", "poll.min_interval", "%s is above the default poll.interval (%s); set poll.interval to at least %s",
				formatDuration(p.MinInterval), formatDuration(p.Interval), formatDuration(p.MinInterval))
		}
	}
	l.atLeast("poll.concurrency", p.Concurrency, 1)
	l.atLeast("poll.per_host", p.PerHost, 1)
	if p.Timeout <= 0 {
		l.reportPath("poll.timeout", "poll.timeout", "must be positive, like 30s")
	}
	if p.MaxBody <= 0 {
		l.reportPath("poll.max_body", "poll.max_body", "must be positive, like 16MiB")
	}
}

// belowFloor explains an interval under poll.min_interval.
func belowFloor(interval, floor time.Duration) string {
	return fmt.Sprintf("%s is below poll.min_interval (%s), the floor that keeps polling polite; use %s or more",
		formatDuration(interval), formatDuration(floor), formatDuration(floor))
}

// atLeast reports an integer setting below its minimum.
func (l *loader) atLeast(path string, value, minimum int) {
	if value < minimum {
		l.reportPath(path, path, "must be at least %d, got %d", minimum, value)
	}
}

// oneOf reports a setting that is none of the allowed words.
func (l *loader) oneOf(path, value string, allowed ...string) {
	for _, a := range allowed {
		if value == a {
			return
		}
	}
	l.reportPath(path, path, "%q: use %s", value, orList(allowed))
}

// orList writes "a, b or c".
func orList(words []string) string {
	if len(words) == 1 {
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// checkListen accepts host:port with a numeric port; the host may be empty
// (every interface) and port 0 picks a free port.
func checkListen(listen string) error {
	_, port, err := net.SplitHostPort(listen)
	if err != nil {
		return fmt.Errorf("use host:port, like 127.0.0.1:8080 or :8080")
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("the port must be a number from 0 to 65535")
	}
	return nil
}

// checkHTTPURL accepts an absolute http or https URL with a host.
func checkHTTPURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("use an absolute http:// or https:// URL")
	}
	return nil
}
