package server

import (
	"embed"
	"html/template"
	"net/http"
	"time"

	"github.com/feedcurator/feedcurator/render"
)

// assets holds the page templates, the stylesheet and the icons, built into
// the binary.
//
//go:embed assets/*.html assets/style.css assets/icon.png assets/favicon.ico
var assets embed.FS

// iconFile is the feeds' logo under /static/, named where the feeds link to
// it (render.IconFile); favicon.ico, their small icon, is served at the root
// where browsers and readers look for it.
const iconFile = render.IconFile

// pageTemplates are parsed once; a template error is a build defect, caught by
// every test that renders a page.
var pageTemplates = template.Must(template.New("pages").Funcs(template.FuncMap{
	"date": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04") },
	"iso":  func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
}).ParseFS(assets, "assets/*.html"))

// staticCacheControl: the stylesheet URL carries its hash, so a changed
// stylesheet is a new URL and the old one may be kept for long.
const staticCacheControl = "public, max-age=604800"

// staticAssets renders the files served under /static/ once, at start.
func staticAssets(now time.Time) map[string]*rendered {
	read := func(name string) []byte {
		b, err := assets.ReadFile("assets/" + name)
		if err != nil {
			panic("server: embedded asset missing: " + err.Error()) // a build defect
		}
		return b
	}
	return map[string]*rendered{
		"style.css":   newRendered("text/css; charset=utf-8", staticCacheControl, read("style.css"), now),
		iconFile:      newRendered("image/png", staticCacheControl, read(iconFile), now),
		"favicon.ico": newRendered("image/x-icon", staticCacheControl, read("favicon.ico"), now),
	}
}

// serveFavicon answers /favicon.ico.
func (s *Server) serveFavicon(w http.ResponseWriter, r *http.Request) {
	serveRendered(w, r, s.static["favicon.ico"])
}

// styleURL is the stylesheet's path relative to the site root, with its hash
// as a cache-buster.
func (s *Server) styleURL() string {
	e := s.static["style.css"]
	return "static/style.css?v=" + e.etag[1:13]
}

// serveStatic answers /static/{file}.
func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) {
	e, ok := s.static[r.PathValue("file")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	serveRendered(w, r, e)
}
