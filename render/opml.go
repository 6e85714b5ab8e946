package render

import (
	"encoding/xml"
	"net/url"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/feedgen"
)

// OPML is an OPML 2.0 subscription list (http://opml.org/spec2.opml).
type OPML struct {
	XMLName xml.Name  `xml:"opml"`
	Version string    `xml:"version,attr"`
	Title   string    `xml:"head>title"`
	Outline []Outline `xml:"body>outline"`
}

// Outline is one subscription of an OPML list.
type Outline struct {
	Type    string `xml:"type,attr"`
	Text    string `xml:"text,attr"`
	Title   string `xml:"title,attr,omitempty"`
	XMLURL  string `xml:"xmlUrl,attr"`
	HTMLURL string `xml:"htmlUrl,attr,omitempty"`
}

// SourcesOPML lists the configured sources, in config order, at their
// current URLs and with their feeds' own titles as ix knows them (see
// Renderer.AllSources; ConfiguredSources without a store), so that a reader
// importing it skips the old redirects. GET /opml and `opml export` serve it.
func SourcesOPML(cfg *config.Config, ix *Sources) ([]byte, error) {
	doc := OPML{Version: "2.0", Title: "feedcurator sources"}
	for _, src := range cfg.Sources {
		p := ix.Provenance(src.ID)
		title := ix.Title(src.ID)
		doc.Outline = append(doc.Outline, Outline{
			Type: "rss", Text: title, Title: title, XMLURL: p.FeedURL, HTMLURL: p.SiteURL,
		})
	}
	return doc.marshal()
}

// TopicsOPML lists the topic feeds (their Atom feed and page); private
// topics only when withPrivate (a request that carried the token), their
// URLs then carrying the token too, as readers need.
func TopicsOPML(cfg *config.Config, withPrivate bool) ([]byte, error) {
	doc := OPML{Version: "2.0", Title: "feedcurator topics"}
	if cfg.Output.SiteName != "" {
		doc.Title = cfg.Output.SiteName + " topics"
	}
	for _, t := range cfg.Topics {
		if t.Private && !withPrivate {
			continue
		}
		title := FeedTitle(cfg, t)
		o := Outline{
			Type: "rss", Text: title, Title: title,
			XMLURL:  FeedURL(cfg, t.ID, feedgen.Atom),
			HTMLURL: cfg.BaseURL + "/topics/" + t.ID,
		}
		if t.Private {
			q := "?token=" + url.QueryEscape(cfg.Access.Token)
			o.XMLURL += q
			o.HTMLURL += q
		}
		doc.Outline = append(doc.Outline, o)
	}
	return doc.marshal()
}

// marshal writes the document with its XML declaration.
func (doc *OPML) marshal() ([]byte, error) {
	b, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(b, '\n')...), nil
}
