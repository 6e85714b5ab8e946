package topic

import "github.com/feedcurator/feedcurator/db"

// matches records, per term slot, whether the term matched and its first hit.
type matches struct {
	matched []uint64 // bitset over slots
	first   []hit    // valid where matched
	counts  []uint8  // hits kept for scores, per slot
}

type hit struct {
	field fieldID
	text  string
}

func (m *matches) reset(slots int) {
	words := (slots + 63) / 64
	if cap(m.matched) < words || cap(m.first) < slots {
		m.matched = make([]uint64, words)
		m.first = make([]hit, slots)
		m.counts = make([]uint8, slots)
	}
	m.matched = m.matched[:words]
	m.counts = m.counts[:slots]
	clear(m.matched)
	clear(m.counts)
}

func (m *matches) has(slot int32) bool { return m.matched[slot/64]&(1<<(slot%64)) != 0 }

func (m *matches) record(slot int32, h hit) {
	m.matched[slot/64] |= 1 << (slot % 64)
	m.first[slot] = h
}

// selects applies CONTRACT.md's rule: at least one any term (or none given),
// every all term, no none term.
func (m *matches) selects(t *compiledTopic) bool {
	anyOK := len(t.any) == 0
	for _, slot := range t.any {
		if m.has(slot) {
			anyOK = true
			break
		}
	}
	if !anyOK {
		return false
	}
	for _, slot := range t.all {
		if !m.has(slot) {
			return false
		}
	}
	for _, slot := range t.none {
		if m.has(slot) {
			return false
		}
	}
	return true
}

// reasons lists the first hit of every matched slot of the lists, in order.
func (m *matches) reasons(s *Set, lists ...[]int32) []db.Reason {
	var out []db.Reason
	for _, list := range lists {
		for _, slot := range list {
			if m.has(slot) {
				h := m.first[slot]
				out = append(out, db.Reason{Term: s.slots[slot].term.Raw, Field: h.field.String(), Text: h.text})
			}
		}
	}
	return out
}
