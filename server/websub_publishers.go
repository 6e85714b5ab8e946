package server

import (
	"context"
	"sync"

	"github.com/feedcurator/feedcurator/feedgen"
	"github.com/feedcurator/feedcurator/render"
)

// publishers runs the hub pings of RunWebSub: at most one per topic at a
// time (a change that lands meanwhile is announced once when it ends, with
// the hub and URLs of the config then running), and all of them ended
// before RunWebSub returns. A goroutine per change, as before, piled up
// behind a slow hub and outlived the server.
type publishers struct {
	s    *Server
	ctx  context.Context
	opts WebSubOptions

	mu       sync.Mutex
	inFlight map[string]bool // topic → a ping is running
	again    map[string]bool // topic → changed again while it ran
	wg       sync.WaitGroup
}

func newPublishers(ctx context.Context, s *Server, opts WebSubOptions) *publishers {
	return &publishers{s: s, ctx: ctx, opts: opts, inFlight: map[string]bool{}, again: map[string]bool{}}
}

// announce has the hub told that topicID's feeds changed.
func (p *publishers) announce(topicID string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.inFlight[topicID] {
		p.again[topicID] = true
		return
	}
	p.inFlight[topicID] = true
	p.wg.Add(1)
	go p.run(topicID)
}

func (p *publishers) run(topicID string) {
	defer p.wg.Done()
	for {
		if rt := p.s.rt.Load(); rt != nil && rt.Config.WebSub.Hub != "" {
			var urls []string
			for _, f := range feedgen.Formats {
				urls = append(urls, render.FeedURL(rt.Config, topicID, f))
			}
			p.s.publish(p.ctx, p.opts, rt.Config.WebSub.Hub, urls)
		}
		p.mu.Lock()
		if !p.again[topicID] || p.ctx.Err() != nil {
			delete(p.inFlight, topicID)
			delete(p.again, topicID)
			p.mu.Unlock()
			return
		}
		delete(p.again, topicID)
		p.mu.Unlock()
	}
}

// wait returns once every ping has ended.
func (p *publishers) wait() { p.wg.Wait() }
