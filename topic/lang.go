package topic

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/feedcurator/feedcurator/db"
)

// itemLanguage is the language a language-scoped term or known word is
// checked against: the primary subtag ("ko", "zh", "ja", "en", …).
//
// The script of the title and summary decides between Korean, Japanese and
// Chinese, whatever the feed declared: CMSs declare "en-us" by default, and
// a Korean headline abbreviates with Han characters (北, 中) that only the
// Hangul around them tells apart from Chinese. Kana makes Japanese; Han
// without kana is Chinese unless the feed says Japanese or Korean. Text in
// other scripts takes the feed's declared language, else a guess from the
// script.
func itemLanguage(it *db.Item) string {
	declared := primaryLanguage(it.Lang)
	var c scriptCounts
	c.add(it.Title)
	c.add(it.Summary)
	if c.hangul+c.kana+c.han == 0 && c.letters < 12 {
		c.add(it.Content) // a bare title says too little
	}
	switch {
	case c.hangul > 0 && c.hangul >= c.kana:
		return "ko"
	case c.kana > 0:
		return "ja"
	case c.han > 0:
		if declared == "ja" || declared == "ko" {
			return declared
		}
		return "zh"
	case declared != "" && declared != "zh" && declared != "ja" && declared != "ko":
		return declared
	case c.cyrillic > c.letters/2 && c.cyrillic > 0:
		return "ru"
	case c.letters > 0:
		return "en"
	}
	return declared
}

// primaryLanguage is the primary subtag of a BCP 47 tag, lower-cased.
func primaryLanguage(tag string) string {
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return strings.ToLower(tag)
}

type scriptCounts struct {
	hangul, kana, han, cyrillic, letters int
}

// add counts the letters of s by script. Markup is ASCII, so HTML in a
// summary only ever adds Latin letters, which CJK counts outweigh.
func (c *scriptCounts) add(s string) {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			if b := s[i] | 0x20; b >= 'a' && b <= 'z' {
				c.letters++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r >= 0xAC00 && r <= 0xD7A3, r >= 0x1100 && r <= 0x11FF, r >= 0x3130 && r <= 0x318F:
			c.hangul++
		case r >= 0x3040 && r <= 0x30FF && r != 0x30FB, r >= 0x31F0 && r <= 0x31FF, r >= 0xFF66 && r <= 0xFF9D:
			c.kana++
		case unicode.Is(unicode.Han, r):
			c.han++
		case unicode.Is(unicode.Cyrillic, r):
			c.cyrillic++
			c.letters++
		case unicode.IsLetter(r):
			c.letters++
		}
	}
}
