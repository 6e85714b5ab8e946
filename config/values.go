package config

import (
	"fmt"
	"math"
	"time"

	"github.com/goccy/go-yaml/ast"
)

// scalar returns the text of a scalar as written (quoted strings unquoted).
// ok is false for null (absent: nothing reported) and for a mapping or list
// (reported).
func (l *loader) scalar(n ast.Node, sc scope) (text string, ok bool) {
	r := l.resolve(n)
	if r == nil || r.Type() == ast.NullType {
		return "", false
	}
	if s, ok := scalarText(r); ok {
		return s, true
	}
	l.reportNode(n, sc.label, "expected a single value, got %s", describe(r))
	return "", false
}

// scalarText is the text of a resolved scalar node; ok is false for
// anything else, null included.
func scalarText(n ast.Node) (string, bool) {
	switch v := n.(type) {
	case *ast.NullNode:
		return "", false
	case *ast.StringNode:
		return v.Value, true
	case *ast.LiteralNode:
		return v.Value.Value, true
	case ast.ScalarNode:
		return v.GetToken().Value, true
	}
	return "", false
}

// text reads a string field into dst. Null reads as "" (and counts as
// written), so that validation can tell "id:" from a missing id.
func (l *loader) text(n ast.Node, sc scope, dst *string) {
	if r := l.resolve(n); r != nil && r.Type() == ast.NullType {
		*dst = ""
		l.mark(sc.path, n)
		return
	}
	if s, ok := l.scalar(n, sc); ok {
		*dst = s
		l.mark(sc.path, n)
	}
}

// integer reads a whole-number field into dst; null leaves it unset.
func (l *loader) integer(n ast.Node, sc scope, dst *int) {
	r := l.resolve(n)
	if r == nil || r.Type() == ast.NullType {
		return
	}
	if v, ok := r.(*ast.IntegerNode); ok {
		switch x := v.Value.(type) {
		case int64:
			if x >= math.MinInt && x <= math.MaxInt {
				*dst = int(x)
				l.mark(sc.path, n)
				return
			}
		case uint64:
			if x <= math.MaxInt {
				*dst = int(x)
				l.mark(sc.path, n)
				return
			}
		}
		l.reportNode(n, sc.label, "%s is too large", v.GetToken().Value)
		return
	}
	l.reportNode(n, sc.label, "expected a whole number like 16, got %s", describe(r))
}

// number reads a decimal number (2, 1.5) into dst; null leaves it unset.
func (l *loader) number(n ast.Node, sc scope, dst *float64) {
	r := l.resolve(n)
	if r == nil || r.Type() == ast.NullType {
		return
	}
	switch v := r.(type) {
	case *ast.FloatNode:
		if !math.IsNaN(v.Value) && !math.IsInf(v.Value, 0) {
			*dst = v.Value
			l.mark(sc.path, n)
			return
		}
	case *ast.IntegerNode:
		switch x := v.Value.(type) {
		case int64:
			*dst = float64(x)
		case uint64:
			*dst = float64(x)
		}
		l.mark(sc.path, n)
		return
	}
	l.reportNode(n, sc.label, "expected a number like 2 or 1.5, got %s", describe(r))
}

// boolean reads a true/false field into dst; null leaves it unset.
func (l *loader) boolean(n ast.Node, sc scope, dst *bool) {
	r := l.resolve(n)
	if r == nil || r.Type() == ast.NullType {
		return
	}
	if v, ok := r.(*ast.BoolNode); ok {
		*dst = v.Value
		l.mark(sc.path, n)
		return
	}
	l.reportNode(n, sc.label, "expected true or false, got %s", describe(r))
}

// tokenText is the text of a key, anchor or alias name as written.
func tokenText(n ast.Node) string {
	switch v := n.(type) {
	case *ast.StringNode:
		return v.Value
	case *ast.MappingKeyNode:
		return tokenText(v.Value)
	case nil:
		return ""
	}
	if n.GetToken() == nil {
		return ""
	}
	return n.GetToken().Value
}

// describe names what a node holds, for "expected X, got Y" messages.
func describe(n ast.Node) string {
	switch v := n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "fields (a mapping)"
	case *ast.SequenceNode:
		return "a list"
	case *ast.NullNode:
		return "nothing"
	case *ast.StringNode:
		return fmt.Sprintf("%q", v.Value)
	case *ast.LiteralNode:
		return fmt.Sprintf("%q", v.Value.Value)
	case nil:
		return "nothing"
	}
	if n.GetToken() == nil {
		return "a " + n.Type().String()
	}
	return n.GetToken().Value
}

// duration reads a duration field into dst; null leaves it unset.
func (l *loader) duration(n ast.Node, sc scope, dst *time.Duration) {
	s, ok := l.scalar(n, sc)
	if !ok {
		return
	}
	d, err := parseDuration(s)
	if err != nil {
		l.reportNode(n, sc.label, "duration %q: %v", s, err)
		return
	}
	*dst = d
	l.mark(sc.path, n)
}

// size reads a byte-size field into dst; null leaves it unset.
func (l *loader) size(n ast.Node, sc scope, dst *int64) {
	s, ok := l.scalar(n, sc)
	if !ok {
		return
	}
	b, err := parseSize(s)
	if err != nil {
		l.reportNode(n, sc.label, "size %q: %v", s, err)
		return
	}
	*dst = b
	l.mark(sc.path, n)
}
