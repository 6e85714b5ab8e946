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

// OPMLSkipped is an outline ReadOPML could not use, and why.
type OPMLSkipped struct {
	Title string // the outline's title, else its text
	Why   string
}

// ParseOPML reads the feeds of an OPML 1.0/2.0 file, nested outlines
// included, and gives each an id (from its title, else its host) that is
// unique among them and among taken (the ids a config already has).
func ParseOPML(r io.Reader, taken map[string]bool) ([]OPMLSource, error) {
	found, _, err := ReadOPML(r, taken)
	return found, err
}

// ReadOPML is ParseOPML that also says which outlines it left out and why
// (not an http(s) feed URL, a feed listed twice, no feed at all), so that an
// import never loses a subscription silently.
func ReadOPML(r io.Reader, taken map[string]bool) ([]OPMLSource, []OPMLSkipped, error) {
	var doc struct {
		XMLName xml.Name      `xml:"opml"`
		Body    []opmlOutline `xml:"body>outline"`
	}
	dec := xml.NewDecoder(r)
	dec.CharsetReader = nil
	if err := dec.Decode(&doc); err != nil {
		return nil, nil, fmt.Errorf("config: OPML: %w", err)
	}
	used := map[string]bool{}
	for id := range taken {
		used[id] = true
	}
	seenURL := map[string]string{} // URL → the title of its first outline
	var out []OPMLSource
	var skipped []OPMLSkipped
	var walk func(outlines []opmlOutline, parents []string)
	walk = func(outlines []opmlOutline, parents []string) {
		for _, o := range outlines {
			title := strings.TrimSpace(o.Title)
			if title == "" {
				title = strings.TrimSpace(o.Text)
			}
			u := strings.TrimSpace(o.XMLURL)
			p, perr := url.Parse(u)
			switch first, seen := seenURL[u]; {
			case u == "" && len(o.Outlines) == 0:
				skipped = append(skipped, OPMLSkipped{title, "no xmlUrl: not a feed"})
			case u == "":
			case seen:
				skipped = append(skipped, OPMLSkipped{title, fmt.Sprintf("%s is already listed, as %q", u, first)})
			case perr != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "":
				skipped = append(skipped, OPMLSkipped{title, fmt.Sprintf("xmlUrl %q is not an http or https URL", u)})
			default:
				seenURL[u] = title
				cats := append([]string(nil), parents...)
				for _, c := range strings.Split(o.Category, ",") {
					if c = strings.Trim(strings.TrimSpace(c), "/"); c != "" {
						cats = append(cats, c)
					}
				}
				out = append(out, OPMLSource{ID: uniqueID(slug(title, p.Host), used), URL: u, Title: title, Categories: cats})
			}
			next := parents
			if len(o.Outlines) > 0 && title != "" {
				next = append(append([]string(nil), parents...), title)
			}
			walk(o.Outlines, next)
		}
	}
	walk(doc.Body, nil)
	return out, skipped, nil
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
