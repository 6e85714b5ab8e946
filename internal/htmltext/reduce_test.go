package htmltext

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestAppendHTMLText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "no markup at all", "no markup at all"},
		{"inline joins", "<b>Pyong</b>yang", "Pyongyang"},
		{"block separates", "<p>one</p><p>two</p>", "one\ntwo\n"},
		{"br", "one<br>two<br/>three<BR />four", "one\ntwo\nthree\nfour"},
		{"upper-case tags", "<P>one</P><DIV>two</DIV>", "one\ntwo\n"},
		{"headings and cells", "<h2>a</h2><table><tr><td>b</td><td>c</td></tr></table>", "a\nb\nc\n"},
		{"attributes vanish", `<a href="https://x.example/korea/" title='Korea'>link</a>`, "link"},
		{"unquoted attribute", `<a href=/korea/ class=x>link</a>`, "link"},
		{"quoted >", `<img alt="a > b">after`, "after"},
		{"spaces around =", `<a href = "x>y" >t</a>`, "t"},
		{"script", "a<script type=\"text/javascript\">if (a < b) {}</script>b", "ab"},
		{"script end tag case", "a<SCRIPT>x</Script >b", "ab"},
		{"script not closed", "a<script>x", "a"},
		{"style", "<style>p { color: red }</style>text", "text"},
		{"comment", "a<!-- <p>Korea</p> -->b", "ab"},
		{"empty comments", "a<!-->b<!--->c", "abc"},
		{"unterminated comment", "a<!-- b", "a"},
		{"doctype and pi", "<!DOCTYPE html><?xml version=\"1.0\"?>x", "x"},
		{"CDATA", "<![CDATA[a<b]]>c", "a<bc"},
		{"lone <", "a < b", "a < b"},
		{"< and digit", "1<2", "1<2"},
		{"end tag with space", "</ p>x", "x"},
		{"empty end tag", "a</>b", "ab"},
		{"</ at the end", "a</", "a</"},
		{"unterminated tag", "a<b c=\"d", "a"},
		{"named entities", "&lt;b&gt; &amp; &quot;x&quot; &apos;", `<b> & "x" '`},
		{"rarer named entity", "&eacute;t&eacute; &frac12;", "été ½"},
		{"entity without semicolon", "&amp &copy 2017", "& © 2017"},
		{"not an entity", "AT&T & R&D &;", "AT&T & R&D &;"},
		{"unknown entity", "&nosuch;", "&nosuch;"},
		{"numeric", "&#8217;&#x2019;&#X2019;", "’’’"},
		{"numeric without semicolon", "&#65B", "AB"},
		{"numeric C1 remapped", "&#150;", "–"},
		{"numeric invalid", "&#0;&#xD800;&#99999999999;", "\uFFFD\uFFFD\uFFFD"},
		{"numeric one digit", "&#0 &#65", "\uFFFD A"},
		{"numeric no digits", "&#;&#x;", "&#;&#x;"},
		{"entity in attribute ignored", `<a title="&amp;">x</a>`, "x"},
		{"long tag name", "<averyveryverylongtagname>x</averyveryverylongtagname>", "x"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(AppendText(nil, tc.in)); got != tc.want {
				t.Errorf("AppendText(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestAppendHTMLTextAllocatesNothing(t *testing.T) {
	in := `<p>In <b>Pyong</b>yang &amp; Seoul&rsquo;s <a href="/x">talks</a>.</p><script>x</script>`
	buf := make([]byte, 0, 256)
	allocs := testing.AllocsPerRun(100, func() { buf = AppendText(buf[:0], in) })
	if allocs != 0 {
		t.Errorf("AppendText allocates %v times per call, want 0", allocs)
	}
}

// FuzzHTMLText compares the state machine with golang.org/x/net/html's
// tokenizer, white space aside. CDATA sections, which the tokenizer treats as
// comments outside SVG and MathML, are left out: feeds use them for text.
func FuzzHTMLText(f *testing.F) {
	seeds := []string{
		"<b>Pyong</b>yang", "a<!-- x -->b", "&amp;&lt;x &#0 &#150;", "<a href='x>y'>t</a>",
		"a < b", "<p>x</p><br/>y", "<script>x</script>z", "a</", "<!doctype html>x",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.ContainsAny(s, "\x00\r") || strings.Contains(s, "<![") {
			return // the tokenizer rewrites NUL and CR; CDATA differs on purpose
		}
		got := strings.Join(strings.Fields(string(AppendText(nil, s))), " ")
		if want := tokenizerText(s); got != want {
			t.Errorf("text of %q:\n got %q\nwant %q", s, got, want)
		}
	})
}

// tokenizerText extracts text with x/net/html's tokenizer the way
// AppendText means to, with white space collapsed.
func tokenizerText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	raw := 0
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		name, _ := z.TagName()
		switch {
		case tt == html.TextToken && raw == 0:
			b.Write(z.Text())
		case tt == html.StartTagToken && rawTextTags[string(name)]:
			raw++
		case tt == html.EndTagToken && rawTextTags[string(name)] && raw > 0:
			raw--
		}
		if tt != html.TextToken && blockTags[string(name)] {
			b.WriteByte('\n')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
