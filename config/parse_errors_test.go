package config

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// lines joins its arguments into a YAML document, one per line, so that a
// case's line numbers can be read off its position in the list.
func lines(ls ...string) []byte { return []byte(strings.Join(ls, "\n") + "\n") }

// errorLines runs Parse and returns each reported problem as "file:line:col: msg".
func errorLines(t *testing.T, data []byte) []string {
	t.Helper()
	c, err := Parse("t.yaml", data)
	if err == nil {
		t.Fatalf("Parse succeeded (%+v), want errors", c)
	}
	if c != nil {
		t.Errorf("Parse returned a config with its errors")
	}
	var out []string
	for _, e := range Errors(err) {
		out = append(out, e.Error())
	}
	if got := strings.Join(out, "\n"); got != err.Error() {
		t.Errorf("err.Error() = %q, want the *Error lines joined: %q", err.Error(), got)
	}
	return out
}

func TestParseReportsEveryProblemWithItsPosition(t *testing.T) {
	tests := []struct {
		name string
		yaml []byte
		want []string
	}{{
		name: "unknown field in a topic, as in CONTRACT.md",
		yaml: lines(
			"topics:",
			"  - id: korea",
			`    any: ["Korea"]`,
			"    anyy: [x]",
		),
		want: []string{`t.yaml:4:5: topic "korea": unknown field "anyy" (did you mean "any"?)`},
	}, {
		name: "unknown fields at every level",
		yaml: lines(
			"colour: red",
			"poll:",
			"  intervall: 1h",
			"sources:",
			"  - id: a",
			"    url: https://a.example/feed",
			"    titel: A",
			"log: {format: text, levle: info}",
		),
		want: []string{
			`t.yaml:1:1: unknown field "colour"; known fields: listen, base_url, data_dir, database_url, access, poll, retention, output, websub, log, sources, topics`,
			`t.yaml:3:3: poll: unknown field "intervall" (did you mean "interval"?)`,
			`t.yaml:7:5: source "a": unknown field "titel" (did you mean "title"?)`,
			`t.yaml:8:21: log: unknown field "levle" (did you mean "level"?)`,
		},
	}, {
		name: "duplicate keys",
		yaml: lines(
			"listen: 127.0.0.1:1",
			"poll:",
			"  timeout: 10s",
			"  timeout: 20s",
			"listen: 127.0.0.1:2",
		),
		want: []string{
			`t.yaml:4:3: poll: field "timeout" given twice (first at line 3); keep one`,
			`t.yaml:5:1: field "listen" given twice (first at line 1); keep one`,
		},
	}, {
		name: "value types",
		yaml: lines(
			"poll:",
			"  concurrency: many",
			"  block_private: yes please",
			"  per_host: 1.5",
			"listen: [a, b]",
			"output: 50",
			"sources: wsws",
		),
		want: []string{
			`t.yaml:2:16: poll.concurrency: expected a whole number like 16, got "many"`,
			`t.yaml:3:18: poll.block_private: expected true or false, got "yes please"`,
			`t.yaml:4:13: poll.per_host: expected a whole number like 16, got 1.5`,
			`t.yaml:5:9: listen: expected a single value, got a list`,
			`t.yaml:6:9: output: expected fields (like "key: value"), got 50`,
			`t.yaml:7:10: sources: expected a list of sources ("- id: ..."), got "wsws"`,
		},
	}, {
		name: "durations and sizes",
		yaml: lines(
			"poll:",
			"  interval: 3x",
			"  timeout: 30",
			"  max_body: 16M",
			"retention:",
			"  max_age: 1h30d",
		),
		want: []string{
			`t.yaml:2:13: poll.interval: duration "3x": use Go syntax like 90s, 30m, 12h or days like 30d`,
			`t.yaml:3:12: poll.timeout: duration "30": use Go syntax like 90s, 30m, 12h or days like 30d`,
			`t.yaml:4:13: poll.max_body: size "16M": use bytes or a unit like 512KiB, 16MiB, 1GiB or 10MB`,
			`t.yaml:6:12: retention.max_age: duration "1h30d": use Go syntax like 90s, 30m, 12h or days like 30d`,
		},
	}, {
		name: "numbers out of range",
		yaml: lines(
			"poll:",
			"  concurrency: 0",
			"  per_host: -1",
			"  timeout: 0s",
			"  max_body: 0",
			"  min_interval: 0s",
			"retention: {max_age: -1d, max_items: -5}",
			"output: {items: 0}",
		),
		want: []string{
			`t.yaml:2:16: poll.concurrency: must be at least 1, got 0`,
			`t.yaml:3:13: poll.per_host: must be at least 1, got -1`,
			`t.yaml:4:12: poll.timeout: must be positive, like 30s`,
			`t.yaml:5:13: poll.max_body: must be positive, like 16MiB`,
			`t.yaml:6:17: poll.min_interval: must be positive, like 5m`,
			`t.yaml:7:22: retention.max_age: must be positive, like 30d`,
			`t.yaml:7:38: retention.max_items: must be at least 0, got -5`,
			`t.yaml:8:17: output.items: must be at least 1, got 0`,
		},
	}, {
		name: "intervals below the floor",
		yaml: lines(
			"poll:",
			"  interval: 2m",
			"sources:",
			"  - id: a",
			"    url: https://a.example/feed",
			"    interval: 90s",
			"  - id: b",
			"    url: https://b.example/feed",
		),
		want: []string{
			`t.yaml:2:13: poll.interval: 2m is below poll.min_interval (5m), the floor that keeps polling polite; use 5m or more`,
			`t.yaml:6:15: source "a": interval 1m30s is below poll.min_interval (5m), the floor that keeps polling polite; use 5m or more`,
		},
	}, {
		name: "a floor above the default interval",
		yaml: lines(
			"poll:",
			"  min_interval: 1h",
		),
		want: []string{
			`t.yaml:2:17: poll.min_interval: 1h is above the default poll.interval (30m); set poll.interval to at least 1h`,
		},
	}, {
		name: "addresses and URLs",
		yaml: lines(
			"listen: 8080",
			"base_url: feeds.example.org",
			"websub:",
			"  hub: /hub",
			"sources:",
			"  - id: a",
			"    url: ftp://a.example/feed",
			"  - id: b",
			"    url: /feed.xml",
		),
		want: []string{
			`t.yaml:1:9: listen: "8080": use host:port, like 127.0.0.1:8080 or :8080`,
			`t.yaml:2:11: base_url: "feeds.example.org": use an absolute http:// or https:// URL, like https://feeds.example.org`,
			`t.yaml:4:8: websub.hub: "/hub": use an absolute http:// or https:// URL, or "" for no hub`,
			`t.yaml:7:10: source "a": url "ftp://a.example/feed": use an absolute http:// or https:// URL`,
			`t.yaml:9:10: source "b": url "/feed.xml": use an absolute http:// or https:// URL`,
		},
	}, {
		name: "listen port and base_url query",
		yaml: lines(
			"listen: localhost:99999",
			"base_url: https://feeds.example.org/?x=1",
		),
		want: []string{
			`t.yaml:1:9: listen: "localhost:99999": the port must be a number from 0 to 65535`,
			`t.yaml:2:11: base_url: "https://feeds.example.org/?x=1": remove the query or fragment; feed URLs are built by appending paths`,
		},
	}, {
		name: "log settings",
		yaml: lines(
			"log:",
			"  format: xml",
			"  level: loud",
		),
		want: []string{
			`t.yaml:2:11: log.format: "xml": use text or json`,
			`t.yaml:3:10: log.level: "loud": use debug, info, warn or error`,
		},
	}, {
		name: "source ids and urls",
		yaml: lines(
			"sources:",
			"  - id: BBC Asia",
			"    url: https://bbc.example/asia",
			"  - url: https://x.example/feed",
			"  - id: dup",
			"  - id: dup",
			"    url: https://y.example/feed",
			"  - id:",
			"    url: https://z.example/feed",
			"  - just a string",
		),
		want: []string{
			`t.yaml:2:9: source "BBC Asia": id "BBC Asia": use only lower-case letters a-z, digits, "-" and "_", like "bbc-asia"`,
			`t.yaml:4:5: source #2: missing id; add one like "id: wsws" (lower-case letters, digits, "-" and "_")`,
			`t.yaml:5:5: source "dup": missing url; add the feed's address, like "url: https://example.org/feed.xml"`,
			`t.yaml:6:9: source "dup": id "dup" is already used by the source at line 5; ids must be unique`,
			`t.yaml:8:8: source #5: missing id; add one like "id: wsws" (lower-case letters, digits, "-" and "_")`,
			`t.yaml:10:5: source #6: expected fields (like "key: value"), got "just a string"`,
		},
	}, {
		name: "topic ids, terms needed, fields and sources",
		yaml: lines(
			"sources:",
			"  - {id: wsws, url: https://wsws.example/rss}",
			"topics:",
			"  - id: Korea",
			"    any: [Korea]",
			"  - id: empty",
			"    any: []",
			"    none: [K-pop]",
			"  - id: fields",
			"    any: [x]",
			"    fields: [title, body, title]",
			"    sources: [wsws, bbc]",
			"    per_source_max: -1",
			"  - id: fields",
			"    all: [y]",
		),
		want: []string{
			`t.yaml:4:9: topic "Korea": id "Korea": use only lower-case letters a-z, digits, "-" and "_", like "korea"`,
			`t.yaml:6:5: topic "empty": add "any" or "all" terms; with neither the topic would select every item`,
			`t.yaml:11:21: topic "fields": fields: "body" is not a field terms can match; use title, summary, content, categories, author or link`,
			`t.yaml:11:27: topic "fields": fields: "title" is listed twice; remove one`,
			`t.yaml:12:21: topic "fields": sources: no source has id "bbc"; configured sources: wsws`,
			`t.yaml:13:21: topic "fields": per_source_max: must be 0 (no cap) or more, got -1`,
			`t.yaml:14:9: topic "fields": id "fields" is already used by the topic at line 9; ids must be unique`,
		},
	}, {
		name: "topic sources with no sources configured",
		yaml: lines(
			"topics:",
			"  - id: t",
			"    any: [x]",
			"    sources: [wsws]",
		),
		want: []string{
			`t.yaml:4:15: topic "t": sources: no source has id "wsws": no sources are configured; add them under "sources:" or remove this list`,
		},
	}, {
		name: "terms",
		yaml: lines(
			"topics:",
			"  - id: t",
			`    any: ["", "  ", "/[a/", "/(?<=x)y/", "region:XX", "Ko*rea", "*", ~]`,
			`    all: "Korea"`,
			`    none: ["a\\b", [nested]]`,
		),
		want: []string{
			`t.yaml:3:11: topic "t": any: term "": empty term; remove it or write a word`,
			`t.yaml:3:15: topic "t": any: term "  ": empty term; remove it or write a word`,
			"t.yaml:3:21: topic \"t\": any: term \"/[a/\": invalid regular expression (missing closing ]: `[a`); close the [ ] character class, or escape a literal bracket as \\[",
			"t.yaml:3:29: topic \"t\": any: term \"/(?<=x)y/\": invalid regular expression (invalid named capture: `(?<=x)y`); Go's RE2 has no lookahead, lookbehind or atomic groups: rewrite without them, or use a none: term to exclude text",
			`t.yaml:3:42: topic "t": any: term "region:XX": "XX" is not an ISO 3166 region code; use a two-letter code like KP, KR, CN or JP, or a three-digit one like 410`,
			`t.yaml:3:55: topic "t": any: term "Ko*rea": "*" works only at the end of a term (a prefix, like Korea*); there is no match in the middle or at the start`,
			`t.yaml:3:65: topic "t": any: term "*": "*" needs a beginning of a word before it, like Korea*`,
			`t.yaml:3:70: topic "t": any: empty term; remove it or write a word`,
			`t.yaml:4:10: topic "t": all: expected a list of terms like ["Korea*", "DPRK"], got "Korea"`,
			`t.yaml:5:20: topic "t": none: expected a single value, got a list`,
		},
	}, {
		name: "columns count characters, not bytes",
		yaml: lines(
			"topics:",
			"  - id: t",
			`    any: ["한국", "/[/"]`,
		),
		want: []string{
			"t.yaml:3:17: topic \"t\": any: term \"/[/\": invalid regular expression (missing closing ]: `[`); close the [ ] character class, or escape a literal bracket as \\[",
		},
	}, {
		name: "YAML syntax: a tab",
		yaml: lines(
			"poll:",
			"\tinterval: 1h",
		),
		want: []string{`t.yaml:2:1: invalid YAML: found character '	' that cannot start any token; indent with spaces, not tabs`},
	}, {
		name: "YAML syntax: an open quote",
		yaml: lines(
			`listen: "127.0.0.1:8080`,
		),
		want: []string{`t.yaml:1:9: invalid YAML: could not find end character of double-quoted text`},
	}, {
		name: "not a mapping at the top",
		yaml: lines(
			"- a",
			"- b",
		),
		want: []string{`t.yaml:1:1: expected fields (like "key: value"), got a list`},
	}, {
		name: "two documents",
		yaml: lines(
			"listen: 127.0.0.1:1",
			"---",
			"listen: 127.0.0.1:2",
		),
		want: []string{`t.yaml:3:1: only one YAML document is allowed; remove the "---" line and merge the documents`},
	}, {
		name: "anchors: a dangling alias and a merge key",
		yaml: lines(
			"topics:",
			"  - id: t",
			"    any: *terms",
			"  - <<: {id: u}",
			"    any: [x]",
		),
		want: []string{
			`t.yaml:3:10: alias *terms refers to no anchor &terms defined before it`,
			`t.yaml:4:5: topic #2: merge keys ("<<") are not supported; write the fields out`,
			`t.yaml:4:5: topic #2: missing id; add one like "id: korea" (lower-case letters, digits, "-" and "_")`,
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := errorLines(t, tt.yaml)
			if !slices.Equal(got, tt.want) {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestParseErrorsAreTypedAndSorted(t *testing.T) {
	_, err := Parse("t.yaml", lines(
		"topics:",
		"  - id: BAD",
		"    any: [x]",
		"poll: {concurrency: 0}",
		"colour: red",
	))
	var first *Error
	if !errors.As(err, &first) {
		t.Fatalf("errors.As(%v, *Error) = false", err)
	}
	want := Error{File: "t.yaml", Line: 2, Col: 9, Msg: `topic "BAD": id "BAD": use only lower-case letters a-z, digits, "-" and "_", like "bad"`}
	if *first != want {
		t.Errorf("first error = %+v, want %+v", *first, want)
	}
	all := Errors(err)
	if len(all) != 3 {
		t.Fatalf("Errors() = %d errors, want 3: %v", len(all), err)
	}
	for i := 1; i < len(all); i++ {
		if all[i-1].Line > all[i].Line {
			t.Errorf("errors out of order: %v before %v", all[i-1], all[i])
		}
	}
}

func TestErrorFormat(t *testing.T) {
	e := &Error{File: BuiltInName, Line: 3, Col: 7, Msg: "poll.interval: must be positive"}
	if got, want := e.Error(), "<built-in>:3:7: poll.interval: must be positive"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if got := Errors(nil); got != nil {
		t.Errorf("Errors(nil) = %v, want nil", got)
	}
}

// TestFieldTypoSuggestsTheField: a misspelt field name gets a did-you-mean,
// as unknown keys do.
func TestFieldTypoSuggestsTheField(t *testing.T) {
	got := errorLines(t, lines(
		"sources:",
		"  - {id: wsws, url: https://wsws.example/rss}",
		"topics:",
		"  - id: korea",
		"    any: [Korea]",
		"    fields: [titel, summray]",
	))
	want := []string{
		`t.yaml:6:14: topic "korea": fields: "titel" is not a field terms can match (did you mean "title"?)`,
		`t.yaml:6:21: topic "korea": fields: "summray" is not a field terms can match (did you mean "summary"?)`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
