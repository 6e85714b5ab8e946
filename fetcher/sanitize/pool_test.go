package sanitize

import (
	"strings"
	"testing"
)

// The pooled path must write exactly what Policy.Sanitize writes, whatever
// the buffer held before.
func TestSanitizePolicyMatchesSanitize(t *testing.T) {
	inputs := []string{
		`<p>Seoul <b>talks</b> &amp; <a href="/x" onclick="evil()">more</a></p>`,
		`<script>alert(1)</script><img src="javascript:alert(1)"><p>kept</p>`,
		`plain text, "quoted" & it's`,
		strings.Repeat(`<ul><li>北朝鮮</li><li><a href="https://example.org/?a=1&b=2">x</a></li></ul>`, 400),
		`<video poster="javascript:x" src="/v.mp4" controls><source src="a.webm" type="video/webm"></video>`,
		`<p>unclosed <i>tags`,
	}
	for round := 0; round < 2; round++ { // the second round reuses pooled buffers
		for _, in := range inputs {
			if got, want := sanitizePolicy(in), htmlPolicy.Sanitize(in); got != want {
				t.Errorf("sanitizePolicy(%.40q) = %.80q, want %.80q", in, got, want)
			}
		}
	}
}

func TestHasRelativeURL(t *testing.T) {
	for _, tc := range []struct {
		html string
		want bool
	}{
		{`<p>no links</p>`, false},
		{`<a href="https://a.example/">x</a>`, false},
		{`<a href="mailto:x@example.org">x</a><img src="HTTP://a.example/i.png">`, false},
		{`<a href="/rel">x</a>`, true},
		{`<a title="t" href="rel.html">x</a>`, true},
		{`<img alt="a" src="https://a.example/i.png"><img src="i.png">`, true},
		{`<blockquote cite="../q">q</blockquote>`, true},
		{`<video poster="p.jpg"></video>`, true},
		{`<a title="/not-a-url" href="https://a.example/">x</a>`, false},
		{`<a data-href="/x" href="https://a.example/">x</a>`, false},
	} {
		if got := hasRelativeURL(tc.html); got != tc.want {
			t.Errorf("hasRelativeURL(%q) = %v, want %v", tc.html, got, tc.want)
		}
	}
}
