package topic

import (
	"testing"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
)

func word(s string) config.Term   { return config.Term{Raw: s, Kind: config.TermWord, Text: s} }
func prefix(s string) config.Term { return config.Term{Raw: s + "*", Kind: config.TermPrefix, Text: s} }
func regex(s string) config.Term {
	return config.Term{Raw: "/" + s + "/", Kind: config.TermRegex, Text: s}
}
func region(code string) config.Term {
	return config.Term{Raw: "region:" + code, Kind: config.TermRegion, Text: code}
}

func words(ss ...string) []config.Term {
	out := make([]config.Term, len(ss))
	for i, s := range ss {
		out[i] = word(s)
	}
	return out
}

func mustCompile(t testing.TB, topics ...config.Topic) *Set {
	t.Helper()
	s, err := Compile(topics)
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	return s
}

func reason(term, field, text string) db.Reason {
	return db.Reason{Term: term, Field: field, Text: text}
}
