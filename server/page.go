package server

import (
	"bytes"
	"fmt"
	"net/http"
)

// contentSecurityPolicy allows the page nothing but its own stylesheet and
// images: no script runs, even if an item's text slipped past escaping.
const contentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// pageCacheControl makes browsers revalidate every time: pages show fetch
// status, and revalidation costs a 304 from the cache.
const pageCacheControl = "no-cache"

const htmlContentType = "text/html; charset=utf-8"

// pageHead is what the layout needs of every page.
type pageHead struct {
	Title      string
	Root       string // relative path from the page to the site root
	StyleURL   string
	Alternates []feedLink
}

// servePage renders a page through the cache and answers with the page
// headers; cacheControl is pageCacheControl, or its private form.
func (s *Server) servePage(w http.ResponseWriter, r *http.Request, name cacheName, key cacheKey, tmpl, cacheControl string, data func() (any, error)) {
	e, err := s.cache.get(name, key, htmlContentType, cacheControl, func() ([]byte, error) {
		d, err := data()
		if err != nil {
			return nil, fmt.Errorf("server: page %s: %w", r.URL.Path, err)
		}
		var buf bytes.Buffer
		if err := pageTemplates.ExecuteTemplate(&buf, tmpl, d); err != nil {
			return nil, fmt.Errorf("server: page %s: %w", r.URL.Path, err)
		}
		return buf.Bytes(), nil
	})
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	h := w.Header()
	h["Content-Security-Policy"] = hdrCSP
	h["Referrer-Policy"] = hdrNoReferrer
	serveRendered(w, r, e)
}
