package topic

import "github.com/feedcurator/feedcurator/db"

// scanner is the per-item working state of a Set: the prepared document and
// what matched. Sets pool them, so classifying allocates only the reasons it
// returns.
type scanner struct {
	norm    normalizer
	doc     document
	matches matches
	lang    string // the item's language, when some term needs it

	cands []candidate // one piece's plain hits, before masking
	masks []span      // one piece's known-word hits
	hits  []scoredHit // every counted hit of the item, for scores
	order []int       // scratch for score
}

// candidate is a plain hit of pattern id at [start, end) in a piece's match form.
type candidate struct {
	id         int32
	start, end int
}

func (s *Set) acquire() *scanner {
	sc, _ := s.scanners.Get().(*scanner)
	if sc == nil {
		sc = &scanner{norm: newNormalizer()}
	}
	sc.matches.reset(len(s.slots))
	sc.hits = sc.hits[:0]
	sc.lang = ""
	return sc
}

func (s *Set) release(sc *scanner) { s.scanners.Put(sc) }

// run prepares the item's texts in the fields of active and matches every
// term of the Set against them.
func (sc *scanner) run(s *Set, it *db.Item, active fieldMask) {
	if s.needLang {
		sc.lang = itemLanguage(it)
	}
	sc.doc.prepare(&sc.norm, it, active&s.patternFields, active&s.regexFields)
	sc.match(s)
}

// match runs the automaton once over each prepared text, then the regexes.
func (sc *scanner) match(s *Set) {
	d := &sc.doc
	for i := range d.pieces {
		p := &d.pieces[i]
		if p.hasMatchForm && s.ac != nil {
			sc.matchPlain(s, p, i)
		}
		if p.hasRegexForm {
			sc.matchRegexes(s, p, i)
		}
	}
}

func (sc *scanner) matchPlain(s *Set, p *piece, pi int) {
	d, m := &sc.doc, &sc.matches
	text := d.matchForm(p)
	origin := d.fmap[p.folded.lo:p.folded.hi]
	sc.cands, sc.masks = sc.cands[:0], sc.masks[:0]
	s.ac.scan(text, func(id int32, start, end int) {
		pat := &s.patterns[id]
		if !pat.rule.allows(text, start, end) {
			return
		}
		if pat.masks(sc.lang) {
			sc.masks = append(sc.masks, span{start, end})
		}
		if len(pat.slots) > 0 {
			sc.cands = append(sc.cands, candidate{id, start, end})
		}
	})
	for _, c := range sc.cands {
		if sc.masked(c.start, c.end) {
			continue
		}
		pat := &s.patterns[c.id]
		shown, have := "", false
		for _, slot := range pat.slots {
			ts := &s.slots[slot]
			if !ts.fields.has(p.field) || !ts.inLanguage(sc.lang) {
				continue
			}
			sc.count(slot, pi, int(origin[c.start]), int(origin[c.end-1])+1, positionWeight(p.field, text, c.start))
			if m.has(slot) {
				continue
			}
			if !have {
				shownEnd := c.end
				if pat.extend != classNone {
					shownEnd = wordEnd(text, c.end, pat.extend)
				}
				shown, have = d.shownText(p, origin, c.start, shownEnd), true
			}
			m.record(slot, hit{field: p.field, text: shown})
		}
	}
}

// masked reports whether [start, end) lies inside a longer known word.
func (sc *scanner) masked(start, end int) bool {
	for _, k := range sc.masks {
		if k.lo <= start && end <= k.hi && k.hi-k.lo > end-start {
			return true
		}
	}
	return false
}

func (sc *scanner) matchRegexes(s *Set, p *piece, pi int) {
	d, m := &sc.doc, &sc.matches
	text := d.regexForm(p)
	origin := d.nmap[p.nfkc.lo:p.nfkc.hi]
	for i := range s.regexes {
		g := &s.regexes[i]
		if !g.fields.has(p.field) || !sc.pending(s, g.slots, p.field) {
			continue
		}
		loc := g.re.FindIndex(text)
		if loc == nil {
			continue
		}
		shown := ""
		if loc[1] > loc[0] {
			shown = d.shownText(p, origin, loc[0], loc[1])
		}
		for _, slot := range g.slots {
			ts := &s.slots[slot]
			if m.has(slot) || !ts.fields.has(p.field) || !ts.inLanguage(sc.lang) {
				continue
			}
			m.record(slot, hit{field: p.field, text: shown})
			lo, hi := 0, 0
			if loc[1] > loc[0] {
				lo, hi = int(origin[loc[0]]), int(origin[loc[1]-1])+1
			}
			sc.count(slot, pi, lo, hi, positionWeight(p.field, text, loc[0]))
		}
	}
}

// pending reports whether some of the slots could still record a hit in
// field f: running a regex for slots that all matched already is waste.
func (sc *scanner) pending(s *Set, slots []int32, f fieldID) bool {
	for _, slot := range slots {
		if !sc.matches.has(slot) && s.slots[slot].fields.has(f) {
			return true
		}
	}
	return false
}
