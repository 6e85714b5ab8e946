package topic

import (
	"slices"
	"unicode/utf8"
)

// Scores say how strongly an item is about a topic, so that a topic can
// leave out items that name its subject only in passing. An item's score
// for a topic adds up, over the topic's any and all terms that matched:
//
//	term weight × (best hit + ½ second hit + ¼ third hit)
//
// where a hit weighs by where it stands: 3 in the title, 2 in the lead (the
// first leadRunes characters of the summary or content), 1.5 in
// categories, 1 further down, ½ in the author or link. Hits of different
// terms on overlapping text ("North Korea" for region:KP and "Korea*")
// are one mention and count once, at the larger weight. So a title that
// names the subject scores 3; a summary that names it once in passing,
// 1–2; a summary that names it twice and a related name once, 3 or more.
const (
	weightTitle    = 3
	weightLead     = 2
	weightBody     = 1
	weightCategory = 1.5
	weightOther    = 0.5
	leadRunes      = 100
	// hitsPerSlot bounds the hits kept per term: only three count.
	hitsPerSlot = 3
)

// scoredHit is one counted hit of a slot, in piece piece at [start, end)
// of the piece's reduced text (where plain and regex hits can be compared).
type scoredHit struct {
	slot       int32
	piece      int32
	start, end int32
	weight     float32
}

// positionWeight is the weight of a hit starting at byte start of text, a
// text of field f.
func positionWeight(f fieldID, text []byte, start int) float32 {
	switch f {
	case fieldTitle:
		return weightTitle
	case fieldSummary, fieldContent:
		if start < leadRunes || utf8.RuneCount(text[:start]) < leadRunes {
			return weightLead
		}
		return weightBody
	case fieldCategories:
		return weightCategory
	}
	return weightOther
}

// count keeps a hit for the scores, at most hitsPerSlot per slot.
func (sc *scanner) count(slot int32, piece, start, end int, w float32) {
	m := &sc.matches
	if m.counts[slot] >= hitsPerSlot {
		return
	}
	m.counts[slot]++
	sc.hits = append(sc.hits, scoredHit{slot: slot, piece: int32(piece), start: int32(start), end: int32(end), weight: w})
}

// score is the item's score for topic ti, from the hits of its any and all
// terms.
func (sc *scanner) score(s *Set, ti int32) float64 {
	order := sc.order[:0]
	for i, h := range sc.hits {
		if ts := &s.slots[h.slot]; ts.topic == ti && ts.scored {
			order = append(order, i)
		}
	}
	sc.order = order
	if len(order) == 0 {
		return 0
	}
	hits := sc.hits
	// Overlapping hits are one mention: order by position, and let each
	// hit that overlaps the mention before it merge into it.
	slices.SortFunc(order, func(a, b int) int {
		ha, hb := &hits[a], &hits[b]
		if ha.piece != hb.piece {
			return int(ha.piece - hb.piece)
		}
		if ha.start != hb.start {
			return int(ha.start - hb.start)
		}
		return int(hb.end - ha.end)
	})
	type mention struct {
		slot   int32
		weight float64
	}
	var buf [16]mention
	mentions := buf[:0]
	var last *scoredHit
	for _, i := range order {
		h := &hits[i]
		w := float64(h.weight) * s.slots[h.slot].weight
		if last != nil && last.piece == h.piece && h.start < last.end {
			if m := &mentions[len(mentions)-1]; w > m.weight {
				m.slot, m.weight = h.slot, w
			}
			if h.end > last.end {
				last = h
			}
			continue
		}
		mentions = append(mentions, mention{h.slot, w})
		last = h
	}
	// Per term: its best mention, then half the next, a quarter the third.
	slices.SortFunc(mentions, func(a, b mention) int {
		if a.slot != b.slot {
			return int(a.slot - b.slot)
		}
		switch {
		case a.weight > b.weight:
			return -1
		case a.weight < b.weight:
			return 1
		}
		return 0
	})
	total, factor := 0.0, 1.0
	for i, m := range mentions {
		if i == 0 || mentions[i-1].slot != m.slot {
			factor = 1
		}
		total += factor * m.weight
		factor /= 2
	}
	return total
}
