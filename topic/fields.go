package topic

import (
	"fmt"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
)

// fieldID names an item field a topic can match against. The order is the
// order fields are scanned in, so it decides which match of a term is
// reported "first": a hit in the title beats one in the body.
type fieldID uint8

const (
	fieldTitle fieldID = iota
	fieldSummary
	fieldContent
	fieldCategories
	fieldAuthor
	fieldLink
	numFields
)

var fieldNames = [numFields]string{"title", "summary", "content", "categories", "author", "link"}

func (f fieldID) String() string { return fieldNames[f] }

// articleField is how a reason names the content field when the item's
// content is the article full text found on its page rather than what the
// feed carried: readers of match and /topics/ID should know the words they
// look for are not in the feed.
const articleField = "content (article)"

// reasonField names f in a reason about an item whose content is an
// article (fromArticle) or the feed's own.
func reasonField(f fieldID, fromArticle bool) string {
	if f == fieldContent && fromArticle {
		return articleField
	}
	return f.String()
}

// isHTML reports whether the field holds (sanitised) HTML that must be reduced
// to its text before matching. The title is plain text by the store's
// contract, but is reduced anyway: a stray tag or entity from a careless feed
// must not hide a word.
func (f fieldID) isHTML() bool { return f <= fieldContent }

// fieldMask is a set of fields.
type fieldMask uint8

func (m fieldMask) has(f fieldID) bool { return m&(1<<f) != 0 }

// parseFields turns a topic's field names into a mask; no names means the
// default fields.
func parseFields(names []string) (fieldMask, error) {
	if len(names) == 0 {
		names = config.DefaultFields
	}
	var m fieldMask
	for _, name := range names {
		f, ok := lookupField(name)
		if !ok {
			return 0, fmt.Errorf("unknown field %q (allowed: %v)", name, config.AllowedFields)
		}
		m |= 1 << f
	}
	return m, nil
}

func lookupField(name string) (fieldID, bool) {
	for f, n := range fieldNames {
		if n == name {
			return fieldID(f), true
		}
	}
	return 0, false
}

// eachFieldText calls fn for every text of the item's fields in m, in field
// order. Every category is a text of its own, so that a phrase never spans
// two of them.
func eachFieldText(it *db.Item, m fieldMask, fn func(f fieldID, text string)) {
	single := [...]struct {
		f    fieldID
		text string
	}{
		{fieldTitle, it.Title},
		{fieldSummary, it.Summary},
		{fieldContent, it.ArticleOrContent()}, // the article, when full text found one
	}
	for _, s := range single {
		if m.has(s.f) && s.text != "" {
			fn(s.f, s.text)
		}
	}
	if m.has(fieldCategories) {
		for _, c := range it.Categories {
			if c != "" {
				fn(fieldCategories, c)
			}
		}
	}
	if m.has(fieldAuthor) && it.Author != "" {
		fn(fieldAuthor, it.Author)
	}
	if m.has(fieldLink) && it.Link != "" {
		fn(fieldLink, it.Link)
	}
}
