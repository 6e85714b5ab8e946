package topic

import (
	"slices"
	"strings"
	"testing"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
)

// TestSelection checks the any/all/none rule, fields and sources.
func TestSelection(t *testing.T) {
	korea := config.Topic{ID: "korea", Any: words("Korea", "Seoul"), None: words("K-pop")}
	tests := []struct {
		name  string
		topic config.Topic
		item  db.Item
		want  []db.Reason // nil: not selected
	}{
		{"one any term", korea, db.Item{Title: "Seoul markets close higher"},
			[]db.Reason{reason("Seoul", "title", "Seoul")}},
		{"every matching any term is a reason", korea, db.Item{Title: "Seoul, Korea", Summary: "Korea again"},
			[]db.Reason{reason("Korea", "title", "Korea"), reason("Seoul", "title", "Seoul")}},
		{"first match in field order", korea, db.Item{Title: "x", Summary: "Korea", Content: "KOREA"},
			[]db.Reason{reason("Korea", "summary", "Korea")}},
		{"none vetoes", korea, db.Item{Title: "K-pop stars from Korea tour Europe"}, nil},
		{"no any term", korea, db.Item{Title: "Monsoon season"}, nil},
		{"all terms needed",
			config.Topic{ID: "t", All: words("sanctions", "Korea")},
			db.Item{Title: "Korea sanctions"},
			[]db.Reason{reason("sanctions", "title", "sanctions"), reason("Korea", "title", "Korea")}},
		{"all terms, one missing",
			config.Topic{ID: "t", All: words("sanctions", "Korea")},
			db.Item{Title: "Korea talks"}, nil},
		{"any and all",
			config.Topic{ID: "t", Any: words("China", "Korea"), All: words("trade")},
			db.Item{Title: "Korea trade"},
			[]db.Reason{reason("Korea", "title", "Korea"), reason("trade", "title", "trade")}},
		{"any and all, no any",
			config.Topic{ID: "t", Any: words("China"), All: words("trade")},
			db.Item{Title: "Korea trade"}, nil},
		{"default fields skip author",
			korea, db.Item{Title: "x", Author: "Korea Desk"}, nil},
		{"author field",
			config.Topic{ID: "t", Any: words("Korea"), Fields: []string{"author"}},
			db.Item{Title: "Korea", Author: "Korea Desk"},
			[]db.Reason{reason("Korea", "author", "Korea")}},
		{"link field",
			config.Topic{ID: "t", Any: words("Korea"), Fields: []string{"link"}},
			db.Item{Link: "https://example.com/news/korea/1"},
			[]db.Reason{reason("Korea", "link", "korea")}},
		{"title only",
			config.Topic{ID: "t", Any: words("Korea"), Fields: []string{"title"}},
			db.Item{Title: "x", Content: "Korea"}, nil},
		{"category",
			korea, db.Item{Title: "Sanctions list updated", Categories: []string{"Asia", "Korea"}},
			[]db.Reason{reason("Korea", "categories", "Korea")}},
		{"a phrase never spans two categories",
			config.Topic{ID: "t", Any: words("North Korea")},
			db.Item{Categories: []string{"North", "Korea"}}, nil},
		{"categories are plain text",
			config.Topic{ID: "t", Any: words("a&amp;b")},
			db.Item{Categories: []string{"a&amp;b"}},
			[]db.Reason{reason("a&amp;b", "categories", "a&amp;b")}},
		{"source listed",
			config.Topic{ID: "t", Any: words("Korea"), Sources: []string{"a", "b"}},
			db.Item{SourceID: "b", Title: "Korea"},
			[]db.Reason{reason("Korea", "title", "Korea")}},
		{"source not listed",
			config.Topic{ID: "t", Any: words("Korea"), Sources: []string{"a"}},
			db.Item{SourceID: "b", Title: "Korea"}, nil},
		{"regex and plain together",
			config.Topic{ID: "t", Any: []config.Term{regex(`\bUS\b`), word("China")}},
			db.Item{Title: "US and China"},
			[]db.Reason{reason(`/\bUS\b/`, "title", "US"), reason("China", "title", "China")}},
		{"regex none vetoes",
			config.Topic{ID: "t", Any: words("China"), None: []config.Term{regex(`(?i)sponsored`)}},
			db.Item{Title: "China", Summary: "SPONSORED"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := mustCompile(t, tc.topic)
			got := s.Classify(&tc.item)
			var want []db.Membership
			if tc.want != nil {
				want = []db.Membership{{Topic: tc.topic.ID, Reasons: tc.want}}
			}
			if !equalMemberships(got, want) {
				t.Errorf("got %+v, want %+v", got, want)
			}
		})
	}
}

// TestClassifyManyTopics checks that one scan serves every topic, in config
// order, and that topics sharing a term each get their reason.
func TestClassifyManyTopics(t *testing.T) {
	s := mustCompile(t,
		config.Topic{ID: "korea", Any: []config.Term{prefix("Korea"), word("북한")}},
		config.Topic{ID: "china", Any: words("China", "中国")},
		config.Topic{ID: "asia", Any: words("China", "Korea")},
		config.Topic{ID: "other", Any: words("Brazil")},
	)
	got := s.Classify(&db.Item{Title: "China warns North Korea", Content: "<p>北韓 북한은 中国</p>"})
	want := []db.Membership{
		{Topic: "korea", Reasons: []db.Reason{reason("Korea*", "title", "Korea"), reason("북한", "content", "북한")}},
		{Topic: "china", Reasons: []db.Reason{reason("China", "title", "China"), reason("中国", "content", "中国")}},
		{Topic: "asia", Reasons: []db.Reason{reason("China", "title", "China"), reason("Korea", "title", "Korea")}},
	}
	if !equalMemberships(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if got := s.Classify(&db.Item{Title: "Nothing here"}); got != nil {
		t.Errorf("unmatched item: got %+v, want nil", got)
	}
}

func TestExplain(t *testing.T) {
	s := mustCompile(t, config.Topic{
		ID:      "korea",
		Any:     words("Korea", "Seoul"),
		All:     words("missile", "launch"),
		None:    words("K-pop"),
		Sources: []string{"wire"},
	})
	tests := []struct {
		name string
		item db.Item
		want Verdict
	}{
		{"selected", db.Item{SourceID: "wire", Title: "Korea missile launch"}, Verdict{
			Topic: "korea", Selected: true,
			Reasons: []db.Reason{reason("Korea", "title", "Korea"), reason("missile", "title", "missile"), reason("launch", "title", "launch")},
		}},
		{"missing all term", db.Item{SourceID: "wire", Title: "Korea missile"}, Verdict{
			Topic:   "korea",
			Reasons: []db.Reason{reason("Korea", "title", "Korea"), reason("missile", "title", "missile")},
			Missing: []string{"launch"},
		}},
		{"vetoed", db.Item{SourceID: "wire", Title: "K-pop missile launch in Seoul"}, Verdict{
			Topic:   "korea",
			Reasons: []db.Reason{reason("Seoul", "title", "Seoul"), reason("missile", "title", "missile"), reason("launch", "title", "launch")},
			Vetoes:  []db.Reason{reason("K-pop", "title", "K-pop")},
		}},
		{"filtered", db.Item{SourceID: "blog", Title: "Korea missile launch"}, Verdict{
			Topic: "korea", Filtered: true,
			Reasons: []db.Reason{reason("Korea", "title", "Korea"), reason("missile", "title", "missile"), reason("launch", "title", "launch")},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := s.Explain("korea", &tc.item)
			if !ok {
				t.Fatal("Explain: topic unknown")
			}
			if got.Topic != tc.want.Topic || got.Selected != tc.want.Selected || got.Filtered != tc.want.Filtered ||
				!slices.Equal(got.Reasons, tc.want.Reasons) || !slices.Equal(got.Vetoes, tc.want.Vetoes) ||
				!slices.Equal(got.Missing, tc.want.Missing) {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
	if _, ok := s.Explain("nope", &db.Item{}); ok {
		t.Error("Explain(unknown topic): ok = true")
	}
}

func TestTopics(t *testing.T) {
	in := []config.Topic{
		{ID: "b", Title: "B", Any: words("x")},
		{ID: "a", Title: "A", Any: words("y"), Sources: []string{"s"}},
	}
	s := mustCompile(t, in...)
	got := s.Topics()
	if len(got) != 2 || got[0].ID != "b" || got[1].ID != "a" {
		t.Fatalf("Topics() = %+v, want b, a in config order", got)
	}
	got[1].Sources[0] = "changed"
	in[1].Any[0] = word("changed")
	if tp, ok := s.Topic("a"); !ok || tp.Sources[0] != "s" || tp.Any[0].Text != "y" || tp.Title != "A" {
		t.Errorf("Topic(a) = %+v, %v; want the compiled topic, unaffected by callers", tp, ok)
	}
	if _, ok := s.Topic("c"); ok {
		t.Error("Topic(c): ok = true")
	}
}

func TestFingerprint(t *testing.T) {
	base := config.Topic{ID: "korea", Title: "Korea", Any: words("Korea"), None: words("K-pop")}
	fp := mustCompile(t, base).Fingerprint()
	if len(fp) != 64 {
		t.Fatalf("Fingerprint() = %q, want 64 hex digits", fp)
	}
	same := func(t config.Topic) config.Topic { return t }
	tests := []struct {
		name     string
		edit     func(config.Topic) config.Topic
		wantSame bool
	}{
		{"unchanged", same, true},
		{"title", func(t config.Topic) config.Topic { t.Title = "K"; t.Description = "d"; return t }, true},
		{"output options", func(t config.Topic) config.Topic { t.PerSourceMax = 3; t.Cluster = true; return t }, true},
		{"explicit default fields", func(t config.Topic) config.Topic { t.Fields = config.DefaultFields; return t }, true},
		{"term", func(t config.Topic) config.Topic { t.Any = words("Korea", "Seoul"); return t }, false},
		{"term moved to all", func(t config.Topic) config.Topic { t.Any, t.All = nil, t.Any; return t }, false},
		{"prefix", func(t config.Topic) config.Topic { t.Any = []config.Term{prefix("Korea")}; return t }, false},
		{"fields", func(t config.Topic) config.Topic { t.Fields = []string{"title"}; return t }, false},
		{"sources", func(t config.Topic) config.Topic { t.Sources = []string{"wsws"}; return t }, false},
		{"id", func(t config.Topic) config.Topic { t.ID = "k"; return t }, false},
	}
	for _, tc := range tests {
		got := mustCompile(t, tc.edit(cloneTopic(base))).Fingerprint()
		if (got == fp) != tc.wantSame {
			t.Errorf("%s: fingerprint same = %v, want %v", tc.name, got == fp, tc.wantSame)
		}
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name   string
		topics []config.Topic
		want   string
	}{
		{"duplicate id", []config.Topic{{ID: "a", Any: words("x")}, {ID: "a", Any: words("y")}}, "duplicate"},
		{"no terms", []config.Topic{{ID: "a", None: words("x")}}, "needs an any or an all"},
		{"unknown field", []config.Topic{{ID: "a", Any: words("x"), Fields: []string{"body"}}}, `unknown field "body"`},
		{"bad regex", []config.Topic{{ID: "a", Any: []config.Term{regex("(")}}}, "missing closing )"},
		{"bad region", []config.Topic{{ID: "a", Any: []config.Term{region("ZZ")}}}, "unknown region"},
		{"empty after normalisation", []config.Topic{{ID: "a", Any: words("\u00AD")}}, "nothing left"},
		{"unknown kind", []config.Topic{{ID: "a", Any: []config.Term{{Raw: "x", Kind: 99, Text: "x"}}}}, "unknown term kind"},
	}
	for _, tc := range tests {
		_, err := Compile(tc.topics)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "topic: ") {
			t.Errorf("%s: err = %v, want a topic: error containing %q", tc.name, err, tc.want)
		}
	}
}

func TestEmptySet(t *testing.T) {
	s := mustCompile(t)
	if got := s.Classify(&db.Item{Title: "Korea"}); got != nil {
		t.Errorf("Classify = %+v, want nil", got)
	}
	if len(s.Topics()) != 0 || s.Fingerprint() == "" {
		t.Errorf("Topics() = %v, Fingerprint() = %q", s.Topics(), s.Fingerprint())
	}
}
