// Package config reads feedcurator's YAML configuration into validated structs.
// Every error names the file, line and column it comes from, so that a person
// can fix the config without guessing.
package config

import "time"

// Config is a loaded, validated and defaulted configuration.
type Config struct {
	Listen    string
	BaseURL   string // no trailing slash
	DataDir   string
	Access    Access
	Poll      Poll
	Retention Retention
	Output    Output
	WebSub    WebSub
	Log       Log
	Sources   []Source
	Topics    []Topic
	// DatabaseURL, when set, stores in PostgreSQL instead of a bbolt file
	// under DataDir; every daemon with the same one is a replica.
	// $FEEDCURATOR_DATABASE_URL overrides the file's.
	DatabaseURL string

	// Path is the file the config was read from; empty for the built-in default.
	Path string
	// FileListen is listen as the file says it, once SetListen has replaced
	// it (the -listen flag, the real port of ":0"); else empty.
	FileListen string
}

// Access guards what is not for everyone. Token, when set, is needed for
// /api/*, /metrics and private topics; it is read with ${VAR} references
// expanded and is never shown.
type Access struct {
	Token string
}

type Poll struct {
	Interval     time.Duration
	MinInterval  time.Duration
	Concurrency  int
	PerHost      int
	Timeout      time.Duration
	MaxBody      int64 // bytes, after decompression
	BlockPrivate bool
}

type Retention struct {
	MaxAge   time.Duration
	MaxItems int
}

type Output struct {
	Items int
	// SiteName follows a topic's title in its feeds' titles ("Korea —
	// feedcurator"); written as "", feeds carry the bare topic title.
	SiteName string
	// MatchCategories publishes match terms as categories (Atom category,
	// RSS category, JSON Feed tags) besides "_match"; readers show them as
	// tags, so it is off by default.
	MatchCategories bool
}

type WebSub struct {
	Hub string
}

type Log struct {
	Format string // "text" or "json"
	Level  string // "debug", "info", "warn", "error"
	Access bool   // log every HTTP request at info level
}

type Source struct {
	ID       string
	URL      string
	Title    string        // optional
	Interval time.Duration // the effective interval: the override, else poll.interval
	Headers  Headers       // optional request headers, ${VAR} references resolved
	// FullText: fetch each new item's page once, extract its article,
	// match topics on it and republish it as the item's content.
	FullText bool
	// FullTextSelector is the CSS selector of the article on the source's
	// pages, "" to let Readability find it.
	FullTextSelector string
}

type Topic struct {
	ID           string
	Title        string
	Description  string
	Any          []Term
	All          []Term
	None         []Term
	Fields       []string // default: title, summary, content, categories
	Sources      []string // empty: every source
	PerSourceMax int
	Cluster      bool
	// MinScore is the score an item must reach to be selected (see the topic
	// package's scoring); 0 selects on any match, as terms alone would.
	MinScore float64
	Private  bool // served only to requests carrying access.token
}

// TermKind says how a term matches; see CONTRACT.md "Topic matching semantics".
type TermKind int

const (
	// TermWord matches a word or phrase at word boundaries (Han/Kana/Thai as a
	// substring, Hangul at the start of a word), case-insensitively.
	TermWord TermKind = iota
	// TermPrefix ("Korea*") matches words that start with Text.
	TermPrefix
	// TermRegex ("/\bUS\b/") is an RE2 expression, Text holding the expression.
	TermRegex
	// TermRegion ("region:KP") stands for the region's name in every CLDR
	// language; Text holds the upper-case ISO 3166 code.
	TermRegion
)

// Term is one parsed topic term.
type Term struct {
	Raw  string // as written in the config
	Kind TermKind
	Text string // the word/phrase, prefix without '*', regex body, or region code
	// Scopes, from the mapping form of a term ({term: 北, lang: [ko], fields: [title]}):
	Fields []string // only these fields of the topic's; empty: all of them
	Langs  []string // only items in these languages (primary subtags); empty: any
	Weight float64  // its weight in the score; 0 means the default, 1
}

// Fields a topic may match against.
var (
	DefaultFields = []string{"title", "summary", "content", "categories"}
	AllowedFields = []string{"title", "summary", "content", "categories", "author", "link"}
)
