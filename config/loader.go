package config

import (
	"fmt"
	"strings"

	"github.com/goccy/go-yaml/ast"
)

// position is a 1-based line and column in the config file.
type position struct{ line, col int }

// scope names the part of the config being read, twice: path is the key of
// the position table ("topics[1].any[2]"), label is how messages name it for
// a person (`topic "korea": any`).
type scope struct {
	path  string
	label string
	sep   string // between label and a field name: "." in sections, ": " in list entries
}

// field returns the scope of the named field inside s.
func (s scope) field(name string) scope {
	sc := scope{path: name, label: name, sep: "."}
	if s.path != "" {
		sc.path = s.path + "." + name
	}
	if s.label != "" {
		sc.label = s.label + s.sep + name
	}
	return sc
}

// entry returns the scope of a list entry: index is its place in the decoded
// slice (the key for positions), label names it in messages.
func (s scope) entry(index int, label string) scope {
	return scope{path: fmt.Sprintf("%s[%d]", s.path, index), label: label, sep: ": "}
}

// loader carries the state of one Parse: the problems found so far and where
// every value that was read stands in the file, so that defaults can tell
// "absent" from "written as zero" and validation can point at the value.
type loader struct {
	file    string
	errs    []*Error
	anchors map[string]ast.Node
	present map[string]bool     // paths whose key appears in the file
	at      map[string]position // paths whose value was read without error
	broken  map[string]bool     // lists with an entry that was reported and left out
	labels  map[string]string   // list entries ("sources[0]") by how messages name them
}

func newLoader(file string) *loader {
	return &loader{
		file:    file,
		anchors: map[string]ast.Node{},
		present: map[string]bool{},
		at:      map[string]position{},
		broken:  map[string]bool{},
		labels:  map[string]string{},
	}
}

// written reports whether the value at path was given in the file and read.
func (l *loader) written(path string) bool {
	_, ok := l.at[path]
	return ok
}

// pos returns where path's value is, or failing that where its nearest
// enclosing part is (a missing field is reported on its mapping).
func (l *loader) pos(path string) position {
	for path != "" {
		if p, ok := l.at[path]; ok {
			return p
		}
		cut := max(strings.LastIndexByte(path, '.'), strings.LastIndexByte(path, '['))
		if cut < 0 {
			break
		}
		path = path[:cut]
	}
	return position{1, 1}
}

// mark records where the value of path was read.
func (l *loader) mark(path string, n ast.Node) {
	l.at[path] = nodePos(n)
}

// report records a problem at p; label (may be empty) says which part of the
// config it concerns.
func (l *loader) report(p position, label, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if label != "" {
		msg = label + ": " + msg
	}
	l.errs = append(l.errs, &Error{File: l.file, Line: p.line, Col: p.col, Msg: msg})
}

// reportNode records a problem at node n.
func (l *loader) reportNode(n ast.Node, label, format string, args ...any) {
	l.report(nodePos(n), label, format, args...)
}

// reportPath records a problem at the value of path (or its enclosing part).
func (l *loader) reportPath(path, label, format string, args ...any) {
	l.report(l.pos(path), label, format, args...)
}

// nodePos is where a person sees n begin: for a block mapping its first key,
// not the ':' token the parser hands out.
func nodePos(n ast.Node) position {
	switch v := n.(type) {
	case *ast.MappingNode:
		if !v.IsFlowStyle && len(v.Values) > 0 {
			return nodePos(v.Values[0].Key)
		}
	case *ast.MappingValueNode:
		return nodePos(v.Key)
	}
	if n == nil || n.GetToken() == nil {
		return position{1, 1}
	}
	tp := n.GetToken().Position
	return position{tp.Line, tp.Column}
}
