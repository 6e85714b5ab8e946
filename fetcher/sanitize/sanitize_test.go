package sanitize

import (
	"net/url"
	"strings"
	"testing"
)

func TestSanitizeHTML(t *testing.T) {
	base, _ := url.Parse("https://example.org/news/2024/item.html")
	tests := []struct {
		name, in, want string
	}{
		{"script and handlers", `<p onclick="steal()">Hi<script>alert(1)</script></p>`, `<p>Hi</p>`},
		{"javascript: link", `<a href="javascript:alert(1)">x</a> <a href="JaVaScRiPt:alert(1)">y</a>`, `x y`},
		{"iframe, object, embed, form, style", `<iframe src="https://evil/"></iframe><object data="x"></object><embed src="y"><form action="/p"><input name="q"></form><style>p{}</style>ok`, `ok`},
		{"relative URLs made absolute", `<a href="../other.html">o</a><img src="/i.png" alt="">`, `<a href="https://example.org/news/other.html">o</a><img src="https://example.org/i.png" alt="">`},
		{"absolute and mailto URLs kept", `<a href="https://x.example/">x</a> <a href="mailto:a@b.example">m</a>`, `<a href="https://x.example/">x</a> <a href="mailto:a@b.example">m</a>`},
		{"fragment resolves to the item", `<a href="#note">n</a>`, `<a href="https://example.org/news/2024/item.html#note">n</a>`},
		{"query with ampersand stays escaped", `<a href="p?a=1&amp;b=2">q</a>`, `<a href="https://example.org/news/2024/p?a=1&amp;b=2">q</a>`},
		{"tables and formatting kept", `<table><tr><td><b>1</b></td></tr></table><ul><li><em>e</em></li></ul>`, `<table><tr><td><b>1</b></td></tr></table><ul><li><em>e</em></li></ul>`},
		{"white space only", " \n ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HTML(tt.in, base, 1<<10); got != tt.want {
				t.Errorf("HTML(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTruncateHTML(t *testing.T) {
	tests := []struct {
		in    string
		limit int
		want  string
	}{
		{"<p>short</p>", 100, "<p>short</p>"},
		{"<p>abc</p><a href=\"x\">", 16, "<p>abc</p>"},
		{"one &amp; two", 8, "one "},
		{"한국어", 4, "한"},
	}
	for _, tt := range tests {
		if got := truncateHTML(tt.in, tt.limit); got != tt.want {
			t.Errorf("truncateHTML(%q, %d) = %q, want %q", tt.in, tt.limit, got, tt.want)
		}
	}
}

func TestPlainText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  plain   title\n", "plain title"},
		{"<b>Pyong</b>yang", "Pyongyang"},
		{"Tom &amp; Jerry &#8220;live&#8221;", "Tom & Jerry “live”"},
		{"line<br>break<p>para</p>", "line break para"},
		{"I <3 Go", "I <3 Go"},
		{"AT&T", "AT&T"},
		{"x<script>alert(1)</script>y", "xy"},
		{"ＣＨＩＮＡ", "ＣＨＩＮＡ"},
	}
	for _, tt := range tests {
		if got := PlainText(tt.in, 1<<10); got != tt.want {
			t.Errorf("PlainText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := PlainText(strings.Repeat("가", 1000), 10); got != "가가가" {
		t.Errorf("cut at 10 bytes: %q", got)
	}
}

func TestSanitizerKeepsAudioAndVideoWithSafeURLs(t *testing.T) {
	base := HTTPBase("https://host.example/post/")
	got := HTML(`<audio controls src="a.mp3" onplay="alert(1)"></audio>`+
		`<video controls poster="javascript:alert(2)"><source src="v.webm" type="video/webm"><source src="javascript:alert(3)"></video>`+
		`<video poster="p.jpg" src="data:video/mp4,xx"></video>`, base, 1<<20)
	for _, want := range []string{
		`<audio controls="" src="https://host.example/post/a.mp3"></audio>`,
		`<source src="https://host.example/post/v.webm" type="video/webm">`,
		`poster="https://host.example/post/p.jpg"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in\n%s", want, got)
		}
	}
	for _, bad := range []string{"javascript:", "onplay", "data:"} {
		if strings.Contains(got, bad) {
			t.Errorf("%s survived:\n%s", bad, got)
		}
	}
}

func TestAbsoluteLink(t *testing.T) {
	base := HTTPBase("https://example.org/news/item.html")
	tests := []struct {
		name string
		base *url.URL
		ref  string
		want string
	}{
		{"relative resolves against the base", base, "../other.html", "https://example.org/other.html"},
		{"absolute kept", base, "http://x.example/a?b=1", "http://x.example/a?b=1"},
		{"spaces and control characters dropped", base, " \x00/p\x7f ", "https://example.org/p"},
		{"javascript refused", base, "javascript:alert(1)", ""},
		{"data refused", base, "data:text/html,x", ""},
		{"mailto refused", base, "mailto:a@b.example", ""},
		{"relative without a base refused", nil, "/p", ""},
		{"absolute without a base kept", nil, "https://x.example/", "https://x.example/"},
		{"unparsable refused", base, "http://[::1", ""},
		{"absurdly long refused", base, "/" + strings.Repeat("a", maxLinkLen), ""},
		{"empty", base, "  ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := AbsoluteLink(tt.base, tt.ref); got != tt.want {
				t.Errorf("AbsoluteLink(%q) = %q, want %q", tt.ref, got, tt.want)
			}
		})
	}
	for _, s := range []string{"file:///etc/passwd", "/relative", "https://", "not a url"} {
		if HTTPBase(s) != nil {
			t.Errorf("HTTPBase(%q) is not nil", s)
		}
	}
}
