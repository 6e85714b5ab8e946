package feedgen

import "testing"

func TestAlsoHTML(t *testing.T) {
	tests := []struct {
		name  string
		links []alsoLink
		want  string
	}{
		{
			name:  "one copy",
			links: []alsoLink{{url: "https://b.example/1", title: "Story", source: "B"}},
			want:  `<p>Also reported by:</p><ul><li><a href="https://b.example/1">B: Story</a></li></ul>`,
		},
		{
			name:  "markup and quotes are escaped",
			links: []alsoLink{{url: `https://b.example/?a=1&b="2"`, title: `<script>alert("x")</script> & co`, source: "B's"}},
			want:  `<p>Also reported by:</p><ul><li><a href="https://b.example/?a=1&amp;b=&#34;2&#34;">B&#39;s: &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; co</a></li></ul>`,
		},
		{
			name:  "no usable link: text only",
			links: []alsoLink{{title: "Story", source: "C"}},
			want:  `<p>Also reported by:</p><ul><li>C: Story</li></ul>`,
		},
	}
	for _, tt := range tests {
		if got := alsoHTML(tt.links); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
}

func TestWebURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://example.com/x", "https://example.com/x"},
		{"HTTP://example.com/", "HTTP://example.com/"},
		{"javascript:alert(1)", ""},
		{"data:text/html,<b>", ""},
		{"//example.com/x", ""},
		{"/x", ""},
		{"https://", ""},
		{"https://example.com/a b", ""},
	}
	for _, tt := range tests {
		if got := webURL(tt.in); got != tt.want {
			t.Errorf("webURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
