package htmltext

import (
	"html"
	"unicode/utf8"
)

// maxEntityName is longer than every HTML5 entity name.
const maxEntityName = 32

// appendCharRef decodes the character reference at the start of s (s[0] is
// '&') and reports how many bytes of s it used; a '&' that starts no
// reference stays as it is. The references feeds use most are decoded here;
// the rest (the full HTML5 table, references without ';', C1 remapping) go
// to html.UnescapeString, which allocates but is rarely needed.
func appendCharRef(dst []byte, s string) ([]byte, int) {
	if len(s) > 1 && s[1] == '#' {
		return appendNumericRef(dst, s)
	}
	end := 1
	for end < len(s) && end <= maxEntityName && isASCIIAlnum(s[end]) {
		end++
	}
	if end == 1 {
		return append(dst, '&'), 1
	}
	if end < len(s) && s[end] == ';' {
		if r, ok := commonEntities[s[1:end]]; ok {
			return utf8.AppendRune(dst, r), end + 1
		}
		end++
	}
	return append(dst, html.UnescapeString(s[:end])...), end
}

// appendNumericRef decodes "&#NNN;" or "&#xHHH;".
func appendNumericRef(dst []byte, s string) ([]byte, int) {
	i, base := 2, int64(10)
	if i < len(s) && (s[i] == 'x' || s[i] == 'X') {
		i, base = 3, 16
	}
	start := i
	var v int64
	for ; i < len(s); i++ {
		d := digitValue(s[i])
		if d < 0 || d >= base {
			break
		}
		if v <= utf8.MaxRune {
			v = v*base + d
		}
	}
	if i == start {
		return append(dst, '&'), 1
	}
	if i < len(s) && s[i] == ';' {
		i++
	}
	r := rune(v)
	switch {
	case v > utf8.MaxRune || r == 0 || !utf8.ValidRune(r):
		r = utf8.RuneError
	case 0x80 <= r && r <= 0x9F:
		// A C1 control, which HTML5 maps to windows-1252.
		return append(dst, html.UnescapeString(s[:i])...), i
	}
	return utf8.AppendRune(dst, r), i
}

func digitValue(c byte) int64 {
	switch {
	case '0' <= c && c <= '9':
		return int64(c - '0')
	case 'a' <= c && c <= 'f':
		return int64(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int64(c-'A') + 10
	}
	return -1
}

func isASCIIAlnum(c byte) bool {
	return isASCIILetter(c) || '0' <= c && c <= '9'
}

var commonEntities = map[string]rune{
	"amp": '&', "lt": '<', "gt": '>', "quot": '"', "apos": '\'', "nbsp": '\u00A0',
	"ndash": '–', "mdash": '—', "hellip": '…', "lsquo": '‘', "rsquo": '’',
	"ldquo": '“', "rdquo": '”', "laquo": '«', "raquo": '»', "middot": '·',
	"bull": '•', "copy": '©', "reg": '®', "trade": '™', "shy": '\u00AD',
}
