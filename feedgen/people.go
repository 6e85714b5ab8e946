package feedgen

import (
	"strings"

	"github.com/feedcurator/feedcurator/db"
)

// entryAuthors is who an entry credits: the item's own authors, else (a
// record stored before authors were kept apart) its author text, else its
// source feed's authors. Never the daemon: an Atom entry without an author
// of its own inherits one from its <source> (sourceAuthors).
func entryAuthors(it *db.Item, src *Source) []db.Person {
	switch {
	case len(it.Authors) > 0:
		return it.Authors
	case it.Author != "":
		return []db.Person{{Name: it.Author}}
	}
	return src.Authors
}

// sourceAuthors are the authors of an entry's Atom <source>: the source
// feed's own, else, for an entry that credits nobody, the source named as
// its author, which keeps the entry valid (RFC 4287 section 4.1.2: an entry
// without atom:author takes the one of its atom:source).
func sourceAuthors(src *Source, entryHasAuthors bool) []db.Person {
	if len(src.Authors) > 0 || entryHasAuthors {
		return src.Authors
	}
	return []db.Person{{Name: src.Title}}
}

// personName is how a person is named where a name is required: the name,
// else the e-mail address.
func personName(p db.Person) string { return firstNonEmpty(p.Name, p.Email) }

// isEmailAddress reports whether s can stand as an address (atom:email is
// an RFC 2822 addr-spec): one "@" with something either side, no spaces.
func isEmailAddress(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && domain != "" && !strings.ContainsAny(s, " \t\n\r()<>,;:\"[]") && !strings.Contains(domain, "@")
}

// rssAuthor is RSS's <author>, an e-mail address with the name in
// parentheses; "" without an address.
func rssAuthor(people []db.Person) string {
	for _, p := range people {
		if isEmailAddress(p.Email) {
			if p.Name == "" {
				return p.Email
			}
			return p.Email + " (" + p.Name + ")"
		}
	}
	return ""
}
