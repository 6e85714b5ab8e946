package config

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// OPMLSource is one feed found in an OPML file, with the titles of the
// outlines it was nested in and its category attribute as Categories.
type OPMLSource struct {
	ID         string
	URL        string
	Title      string
	Categories []string
}

type opmlOutline struct {
	Text     string        `xml:"text,attr"`
	Title    string        `xml:"title,attr"`
	Type     string        `xml:"type,attr"`
	XMLURL   string        `xml:"xmlUrl,attr"`
	Category string        `xml:"category,attr"`
	Outlines []opmlOutline `xml:"outline"`
}

// ParseOPML reads the feeds of an OPML 1.0/2.0 file, nested outlines
// included, and gives each an id (from its title, else its host) that is
// unique among them and among taken (the ids a config already has).
func ParseOPML(r io.Reader, taken map[string]bool) ([]OPMLSource, error) {
	var doc struct {
		XMLName xml.Name      `xml:"opml"`
		Body    []opmlOutline `xml:"body>outline"`
	}
	dec := xml.NewDecoder(r)
	dec.CharsetReader = nil
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("config: OPML: %w", err)
	}
	used := map[string]bool{}
	for id := range taken {
		used[id] = true
	}
	seenURL := map[string]bool{}
	var out []OPMLSource
	var walk func(outlines []opmlOutline, parents []string)
	walk = func(outlines []opmlOutline, parents []string) {
		for _, o := range outlines {
			title := strings.TrimSpace(o.Title)
			if title == "" {
				title = strings.TrimSpace(o.Text)
			}
			if u := strings.TrimSpace(o.XMLURL); u != "" && !seenURL[u] {
				if p, err := url.Parse(u); err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != "" {
					seenURL[u] = true
					cats := append([]string(nil), parents...)
					for _, c := range strings.Split(o.Category, ",") {
						if c = strings.Trim(strings.TrimSpace(c), "/"); c != "" {
							cats = append(cats, c)
						}
					}
					out = append(out, OPMLSource{ID: uniqueID(slug(title, p.Host), used), URL: u, Title: title, Categories: cats})
				}
			}
			next := parents
			if len(o.Outlines) > 0 && title != "" {
				next = append(append([]string(nil), parents...), title)
			}
			walk(o.Outlines, next)
		}
	}
	walk(doc.Body, nil)
	return out, nil
}

var nonID = regexp.MustCompile(`[^a-z0-9_-]+`)

// slug makes an id from a title: ASCII letters and digits, dashes between;
// a title with none of those (Korean, Chinese) falls back to the host.
func slug(title, host string) string {
	s := nonID.ReplaceAllString(strings.ToLower(norm.NFKD.String(title)), "-")
	s = strings.Trim(s, "-_")
	if s == "" {
		s = strings.Trim(nonID.ReplaceAllString(strings.ToLower(strings.TrimPrefix(host, "www.")), "-"), "-_")
	}
	if len(s) > 40 {
		s = strings.TrimRight(s[:40], "-_")
	}
	if s == "" {
		s = "source"
	}
	return s
}

func uniqueID(base string, used map[string]bool) string {
	id := base
	for n := 2; used[id]; n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	used[id] = true
	return id
}

// SourcesYAML renders sources as the entries of a `sources:` list, indented
// by indent spaces, titles quoted so that any text survives.
func SourcesYAML(sources []OPMLSource, indent int) string {
	pad := strings.Repeat(" ", indent)
	var b strings.Builder
	for _, s := range sources {
		fmt.Fprintf(&b, "%s- id: %s\n%s  url: %s\n", pad, s.ID, pad, strconv.Quote(s.URL))
		if s.Title != "" {
			fmt.Fprintf(&b, "%s  title: %s\n", pad, strconv.Quote(s.Title))
		}
	}
	return b.String()
}
