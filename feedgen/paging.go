package feedgen

// pagingLink is one RFC 5005 link between the pages of a paged feed.
type pagingLink struct{ rel, href string }

// pagingLinks lists the channel's paging links in a fixed order, so that
// output stays byte-identical. RFC 5005 names the newer page "previous"
// (the IANA registry also has "prev"; readers that page look for
// "previous", and "next" for the older one).
func pagingLinks(ch Channel) []pagingLink {
	var out []pagingLink
	for _, l := range [...]pagingLink{{"first", ch.FirstURL}, {"previous", ch.PrevURL}, {"next", ch.NextURL}, {"last", ch.LastURL}} {
		if l.href != "" {
			out = append(out, l)
		}
	}
	return out
}
