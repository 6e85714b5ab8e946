package feedgen

import (
	"encoding/xml"
	"testing"
)

// What the tests read back from the XML formats, decoded by namespace so
// that a missing declaration fails them.

type xLink struct {
	Href  string `xml:"href,attr"`
	Rel   string `xml:"rel,attr"`
	Type  string `xml:"type,attr"`
	Title string `xml:"title,attr"`
}

type xCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr"`
	Label  string `xml:"label,attr"`
}

type xText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type xAtomFeed struct {
	XMLName   xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID        string   `xml:"id"`
	Title     string   `xml:"title"`
	Subtitle  string   `xml:"subtitle"`
	Updated   string   `xml:"updated"`
	Links     []xLink  `xml:"link"`
	Author    []string `xml:"author>name"`
	Generator string   `xml:"generator"`
	Entries   []struct {
		ID         string      `xml:"id"`
		Title      string      `xml:"title"`
		Updated    string      `xml:"updated"`
		Published  string      `xml:"published"`
		Author     []string    `xml:"author>name"`
		Links      []xLink     `xml:"link"`
		Categories []xCategory `xml:"category"`
		Summary    *xText      `xml:"summary"`
		Content    *xText      `xml:"content"`
		Source     *struct {
			ID    string  `xml:"id"`
			Title string  `xml:"title"`
			Links []xLink `xml:"link"`
		} `xml:"source"`
	} `xml:"entry"`
}

type xRSS struct {
	XMLName xml.Name `xml:"rss"`
	Version string   `xml:"version,attr"`
	Channel struct {
		// Before Link: the first matching field wins, and "link" alone would
		// match atom:link too.
		AtomLinks     []xLink `xml:"http://www.w3.org/2005/Atom link"`
		Link          string  `xml:"link"`
		Title         string  `xml:"title"`
		Description   string  `xml:"description"`
		LastBuildDate string  `xml:"lastBuildDate"`
		Items         []struct {
			Title       string `xml:"title"`
			Link        string `xml:"link"`
			Description string `xml:"description"`
			Encoded     string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
			Creator     string `xml:"http://purl.org/dc/elements/1.1/ creator"`
			Author      string `xml:"author"`
			PubDate     string `xml:"pubDate"`
			GUID        *struct {
				IsPermaLink string `xml:"isPermaLink,attr"`
				Value       string `xml:",chardata"`
			} `xml:"guid"`
			Categories []struct {
				Domain string `xml:"domain,attr"`
				Name   string `xml:",chardata"`
			} `xml:"category"`
			Source *struct {
				URL   string `xml:"url,attr"`
				Title string `xml:",chardata"`
			} `xml:"source"`
		} `xml:"item"`
	} `xml:"channel"`
}

func decodeXML(t *testing.T, out []byte, v any) {
	t.Helper()
	if err := xml.Unmarshal(out, v); err != nil {
		t.Fatalf("decode: %v\n%s", err, out)
	}
}

// linkByRel returns the first link with the rel, or nil.
func linkByRel(links []xLink, rel string) *xLink {
	for i := range links {
		if links[i].Rel == rel {
			return &links[i]
		}
	}
	return nil
}
