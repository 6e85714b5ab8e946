package config

import (
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"golang.org/x/net/http/httpguts"
)

// Headers are a source's request headers, by canonical name. Their values
// are often credentials, so every way of printing them (fmt, slog, JSON)
// shows the names only; the fetcher reads the map itself.
type Headers map[string]string

func (h Headers) names() []string {
	names := make([]string, 0, len(h))
	for name := range h {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

func (h Headers) String() string {
	if len(h) == 0 {
		return "{}"
	}
	return "{" + strings.Join(h.names(), ": (hidden), ") + ": (hidden)}"
}

func (h Headers) GoString() string             { return "config.Headers" + h.String() }
func (h Headers) LogValue() slog.Value         { return slog.StringValue(h.String()) }
func (h Headers) MarshalJSON() ([]byte, error) { return []byte(fmt.Sprintf("%q", h.String())), nil }

// reservedHeaders are set by the fetcher or its transport; a config that
// sets them would break conditional GET, decompression (and with it the
// body limit) or the User-Agent the contract promises.
var reservedHeaders = []string{
	"Accept-Encoding", "Connection", "Content-Length", "Host", "If-Modified-Since",
	"If-None-Match", "Te", "Trailer", "Transfer-Encoding", "Upgrade", "User-Agent",
}

// headers reads a source's headers: a mapping of header names to values.
// Messages never quote a value: it may be a secret.
func (l *loader) headers(n ast.Node, sc scope) Headers {
	switch l.resolve(n).(type) {
	case *ast.MappingNode, *ast.MappingValueNode, *ast.NullNode, nil:
	default:
		// Not quoted back: a value written here may be a secret.
		l.reportNode(n, sc.label, `expected header names and values like {Authorization: "Bearer ${TOKEN}"}, got a single value or a list`)
		l.broken[sc.path] = true
		return nil
	}
	pairs, ok := l.pairs(n, sc)
	if !ok {
		l.broken[sc.path] = true
		return nil
	}
	out := Headers{}
	for _, kv := range pairs {
		raw := tokenText(kv.Key)
		name := http.CanonicalHeaderKey(raw)
		switch {
		case !httpguts.ValidHeaderFieldName(raw):
			l.reportNode(kv.Key, sc.label, "%q is not a valid header name", raw)
			continue
		case slices.Contains(reservedHeaders, name):
			l.reportNode(kv.Key, sc.label, "%q is set by feedcurator itself and cannot be configured", name)
			continue
		}
		if _, dup := out[name]; dup {
			l.reportNode(kv.Key, sc.label, "%q given twice; keep one", name)
			continue
		}
		value, ok := l.scalar(kv.Value, sc)
		if !ok {
			if r := l.resolve(kv.Value); r != nil && r.Type() == ast.NullType {
				l.reportNode(kv.Key, sc.label, "%q has no value", name)
			}
			continue
		}
		value, err := expandEnvRefs(value)
		if err != nil {
			l.reportNode(kv.Value, sc.label, "%q: %v", name, err)
			continue
		}
		if !httpguts.ValidHeaderFieldValue(value) {
			l.reportNode(kv.Value, sc.label, "%q: the value holds a line break or another control character", name)
			continue
		}
		out[name] = value
	}
	l.mark(sc.path, n)
	return out
}
