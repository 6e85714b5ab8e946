package config

import (
	"reflect"
	"slices"
	"testing"
	"time"
)

func mustParse(t *testing.T, data []byte) *Config {
	t.Helper()
	c, err := Parse("t.yaml", data)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return c
}

func TestDefaultsFillAnEmptyConfig(t *testing.T) {
	for _, data := range [][]byte{nil, []byte("# only a comment\n"), []byte("poll:\nretention: {}\n")} {
		got := mustParse(t, data)
		want := &Config{
			Listen:  "127.0.0.1:8080",
			BaseURL: "http://127.0.0.1:8080",
			DataDir: "./data",
			Poll: Poll{
				Interval:    30 * time.Minute,
				MinInterval: 5 * time.Minute,
				Concurrency: 16,
				PerHost:     2,
				Timeout:     30 * time.Second,
				MaxBody:     16 << 20,
			},
			Retention: Retention{MaxAge: 30 * 24 * time.Hour, MaxItems: 5000},
			Output:    Output{Items: 50, SiteName: "feedcurator"},
			Log:       Log{Format: "text", Level: "info"},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Parse(%q) =\n%+v\nwant\n%+v", data, got, want)
		}
	}
}

func TestWrittenValuesWinOverDefaults(t *testing.T) {
	c := mustParse(t, lines(
		"listen: 0.0.0.0:9000",
		"base_url: https://feeds.example.org/curated/",
		"data_dir: /var/lib/feedcurator",
		"poll:",
		"  interval: 1d",
		"  min_interval: 10m",
		"  concurrency: 4",
		"  per_host: 1",
		"  timeout: 1m",
		"  max_body: 1048576",
		"  block_private: true",
		"retention: {max_age: 7d, max_items: 0}",
		`output: {items: 10, site_name: "", match_categories: true}`,
		`websub: {hub: "https://hub.example.org/"}`,
		"log: {format: json, level: debug}",
	))
	want := &Config{
		Listen:  "0.0.0.0:9000",
		BaseURL: "https://feeds.example.org/curated",
		DataDir: "/var/lib/feedcurator",
		Poll: Poll{
			Interval:     24 * time.Hour,
			MinInterval:  10 * time.Minute,
			Concurrency:  4,
			PerHost:      1,
			Timeout:      time.Minute,
			MaxBody:      1 << 20,
			BlockPrivate: true,
		},
		Retention: Retention{MaxAge: 7 * 24 * time.Hour, MaxItems: 0},
		Output:    Output{Items: 10, SiteName: "", MatchCategories: true},
		WebSub:    WebSub{Hub: "https://hub.example.org/"},
		Log:       Log{Format: "json", Level: "debug"},
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("got\n%+v\nwant\n%+v", c, want)
	}
}

func TestBaseURLDefaultsFromListen(t *testing.T) {
	tests := []struct{ listen, want string }{
		{"127.0.0.1:8080", "http://127.0.0.1:8080"},
		{":8080", "http://localhost:8080"},
		{"0.0.0.0:80", "http://localhost:80"},
		{"[::]:8080", "http://localhost:8080"},
		{"[::1]:8080", "http://[::1]:8080"},
		{"feeds.lan:8080", "http://feeds.lan:8080"},
	}
	for _, tt := range tests {
		c := mustParse(t, lines("listen: "+`"`+tt.listen+`"`))
		if c.BaseURL != tt.want {
			t.Errorf("listen %q: base_url = %q, want %q", tt.listen, c.BaseURL, tt.want)
		}
	}
}

func TestSourceAndTopicDefaults(t *testing.T) {
	c := mustParse(t, lines(
		"poll: {interval: 2h}",
		"sources:",
		"  - {id: own, url: https://a.example/feed, interval: 45m}",
		"  - {id: inherited, url: https://b.example/feed}",
		"topics:",
		"  - {id: plain, any: [x]}",
		"  - {id: narrow, any: [x], fields: [title, link], sources: [own]}",
	))
	if got := c.Sources[0].Interval; got != 45*time.Minute {
		t.Errorf("own interval = %v, want 45m", got)
	}
	if got := c.Sources[1].Interval; got != 2*time.Hour {
		t.Errorf("inherited interval = %v, want poll.interval 2h", got)
	}
	if got := c.Topics[0].Fields; !slices.Equal(got, DefaultFields) {
		t.Errorf("default fields = %v, want %v", got, DefaultFields)
	}
	c.Topics[0].Fields[0] = "changed"
	if DefaultFields[0] != "title" {
		t.Errorf("changing a topic's fields changed DefaultFields")
	}
	if got := c.Topics[1].Fields; !slices.Equal(got, []string{"title", "link"}) {
		t.Errorf("written fields = %v", got)
	}
	if got := c.Topics[0].Sources; got != nil {
		t.Errorf("default sources = %v, want nil (every source)", got)
	}
}

func TestTopicsWithoutSourcesAreValid(t *testing.T) {
	c := mustParse(t, lines(
		"topics:",
		"  - id: all", // allowed: it shadows the all feed, which is the server's business
		"    all: [x]",
	))
	if len(c.Sources) != 0 || len(c.Topics) != 1 || c.Topics[0].ID != "all" {
		t.Errorf("got sources %v, topics %v", c.Sources, c.Topics)
	}
}

func TestAnchorsAndAliasesAreResolved(t *testing.T) {
	c := mustParse(t, lines(
		"topics:",
		"  - id: a",
		`    any: &korea ["Korea*", "북한"]`,
		"  - id: b",
		"    any: *korea",
		`    none: [!!str 2024]`,
	))
	b, ok := c.Topic("b")
	if !ok || len(b.Any) != 2 || b.Any[1].Text != "북한" {
		t.Fatalf("topic b = %+v, %v; want the anchored terms", b, ok)
	}
	if b.None[0].Text != "2024" {
		t.Errorf("tagged term = %+v, want text 2024", b.None[0])
	}
}

func TestLookups(t *testing.T) {
	c := mustParse(t, lines(
		"sources: [{id: a, url: https://a.example/feed}]",
		"topics: [{id: t, any: [x]}]",
	))
	if s, ok := c.Source("a"); !ok || s.URL != "https://a.example/feed" {
		t.Errorf(`Source("a") = %+v, %v`, s, ok)
	}
	if _, ok := c.Source("t"); ok {
		t.Errorf(`Source("t") found a topic`)
	}
	if tp, ok := c.Topic("t"); !ok || tp.Any[0].Text != "x" {
		t.Errorf(`Topic("t") = %+v, %v`, tp, ok)
	}
	if _, ok := c.Topic("missing"); ok {
		t.Errorf(`Topic("missing") found something`)
	}
}

// TestSetListen: a base_url derived from listen follows a new listen address
// (the -listen flag, the real port of ":0"); a written one stays.
func TestSetListen(t *testing.T) {
	c := mustParse(t, lines(`listen: "127.0.0.1:0"`))
	c.SetListen("127.0.0.1:41234")
	if c.Listen != "127.0.0.1:41234" || c.BaseURL != "http://127.0.0.1:41234" {
		t.Errorf("derived: listen %q, base_url %q; want both on port 41234", c.Listen, c.BaseURL)
	}
	c = mustParse(t, lines(`listen: ":8080"`, `base_url: https://feeds.example.org/`))
	c.SetListen("127.0.0.1:9000")
	if c.Listen != "127.0.0.1:9000" || c.BaseURL != "https://feeds.example.org" {
		t.Errorf("written: listen %q, base_url %q; want the written base_url kept", c.Listen, c.BaseURL)
	}
}
