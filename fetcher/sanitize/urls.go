package sanitize

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// maxLinkLen drops absurd links rather than storing a truncated, wrong URL.
const maxLinkLen = 4096

// HTTPBase parses s as a base for resolving, or nil unless it is an absolute
// http(s) URL: a file path handed to Parse must not turn relative links into
// file: URLs.
func HTTPBase(s string) *url.URL {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || !isHTTP(u) {
		return nil
	}
	return u
}

func isHTTP(u *url.URL) bool {
	return (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// AbsoluteLink resolves ref against base and returns it only if the result
// is an absolute http(s) URL of sane length; "" otherwise. Feed links are
// followed by subscribers, so javascript:, data: and the like never pass.
func AbsoluteLink(base *url.URL, ref string) string {
	ref = strings.TrimSpace(StripControl(ref))
	if ref == "" || len(ref) > maxLinkLen {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if !isHTTP(u) {
		return ""
	}
	return u.String()
}

// urlAttrs are the attributes, among those the sanitiser keeps, that hold a
// URL.
var urlAttrs = map[string]bool{"href": true, "src": true, "cite": true, "poster": true}

// absolutizeHTML resolves relative URLs in sanitised HTML against base.
// Tags without a relative URL are copied byte for byte; only the others are
// re-serialised.
func absolutizeHTML(s string, base *url.URL) string {
	if base == nil || !hasRelativeURL(s) {
		return s
	}
	z := html.NewTokenizerFragment(strings.NewReader(s), "div")
	var b strings.Builder
	b.Grow(len(s) + 64)
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.StartTagToken, html.SelfClosingTagToken:
			raw := string(z.Raw())
			tok := z.Token()
			if resolveURLAttrs(tok.Attr, base) {
				b.WriteString(tok.String())
			} else {
				b.WriteString(raw)
			}
		default:
			b.Write(z.Raw())
		}
	}
}

// hasRelativeURL reports whether sanitised HTML has a URL attribute that is
// not already absolute. bluemonday writes every attribute as key="value"
// and lets through only http, https, mailto and relative URLs, so a look at
// each value's start decides; most content needs no rewriting at all.
func hasRelativeURL(s string) bool {
	// One pass over the attributes (every `="`), not one per URL attribute:
	// this runs on every sanitised field.
	for rest := s; ; {
		i := strings.Index(rest, `="`)
		if i < 0 {
			return false
		}
		name := rest[:i]
		if sp := strings.LastIndexByte(name, ' '); sp >= 0 {
			name = name[sp+1:]
		}
		rest = rest[i+2:]
		if urlAttrs[name] && !hasAbsolutePrefix(rest) {
			return true
		}
	}
}

func hasAbsolutePrefix(s string) bool {
	for _, p := range []string{"http://", "https://", "mailto:"} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			return true
		}
	}
	return false
}

// resolveURLAttrs rewrites relative URL attributes in place and reports
// whether it changed any.
func resolveURLAttrs(attrs []html.Attribute, base *url.URL) bool {
	changed := false
	for i, a := range attrs {
		if !urlAttrs[a.Key] || a.Namespace != "" {
			continue
		}
		u, err := url.Parse(strings.TrimSpace(a.Val))
		if err != nil || u.IsAbs() {
			continue
		}
		attrs[i].Val = base.ResolveReference(u).String()
		changed = true
	}
	return changed
}
