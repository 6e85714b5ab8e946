package htmltext

import "testing"

func TestLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  plain   text\n here ", "plain text here"},
		{"<p>Tom &amp; Jerry &lt;3</p>", "Tom & Jerry <3"},
		{"<p>one</p><p>two</p>", "one two"},
		{"line<br>break", "line break"},
		{"in<b>line</b> markup", "inline markup"},
		{`<a href="https://x/">link</a> &#8212; &quot;q&quot;`, `link — "q"`},
		{"<ul><li>a</li><li>b</li></ul>", "a b"},
		{"<p>朝鲜半岛</p>", "朝鲜半岛"},
		{"x<script>alert(1)</script>y", "xy"}, // script is not text (the fetcher pins the same)
		{"<b>Pyong</b>yang", "Pyongyang"},
		// One rule with the matcher: inline elements join, as on screen.
		{"North<label>Korea</label>", "NorthKorea"},
		{"North<div>Korea</div>", "North Korea"},
	}
	for _, tt := range tests {
		if got := Line(tt.in); got != tt.want {
			t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
