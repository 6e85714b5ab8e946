package feedgen

import "testing"

func TestIsAbsoluteIRI(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"https://example.com/a?b=c#d", true},
		{"http://[::1]:8080/feed", true},
		{"urn:uuid:47fcc50f-fc4a-51dc-a244-5074b169b993", true},
		{"tag:wsws.org,2024:article-77", true},
		{"https://例え.jp/記事/1", true},
		{"mailto:desk@example.com", true},
		{"https://example.com/%E4%B8%AD", true},
		{"AEN20240302000100315", false},
		{"12345", false},
		{"", false},
		{":nothing", false},
		{"urn:", false},
		{"1http://x", false},
		{"https://example.com/a b", false},
		{"https://example.com/<x>", false},
		{"https://example.com/%zz", false},
		{"https://example.com/%4", false},
		{"https://example.com/a#b#c", false},
		{"urn:x:[1]", false},
		{`C:\temp\file`, false},
		{"http://example.com/\x01", false},
		{"http://example.com/\xff", false},
	}
	for _, tt := range tests {
		if got := isAbsoluteIRI(tt.s); got != tt.want {
			t.Errorf("isAbsoluteIRI(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestHrefIRI(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://example.com/ok", "https://example.com/ok"},
		{"https://example.com/a b", "https://example.com/a%20b"},
		{"https://example.com/50%", "https://example.com/50%25"},
		{"https://example.com/a#b c#d", "https://example.com/a#b%20c%23d"},
		{"https://example.com/{x}|y", "https://example.com/%7Bx%7D%7Cy"},
		{"https://例え.jp/記 事", "https://例え.jp/記%20事"},
		{"/relative/path", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got := hrefIRI(tt.in)
		if got != tt.want {
			t.Errorf("hrefIRI(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got != "" && !isAbsoluteIRI(got) {
			t.Errorf("hrefIRI(%q) = %q is not an IRI", tt.in, got)
		}
	}
}
