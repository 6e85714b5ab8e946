// Package charset reads a fetched body as UTF-8: feeds, and the HTML pages
// fetched for an item's article, by one rule (byte order mark, valid UTF-8,
// HTTP charset, XML declaration, <meta charset>), because gofeed honours
// only the XML declaration and a page's own label often lies.
package charset

import (
	"bytes"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

// Decode returns body as UTF-8 and the name of the charset it was read
// as. gofeed honours only the XML declaration, so the decision is made here,
// in this order:
//
//  1. a byte order mark (UTF-8, UTF-16, UTF-32), or the UTF-16/32 shape of a
//     leading "<" when there is no BOM (XML 1.0 appendix F);
//  2. bytes that are entirely valid UTF-8 are UTF-8, whatever a label says.
//     Single-byte labels (ISO-8859-x, windows-125x, KOI8) routinely lie about
//     UTF-8 bodies, and a multi-byte label (EUC-KR, GBK, Shift_JIS, Big5)
//     loses too: text in those encodings is almost never valid UTF-8 by
//     accident, while a UTF-8 body under a stale label is common. The one
//     exception is ISO-2022-JP, which is 7-bit: a body with its escape
//     sequences under that label is read as ISO-2022-JP;
//  3. the charset parameter of the HTTP Content-Type;
//  4. the encoding of the XML declaration;
//  5. for HTML, a <meta charset> in the first few KB;
//  6. else UTF-8, invalid bytes replaced by U+FFFD.
//
// A label that names no known encoding is skipped in favour of the next
// step. The returned bytes alias body when no conversion was needed.
func Decode(body []byte, contentType string) ([]byte, string) {
	if enc, name, n := sniffUnicode(body); enc != nil {
		return transcode(body[n:], enc), name
	} else if n > 0 { // UTF-8 BOM
		return bytes.ToValidUTF8(body[n:], replacementChar), "UTF-8"
	}
	valid := utf8.Valid(body)
	if valid && bytes.IndexByte(body, escape) < 0 {
		return body, "UTF-8"
	}
	labels := [...]string{httpCharset(contentType), xmlDeclEncoding(body), htmlMetaCharset(body, contentType)}
	for _, label := range labels {
		enc, name := lookupCharset(label)
		if enc == nil {
			continue
		}
		if valid && name != "iso-2022-jp" {
			break // valid UTF-8 wins over every label but a 7-bit one
		}
		return transcode(body, enc), name
	}
	if valid {
		return body, "UTF-8"
	}
	return bytes.ToValidUTF8(body, replacementChar), "UTF-8"
}

// escape starts the shift sequences of ISO-2022-JP, whose bytes are all
// 7-bit and therefore valid UTF-8 too. Only a body that contains one and is
// labelled ISO-2022-JP is read as such despite being valid UTF-8.
const escape = 0x1B

var replacementChar = []byte("\uFFFD")

// transcode converts b to UTF-8. The x/text decoders replace what they cannot
// decode with U+FFFD; should one fail outright, the bytes are kept with
// invalid sequences replaced rather than losing the feed.
func transcode(b []byte, enc encoding.Encoding) []byte {
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return bytes.ToValidUTF8(b, replacementChar)
	}
	return bytes.ToValidUTF8(out, replacementChar)
}

// sniffUnicode recognises a BOM, or a BOM-less UTF-16/32 document by the NUL
// bytes around its first "<". It returns the decoder (nil for UTF-8) and how
// many leading bytes to drop; n == 0 and enc == nil means "not recognised".
func sniffUnicode(b []byte) (enc encoding.Encoding, name string, n int) {
	switch {
	case bytes.HasPrefix(b, []byte{0x00, 0x00, 0xFE, 0xFF}):
		return utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM), "UTF-32BE", 4
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE, 0x00, 0x00}):
		return utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM), "UTF-32LE", 4
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return nil, "UTF-8", 3
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "UTF-16BE", 2
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "UTF-16LE", 2
	case bytes.HasPrefix(b, []byte{0x00, 0x00, 0x00, '<'}):
		return utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM), "UTF-32BE", 0
	case bytes.HasPrefix(b, []byte{'<', 0x00, 0x00, 0x00}):
		return utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM), "UTF-32LE", 0
	case len(b) >= 4 && b[0] == 0x00 && b[1] == '<' && b[2] == 0x00 && b[3] != 0x00:
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "UTF-16BE", 0
	case len(b) >= 4 && b[0] == '<' && b[1] == 0x00 && b[2] != 0x00 && b[3] == 0x00:
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "UTF-16LE", 0
	}
	return nil, "", 0
}

// httpCharset is the charset parameter of a Content-Type, "" if none. Some
// servers quote it with single quotes; those are dropped too.
func httpCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		return strings.Trim(params["charset"], `'" `)
	}
	m := charsetParam.FindStringSubmatch(contentType)
	if m == nil {
		return ""
	}
	return m[1]
}

var charsetParam = regexp.MustCompile(`(?i)charset\s*=\s*["']?\s*([a-z0-9_:.()+-]+)`)

// metaScanLimit is how far into an HTML page a <meta charset> is looked for
// (browsers prescan 1 KiB; pages with long heads get some slack).
const metaScanLimit = 4096

var metaCharset = regexp.MustCompile(`(?i)<meta\s[^>]*charset\s*=\s*["']?\s*([a-z0-9_:.()+-]+)`)

// htmlMetaCharset is the charset a page declares in a <meta> element, looked
// for only when the body is HTML by its Content-Type or its first markup.
func htmlMetaCharset(body []byte, contentType string) string {
	head := body[:min(len(body), metaScanLimit)]
	if !IsHTMLType(contentType) && !looksLikeHTML(head) {
		return ""
	}
	m := metaCharset.FindSubmatch(head)
	if m == nil {
		return ""
	}
	return string(m[1])
}

// IsHTMLType reports an HTML Content-Type: a page that may name its charset
// in a <meta>, and that the parser takes for a page, not a feed.
func IsHTMLType(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt, _, _ = strings.Cut(strings.ToLower(contentType), ";")
		mt = strings.TrimSpace(mt)
	}
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// looksLikeHTML reports markup that opens like an HTML page.
func looksLikeHTML(head []byte) bool {
	lower := bytes.ToLower(head)
	return bytes.Contains(lower, []byte("<!doctype html")) || bytes.Contains(lower, []byte("<html"))
}
