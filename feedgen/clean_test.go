package feedgen

import (
	"testing"
	"unicode/utf8"
)

func TestXMLSafe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain ASCII", "plain ASCII"},
		{"한국어 中文 日本語", "한국어 中文 日本語"},
		{"tab\tnewline\ncr\r", "tab\tnewline\ncr\r"},
		{"nul\x00bell\x07esc\x1b", "nulbellesc"},
		{"del\x7f c1\u0085\u009f", "del c1"},
		{"nonchar\uFFFE\uFFFF", "nonchar"},
		{"bad \xff\xfe byte", "bad \uFFFD\uFFFD byte"},
		{"literal \uFFFD stays", "literal \uFFFD stays"},
		{"truncated \xe4\xb8", "truncated \uFFFD\uFFFD"},
		{"", ""},
	}
	for _, tt := range tests {
		got := xmlSafe(tt.in)
		if got != tt.want {
			t.Errorf("xmlSafe(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if !utf8.ValidString(got) || !isXMLSafe(got) {
			t.Errorf("xmlSafe(%q) = %q is not safe", tt.in, got)
		}
	}
}

func TestXMLSafeCleanInputDoesNotAllocate(t *testing.T) {
	s := "북한, 동해상으로 탄도미사일 발사 — a clean title"
	if n := testing.AllocsPerRun(100, func() { _ = xmlSafe(s) }); n != 0 {
		t.Errorf("xmlSafe of clean text allocates %v times", n)
	}
}
