package topic

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/feedcurator/feedcurator/config"
)

// termSlot is one term of one topic: the unit a match is recorded for.
type termSlot struct {
	term   config.Term
	fields fieldMask // the topic's fields (or the term's own): hits elsewhere do not count
	langs  []string  // item languages it matches in; empty: any
	weight float64   // its weight in the topic's score
	topic  int32     // index of its topic in Set.topics
	scored bool      // an any or all term: its hits add to the score
}

// inLanguage reports whether the slot may match an item in lang.
func (t *termSlot) inLanguage(lang string) bool {
	if len(t.langs) == 0 {
		return true
	}
	return slices.Contains(t.langs, lang)
}

// compiledTopic is a topic with its terms resolved to slots.
type compiledTopic struct {
	cfg            config.Topic
	fields         fieldMask
	any, all, none []int32 // slot ids
	minScore       float64
}

// pattern is one distinct plain pattern in the automaton: its boundary rule
// and the slots (of any topic) it stands for.
type pattern struct {
	rule boundaryRule
	// extend is the class of a prefix term's last character, when it is one
	// that forms words: the reason then shows the whole word the prefix
	// began ("Korean" for Korea*), not just the prefix.
	extend wordClass
	slots  []int32
	// mask: the pattern is also a known word (known_words.tsv, a country
	// name) that hides shorter terms inside it, in items of maskLangs (any
	// language when maskAny).
	mask      bool
	maskAny   bool
	maskLangs []string
}

// masks reports whether the pattern hides shorter hits in an item in lang.
func (p *pattern) masks(lang string) bool {
	return p.mask && (p.maskAny || slices.Contains(p.maskLangs, lang))
}

// regexGroup is one distinct regular expression and the slots it stands for.
type regexGroup struct {
	re     *regexp.Regexp
	fields fieldMask
	slots  []int32
}

// compiler accumulates the pieces of a Set.
type compiler struct {
	set       *Set
	ac        *acBuilder
	patternOf map[patternKey]int32
	regexOf   map[string]int32
}

type patternKey struct {
	folded string
	prefix bool
}

// Compile compiles the topics. The config package has already validated their
// terms, so an error here means an internal inconsistency.
func Compile(topics []config.Topic) (*Set, error) {
	c := &compiler{
		set:       &Set{byID: make(map[string]int, len(topics))},
		ac:        newACBuilder(),
		patternOf: make(map[patternKey]int32),
		regexOf:   make(map[string]int32),
	}
	for _, t := range topics {
		if err := c.addTopic(t); err != nil {
			return nil, fmt.Errorf("topic: topic %q: %w", t.ID, err)
		}
	}
	s := c.set
	c.addKnownWords()
	if len(s.patterns) > 0 {
		s.ac = c.ac.build()
	}
	for i := range s.slots {
		if len(s.slots[i].langs) > 0 {
			s.needLang = true
		}
	}
	for i := range s.patterns {
		if s.patterns[i].mask && !s.patterns[i].maskAny {
			s.needLang = true
		}
	}
	s.fingerprint = fingerprint(s.topics)
	return s, nil
}

func (c *compiler) addTopic(t config.Topic) error {
	s := c.set
	if _, dup := s.byID[t.ID]; dup {
		return fmt.Errorf("duplicate topic id")
	}
	if len(t.Any) == 0 && len(t.All) == 0 {
		return fmt.Errorf("a topic needs an any or an all term")
	}
	fields, err := parseFields(t.Fields)
	if err != nil {
		return err
	}
	ct := compiledTopic{cfg: cloneTopic(t), fields: fields, minScore: t.MinScore}
	lists := []struct {
		terms  []config.Term
		slots  *[]int32
		scored bool
	}{{t.Any, &ct.any, true}, {t.All, &ct.all, true}, {t.None, &ct.none, false}}
	for _, l := range lists {
		for _, term := range l.terms {
			slot := int32(len(s.slots))
			ts := termSlot{term: term, fields: fields, langs: term.Langs, weight: term.Weight,
				topic: int32(len(s.topics)), scored: l.scored}
			if ts.weight == 0 {
				ts.weight = 1
			}
			if len(term.Fields) > 0 {
				own, err := parseFields(term.Fields)
				if err != nil {
					return fmt.Errorf("term %q: %w", term.Raw, err)
				}
				ts.fields = own
				ct.fields |= own
			}
			s.slots = append(s.slots, ts)
			if err := c.addTerm(slot, term, ts.fields); err != nil {
				return fmt.Errorf("term %q: %w", term.Raw, err)
			}
			*l.slots = append(*l.slots, slot)
		}
	}
	s.byID[t.ID] = len(s.topics)
	s.topics = append(s.topics, ct)
	return nil
}

func (c *compiler) addTerm(slot int32, term config.Term, fields fieldMask) error {
	switch term.Kind {
	case config.TermWord:
		return c.addPattern(slot, term.Text, false, fields)
	case config.TermPrefix:
		return c.addPattern(slot, term.Text, true, fields)
	case config.TermRegex:
		return c.addRegex(slot, term.Text, fields)
	case config.TermRegion:
		names, err := regionNames(term.Text)
		if err != nil {
			return err
		}
		for _, name := range names {
			// A name that folds to nothing (none do today) is skipped,
			// not fatal: the region keeps its other names.
			if foldTerm(name) != "" {
				if err := c.addPattern(slot, name, false, fields); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return fmt.Errorf("unknown term kind %d", term.Kind)
}

func (c *compiler) addPattern(slot int32, text string, prefix bool, fields fieldMask) error {
	folded := foldTerm(text)
	if folded == "" {
		return fmt.Errorf("nothing left to match after normalisation")
	}
	s := c.set
	key := patternKey{folded, prefix}
	id, ok := c.patternOf[key]
	if !ok {
		id = c.ac.add(folded)
		if int(id) != len(s.patterns) {
			return fmt.Errorf("pattern ids out of step") // cannot happen: one add per key
		}
		s.patterns = append(s.patterns, pattern{rule: ruleFor(folded, prefix), extend: extendClass(folded, prefix)})
		c.patternOf[key] = id
	}
	p := &s.patterns[id]
	if !slices.Contains(p.slots, slot) { // a region may have two names folding alike
		p.slots = append(p.slots, slot)
	}
	s.patternFields |= fields
	return nil
}

func (c *compiler) addRegex(slot int32, expr string, fields fieldMask) error {
	s := c.set
	id, ok := c.regexOf[expr]
	if !ok {
		re, err := regexp.Compile(expr)
		if err != nil {
			return err
		}
		id = int32(len(s.regexes))
		s.regexes = append(s.regexes, regexGroup{re: re})
		c.regexOf[expr] = id
	}
	g := &s.regexes[id]
	g.slots = append(g.slots, slot)
	g.fields |= fields
	s.regexFields |= fields
	return nil
}

// cloneTopic copies a topic so that the Set shares no slices with its caller.
func cloneTopic(t config.Topic) config.Topic {
	t.Any = slices.Clone(t.Any)
	t.All = slices.Clone(t.All)
	t.None = slices.Clone(t.None)
	t.Fields = slices.Clone(t.Fields)
	t.Sources = slices.Clone(t.Sources)
	return t
}
