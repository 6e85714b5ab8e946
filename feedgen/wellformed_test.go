package feedgen

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/topic"
)

// checkWellFormed fails the test unless out is valid UTF-8 and, for the XML
// formats, every token decodes (encoding/xml rejects illegal characters), or
// for JSON, it is one valid JSON value.
func checkWellFormed(t *testing.T, f Format, out []byte) {
	t.Helper()
	if !utf8.Valid(out) {
		t.Fatalf("%s output is not valid UTF-8", f)
	}
	if f == JSON {
		if !json.Valid(out) {
			t.Fatalf("JSON output is not valid JSON:\n%s", out)
		}
		return
	}
	d := xml.NewDecoder(bytes.NewReader(out))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("%s output is not well-formed: %v\n%s", f, err, out)
		}
	}
}

func TestRenderIsWellFormed(t *testing.T) {
	cases := map[string][]topic.Entry{
		"sample": sampleEntries(),
		"empty":  nil,
	}
	for name, entries := range cases {
		for _, f := range Formats {
			t.Run(name+"/"+string(f), func(t *testing.T) {
				out := render(t, f, entries)
				checkWellFormed(t, f, out)
				for _, bad := range []string{"\x00", "\x01", "\x02", "\x1b", "\x7f", "\xff"} {
					if bytes.Contains(out, []byte(bad)) {
						t.Errorf("output contains %q", bad)
					}
				}
			})
		}
	}
}

func TestRenderIsByteIdentical(t *testing.T) {
	for _, f := range Formats {
		first := render(t, f, sampleEntries())
		// Same instants in another zone must not change a byte either.
		shifted := sampleEntries()
		for i := range shifted {
			it := &shifted[i].Item
			loc := time.FixedZone("X", -5*3600)
			it.Published, it.Updated = it.Published.In(loc), it.Updated.In(loc)
		}
		second := render(t, f, shifted)
		if !bytes.Equal(first, second) {
			t.Errorf("%s: two renders of the same entries differ", f)
		}
	}
}

func TestRenderFeedDateWithoutChannelUpdated(t *testing.T) {
	newest := date("2024-05-01T00:00:00Z")
	entries := []topic.Entry{
		{Item: db.Item{SourceID: "a", ID: "1", Title: "old", Published: date("2024-01-01T00:00:00Z")}},
		{Item: db.Item{SourceID: "a", ID: "2", Title: "new", FirstSeen: newest}},
	}
	tests := []struct {
		name    string
		entries []topic.Entry
		want    string // as the Atom <updated> shows it
	}{
		{"newest entry date", entries, "<updated>2024-05-01T00:00:00Z</updated>"},
		{"empty feed: the epoch", nil, "<updated>1970-01-01T00:00:00Z</updated>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch := sampleChannel(Atom)
			ch.Updated = time.Time{}
			var a, b bytes.Buffer
			if err := Render(&a, Atom, ch, tt.entries, sampleSourceOf); err != nil {
				t.Fatal(err)
			}
			if err := Render(&b, Atom, ch, tt.entries, sampleSourceOf); err != nil {
				t.Fatal(err)
			}
			feedHead, _, _ := strings.Cut(a.String(), "<entry>")
			if !strings.Contains(feedHead, tt.want) {
				t.Errorf("feed head lacks %s:\n%s", tt.want, feedHead)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Error("two renders differ")
			}
		})
	}
}
