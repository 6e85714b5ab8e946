package topic

import (
	"math"
	"sort"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Story clustering: two items from different sources report the same story
// when their titles, reduced to sets of content words, overlap by at least
// clusterThreshold (Jaccard) and they were published within clusterWindow.
// Word sets, not sequences, so that word order does not matter; stop words and
// punctuation are dropped and common wire abbreviations ("N. Korea", "U.S.")
// expanded, so that house styles do not matter. Titles in scripts written
// without spaces contribute character bigrams instead of words.
const (
	clusterThreshold = 0.7
	clusterWindow    = 48 * time.Hour
)

type story struct {
	members []Entry
	words   []map[string]bool // one set per member
}

// memberRef names one member of one story.
type memberRef struct{ story, member int }

// clusterStories merges entries (newest first) that report the same story
// into one entry per story: the earliest copy, with the others in Also.
//
// Comparing every pair would cost the square of the window, and a clustered
// topic reads 48 h of items beyond its last entry. Prefix filtering (as in
// set-similarity joins) keeps it near linear: with the words of every title
// ordered from rarest to commonest, two sets whose Jaccard similarity reaches
// t share a word among the first |x| - ⌈t·|x|⌉ + 1 of each. Only those prefix
// words are indexed, so the word every title of a Korea topic shares
// ("korea") is rarely looked at; candidates are then checked exactly.
func clusterStories(entries []Entry) []Entry {
	sets := make([]map[string]bool, len(entries))
	freq := map[string]int{}
	for i, e := range entries {
		sets[i] = titleWords(e.Item.Title)
		for w := range sets[i] {
			freq[w]++
		}
	}
	var stories []*story
	index := map[string][]memberRef{} // prefix word → members whose prefix holds it
	for i, e := range entries {
		words := sets[i]
		prefix := prefixWords(words, freq)
		if si := findStory(stories, index, e, words, prefix); si >= 0 {
			s := stories[si]
			s.members = append(s.members, e)
			s.words = append(s.words, words)
			for _, w := range prefix {
				index[w] = append(index[w], memberRef{si, len(s.members) - 1})
			}
			continue
		}
		stories = append(stories, &story{members: []Entry{e}, words: []map[string]bool{words}})
		for _, w := range prefix {
			index[w] = append(index[w], memberRef{len(stories) - 1, 0})
		}
	}
	out := make([]Entry, 0, len(stories))
	for _, s := range stories {
		head := 0
		for i := range s.members {
			if earlier(&s.members[i].Item, &s.members[head].Item) {
				head = i
			}
		}
		e := s.members[head]
		e.Also = nil
		for i := len(s.members) - 1; i >= 0; i-- { // oldest first
			if i != head {
				e.Also = append(e.Also, s.members[i].Item)
			}
		}
		out = append(out, e)
	}
	sortNewestFirst(out)
	return out
}

// prefixWords returns the rarest |words| - ⌈t·|words|⌉ + 1 words of the set,
// rarest first (ties by the word, for a stable answer).
func prefixWords(words map[string]bool, freq map[string]int) []string {
	list := make([]string, 0, len(words))
	for w := range words {
		list = append(list, w)
	}
	sort.Slice(list, func(i, j int) bool {
		if freq[list[i]] != freq[list[j]] {
			return freq[list[i]] < freq[list[j]]
		}
		return list[i] < list[j]
	})
	n := len(list) - int(math.Ceil(clusterThreshold*float64(len(list)))) + 1
	return list[:max(0, min(n, len(list)))]
}

// findStory returns the index of the first story (in order of creation) with
// a member from another source, published within clusterWindow of e, whose
// title words are similar enough; -1 for none.
func findStory(stories []*story, index map[string][]memberRef, e Entry, words map[string]bool, prefix []string) int {
	if len(words) == 0 {
		return -1
	}
	t := e.Item.SortTime()
	best := -1
	checked := map[memberRef]bool{}
	for _, w := range prefix {
		for _, ref := range index[w] {
			if checked[ref] || (best >= 0 && ref.story >= best) {
				continue
			}
			checked[ref] = true
			m := stories[ref.story].members[ref.member]
			if m.Item.SourceID == e.Item.SourceID {
				continue
			}
			if d := m.Item.SortTime().Sub(t); d > clusterWindow || d < -clusterWindow {
				continue
			}
			if jaccard(words, stories[ref.story].words[ref.member]) >= clusterThreshold {
				best = ref.story
			}
		}
	}
	return best
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for w := range a {
		if b[w] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

var stopWords = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "to": true, "in": true, "on": true, "for": true,
	"and": true, "or": true, "with": true, "at": true, "by": true, "as": true, "is": true, "are": true,
	"from": true, "after": true, "over": true, "its": true, "it": true, "says": true, "said": true,
	"into": true, "amid": true, "be": true, "has": true, "have": true, "was": true, "were": true,
}

// abbreviations map house-style short forms to one spelling.
var abbreviations = map[string]string{
	"n": "north", "s": "south", "us": "united states", "u.s": "united states", "u.s.": "united states",
	"uk": "united kingdom", "u.k": "united kingdom", "un": "united nations", "u.n": "united nations",
	"dprk": "north korea", "rok": "south korea", "prc": "china", "pm": "prime minister",
	"govt": "government", "intl": "international",
}

// titleWords reduces a title to its set of content words.
func titleWords(title string) map[string]bool {
	title = norm.NFKC.String(strings.ToLower(title))
	words := map[string]bool{}
	add := func(w string) {
		w = strings.Trim(w, ".'’")
		if w == "" {
			return
		}
		if long, ok := abbreviations[w]; ok {
			for _, part := range strings.Fields(long) {
				words[part] = true
			}
			return
		}
		w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
		if !stopWords[w] {
			words[stem(w)] = true
		}
	}
	var word []rune
	var prevDense rune
	flush := func() {
		add(string(word))
		word = word[:0]
	}
	for _, r := range title {
		switch {
		case isDense(r):
			flush()
			if prevDense != 0 {
				words[string([]rune{prevDense, r})] = true
			}
			prevDense = r
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '\'' || r == '’':
			word = append(word, r)
		default:
			flush()
		}
		prevDense = 0
	}
	flush()
	return words
}

// stem folds the inflections that wire copies of one headline differ by
// ("fires", "fired"; "missile", "missiles"). It is deliberately crude: both
// sides are stemmed alike, so only consistency matters, not linguistics.
func stem(w string) string {
	if len(w) <= 3 {
		return w
	}
	if strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
		w = w[:len(w)-1]
	}
	w = strings.TrimSuffix(w, "ed")
	if len(w) > 3 {
		w = strings.TrimSuffix(w, "e")
	}
	return w
}

// isDense reports scripts written without spaces between words, and Hangul,
// whose particles make whole words a poor unit.
func isDense(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
		unicode.Is(unicode.Hangul, r) || unicode.Is(unicode.Thai, r)
}
