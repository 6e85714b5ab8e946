package parser

import (
	"strings"

	"github.com/feedcurator/feedcurator/db"
	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	"github.com/mmcdole/gofeed/json"
	"github.com/mmcdole/gofeed/rss"
)

// itemHints are facts about an item that gofeed's universal Item drops but
// normalising needs; they are read from the original feed, whose items are
// in the same order as the universal ones.
type itemHints struct {
	// contentIsText: the content is plain text (JSON Feed content_text, Atom
	// type="text"), to be escaped rather than sanitised as HTML.
	contentIsText bool
	// guidIsLink: the RSS guid is a permalink (isPermaLink absent or "true"),
	// usable as the link when the item has none.
	guidIsLink bool
	// authors are the item's own authors, read from the original item
	// (rawItemPeople), which keeps what the universal one drops; cleaned
	// (URLs made absolute) when the item is normalised.
	authors []db.Person
}

// hintsFor reads what the universal item lost from item i of gf's original
// feed. It runs where gf is at hand: a window of a big feed is a gofeed
// feed of its own.
func hintsFor(gf *gofeed.Feed, i int) itemHints {
	h := formatHints(gf, i)
	if i < len(gf.Items) && gf.Items[i] != nil {
		h.authors = rawItemPeople(gf, i, gf.Items[i])
	}
	return h
}

func formatHints(gf *gofeed.Feed, i int) itemHints {
	switch orig := gf.OriginalFeed().(type) {
	case *rss.Feed:
		if i < len(orig.Items) && orig.Items[i].GUID != nil {
			return itemHints{guidIsLink: !strings.EqualFold(strings.TrimSpace(orig.Items[i].GUID.IsPermalink), "false")}
		}
	case *atom.Feed:
		if i < len(orig.Entries) && orig.Entries[i].Content != nil {
			return itemHints{contentIsText: strings.EqualFold(strings.TrimSpace(orig.Entries[i].Content.Type), "text")}
		}
	case *json.Feed:
		if i < len(orig.Items) {
			return itemHints{contentIsText: orig.Items[i].ContentHTML == "" && orig.Items[i].ContentText != ""}
		}
	}
	return itemHints{}
}

// atomFeedID is the Atom feed's own <id>, "" for other formats.
func atomFeedID(gf *gofeed.Feed) string {
	if af, ok := gf.OriginalFeed().(*atom.Feed); ok {
		return af.ID
	}
	return ""
}
