package topic

import "github.com/feedcurator/feedcurator/db"

// scanner is the per-item working state of a Set: the prepared document and
// what matched. Sets pool them, so classifying allocates only the reasons it
// returns.
type scanner struct {
	norm    normalizer
	doc     document
	matches matches
}

func (s *Set) acquire() *scanner {
	sc, _ := s.scanners.Get().(*scanner)
	if sc == nil {
		sc = &scanner{norm: newNormalizer()}
	}
	sc.matches.reset(len(s.slots))
	return sc
}

func (s *Set) release(sc *scanner) { s.scanners.Put(sc) }

// run prepares the item's texts in the fields of active and matches every
// term of the Set against them.
func (sc *scanner) run(s *Set, it *db.Item, active fieldMask) {
	sc.doc.prepare(&sc.norm, it, active&s.patternFields, active&s.regexFields)
	sc.match(s)
}

// match runs the automaton once over each prepared text, then the regexes.
func (sc *scanner) match(s *Set) {
	d := &sc.doc
	for i := range d.pieces {
		p := &d.pieces[i]
		if p.hasMatchForm && s.ac != nil {
			sc.matchPlain(s, p)
		}
		if p.hasRegexForm {
			sc.matchRegexes(s, p)
		}
	}
}

func (sc *scanner) matchPlain(s *Set, p *piece) {
	d, m := &sc.doc, &sc.matches
	text := d.matchForm(p)
	origin := d.fmap[p.folded.lo:p.folded.hi]
	s.ac.scan(text, func(id int32, start, end int) {
		pat := &s.patterns[id]
		if !pat.rule.allows(text, start, end) {
			return
		}
		shown, have := "", false
		for _, slot := range pat.slots {
			if m.has(slot) || !s.slots[slot].fields.has(p.field) {
				continue
			}
			if !have {
				shownEnd := end
				if pat.extend != classNone {
					shownEnd = wordEnd(text, end, pat.extend)
				}
				shown, have = d.shownText(p, origin, start, shownEnd), true
			}
			m.record(slot, hit{field: p.field, text: shown})
		}
	})
}

func (sc *scanner) matchRegexes(s *Set, p *piece) {
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
			if !m.has(slot) && s.slots[slot].fields.has(p.field) {
				m.record(slot, hit{field: p.field, text: shown})
			}
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
