package httpclient

import "context"

// pageAccept asks for a web page: an item's article, or a site's robots.txt.
const pageAccept = "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.8, */*;q=0.5"

// FetchPage GETs a page that is not a feed (an item's article page, a
// site's robots.txt) through the same client as the polls: the same
// poll.per_host slots, poll.timeout, poll.max_body, poll.block_private and
// User-Agent, so that a site sees one polite visitor, not two. With
// publicOnly (the page was linked from a feed that came from a public
// address) no hop may reach a private one. Errors are as for Fetch.
func (c *Client) FetchPage(ctx context.Context, url string, publicOnly bool) (*Response, error) {
	return c.fetch(ctx, url, Validators{}, FetchOptions{PublicOnly: publicOnly, accept: pageAccept})
}
