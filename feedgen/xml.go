package feedgen

import (
	"encoding/xml"
	"io"

	"github.com/gorilla/feeds"
)

// writeXML encodes a gorilla XmlFeed, as feeds.WriteXML does, but with the
// XML declaration on a line of its own and a final newline, which makes
// exported files and golden files read and diff better.
func writeXML(w io.Writer, f feeds.XmlFeed) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(f.FeedXml()); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
