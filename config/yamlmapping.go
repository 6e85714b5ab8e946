package config

import "github.com/goccy/go-yaml/ast"

// field is one known key of a mapping and how to read its value.
type field struct {
	name   string
	decode func(value ast.Node, sc scope)
}

// mapping reads n as a mapping of the given fields, in file order. Unknown
// and repeated keys are reported and skipped; an absent (null) mapping is
// empty. ok is false when n is not a mapping at all (reported).
func (l *loader) mapping(n ast.Node, sc scope, fields []field) (ok bool) {
	pairs, ok := l.pairs(n, sc)
	if !ok {
		return false
	}
	first := map[string]position{}
	for _, kv := range pairs {
		if kv.Key.IsMergeKey() {
			l.reportNode(kv.Key, sc.label, `merge keys ("<<") are not supported; write the fields out`)
			continue
		}
		name := tokenText(kv.Key)
		if p, dup := first[name]; dup {
			l.reportNode(kv.Key, sc.label, "field %q given twice (first at line %d); keep one", name, p.line)
			continue
		}
		first[name] = nodePos(kv.Key)
		f, known := findField(fields, name)
		if !known {
			l.reportNode(kv.Key, sc.label, "unknown field %q%s", name, suggest(name, fieldNames(fields)))
			continue
		}
		fsc := sc.field(name)
		l.present[fsc.path] = true
		f.decode(kv.Value, fsc)
	}
	return true
}

// pairs returns the key/value pairs of a mapping node (go-yaml hands out a
// one-pair mapping as a bare MappingValueNode).
func (l *loader) pairs(n ast.Node, sc scope) ([]*ast.MappingValueNode, bool) {
	switch v := l.resolve(n).(type) {
	case nil:
		return nil, false // a dangling alias, reported
	case *ast.NullNode:
		return nil, true
	case *ast.MappingNode:
		return v.Values, true
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{v}, true
	default:
		l.reportNode(n, sc.label, `expected fields (like "key: value"), got %s`, describe(v))
		return nil, false
	}
}

func findField(fields []field, name string) (field, bool) {
	for _, f := range fields {
		if f.name == name {
			return f, true
		}
	}
	return field{}, false
}

func fieldNames(fields []field) []string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	return names
}

// list reads n as a sequence and hands each item with its index to each; an
// absent (null) list is empty. want describes the expected form for the
// message when n is something else.
func (l *loader) list(n ast.Node, sc scope, want string, each func(item ast.Node, index int)) {
	switch v := l.resolve(n).(type) {
	case nil:
		l.broken[sc.path] = true // a dangling alias, reported
	case *ast.NullNode:
	case *ast.SequenceNode:
		for i, item := range v.Values {
			each(item, i)
		}
	default:
		l.reportNode(n, sc.label, "expected %s, got %s", want, describe(v))
		l.broken[sc.path] = true
	}
}
