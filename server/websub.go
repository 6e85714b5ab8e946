package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/feedcurator/feedcurator/feedgen"
	"github.com/feedcurator/feedcurator/render"
)

// WebSub (W3C): when a topic feed changes, tell the hub named in the config
// (websub.hub) so that subscribers get it pushed instead of polling. A feed
// "changes" when its rendered bytes do; the Atom rendering stands for all
// three formats, and one change is announced once, for each format's URL.

// WebSubOptions tune RunWebSub.
type WebSubOptions struct {
	// Client posts to the hub; nil means a client with a 30 s timeout.
	Client *http.Client
	// Retries after a failed ping, with delays Backoff, 4×Backoff, 16×Backoff…
	// Zero Backoff means 5 s; Retries 0 means 4.
	Retries int
	Backoff time.Duration
	// Recheck is how often feeds are looked at without a notification;
	// zero means a minute.
	Recheck time.Duration
}

// NotifyChanged tells RunWebSub that the store may have changed (a poll
// stored items, a reload swapped topics). It never blocks.
func (s *Server) NotifyChanged() {
	select {
	case s.changed <- struct{}{}:
	default:
	}
}

// RunWebSub pings the configured hub about every topic feed whose bytes
// changed, until ctx ends. Feeds as they are when it starts are not
// announced: they are not news.
func (s *Server) RunWebSub(ctx context.Context, opts WebSubOptions) {
	if opts.Client == nil {
		opts.Client = &http.Client{Timeout: 30 * time.Second}
	}
	if opts.Backoff <= 0 {
		opts.Backoff = 5 * time.Second
	}
	if opts.Retries <= 0 {
		opts.Retries = 4
	}
	if opts.Recheck <= 0 {
		opts.Recheck = time.Minute
	}
	// announced maps topic id → ETag of the Atom feed last seen; nil until a
	// hub is configured, so that without one nothing is rendered at all.
	var announced map[string]string
	baseline := func() {
		if rt := s.rt.Load(); rt != nil && rt.Config.WebSub.Hub != "" {
			announced = map[string]string{}
			s.feedChanges(announced) // the starting point: not news
		}
	}
	baseline()
	if s.websubStarted != nil {
		s.websubStarted()
	}
	// A change that lands while feeds are served from a recent render
	// (Options.RenderEvery) is seen at the next look: look now and then
	// even when no poll says something changed.
	recheck := time.NewTicker(max(opts.Recheck, time.Second))
	defer recheck.Stop()
	pubs := newPublishers(ctx, s, opts)
	defer pubs.wait()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.changed:
		case <-recheck.C:
		}
		rt := s.rt.Load()
		if rt == nil || rt.Config.WebSub.Hub == "" {
			announced = nil
			continue
		}
		if announced == nil { // a hub appeared with a reload
			baseline()
			continue
		}
		for _, topicID := range s.feedChanges(announced) {
			pubs.announce(topicID)
		}
	}
}

// feedChanges renders (through the cache) each topic's Atom feed and returns
// the topics whose ETag differs from the one in seen, updating seen.
func (s *Server) feedChanges(seen map[string]string) []string {
	rt := s.rt.Load()
	if rt == nil {
		return nil
	}
	var changed []string
	// A hub fetches what it is told about, without the token, and tells
	// anyone who asks: a private topic's name stays here.
	for _, sel := range render.Listed(rt.Config, false) {
		e, err := s.cachedFeed(rt, sel, sel.Topic.ID+"."+string(feedgen.Atom), feedgen.Atom)
		if err != nil {
			s.log.Warn("websub: render feed", "topic", sel.Topic.ID, "error", err)
			continue
		}
		if old, ok := seen[sel.Topic.ID]; ok && old != e.etag {
			changed = append(changed, sel.Topic.ID)
		}
		seen[sel.Topic.ID] = e.etag
	}
	return changed
}

// publish sends hub.mode=publish for each URL, retrying with backoff.
func (s *Server) publish(ctx context.Context, opts WebSubOptions, hub string, urls []string) {
	delay := opts.Backoff
	for attempt := 0; ; attempt++ {
		err := ping(ctx, opts.Client, hub, urls)
		if err == nil {
			s.log.Info("websub: hub notified", "hub", hub, "feeds", len(urls))
			return
		}
		if attempt >= opts.Retries || ctx.Err() != nil {
			s.log.Warn("websub: giving up on hub", "hub", hub, "error", err)
			return
		}
		s.log.Warn("websub: hub ping failed; retrying", "hub", hub, "error", err, "in", delay)
		select {
		case <-ctx.Done():
			return
		case <-time.After(delay):
		}
		delay *= 4
	}
}

func ping(ctx context.Context, client *http.Client, hub string, urls []string) error {
	for _, u := range urls {
		form := url.Values{"hub.mode": {"publish"}, "hub.url": {u}}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, hub, strings.NewReader(form.Encode()))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			return fmt.Errorf("hub answered %s for %s", resp.Status, u)
		}
	}
	return nil
}
