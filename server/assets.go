package server

import (
	"embed"
	"html/template"
	"net/http"
	"time"
)

// assets holds the page templates and the stylesheet, built into the binary.
//
//go:embed assets/*.html assets/style.css
var assets embed.FS

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
	css, err := assets.ReadFile("assets/style.css")
	if err != nil {
		panic("server: embedded stylesheet missing: " + err.Error()) // a build defect
	}
	return map[string]*rendered{
		"style.css": newRendered("text/css; charset=utf-8", staticCacheControl, css, now),
	}
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
