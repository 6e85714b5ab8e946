package topic

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// knownWordsTSV is the list of longer words that hide shorter terms.
//
//go:embed known_words.tsv
var knownWordsTSV string

// knownWord is a word that hides the terms inside it, in items of one
// language ("" for any).
type knownWord struct {
	lang, folded string
}

var knownWords = sync.OnceValue(func() []knownWord {
	var out []knownWord
	for _, f := range tsvRecords(knownWordsTSV) {
		if len(f) < 2 {
			continue
		}
		lang := f[0]
		if lang == "*" {
			lang = ""
		}
		if w := foldTerm(f[1]); w != "" {
			out = append(out, knownWord{lang: lang, folded: w})
		}
	}
	// Country names written without spaces between words (Han, Kana,
	// Hangul) hide shorter names inside them. In spaced scripts word
	// boundaries already do that, and "Korea" inside "North Korea" is
	// Korea.
	for _, name := range allRegionNames() {
		w := foldTerm(name)
		if r, _ := utf8.DecodeRuneInString(w); w != "" && !strings.Contains(w, " ") &&
			(classOf(r) == classUnspaced || classOf(r) == classHangul) {
			out = append(out, knownWord{folded: w})
		}
	}
	return out
})

// addKnownWords adds to the automaton, as masks, the known words that hold
// some term's pattern strictly inside them: a hit inside such a word is
// the longer word, not the term. Words that hold no term are left out, so
// they cost nothing.
func (c *compiler) addKnownWords() {
	s := c.set
	if len(s.patterns) == 0 {
		return
	}
	terms := make(map[string]bool, len(c.patternOf))
	longest := 0
	for key := range c.patternOf {
		terms[key.folded] = true
		longest = max(longest, len(key.folded))
	}
	for _, w := range knownWords() {
		if !holdsShorter(w.folded, terms, longest) {
			continue
		}
		id, ok := c.patternOf[patternKey{w.folded, false}]
		if !ok {
			id = c.ac.add(w.folded)
			s.patterns = append(s.patterns, pattern{rule: ruleFor(w.folded, false)})
			c.patternOf[patternKey{w.folded, false}] = id
		}
		p := &s.patterns[id]
		p.mask = true
		switch {
		case w.lang == "":
			p.maskAny = true
		case !slices.Contains(p.maskLangs, w.lang):
			p.maskLangs = append(p.maskLangs, w.lang)
		}
	}
}

// holdsShorter reports whether some string of terms lies inside word and is
// shorter than it; no term is longer than longest bytes. Substrings start
// and end on character boundaries.
func holdsShorter(word string, terms map[string]bool, longest int) bool {
	for i := 0; i < len(word); {
		for j := i; j < len(word) && j-i < longest; {
			_, size := utf8.DecodeRuneInString(word[j:])
			j += size
			if j-i < len(word) && terms[word[i:j]] {
				return true
			}
		}
		_, size := utf8.DecodeRuneInString(word[i:])
		i += size
	}
	return false
}
