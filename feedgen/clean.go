package feedgen

import (
	"strings"
	"unicode/utf8"

	"github.com/feedcurator/feedcurator/db"
)

// xmlSafe returns s as valid UTF-8 without the characters XML 1.0 forbids
// (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF) or discourages
// (DEL and the C1 controls, mostly mis-decoded windows-1252). Forbidden
// characters are dropped; bytes that are not UTF-8 become U+FFFD. encoding/xml
// would substitute U+FFFD for the forbidden ones too, but a reader gains
// nothing from a replacement glyph where a control character was, and JSON
// output gets the same treatment this way.
func xmlSafe(s string) string {
	if isXMLSafe(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		switch {
		case r == utf8.RuneError && isInvalidAt(s, i):
			b.WriteRune(utf8.RuneError)
		case !allowedRune(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isXMLSafe reports whether xmlSafe would return s unchanged; the common case
// costs one pass and no allocation.
func isXMLSafe(s string) bool {
	for i, r := range s {
		if r < utf8.RuneSelf {
			if !allowedRune(r) {
				return false
			}
			continue
		}
		if (r == utf8.RuneError && isInvalidAt(s, i)) || !allowedRune(r) {
			return false
		}
	}
	return true
}

// isInvalidAt reports whether the RuneError decoded at s[i] stands for a
// byte that is not UTF-8, as opposed to a literal U+FFFD.
func isInvalidAt(s string, i int) bool {
	_, size := utf8.DecodeRuneInString(s[i:])
	return size == 1
}

func allowedRune(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20, r >= 0x7f && r <= 0x9f, r == 0xfffe, r == 0xffff:
		return false
	}
	return true
}

func cleanAll(ss []string) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		if s = xmlSafe(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func cleanItem(it db.Item) db.Item {
	it.SourceID = xmlSafe(it.SourceID)
	it.ID = xmlSafe(it.ID)
	it.GUID = xmlSafe(it.GUID)
	it.Link = xmlSafe(it.Link)
	it.Title = xmlSafe(it.Title)
	it.Summary = xmlSafe(it.Summary)
	it.Content = xmlSafe(it.Content)
	it.Author = xmlSafe(it.Author)
	it.Authors = cleanPeople(it.Authors)
	it.Categories = cleanAll(it.Categories)
	it.Image = xmlSafe(it.Image)
	if it.Enclosures != nil {
		encs := make([]db.Enclosure, 0, len(it.Enclosures))
		for _, e := range it.Enclosures {
			if e.URL = xmlSafe(e.URL); e.URL != "" {
				e.Type = xmlSafe(e.Type)
				encs = append(encs, e)
			}
		}
		it.Enclosures = encs
	}
	return it
}

func cleanPeople(ps []db.Person) []db.Person {
	if ps == nil {
		return nil
	}
	out := make([]db.Person, 0, len(ps))
	for _, p := range ps {
		p = db.Person{Name: xmlSafe(p.Name), Email: xmlSafe(p.Email), URI: xmlSafe(p.URI)}
		if p.Name != "" || p.Email != "" {
			out = append(out, p)
		}
	}
	return out
}

func cleanReasons(rs []db.Reason) []db.Reason {
	out := make([]db.Reason, len(rs))
	for i, r := range rs {
		out[i] = db.Reason{Term: xmlSafe(r.Term), Field: xmlSafe(r.Field), Text: xmlSafe(r.Text)}
	}
	return out
}

// cleanSource cleans a source and names it by its id when it has no title.
func cleanSource(s Source, id string) Source {
	if s.ID == "" {
		s.ID = id
	}
	s = Source{
		ID:      xmlSafe(s.ID),
		Title:   xmlSafe(s.Title),
		FeedURL: xmlSafe(s.FeedURL),
		SiteURL: xmlSafe(s.SiteURL),
		FeedID:  xmlSafe(s.FeedID),
		Authors: cleanPeople(s.Authors),
	}
	if s.Title == "" {
		s.Title = s.ID
	}
	return s
}

func cleanChannel(c Channel) Channel {
	c.TopicID = xmlSafe(c.TopicID)
	c.Title = xmlSafe(c.Title)
	c.Description = xmlSafe(c.Description)
	c.ID = xmlSafe(c.ID)
	c.SelfURL = xmlSafe(c.SelfURL)
	c.HomeURL = xmlSafe(c.HomeURL)
	c.HubURL = xmlSafe(c.HubURL)
	c.NextURL = xmlSafe(c.NextURL)
	c.PrevURL = xmlSafe(c.PrevURL)
	c.FirstURL = xmlSafe(c.FirstURL)
	c.LastURL = xmlSafe(c.LastURL)
	c.PageURL = xmlSafe(c.PageURL)
	c.IconURL = xmlSafe(c.IconURL)
	c.LogoURL = xmlSafe(c.LogoURL)
	return c
}
