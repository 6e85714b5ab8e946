package config

import (
	"errors"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// This file reads the YAML syntax tree by hand rather than unmarshalling into
// tagged structs: only the tree keeps the line and column of every key and
// value, and walking it lets one Parse report every problem instead of the
// first.

// document parses data and returns the body of its only document: nil for an
// empty file, ok false when the YAML itself is broken (reported).
func (l *loader) document(data []byte) (body ast.Node, ok bool) {
	// Duplicate keys are found (all of them, with positions) by mapping.
	file, err := parser.ParseBytes(data, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		l.reportSyntax(err)
		return nil, false
	}
	for i, doc := range file.Docs {
		switch {
		case doc.Body == nil:
		case body == nil:
			body = doc.Body
		default:
			l.reportNode(file.Docs[i].Body, "", `only one YAML document is allowed; remove the "---" line and merge the documents`)
		}
	}
	return body, true
}

// reportSyntax turns a go-yaml parse error into an *Error at its token.
func (l *loader) reportSyntax(err error) {
	var yerr yaml.Error
	if !errors.As(err, &yerr) || yerr.GetToken() == nil {
		l.report(position{1, 1}, "", "invalid YAML: %v", err)
		return
	}
	msg := yerr.GetMessage()
	if strings.Contains(msg, "'\t'") {
		msg += "; indent with spaces, not tabs"
	}
	tp := yerr.GetToken().Position
	l.report(position{tp.Line, tp.Column}, "", "invalid YAML: %s", msg)
}

// resolve looks through anchors, tags and aliases to the node holding the
// value. It returns nil (after reporting) for an alias with no anchor.
func (l *loader) resolve(n ast.Node) ast.Node {
	for range 64 { // an anchor may hold a tag that holds an alias, and so on
		switch v := n.(type) {
		case *ast.AnchorNode:
			l.anchors[tokenText(v.Name)] = v.Value
			n = v.Value
		case *ast.TagNode:
			n = v.Value
		case *ast.AliasNode:
			name := tokenText(v.Value)
			target, ok := l.anchors[name]
			if !ok {
				l.reportNode(v, "", "alias *%s refers to no anchor &%s defined before it", name, name)
				return nil
			}
			n = target
		default:
			return n
		}
	}
	l.reportNode(n, "", "anchors and aliases nest too deeply")
	return nil
}
