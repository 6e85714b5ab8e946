package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/feedcurator/feedcurator/db"
)

// heldHub is a hub transport that holds every ping until released, and
// records how many pings of one feed were in flight at once.
type heldHub struct {
	arrived chan string
	release chan struct{}

	mu          sync.Mutex
	inFlight    map[string]int
	maxInFlight int
	finished    int // pings that returned
}

func newHeldHub() *heldHub {
	return &heldHub{arrived: make(chan string, 64), release: make(chan struct{}), inFlight: map[string]int{}}
}

func (h *heldHub) RoundTrip(r *http.Request) (*http.Response, error) {
	r.ParseForm()
	u := r.PostForm.Get("hub.url")
	h.mu.Lock()
	h.inFlight[u]++
	h.maxInFlight = max(h.maxInFlight, h.inFlight[u])
	h.mu.Unlock()
	h.arrived <- u
	<-h.release // held whatever the request's context says
	h.mu.Lock()
	h.inFlight[u]--
	h.finished++
	h.mu.Unlock()
	return &http.Response{StatusCode: http.StatusNoContent, Body: http.NoBody, Request: r}, nil
}

// TestWebSubPingsOneAtATimeAndEndWithRunWebSub: changes that land while a
// topic's ping hangs on the hub start no second ping of it (they are
// announced once, after it), and RunWebSub returns only once its pings
// have ended.
func TestWebSubPingsOneAtATimeAndEndWithRunWebSub(t *testing.T) {
	f := newFixture(t)
	cfg := *f.rt.Load().Config
	cfg.WebSub.Hub = "http://127.0.0.1:9/hub"
	cfg.Topics = cfg.Topics[:1]
	f.rt.Store(&Runtime{Config: &cfg})
	h := newHeldHub()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	ready := make(chan struct{})
	f.srv.websubStarted = func() { close(ready) }
	go func() {
		defer close(done)
		f.srv.RunWebSub(ctx, WebSubOptions{Client: &http.Client{Transport: h}, Retries: 1})
	}()
	<-ready

	for i := 0; i < 3; i++ {
		f.save(db.SourceState{ID: "one"}, item(fmt.Sprintf("k%d", i), fmt.Sprintf("Korea news %d", i), fmt.Sprintf("https://one.test/k%d", i), 0))
		f.srv.NotifyChanged()
		if i == 0 {
			for u := <-h.arrived; !strings.HasSuffix(u, "/t.atom"); u = <-h.arrived {
			}
		}
	}
	// Let the pings through until the topic's feeds were announced again.
	go func() {
		for {
			select {
			case h.release <- struct{}{}:
			case <-done:
				return
			}
		}
	}()
	again := 0
	for again < 1 {
		if u := <-h.arrived; strings.HasSuffix(u, "/t.atom") {
			again++
		}
	}
	cancel()
	<-done
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.maxInFlight != 1 {
		t.Errorf("%d pings of one feed were in flight at once, want 1", h.maxInFlight)
	}
	for u, n := range h.inFlight {
		if n != 0 {
			t.Errorf("RunWebSub returned with %d pings of %s in flight", n, u)
		}
	}
}
