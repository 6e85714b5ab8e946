package charset_test

import (
	"bytes"
	"io"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/feedcurator/feedcurator/fetcher/charset"
	"github.com/feedcurator/feedcurator/fetcher/internal/fetchtest"
	"github.com/feedcurator/feedcurator/fetcher/parser"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

func encode(t *testing.T, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encoding %q: %v", s, err)
	}
	return b
}

func rssWithTitle(decl, title string) string {
	return decl + `<rss version="2.0"><channel><title>` + title + `</title><link>https://example.com/</link></channel></rss>`
}

func TestDecodeCharsetByLabel(t *testing.T) {
	tests := []struct {
		name  string
		enc   encoding.Encoding
		label string // in the XML declaration, or HTTP when http is set
		http  bool
		text  string
		want  string // charset name Decode reports
	}{
		{"EUC-KR", korean.EUCKR, "EUC-KR", false, "북한 미사일 발사", "EUC-KR"},
		{"EUC-KR label, CP949-only syllable", korean.EUCKR, "euc-kr", false, "똠방각하 뷁", "EUC-KR"},
		{"ks_c_5601-1987 over HTTP", korean.EUCKR, "ks_c_5601-1987", true, "한국은행", "EUC-KR"},
		{"GB2312 as GB18030", simplifiedchinese.GB18030, "gb2312", false, "朝鲜再次试射导弹", "GB18030"},
		{"GBK label, character outside GBK", simplifiedchinese.GB18030, "GBK", false, "中国 𠀀 €", "GB18030"},
		{"Big5", traditionalchinese.Big5, "big5", false, "北韓 臺灣", "big5"},
		{"Shift_JIS", japanese.ShiftJIS, "Shift_JIS", false, "北朝鮮がミサイル発射", "shift_jis"},
		{"EUC-JP", japanese.EUCJP, "euc-jp", true, "東京で記録的な猛暑", "euc-jp"},
		{"KOI8-R", charmap.KOI8R, "koi8-r", false, "Северная Корея", "koi8-r"},
		{"windows-1251", charmap.Windows1251, "windows-1251", true, "КНДР и Москва", "windows-1251"},
		{"windows-1252 smart quotes", charmap.Windows1252, "windows-1252", false, "“quoted” – naïve", "windows-1252"},
		{"ISO-8859-1", charmap.ISO8859_1, "ISO-8859-1", false, "Corée du Nord, Müller", "windows-1252"},
		{"ISO-8859-2", charmap.ISO8859_2, "iso-8859-2", true, "Korea Północna, łódź", "iso-8859-2"},
		{"ISO-8859-7 quoted over HTTP", charmap.ISO8859_7, "'iso-8859-7'", true, "Βόρεια Κορέα", "iso-8859-7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			decl, contentType := `<?xml version="1.0" encoding="`+tt.label+`"?>`, "application/rss+xml"
			if tt.http {
				decl, contentType = `<?xml version="1.0"?>`, "application/rss+xml; charset="+tt.label
			}
			body := encode(t, tt.enc, rssWithTitle(decl, tt.text))
			if utf8.Valid(body) {
				t.Fatalf("test body is valid UTF-8; it proves nothing")
			}
			got, name := charset.Decode(body, contentType)
			if !bytes.Contains(got, []byte(tt.text)) || name != tt.want {
				t.Errorf("decoded as %s: %q, want %s containing %q", name, got, tt.want, tt.text)
			}
			// Through Parse: gofeed must not transcode a second time.
			feed, err := parser.Parse("s", "https://example.com/feed", contentType, body)
			if err != nil {
				t.Fatal(err)
			}
			if feed.Title != tt.text {
				t.Errorf("feed title %q, want %q", feed.Title, tt.text)
			}
		})
	}
}

func TestDecodeCharsetPrecedence(t *testing.T) {
	korean := "북한이 오늘"
	latin := "Corée du Nord"
	tests := []struct {
		name        string
		body        []byte
		contentType string
		wantText    string
		wantName    string
	}{
		{"valid UTF-8 beats a single-byte declaration",
			[]byte(rssWithTitle(`<?xml version="1.0" encoding="ISO-8859-1"?>`, korean)), "", korean, "UTF-8"},
		{"valid UTF-8 beats a single-byte HTTP charset",
			[]byte(rssWithTitle(`<?xml version="1.0"?>`, latin)), "text/xml; charset=windows-1252", latin, "UTF-8"},
		{"valid UTF-8 beats a multi-byte declaration",
			[]byte(rssWithTitle(`<?xml version="1.0" encoding="EUC-KR"?>`, korean)), "", korean, "UTF-8"},
		{"HTTP charset beats the declaration",
			encode(t, charmap.Windows1251, rssWithTitle(`<?xml version="1.0" encoding="ISO-8859-1"?>`, "Пхеньян")),
			"application/xml; charset=windows-1251", "Пхеньян", "windows-1251"},
		{"an unknown HTTP charset falls through to the declaration",
			encode(t, charmap.KOI8R, rssWithTitle(`<?xml version="1.0" encoding="koi8-r"?>`, "Пхеньян")),
			"text/xml; charset=x-bogus", "Пхеньян", "koi8-r"},
		{"UTF-8 BOM",
			append([]byte{0xEF, 0xBB, 0xBF}, rssWithTitle(`<?xml version="1.0" encoding="windows-1252"?>`, korean)...), "", korean, "UTF-8"},
		{"UTF-16LE BOM",
			encode(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), rssWithTitle(`<?xml version="1.0" encoding="UTF-16"?>`, korean)), "", korean, "UTF-16LE"},
		{"UTF-16BE BOM beats the HTTP charset",
			encode(t, unicode.UTF16(unicode.BigEndian, unicode.UseBOM), rssWithTitle(`<?xml version="1.0"?>`, korean)), "text/xml; charset=iso-8859-1", korean, "UTF-16BE"},
		{"UTF-16LE without BOM",
			encode(t, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), rssWithTitle(`<?xml version="1.0" encoding="utf-16le"?>`, latin)), "", latin, "UTF-16LE"},
		{"UTF-32BE BOM",
			encode(t, utf32.UTF32(utf32.BigEndian, utf32.UseBOM), rssWithTitle(`<?xml version="1.0"?>`, korean)), "", korean, "UTF-32BE"},
		{"ISO-2022-JP is 7-bit, so valid UTF-8, yet its label holds",
			encode(t, japanese.ISO2022JP, rssWithTitle(`<?xml version="1.0" encoding="iso-2022-jp"?>`, "日本語のニュース")),
			"", "日本語のニュース", "iso-2022-jp"},
		{"HTML meta charset",
			encode(t, charmap.Windows1251, `<!DOCTYPE html><html><head><meta charset="windows-1251"><title>Москва</title></head></html>`),
			"text/html", "Москва", "windows-1251"},
		{"invalid UTF-8 without any label is replaced",
			[]byte("<rss><channel><title>caf\xe9 \xff</title></channel></rss>"), "", "caf\uFFFD \uFFFD", "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, name := charset.Decode(tt.body, tt.contentType)
			if !bytes.Contains(got, []byte(tt.wantText)) || name != tt.wantName {
				t.Errorf("decoded as %s: %q, want %s containing %q", name, got, tt.wantName, tt.wantText)
			}
			if !utf8.Valid(got) {
				t.Errorf("result is not valid UTF-8")
			}
		})
	}
}

func TestWithoutXMLEncoding(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<?xml version="1.0" encoding="EUC-KR"?><rss/>`, `<?xml version="1.0"?><rss/>`},
		{`<?xml version='1.0' encoding='utf-16' standalone='yes'?><feed/>`, `<?xml version='1.0' standalone='yes'?><feed/>`},
		{`<?xml version="1.0"?><rss/>`, `<?xml version="1.0"?><rss/>`},
		{`<rss/>`, `<rss/>`},
	}
	for _, tt := range tests {
		got, err := io.ReadAll(charset.WithoutXMLEncoding([]byte(tt.in)))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tt.want {
			t.Errorf("WithoutXMLEncoding(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestDecodeCharsetSharedFixtures runs the project's CJK fixtures, whose
// encoding is declared only in the XML declaration.
func TestDecodeCharsetSharedFixtures(t *testing.T) {
	dir := fetchtest.SharedDir(t, "fixtures")
	tests := []struct{ file, wantName, wantTitle string }{
		{"korean-euckr.rss", "EUC-KR", "북한, 동해상으로 탄도미사일 발사"},
		{"chinese-gb2312.rss", "GB18030", "朝鲜再次试射导弹"},
		{"japanese-sjis.rss", "shift_jis", "北朝鮮がミサイル発射"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			body := fetchtest.ReadFile(t, filepath.Join(dir, tt.file))
			text, name := charset.Decode(body, "application/rss+xml")
			if name != tt.wantName || !bytes.Contains(text, []byte(tt.wantTitle)) {
				t.Errorf("decoded as %s, want %s with %q", name, tt.wantName, tt.wantTitle)
			}
			if bytes.ContainsRune(text, utf8.RuneError) {
				t.Errorf("decoded text has replacement characters")
			}
		})
	}
}

// TestParseIgnoresLyingDeclaration: the declaration of a valid UTF-8 body is
// rewritten before gofeed sees it, or gofeed would decode the bytes again.
func TestParseIgnoresLyingDeclaration(t *testing.T) {
	for _, label := range []string{"ISO-8859-1", "windows-1252", "EUC-KR", "Shift_JIS"} {
		body := rssWithTitle(`<?xml version="1.0" encoding="`+label+`"?>`, "북한이 오늘 Corée")
		feed, err := parser.Parse("s", "https://example.com/", "text/xml; charset="+label, []byte(body))
		if err != nil {
			t.Fatalf("%s: %v", label, err)
		}
		if feed.Title != "북한이 오늘 Corée" {
			t.Errorf("%s: title %q", label, feed.Title)
		}
	}
}
