package config

import (
	"strings"
	"testing"
)

func TestFullTextSettingsOfASource(t *testing.T) {
	c, err := Parse("t.yaml", lines(
		"sources:",
		"  - id: wire",
		"    url: https://wire.example/rss",
		"    full_text: true",
		`    full_text_selector: "article .story-body"`,
		"  - id: plain",
		"    url: https://plain.example/rss",
	))
	if err != nil {
		t.Fatal(err)
	}
	if s := c.Sources[0]; !s.FullText || s.FullTextSelector != "article .story-body" {
		t.Errorf("wire: %+v", s)
	}
	if s := c.Sources[1]; s.FullText || s.FullTextSelector != "" {
		t.Errorf("plain: %+v", s)
	}
}

func TestFullTextSelectorIsCheckedWhereItIsWritten(t *testing.T) {
	got := errorLines(t, lines(
		"sources:",
		"  - id: wire",
		"    url: https://wire.example/rss",
		"    full_text: yes please",
		`    full_text_selector: "div[class="`,
	))
	if len(got) != 2 {
		t.Fatalf("errors %q", got)
	}
	if !strings.HasPrefix(got[0], "t.yaml:4:16: ") {
		t.Errorf("full_text error %q", got[0])
	}
	if !strings.HasPrefix(got[1], `t.yaml:5:25: source "wire": full_text_selector: "div[class=" is not a CSS selector`) {
		t.Errorf("selector error %q", got[1])
	}
}
