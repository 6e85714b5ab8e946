package server

import (
	"encoding/xml"
	"errors"
	"io"
	"net/http"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/render"
)

// opmlDoc is an OPML 2.0 subscription list (http://opml.org/spec2.opml).
type opmlDoc struct {
	XMLName xml.Name      `xml:"opml"`
	Version string        `xml:"version,attr"`
	Title   string        `xml:"head>title"`
	Outline []opmlOutline `xml:"body>outline"`
}

type opmlOutline struct {
	Type    string `xml:"type,attr"`
	Text    string `xml:"text,attr"`
	Title   string `xml:"title,attr,omitempty"`
	XMLURL  string `xml:"xmlUrl,attr"`
	HTMLURL string `xml:"htmlUrl,attr,omitempty"`
}

// serveOPML answers /opml: the configured sources, in config order, at their
// current URLs, so that a reader importing it skips the old redirects.
func (s *Server) serveOPML(w http.ResponseWriter, r *http.Request) {
	rt := s.runtime(w)
	if rt == nil {
		return
	}
	b, err := s.opml(rt.Config)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	writeBytes(w, "text/x-opml; charset=utf-8", b)
}

// WriteOPML writes the OPML of GET /opml (the opml export command).
func (s *Server) WriteOPML(w io.Writer) error {
	rt := s.rt.Load()
	if rt == nil {
		return errors.New("server: no config loaded")
	}
	b, err := s.opml(rt.Config)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// opml renders the sources of cfg. Without a store (the daemon holds it) the
// configured URLs and titles are all there is.
func (s *Server) opml(cfg *config.Config) ([]byte, error) {
	ix := render.ConfiguredSources(cfg)
	if s.store != nil {
		var err error
		if ix, err = s.render.AllSources(cfg); err != nil {
			return nil, err
		}
	}
	doc := opmlDoc{Version: "2.0", Title: "feedcurator sources"}
	for _, src := range cfg.Sources {
		p := ix.Provenance(src.ID)
		title := ix.Title(src.ID)
		doc.Outline = append(doc.Outline, opmlOutline{
			Type: "rss", Text: title, Title: title, XMLURL: p.FeedURL, HTMLURL: p.SiteURL,
		})
	}
	return doc.marshal()
}

// marshal writes the document with its XML declaration.
func (doc *opmlDoc) marshal() ([]byte, error) {
	b, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(b, '\n')...), nil
}
