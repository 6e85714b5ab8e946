package article

import "unicode"

// DefaultMinText is the least text, in textWeight units, that counts as an
// article: about three real paragraphs. A paywall, a consent wall or a
// "subscribe to read" page keeps its teaser and a headline, and lands well
// below; so does a page whose story is in a script-rendered app shell.
const DefaultMinText = 500

// textWeight measures how much a text says, roughly in Latin letters: a
// Han, kana or Hangul character carries about as much as two or three
// letters (a 200-character Chinese story is as long as a 500-letter
// English one), so it weighs more. Spaces and punctuation weigh nothing.
func textWeight(s string) int {
	w := 0
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul):
			w += 3
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			w++
		}
	}
	return w
}
