package fulltext

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/fetcher/article"
	"github.com/feedcurator/feedcurator/fetcher/httpclient"
)

// maxCrawlDelay caps a site's Crawl-delay: a larger one would keep its
// items waiting for days.
const maxCrawlDelay = time.Minute

// attempt fetches one item's page, unless the store says it was had
// already or its next try is not due. It returns what became of it for the
// writer to record (nil when nothing is to be recorded), and how long the
// site asks to be left alone after a fetch (its robots.txt Crawl-delay).
func (f *Fetcher) attempt(ctx context.Context, j job) (*result, time.Duration) {
	attempts, err := f.store.ArticleAttempts(j.src.ID, []string{j.itemID})
	if err != nil {
		f.log.Warn("full text: reading attempts", "source", j.src.ID, "error", err)
		return nil, 0
	}
	prev, tried := attempts[j.itemID]
	now := f.now()
	if tried && !due(prev, now) {
		return nil, 0
	}
	if stored, err := f.store.HasItem(j.src.ID, j.itemID); err != nil || !stored {
		return nil, 0 // pruned by retention, though its feed still lists it
	}
	html, outcome, pause, err := f.article(withPublic(ctx, j.public), j)
	if ctx.Err() != nil {
		return nil, pause // our shutdown, not the page's failure: nothing recorded, tried again later
	}
	a := db.ArticleAttempt{Outcome: outcome, Tries: prev.Tries + 1, Last: now}
	if outcome != OutcomeOK && retryable(outcome) && a.Tries < f.maxTries {
		a.Retry = now.Add(f.retry << (a.Tries - 1))
	}
	return &result{job: j, ArticleResult: db.ArticleResult{SourceID: j.src.ID, ItemID: j.itemID, Article: html, Attempt: a}, err: err}, pause
}

// result is an attempt waiting for the writer.
type result struct {
	job
	db.ArticleResult
	err error // why the page could not be had
}

// maxWrite bounds the attempts one commit records.
const maxWrite = 64

// write records the attempts the workers leave, many to a commit (see
// db.Store.SaveArticles), until the Fetcher stops and nothing is left.
func (f *Fetcher) write() {
	for {
		f.mu.Lock()
		for len(f.pending) == 0 && !f.stopped {
			f.wake.Wait()
		}
		if len(f.pending) == 0 {
			f.mu.Unlock()
			return
		}
		n := min(len(f.pending), maxWrite)
		batch := f.pending[:n:n]
		f.pending = f.pending[n:]
		f.writing++
		f.mu.Unlock()

		f.record(batch)

		f.mu.Lock()
		f.writing--
		for _, r := range batch {
			delete(f.queued, r.key())
		}
		f.mu.Unlock()
		f.wake.Broadcast()
	}
}

// record commits a batch of attempts, then logs and counts them.
func (f *Fetcher) record(batch []*result) {
	rs := make([]db.ArticleResult, len(batch))
	for i, r := range batch {
		rs[i] = r.ArticleResult
	}
	stored, err := f.store.SaveArticles(rs)
	if err != nil {
		// Nothing recorded: the items are tried again after a later poll.
		f.log.Warn("full text: storing articles", "attempts", len(batch), "error", err)
	}
	for i, r := range batch {
		outcome := r.Attempt.Outcome
		switch {
		case err != nil:
			outcome = OutcomeStoreError
		case !stored[i]:
			continue // pruned meanwhile: nothing to keep the article with
		case outcome != OutcomeOK:
			f.log.Info("full text failed; the item stays as the feed gave it", "source", r.src.ID, "link", r.link,
				"outcome", outcome, "error", r.err, "try", r.Attempt.Tries)
		}
		if f.onOutcome != nil {
			f.onOutcome(r.src.ID, outcome)
		}
	}
}

// article gets the item's article: the robots.txt check, the page, the
// extraction. It returns the sanitised article and OutcomeOK, or why not,
// and the site's Crawl-delay once its page was asked for.
func (f *Fetcher) article(ctx context.Context, j job) (html, outcome string, pause time.Duration, err error) {
	rules, err := f.robots.Check(ctx, j.link)
	if err != nil {
		return "", OutcomeError, 0, err
	}
	if rules.Unavailable {
		return "", OutcomeRobotsUnavailable, 0, errors.New("robots.txt answered a server error: nothing may be fetched for now")
	}
	if !rules.Allowed {
		return "", OutcomeRobots, 0, errors.New("robots.txt disallows the page")
	}
	pause = min(rules.CrawlDelay, maxCrawlDelay)
	f.mu.Lock()
	client := f.client
	f.mu.Unlock()
	resp, err := client.FetchPage(ctx, j.link, publicOnly(ctx))
	if err != nil {
		return "", fetchOutcome(err), pause, err
	}
	a, err := f.extractor.Extract(article.Page{Body: resp.Body, URL: resp.URL, ContentType: resp.ContentType}, j.src.FullTextSelector)
	switch {
	case err == nil:
		return a.HTML, OutcomeOK, pause, nil
	case errors.Is(err, article.ErrTooLittleText):
		return "", OutcomePaywall, pause, err
	case errors.Is(err, article.ErrNotHTML):
		return "", OutcomeNotHTML, pause, err
	case errors.Is(err, article.ErrNoMatch):
		return "", OutcomeNoMatch, pause, err
	}
	return "", OutcomeError, pause, err
}

// fetchOutcome names a failed page fetch.
func fetchOutcome(err error) string {
	var se *httpclient.StatusError
	var blocked *httpclient.BlockedAddressError
	switch {
	case errors.As(err, &se):
		switch {
		case se.StatusCode == http.StatusNotFound || se.StatusCode == http.StatusGone:
			return OutcomeNotFound
		case se.StatusCode == http.StatusTooManyRequests || se.StatusCode >= 500:
			return OutcomeServerError
		}
		return OutcomeHTTPError
	case errors.As(err, &blocked):
		return OutcomeBlocked
	case errors.Is(err, httpclient.ErrBodyTooLarge):
		return OutcomeTooLarge
	case errors.Is(err, context.DeadlineExceeded):
		return OutcomeTimeout
	}
	return OutcomeError
}

// retryable: the failure may pass, so the page is asked for again later.
// A robots.txt refusal, a 4xx, a page that is not an article (or behind a
// paywall) will say the same next time.
func retryable(outcome string) bool {
	switch outcome {
	case OutcomeServerError, OutcomeTimeout, OutcomeError, OutcomeStoreError, OutcomeRobotsUnavailable:
		return true
	}
	return false
}

// fetchRobots gets a site's robots.txt for the robots.Checker: a status is
// an answer, only no answer at all is an error.
func (f *Fetcher) fetchRobots(ctx context.Context, url string) ([]byte, int, error) {
	f.mu.Lock()
	client := f.client
	f.mu.Unlock()
	resp, err := client.FetchPage(ctx, url, publicOnly(ctx))
	var se *httpclient.StatusError
	if errors.As(err, &se) {
		return nil, se.StatusCode, nil
	}
	if err != nil {
		return nil, 0, err
	}
	return resp.Body, resp.StatusCode, nil
}

// The address rule travels with the context into the robots.Checker,
// whose fetch function takes no options.
type publicKey struct{}

func withPublic(ctx context.Context, public bool) context.Context {
	return context.WithValue(ctx, publicKey{}, public)
}

func publicOnly(ctx context.Context) bool {
	p, _ := ctx.Value(publicKey{}).(bool)
	return p
}
