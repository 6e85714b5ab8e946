package db

import (
	"slices"
	"strings"
	"sync"
	"time"
)

// stateFlushDelay is how long a source state saved by SaveSource may wait
// before it is committed with the others saved meanwhile.
const stateFlushDelay = time.Second

// pendingStates holds source states saved but not yet committed, newest per
// source, and arms one timer to flush them.
type pendingStates struct {
	mu      sync.Mutex
	states  map[string]SourceState
	timer   *time.Timer
	stopped bool
	flushes sync.WaitGroup // timer flushes armed or running; stop waits
}

// put records st and arms the flush timer if it is not armed.
func (p *pendingStates) put(st SourceState, flush func() error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.states == nil {
		p.states = map[string]SourceState{}
	}
	p.states[st.ID] = st
	p.arm(flush)
}

func (p *pendingStates) arm(flush func() error) {
	if p.timer == nil && !p.stopped {
		p.flushes.Add(1)
		p.timer = time.AfterFunc(stateFlushDelay, func() {
			defer p.flushes.Done()
			p.mu.Lock()
			p.timer = nil
			p.mu.Unlock()
			flush()
		})
	}
}

func (p *pendingStates) get(id string) (SourceState, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	st, ok := p.states[id]
	return st, ok
}

func (p *pendingStates) drop(id string) {
	p.mu.Lock()
	delete(p.states, id)
	p.mu.Unlock()
}

// take hands over every pending state.
func (p *pendingStates) take() map[string]SourceState {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.states
	p.states = nil
	return out
}

// restore puts back the states of a failed flush, except those saved again
// since, and re-arms the timer.
func (p *pendingStates) restore(batch map[string]SourceState, flush func() error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.states == nil {
		p.states = map[string]SourceState{}
	}
	for id, st := range batch {
		if _, newer := p.states[id]; !newer {
			p.states[id] = st
		}
	}
	p.arm(flush)
}

// overlay replaces committed states in list by pending ones, and adds
// pending states of sources not committed yet, keeping the order by id.
func (p *pendingStates) overlay(list []SourceState) []SourceState {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.states) == 0 {
		return list
	}
	seen := make(map[string]bool, len(list))
	for i, st := range list {
		if pend, ok := p.states[st.ID]; ok {
			list[i] = pend
		}
		seen[st.ID] = true
	}
	added := false
	for id, st := range p.states {
		if !seen[id] {
			list = append(list, st)
			added = true
		}
	}
	if added {
		sortStates(list)
	}
	return list
}

// stop disarms the timer for good (the store is closing) and waits for a
// flush it already started, which must not reach a closed file.
func (p *pendingStates) stop() {
	p.mu.Lock()
	p.stopped = true
	if p.timer != nil && p.timer.Stop() {
		p.flushes.Done() // it will not run
	}
	p.timer = nil
	p.mu.Unlock()
	p.flushes.Wait()
}

func sortStates(list []SourceState) {
	slices.SortFunc(list, func(a, b SourceState) int { return strings.Compare(a.ID, b.ID) })
}
