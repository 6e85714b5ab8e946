package config

import (
	"github.com/andybalholm/cascadia"
	"github.com/goccy/go-yaml/ast"
)

// selector reads a source's full_text_selector: a CSS selector, compiled
// here so that a typo is refused with its position when the config loads
// rather than failing every item's extraction later. cascadia is the
// selector engine the extraction itself uses (fetcher/article).
func (l *loader) selector(n ast.Node, sc scope, dst *string) {
	var s string
	l.text(n, sc, &s)
	if s == "" {
		return
	}
	if _, err := cascadia.Compile(s); err != nil {
		l.reportNode(n, sc.label, "%q is not a CSS selector: %v; write one like \"article .story-body\"", s, err)
		return
	}
	*dst = s
}
