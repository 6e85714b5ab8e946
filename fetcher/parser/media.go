package parser

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/fetcher/sanitize"
	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"
)

// maxEnclosures caps the media kept per item.
const maxEnclosures = 16

// enclosuresOf is the item's media: gofeed's enclosures (RSS enclosure,
// Atom link rel="enclosure", JSON Feed attachments), then Media RSS
// media:content, also inside media:group. Each is an absolute http(s) URL,
// listed once; a length that is not a byte count is dropped.
func enclosuresOf(gi *gofeed.Item, base *url.URL) []db.Enclosure {
	var out []db.Enclosure
	add := func(ref, typ, length string) {
		u := sanitize.AbsoluteLink(base, ref)
		if u == "" || len(out) == maxEnclosures {
			return
		}
		for _, e := range out {
			if e.URL == u {
				return
			}
		}
		n, err := strconv.ParseInt(strings.TrimSpace(length), 10, 64)
		if err != nil || n < 0 {
			n = 0
		}
		out = append(out, db.Enclosure{URL: u, Type: sanitize.PlainText(typ, maxCategoryLen), Length: n})
	}
	for _, e := range gi.Enclosures {
		if e != nil {
			add(e.URL, e.Type, e.Length)
		}
	}
	for _, c := range mediaElements(gi.Extensions, "content") {
		add(c.Attrs["url"], c.Attrs["type"], c.Attrs["fileSize"])
	}
	return out
}

// imageOf is the item's picture: a media:thumbnail, else the image gofeed
// found (itunes:image, an image media:content or enclosure); "" for none.
func imageOf(gi *gofeed.Item, base *url.URL) string {
	for _, t := range mediaElements(gi.Extensions, "thumbnail") {
		if u := sanitize.AbsoluteLink(base, t.Attrs["url"]); u != "" {
			return u
		}
	}
	if gi.Image != nil {
		return sanitize.AbsoluteLink(base, gi.Image.URL)
	}
	return ""
}

// mediaElements lists the Media RSS elements of one name on an item:
// top-level ones, those inside media:group, and (for thumbnails) those
// inside media:content, in document order by level.
func mediaElements(exts ext.Extensions, name string) []ext.Extension {
	media := exts["media"]
	if media == nil {
		return nil
	}
	out := append([]ext.Extension(nil), media[name]...)
	for _, g := range media["group"] {
		out = append(out, g.Children[name]...)
	}
	for _, c := range media["content"] {
		out = append(out, c.Children[name]...)
	}
	for _, g := range media["group"] {
		for _, c := range g.Children["content"] {
			out = append(out, c.Children[name]...)
		}
	}
	return out
}
