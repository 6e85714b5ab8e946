package httpclient

import (
	"fmt"
	"net/http"
)

// maxRedirects is how many redirects one fetch follows; the next one fails.
const maxRedirects = 10

// checkRedirect is the client's redirect policy: at most maxRedirects hops,
// no URL visited twice, no step down from https to http, and only http(s).
// via holds the requests made so far, oldest first; req is the next one.
// A source's configured headers go with req only to their own host.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > maxRedirects {
		return fmt.Errorf("%w: stopped after %d at %s", ErrTooManyRedirects, maxRedirects, via[len(via)-1].URL)
	}
	next := req.URL.String()
	for _, prev := range via {
		if prev.URL.String() == next {
			return fmt.Errorf("%w: %s redirects back to %s", ErrRedirectLoop, via[len(via)-1].URL, next)
		}
	}
	last := via[len(via)-1].URL
	if last.Scheme == "https" && req.URL.Scheme == "http" {
		return fmt.Errorf("%w: %s to %s", ErrInsecureRedirect, last, next)
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return fmt.Errorf("fetcher: redirect from %s to unsupported URL %s", last, next)
	}
	if o, _ := req.Context().Value(fetchOptionsKey{}).(*FetchOptions); o != nil {
		o.setHeaders(req)
	}
	return nil
}

// permanentURL is where resp came from when every redirect on the way to it
// was permanent (301/308), and "" when there was no redirect or any of them
// was temporary (302/303/307): a source moves only on a permanent redirect.
func permanentURL(resp *http.Response) string {
	hops := 0
	for req := resp.Request; req != nil && req.Response != nil; req = req.Response.Request {
		switch req.Response.StatusCode {
		case http.StatusMovedPermanently, http.StatusPermanentRedirect:
			hops++
		default:
			return ""
		}
	}
	if hops == 0 {
		return ""
	}
	return resp.Request.URL.String()
}
