// Package fetcher polls sources: the scheduler that decides when each is
// due, the per-host queues and replica leases that keep polling polite, and
// each poll's pipeline: fetch (fetcher/httpclient), parse (fetcher/parser),
// per-item processing (fetcher/process), store. The other concerns live in
// packages of their own under fetcher/: charset, discover, sanitize, ids,
// and the article work of fetcher/fulltext.
package fetcher
