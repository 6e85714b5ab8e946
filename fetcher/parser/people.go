package parser

import (
	"net/url"
	"strings"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/fetcher/sanitize"
	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	"github.com/mmcdole/gofeed/json"
	"github.com/mmcdole/gofeed/rss"
)

// maxPeople caps the authors kept per item or feed.
const maxPeople = 32

// itemPeople is the item's authors as its source gave them: gofeed's
// universal Person drops the Atom uri and the JSON Feed url, and keeps only
// the first of several RSS dc:creator, so the original item is read.
func rawItemPeople(gf *gofeed.Feed, i int, gi *gofeed.Item) []db.Person {
	var raw []db.Person
	switch orig := gf.OriginalFeed().(type) {
	case *atom.Feed:
		if i < len(orig.Entries) {
			raw = atomPeople(orig.Entries[i].Authors)
		}
	case *json.Feed:
		if i < len(orig.Items) {
			raw = jsonPeople(orig.Items[i].Authors, orig.Items[i].Author)
		}
	case *rss.Feed:
		raw = universalPeople(gi.Authors, gi.Author)
		if i < len(orig.Items) && orig.Items[i].DublinCoreExt != nil {
			for _, name := range orig.Items[i].DublinCoreExt.Creator {
				raw = append(raw, db.Person{Name: name})
			}
		}
	default:
		raw = universalPeople(gi.Authors, gi.Author)
	}
	return raw
}

// feedPeople is the feed's own authors, credited on its items that name none.
func feedPeople(gf *gofeed.Feed, base *url.URL) []db.Person {
	var raw []db.Person
	switch orig := gf.OriginalFeed().(type) {
	case *atom.Feed:
		raw = atomPeople(orig.Authors)
	case *json.Feed:
		raw = jsonPeople(orig.Authors, orig.Author)
	default:
		raw = universalPeople(gf.Authors, gf.Author)
	}
	return cleanPeople(raw, base)
}

func atomPeople(ps []*atom.Person) []db.Person {
	var out []db.Person
	for _, p := range ps {
		if p != nil {
			out = append(out, db.Person{Name: p.Name, Email: p.Email, URI: p.URI})
		}
	}
	return out
}

func jsonPeople(ps []*json.Author, one *json.Author) []db.Person {
	if len(ps) == 0 && one != nil {
		ps = []*json.Author{one}
	}
	var out []db.Person
	for _, p := range ps {
		if p != nil {
			out = append(out, db.Person{Name: p.Name, URI: p.URL})
		}
	}
	return out
}

func universalPeople(ps []*gofeed.Person, one *gofeed.Person) []db.Person {
	if len(ps) == 0 && one != nil {
		ps = []*gofeed.Person{one}
	}
	var out []db.Person
	for _, p := range ps {
		if p != nil {
			out = append(out, db.Person{Name: p.Name, Email: p.Email})
		}
	}
	return out
}

// cleanPeople reduces names and addresses to plain text, keeps only http(s)
// URIs (absolute), and drops empty people and repeats (by name, else e-mail,
// case-insensitively).
func cleanPeople(raw []db.Person, base *url.URL) []db.Person {
	var out []db.Person
	var seen []string
	for _, p := range raw {
		p = db.Person{
			Name:  sanitize.PlainText(p.Name, maxAuthorBytes),
			Email: sanitize.PlainText(p.Email, maxAuthorBytes),
			URI:   sanitize.AbsoluteLink(base, p.URI),
		}
		key := firstNonEmptyString(p.Name, p.Email)
		if key == "" || containsFold(seen, key) {
			continue
		}
		seen = append(seen, key)
		out = append(out, p)
		if len(out) == maxPeople {
			break
		}
	}
	return out
}

// authorNames joins the people's names (else e-mail addresses): the text
// that topics match in the author field and pages show.
func authorNames(people []db.Person) string {
	names := make([]string, 0, len(people))
	for _, p := range people {
		names = append(names, firstNonEmptyString(p.Name, p.Email))
	}
	return sanitize.TruncateUTF8(strings.Join(names, ", "), maxAuthorBytes)
}

func firstNonEmptyString(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
