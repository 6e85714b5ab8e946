package charset

import (
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

// charsetOverrides are the labels whose WHATWG meaning (htmlindex) is not
// the one wanted for feeds: the GB family decodes as GB18030, the superset
// of GB2312 and GBK, so that characters outside GBK survive; UTF-16 without
// a BOM is big-endian (RFC 2781), not little-endian as on the web; UTF-32 is
// unknown to the WHATWG index.
//
// EUC-KR needs no override: htmlindex maps it (and ks_c_5601-1987, cp949,
// windows-949) to x/text's korean.EUCKR, which decodes the full CP949
// (Unified Hangul Code) repertoire; it is listed to make that explicit.
var charsetOverrides = map[string]struct {
	enc  encoding.Encoding
	name string
}{
	"gb2312":          {simplifiedchinese.GB18030, "GB18030"},
	"gbk":             {simplifiedchinese.GB18030, "GB18030"},
	"x-gbk":           {simplifiedchinese.GB18030, "GB18030"},
	"gb_2312":         {simplifiedchinese.GB18030, "GB18030"},
	"gb_2312-80":      {simplifiedchinese.GB18030, "GB18030"},
	"csgb2312":        {simplifiedchinese.GB18030, "GB18030"},
	"cp936":           {simplifiedchinese.GB18030, "GB18030"},
	"ms936":           {simplifiedchinese.GB18030, "GB18030"},
	"windows-936":     {simplifiedchinese.GB18030, "GB18030"},
	"euc-cn":          {simplifiedchinese.GB18030, "GB18030"},
	"gb18030":         {simplifiedchinese.GB18030, "GB18030"},
	"euc-kr":          {korean.EUCKR, "EUC-KR"},
	"cp949":           {korean.EUCKR, "EUC-KR"},
	"ks_c_5601-1987":  {korean.EUCKR, "EUC-KR"},
	"utf-16":          {unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "UTF-16BE"},
	"utf-32":          {utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM), "UTF-32BE"},
	"utf-32be":        {utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM), "UTF-32BE"},
	"utf-32le":        {utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM), "UTF-32LE"},
	"ucs-4":           {utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM), "UTF-32BE"},
	"iso-10646-ucs-4": {utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM), "UTF-32BE"},
}

// lookupCharset maps a charset label to its decoder and canonical name; nil
// for an unknown label, and for the WHATWG "replacement" encoding (labels
// such as iso-2022-kr), which would turn the whole feed into U+FFFD.
func lookupCharset(label string) (encoding.Encoding, string) {
	label = strings.ToLower(strings.Trim(label, "'\" \t"))
	if label == "" {
		return nil, ""
	}
	if o, ok := charsetOverrides[label]; ok {
		return o.enc, o.name
	}
	enc, err := htmlindex.Get(label)
	if err != nil || enc == encoding.Replacement {
		return nil, ""
	}
	name, err := htmlindex.Name(enc)
	if err != nil {
		name = label
	}
	return enc, name
}
