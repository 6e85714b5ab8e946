package config

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// idPattern is what source and topic ids may hold: they end up in URLs
// (/feeds/{id}.atom), file names and metric labels.
var idPattern = regexp.MustCompile(`^[a-z0-9_-]+$`)

func (l *loader) validateSources(c *Config) {
	ids := map[string]int{} // id → line of its first use
	for i, s := range c.Sources {
		path := fmt.Sprintf("sources[%d]", i)
		label := l.labels[path]
		l.validateID("source", path, label, s.ID, ids)
		switch {
		case s.URL == "" && (l.written(path+".url") || !l.present[path+".url"]):
			l.reportPath(path+".url", label, `missing url; add the feed's address, like "url: https://example.org/feed.xml"`)
		case s.URL != "":
			if err := checkHTTPURL(s.URL); err != nil {
				l.reportPath(path+".url", label, "url %q: %v", s.URL, err)
			}
		}
		if l.written(path+".interval") && s.Interval < c.Poll.MinInterval && c.Poll.MinInterval > 0 {
			l.reportPath(path+".interval", label, "interval %s", belowFloor(s.Interval, c.Poll.MinInterval))
		}
	}
}

func (l *loader) validateTopics(c *Config) {
	ids := map[string]int{}
	for i, t := range c.Topics {
		path := fmt.Sprintf("topics[%d]", i)
		label := l.labels[path]
		l.validateID("topic", path, label, t.ID, ids)
		if len(t.Any) == 0 && len(t.All) == 0 && !l.broken[path+".any"] && !l.broken[path+".all"] {
			l.reportPath(path, label, `add "any" or "all" terms; with neither the topic would select every item`)
		}
		if t.MinScore < 0 {
			l.reportPath(path+".min_score", label, "min_score %v is negative; use 0 to select on any match", t.MinScore)
		}
		l.validateNames(path+".fields", label+": fields", t.Fields, AllowedFields,
			"%q is not a field terms can match; use "+orList(AllowedFields))
		l.validateNames(path+".sources", label+": sources", t.Sources, sourceIDs(c), sourceAdvice(c))
		if t.Private && c.Access.Token == "" && !l.written("access.token") {
			l.reportPath(path+".private", label+": private", "a private topic needs access.token; without one nobody could read it")
		}
		if t.PerSourceMax < 0 {
			l.reportPath(path+".per_source_max", label+": per_source_max", "must be 0 (no cap) or more, got %d", t.PerSourceMax)
		}
	}
}

// validateID checks that a source's or topic's id is given, well formed and
// not used before; ids collects the ids seen so far with their line.
func (l *loader) validateID(kind, path, label, id string, ids map[string]int) {
	idPath := path + ".id"
	switch {
	case id == "":
		if l.written(idPath) || !l.present[idPath] {
			l.reportPath(idPath, label, `missing id; add one like "id: %s" (lower-case letters, digits, "-" and "_")`, exampleID(kind))
		}
		return
	case !idPattern.MatchString(id):
		hint := ""
		if s := suggestID(id); s != "" {
			hint = fmt.Sprintf(", like %q", s)
		}
		l.reportPath(idPath, label, `id %q: use only lower-case letters a-z, digits, "-" and "_"%s`, id, hint)
	}
	if line, dup := ids[id]; dup {
		l.reportPath(idPath, label, "id %q is already used by the %s at line %d; ids must be unique", id, kind, line)
		return
	}
	ids[id] = l.pos(idPath).line
}

// validateNames checks that every entry of a list (fields, topic sources) is
// one of allowed and appears once; advice formats the message for an entry
// that is not allowed.
func (l *loader) validateNames(path, label string, names, allowed []string, advice string) {
	for j, name := range names {
		at := fmt.Sprintf("%s[%d]", path, j)
		switch {
		case !slices.Contains(allowed, name):
			if best := closest(name, allowed); best != "" {
				// A likely typo: the name it meant says more than the list.
				head, _, _ := strings.Cut(advice, ";")
				l.reportPath(at, label, head+" (did you mean %q?)", name, best)
				continue
			}
			l.reportPath(at, label, advice, name)
		case slices.Index(names, name) < j:
			l.reportPath(at, label, "%q is listed twice; remove one", name)
		}
	}
}

// sourceIDs lists the usable ids of the configured sources, each once.
func sourceIDs(c *Config) []string {
	var ids []string
	for _, s := range c.Sources {
		if idPattern.MatchString(s.ID) && !slices.Contains(ids, s.ID) {
			ids = append(ids, s.ID)
		}
	}
	return ids
}

// sourceAdvice is the message format for a topic naming an unknown source.
func sourceAdvice(c *Config) string {
	if len(sourceIDs(c)) == 0 {
		return `no source has id %q: no sources are configured; add them under "sources:" or remove this list`
	}
	return `no source has id %q; configured sources: ` + strings.ReplaceAll(strings.Join(sourceIDs(c), ", "), "%", "%%")
}

func exampleID(kind string) string {
	if kind == "topic" {
		return "korea"
	}
	return "wsws"
}

// suggestID turns an invalid id into a valid one for the message: lower
// case, with every run of other characters made one "-".
func suggestID(id string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(id) {
		if r < 0x80 && idPattern.MatchString(string(r)) {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimRight(b.String(), "-")
}
