package feedgen

import (
	"bytes"
	"testing"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/topic"
)

const pagedBase = "http://127.0.0.1:8080/feeds/korea."

// pagedChannel is the sample channel as page 3 of a paged feed.
func pagedChannel(f Format) Channel {
	ch := sampleChannel(f)
	ch.SelfURL = pagedBase + string(f) + "?page=3"
	ch.FirstURL = pagedBase + string(f)
	ch.PrevURL = pagedBase + string(f) + "?page=2"
	ch.NextURL = pagedBase + string(f) + "?page=4"
	ch.LastURL = pagedBase + string(f) + "?page=7"
	return ch
}

func renderChannel(t *testing.T, f Format, ch Channel) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, f, ch, sampleEntries(), sampleSourceOf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestPagingLinks checks the RFC 5005 links of a middle page in each format:
// Atom links and RSS atom:links with rel first, previous, next, last and
// self, each typed as its format; JSON Feed's next_url, with feed_url the
// subscription URL (the first page's) on every page.
func TestPagingLinks(t *testing.T) {
	for _, f := range []Format{Atom, RSS} {
		t.Run(string(f), func(t *testing.T) {
			out := renderChannel(t, f, pagedChannel(f))
			checkWellFormed(t, f, out)
			links := feedLevelLinks(t, f, out)
			typ := "application/" + string(f) + "+xml"
			for rel, page := range map[string]string{"self": "?page=3", "first": "", "previous": "?page=2", "next": "?page=4", "last": "?page=7"} {
				l := linkByRel(links, rel)
				want := xLink{Rel: rel, Href: pagedBase + string(f) + page, Type: typ}
				if l == nil || *l != want {
					t.Errorf("rel=%s: %+v, want %+v", rel, l, want)
				}
			}
			checkOutputClean(t, f, out)
		})
	}
	t.Run("json", func(t *testing.T) {
		out := renderChannel(t, JSON, pagedChannel(JSON))
		m := decodeJSON(t, out)
		if m["next_url"] != pagedBase+"json?page=4" || m["feed_url"] != pagedBase+"json" {
			t.Errorf("next_url = %v, feed_url = %v", m["next_url"], m["feed_url"])
		}
		checkOutputClean(t, JSON, out)
	})
}

// TestNoPagingLinksByDefault: a feed that fits one page links to no other.
func TestNoPagingLinksByDefault(t *testing.T) {
	for _, f := range []Format{Atom, RSS} {
		links := feedLevelLinks(t, f, render(t, f, sampleEntries()))
		for _, rel := range []string{"first", "previous", "next"} {
			if l := linkByRel(links, rel); l != nil {
				t.Errorf("%s: unexpected rel=%s link %+v", f, rel, l)
			}
		}
	}
	if m := decodeJSON(t, render(t, JSON, sampleEntries())); m["next_url"] != nil {
		t.Errorf("json: next_url = %v, want none", m["next_url"])
	}
}

// TestRSSItemWithOnlyALink: RSS 2.0 wants a title or a description; an
// item that has neither (a bookmark) is titled by its link.
func TestRSSItemWithOnlyALink(t *testing.T) {
	entries := []topic.Entry{{Item: db.Item{SourceID: "s", ID: "https://example.com/a", Link: "https://example.com/a"}}}
	var doc xRSS
	decodeXML(t, render(t, RSS, entries), &doc)
	if it := doc.Channel.Items[0]; it.Title != "https://example.com/a" || it.Description != "" {
		t.Errorf("title %q, description %q; want the link as title", it.Title, it.Description)
	}
}

func feedLevelLinks(t *testing.T, f Format, out []byte) []xLink {
	t.Helper()
	if f == Atom {
		var doc xAtomFeed
		decodeXML(t, out, &doc)
		return doc.Links
	}
	var doc xRSS
	decodeXML(t, out, &doc)
	return doc.Channel.AtomLinks
}

// checkOutputClean applies the corpus test's checks to out: gofeed reads it
// back and nothing in it is malformed.
func checkOutputClean(t *testing.T, f Format, out []byte) {
	t.Helper()
	entries := sampleEntries()
	for _, p := range checkOutput(f, out, entries, newSourceText(entries)) {
		t.Errorf("%s: %s", f, p)
	}
}
