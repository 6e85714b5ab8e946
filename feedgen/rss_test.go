package feedgen

import (
	"bytes"
	"strings"
	"testing"
)

func TestRSSChannel(t *testing.T) {
	out := render(t, RSS, sampleEntries())
	var doc xRSS
	decodeXML(t, out, &doc)
	if doc.Version != "2.0" {
		t.Errorf("version = %q", doc.Version)
	}
	for _, ns := range []string{`xmlns:atom="http://www.w3.org/2005/Atom"`, `xmlns:content="http://purl.org/rss/1.0/modules/content/"`, `xmlns:dc="http://purl.org/dc/elements/1.1/"`} {
		if !bytes.Contains(out, []byte(ns)) {
			t.Errorf("namespace %s not declared", ns)
		}
	}
	ch := doc.Channel
	if ch.Link != sampleHome {
		t.Errorf("link = %q, want the home page", ch.Link)
	}
	if ch.LastBuildDate != "Sat, 02 Mar 2024 01:00:00 +0000" {
		t.Errorf("lastBuildDate = %q, want RFC 1123Z in UTC", ch.LastBuildDate)
	}
	self := linkByRel(ch.AtomLinks, "self")
	if self == nil || *self != (xLink{Rel: "self", Href: "http://127.0.0.1:8080/feeds/korea.rss", Type: "application/rss+xml"}) {
		t.Errorf("atom:link self = %+v", self)
	}
	if hub := linkByRel(ch.AtomLinks, "hub"); hub == nil || hub.Href != sampleHub {
		t.Errorf("atom:link hub = %+v", hub)
	}
}

func TestRSSItems(t *testing.T) {
	var doc xRSS
	decodeXML(t, render(t, RSS, sampleEntries()), &doc)
	items := doc.Channel.Items
	guids := []struct{ value, permaLink string }{
		{wswsGUID, "true"}, // the link itself
		{"AEN20240302000100315", "false"},
		{"http://www.xinhuanet.com/world/2024-03/02/c_2.htm", "true"}, // no guid: the id, which is the link
		{"item-42", "false"},
		{"tag:wsws.org,2024:article-77", "false"},
		// The first item's guid: taken, so the item's urn:uuid, as in Atom.
		{"urn:uuid:ffd9f2a9-e705-57c4-a03c-1988dc6965d2", "false"},
	}
	for i, want := range guids {
		g := items[i].GUID
		if g == nil || g.Value != want.value || g.IsPermaLink != want.permaLink {
			t.Errorf("item %d guid = %+v, want %+v", i, g, want)
		}
	}
	first := items[0]
	if first.Description != `<p>Doctors in <b>Seoul</b> &amp; Busan walked out &lt;again&gt;.</p>` {
		t.Errorf("description = %q, want the summary", first.Description)
	}
	if !strings.HasPrefix(first.Encoded, "<p>Doctors in") || !strings.Contains(first.Encoded, "Also reported by:") {
		t.Errorf("content:encoded = %q", first.Encoded)
	}
	if first.Creator != "Ben McGrath" || first.Author != "" {
		t.Errorf("a bare name: dc:creator %q, author %q", first.Creator, first.Author)
	}
	if items[1].Author != "desk@yna.co.kr (Yonhap)" || items[1].Creator != "Yonhap" {
		t.Errorf("an e-mail: author %q, dc:creator %q", items[1].Author, items[1].Creator)
	}
	if items[1].Description != items[1].Encoded {
		t.Errorf("no summary: description %q, want the content", items[1].Description)
	}
	if first.PubDate != "Fri, 01 Mar 2024 09:00:00 +0000" {
		t.Errorf("pubDate = %q", first.PubDate)
	}
	if items[2].PubDate != "Fri, 01 Mar 2024 20:00:00 +0000" {
		t.Errorf("undated item has pubDate %q, want when it was first seen", items[2].PubDate)
	}
	if items[3].PubDate != "" {
		t.Errorf("an item the store never saw has pubDate %q", items[3].PubDate)
	}
	scheme := "http://127.0.0.1:8080/topics/korea#match"
	var cats []string
	for _, c := range first.Categories {
		cats = append(cats, c.Domain+"|"+c.Name)
	}
	wantCats := "|Asia,|Korea & Japan," + scheme + "|Korea*," + scheme + "|Seoul"
	if got := strings.Join(cats, ","); got != wantCats {
		t.Errorf("categories = %s, want %s", got, wantCats)
	}
	if s := first.Source; s == nil || s.URL != "https://www.wsws.org/en/rss.xml" || s.Title != "World Socialist Web Site" {
		t.Errorf("source = %+v", s)
	}
	if items[3].Source != nil {
		t.Errorf("source without a feed URL rendered: %+v", items[3].Source)
	}
}
