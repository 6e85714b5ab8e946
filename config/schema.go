package config

import (
	"fmt"
	"slices"

	"golang.org/x/text/language"

	"github.com/goccy/go-yaml/ast"
)

// This file is the shape of the config file: which keys exist at each level
// and how each value is read. Syntax problems (types, durations, sizes,
// terms) are reported here; rules that involve several values or defaults
// are in validate.go.

// config reads the top level of the file into c.
func (l *loader) config(body ast.Node, c *Config) {
	root := scope{}
	l.mapping(body, root, []field{
		{"listen", func(v ast.Node, sc scope) { l.text(v, sc, &c.Listen) }},
		{"base_url", func(v ast.Node, sc scope) { l.text(v, sc, &c.BaseURL) }},
		{"data_dir", func(v ast.Node, sc scope) { l.text(v, sc, &c.DataDir) }},
		{"database_url", func(v ast.Node, sc scope) { l.secret(v, sc, &c.DatabaseURL) }},
		{"access", func(v ast.Node, sc scope) {
			l.mapping(v, sc, []field{
				{"token", func(v ast.Node, sc scope) { l.secret(v, sc, &c.Access.Token) }},
			})
		}},
		{"poll", func(v ast.Node, sc scope) { l.poll(v, sc, &c.Poll) }},
		{"retention", func(v ast.Node, sc scope) { l.retention(v, sc, &c.Retention) }},
		{"output", func(v ast.Node, sc scope) {
			l.mapping(v, sc, []field{
				{"items", func(v ast.Node, sc scope) { l.integer(v, sc, &c.Output.Items) }},
				{"site_name", func(v ast.Node, sc scope) { l.text(v, sc, &c.Output.SiteName) }},
				{"match_categories", func(v ast.Node, sc scope) { l.boolean(v, sc, &c.Output.MatchCategories) }},
			})
		}},
		{"websub", func(v ast.Node, sc scope) {
			l.mapping(v, sc, []field{
				{"hub", func(v ast.Node, sc scope) { l.text(v, sc, &c.WebSub.Hub) }},
			})
		}},
		{"log", func(v ast.Node, sc scope) {
			l.mapping(v, sc, []field{
				{"format", func(v ast.Node, sc scope) { l.text(v, sc, &c.Log.Format) }},
				{"level", func(v ast.Node, sc scope) { l.text(v, sc, &c.Log.Level) }},
				{"access", func(v ast.Node, sc scope) { l.boolean(v, sc, &c.Log.Access) }},
			})
		}},
		{"sources", func(v ast.Node, sc scope) {
			l.list(v, sc, `a list of sources ("- id: ...")`, func(item ast.Node, i int) {
				label := l.entryLabel("source", item, i)
				if s, ok := l.source(item, sc.entry(len(c.Sources), label)); ok {
					c.Sources = append(c.Sources, s)
				}
			})
		}},
		{"topics", func(v ast.Node, sc scope) {
			l.list(v, sc, `a list of topics ("- id: ...")`, func(item ast.Node, i int) {
				label := l.entryLabel("topic", item, i)
				if t, ok := l.topic(item, sc.entry(len(c.Topics), label)); ok {
					c.Topics = append(c.Topics, t)
				}
			})
		}},
	})
}

func (l *loader) poll(n ast.Node, sc scope, p *Poll) {
	l.mapping(n, sc, []field{
		{"interval", func(v ast.Node, sc scope) { l.duration(v, sc, &p.Interval) }},
		{"min_interval", func(v ast.Node, sc scope) { l.duration(v, sc, &p.MinInterval) }},
		{"concurrency", func(v ast.Node, sc scope) { l.integer(v, sc, &p.Concurrency) }},
		{"per_host", func(v ast.Node, sc scope) { l.integer(v, sc, &p.PerHost) }},
		{"timeout", func(v ast.Node, sc scope) { l.duration(v, sc, &p.Timeout) }},
		{"max_body", func(v ast.Node, sc scope) { l.size(v, sc, &p.MaxBody) }},
		{"block_private", func(v ast.Node, sc scope) { l.boolean(v, sc, &p.BlockPrivate) }},
	})
}

func (l *loader) retention(n ast.Node, sc scope, r *Retention) {
	l.mapping(n, sc, []field{
		{"max_age", func(v ast.Node, sc scope) { l.duration(v, sc, &r.MaxAge) }},
		{"max_items", func(v ast.Node, sc scope) { l.integer(v, sc, &r.MaxItems) }},
	})
}

// source reads one entry of sources; ok is false when it is not a mapping.
func (l *loader) source(n ast.Node, sc scope) (s Source, ok bool) {
	ok = l.mapping(n, sc, []field{
		{"id", func(v ast.Node, sc scope) { l.text(v, sc, &s.ID) }},
		{"url", func(v ast.Node, sc scope) { l.text(v, sc, &s.URL) }},
		{"title", func(v ast.Node, sc scope) { l.text(v, sc, &s.Title) }},
		{"interval", func(v ast.Node, sc scope) { l.duration(v, sc, &s.Interval) }},
		{"headers", func(v ast.Node, sc scope) { s.Headers = l.headers(v, sc) }},
		{"full_text", func(v ast.Node, sc scope) { l.boolean(v, sc, &s.FullText) }},
		{"full_text_selector", func(v ast.Node, sc scope) { l.selector(v, sc, &s.FullTextSelector) }},
	})
	if ok {
		l.mark(sc.path, n)
		l.labels[sc.path] = sc.label
	}
	return s, ok
}

// topic reads one entry of topics; ok is false when it is not a mapping.
func (l *loader) topic(n ast.Node, sc scope) (t Topic, ok bool) {
	ok = l.mapping(n, sc, []field{
		{"id", func(v ast.Node, sc scope) { l.text(v, sc, &t.ID) }},
		{"title", func(v ast.Node, sc scope) { l.text(v, sc, &t.Title) }},
		{"description", func(v ast.Node, sc scope) { l.text(v, sc, &t.Description) }},
		{"any", func(v ast.Node, sc scope) { t.Any = l.terms(v, sc) }},
		{"all", func(v ast.Node, sc scope) { t.All = l.terms(v, sc) }},
		{"none", func(v ast.Node, sc scope) { t.None = l.terms(v, sc) }},
		{"fields", func(v ast.Node, sc scope) { t.Fields = l.strings(v, sc, `a list like [title, summary]`) }},
		{"sources", func(v ast.Node, sc scope) { t.Sources = l.strings(v, sc, `a list of source ids like [wsws, yonhap]`) }},
		{"per_source_max", func(v ast.Node, sc scope) { l.integer(v, sc, &t.PerSourceMax) }},
		{"cluster", func(v ast.Node, sc scope) { l.boolean(v, sc, &t.Cluster) }},
		{"min_score", func(v ast.Node, sc scope) { l.number(v, sc, &t.MinScore) }},
		{"private", func(v ast.Node, sc scope) { l.boolean(v, sc, &t.Private) }},
	})
	if ok {
		l.mark(sc.path, n)
		l.labels[sc.path] = sc.label
	}
	return t, ok
}

// entryLabel names the index-th (0-based) entry of a list for messages: by
// its id when it has a usable one, else by its 1-based number.
func (l *loader) entryLabel(kind string, n ast.Node, index int) string {
	var pairs []*ast.MappingValueNode
	switch v := l.resolve(n).(type) {
	case *ast.MappingNode:
		pairs = v.Values
	case *ast.MappingValueNode:
		pairs = []*ast.MappingValueNode{v}
	}
	for _, kv := range pairs {
		if tokenText(kv.Key) != "id" {
			continue
		}
		if id, ok := scalarText(l.resolve(kv.Value)); ok && id != "" {
			return fmt.Sprintf("%s %q", kind, id)
		}
	}
	return fmt.Sprintf("%s #%d", kind, index+1)
}

// terms reads a list of topic terms; a term that does not parse is reported
// and left out.
func (l *loader) terms(n ast.Node, sc scope) []Term {
	var out []Term
	l.list(n, sc, `a list of terms like ["Korea*", "DPRK"]`, func(item ast.Node, i int) {
		if r := l.resolve(item); r != nil && r.Type() == ast.NullType {
			l.reportNode(item, sc.label, "empty term; remove it or write a word")
			l.broken[sc.path] = true
			return
		}
		if r := l.resolve(item); r != nil && (r.Type() == ast.MappingType || r.Type() == ast.MappingValueType) {
			t, ok := l.scopedTerm(item, sc)
			if !ok {
				l.broken[sc.path] = true
				return
			}
			l.mark(fmt.Sprintf("%s[%d]", sc.path, len(out)), item)
			out = append(out, t)
			return
		}
		raw, ok := l.scalar(item, sc)
		if !ok {
			l.broken[sc.path] = true // a list, or a dangling alias: reported
			return
		}
		t, err := parseTerm(raw)
		if err != nil {
			l.reportNode(item, sc.label, "term %q: %v", raw, err)
			l.broken[sc.path] = true
			return
		}
		l.mark(fmt.Sprintf("%s[%d]", sc.path, len(out)), item)
		out = append(out, t)
	})
	return out
}

// strings reads a list of plain strings, marking where each one is.
func (l *loader) strings(n ast.Node, sc scope, want string) []string {
	var out []string
	l.list(n, sc, want, func(item ast.Node, i int) {
		if s, ok := l.scalar(item, sc); ok {
			l.mark(fmt.Sprintf("%s[%d]", sc.path, len(out)), item)
			out = append(out, s)
		}
	})
	return out
}

// scopedTerm reads the mapping form of a term: the term as a string would be
// written, and what limits or weighs it.
func (l *loader) scopedTerm(n ast.Node, sc scope) (t Term, ok bool) {
	var raw string
	var fields, langs []string
	var weight float64
	var haveTerm bool
	ok = l.mapping(n, sc, []field{
		{"term", func(v ast.Node, sc scope) { haveTerm = true; l.text(v, sc, &raw) }},
		{"fields", func(v ast.Node, sc scope) { fields = l.strings(v, sc, `a list like [title]`) }},
		{"lang", func(v ast.Node, sc scope) { langs = l.strings(v, sc, `a list of language codes like [ko, ja]`) }},
		{"weight", func(v ast.Node, sc scope) { l.number(v, sc, &weight) }},
	})
	if !ok {
		return Term{}, false
	}
	if !haveTerm {
		l.reportNode(n, sc.label, `a term written as a mapping needs "term", like {term: "北", lang: [ko]}`)
		return Term{}, false
	}
	t, err := parseTerm(raw)
	if err != nil {
		l.reportNode(n, sc.label, "term %q: %v", raw, err)
		return Term{}, false
	}
	for _, f := range fields {
		if !slices.Contains(AllowedFields, f) {
			msg := fmt.Sprintf("term %q: %q is not a field terms can match; use %s", raw, f, orList(AllowedFields))
			l.reportNode(n, sc.label, "%s%s", msg, suggest(f, AllowedFields))
			return Term{}, false
		}
	}
	for i, lang := range langs {
		tag, err := language.Parse(lang)
		if err != nil {
			l.reportNode(n, sc.label, "term %q: lang %q is not a language code like ko, zh or ja", raw, lang)
			return Term{}, false
		}
		base, _ := tag.Base()
		langs[i] = base.String()
	}
	if weight < 0 || weight > 100 {
		l.reportNode(n, sc.label, "term %q: weight %v is outside 0–100", raw, weight)
		return Term{}, false
	}
	t.Fields, t.Langs, t.Weight = fields, langs, weight
	return t, true
}
