package feedgen

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestParseFormat(t *testing.T) {
	tests := []struct {
		ext    string
		want   Format
		wantOK bool
	}{
		{"atom", Atom, true},
		{"rss", RSS, true},
		{"json", JSON, true},
		{"ATOM", "", false}, // URL paths are case-sensitive
		{".rss", "", false},
		{"xml", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := ParseFormat(tt.ext)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q, %v", tt.ext, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestContentType(t *testing.T) {
	tests := []struct {
		f    Format
		want string
	}{
		{Atom, "application/atom+xml; charset=utf-8"},
		{RSS, "application/rss+xml; charset=utf-8"},
		{JSON, "application/feed+json; charset=utf-8"},
		{Format("html"), "application/octet-stream"},
	}
	for _, tt := range tests {
		if got := tt.f.ContentType(); got != tt.want {
			t.Errorf("%q.ContentType() = %q, want %q", tt.f, got, tt.want)
		}
	}
}

func TestFormatsRoundTripThroughParseFormat(t *testing.T) {
	for _, f := range Formats {
		if got, ok := ParseFormat(string(f)); !ok || got != f {
			t.Errorf("ParseFormat(%q) = %q, %v", f, got, ok)
		}
	}
}

func TestRenderUnknownFormat(t *testing.T) {
	var buf bytes.Buffer
	err := Render(&buf, Format("html"), sampleChannel(Atom), sampleEntries(), sampleSourceOf)
	if err == nil || !strings.HasPrefix(err.Error(), "feedgen: ") {
		t.Fatalf("Render(html) error = %v, want a feedgen: error", err)
	}
	if buf.Len() != 0 {
		t.Errorf("Render(html) wrote %d bytes", buf.Len())
	}
}

// failingWriter fails every write, as a client that hung up does.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errHungUp }

var errHungUp = errors.New("client hung up")

func TestRenderReportsWriteErrors(t *testing.T) {
	for _, f := range Formats {
		err := Render(failingWriter{}, f, sampleChannel(f), sampleEntries(), sampleSourceOf)
		if !errors.Is(err, errHungUp) || !strings.HasPrefix(err.Error(), "feedgen: ") {
			t.Errorf("Render(%s) to a failing writer: error = %v", f, err)
		}
	}
}

func TestRenderNilSourceOf(t *testing.T) {
	for _, f := range Formats {
		var buf bytes.Buffer
		if err := Render(&buf, f, sampleChannel(f), sampleEntries(), nil); err != nil {
			t.Fatalf("Render(%s, nil sourceOf): %v", f, err)
		}
		// RSS's <source> needs a feed URL, which an id alone does not give.
		named := bytes.Contains(buf.Bytes(), []byte("yonhap"))
		if named != (f != RSS) {
			t.Errorf("Render(%s, nil sourceOf): names sources by id = %v", f, named)
		}
	}
}
