package fulltext

// hostQueue holds the jobs waiting, one FIFO per host, and hands out jobs
// of hosts that have none in flight, in turn: one slow site never holds up
// the others, and no site gets two article fetches at once from us. Its
// caller holds the Fetcher's lock.
type hostQueue struct {
	jobs  map[string][]job
	busy  map[string]bool
	ready []string // hosts with jobs and none in flight, in turn
}

func newHostQueue() hostQueue {
	return hostQueue{jobs: map[string][]job{}, busy: map[string]bool{}}
}

func (q *hostQueue) push(host string, j job) {
	if len(q.jobs[host]) == 0 && !q.busy[host] {
		q.ready = append(q.ready, host)
	}
	q.jobs[host] = append(q.jobs[host], j)
}

// pop takes the next host's oldest job; done(host) must follow.
func (q *hostQueue) pop() (string, job, bool) {
	for len(q.ready) > 0 {
		host := q.ready[0]
		q.ready = q.ready[1:]
		jobs := q.jobs[host]
		if len(jobs) == 0 || q.busy[host] {
			continue
		}
		j := jobs[0]
		if len(jobs) == 1 {
			delete(q.jobs, host)
		} else {
			q.jobs[host] = jobs[1:]
		}
		q.busy[host] = true
		return host, j, true
	}
	return "", job{}, false
}

// done frees host for its next job.
func (q *hostQueue) done(host string) {
	delete(q.busy, host)
	if len(q.jobs[host]) > 0 {
		q.ready = append(q.ready, host)
	}
}

// drop removes the jobs for which gone is true and returns their keys.
func (q *hostQueue) drop(gone func(job) bool) []string {
	var out []string
	for host, jobs := range q.jobs {
		kept := jobs[:0]
		for _, j := range jobs {
			if gone(j) {
				out = append(out, j.key())
			} else {
				kept = append(kept, j)
			}
		}
		if len(kept) == 0 {
			delete(q.jobs, host)
		} else {
			q.jobs[host] = kept
		}
	}
	return out
}
