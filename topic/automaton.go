package topic

// automaton is an Aho-Corasick automaton over bytes: one pass over a text
// reports every occurrence of every pattern, so matching costs about the same
// for ten terms as for ten thousand.
//
// Ordinary configs get a pure DFA: every state has a complete transition row,
// stored at state id × numClasses, so a step is one table load and never
// touches the state's record. Rows are indexed by byte class (bytes that occur
// in no pattern share class 0), so a row costs 4 bytes per distinct pattern
// byte rather than 1 KB. Automata too big for that keep rows only for the
// shallow and the busy states, where a scan spends most of its time; the
// others list their few edges and fall back along failure links.
//
// A transition's value carries outputFlag when the state it leads to reports
// a pattern, so that the scan looks at state records only on hits.
type automaton struct {
	nodes      []acNode
	labels     []byte  // sparse edges, sorted per node
	targets    []int32 // the transition value of each sparse edge
	rows       []int32 // dense rows, numClasses transition values each
	class      [256]uint8
	numClasses int
	allDense   bool    // rows hold every state's row, at id × numClasses
	outs       []int32 // pattern ids ending at a node, grouped by node
	lengths    []int32 // pattern id → length in bytes
}

// A transition value is a state id, with outputFlag set when that state or
// one on its failure chain ends a pattern.
const (
	outputFlag = 1 << 30
	stateMask  = outputFlag - 1
)

type acNode struct {
	edges  int32 // first sparse edge, or first entry of the dense row
	nEdges int32 // number of sparse edges; denseRow for a dense state
	fail   int32 // the longest proper suffix of this state that is a state
	report int32 // this state, or the nearest on its failure chain, with outputs; -1 if none
	dict   int32 // the next state with outputs on the failure chain after report's; -1 if none
	outLo  int32
	outHi  int32
}

const denseRow = -1

// scan calls hit for every occurrence of every pattern in text, in order of
// end offset (longer patterns first at one end).
func (a *automaton) scan(text []byte, hit func(pattern int32, start, end int)) {
	st := int32(0)
	for i, c := range text {
		var v int32
		if a.allDense {
			v = a.rows[int(st)*a.numClasses+int(a.class[c])]
		} else {
			v = a.step(st, c)
		}
		st = v & stateMask
		if v&outputFlag != 0 {
			a.emit(st, i+1, hit)
		}
	}
}

// emit reports the patterns that end at end in state st.
func (a *automaton) emit(st int32, end int, hit func(pattern int32, start, end int)) {
	for r := a.nodes[st].report; r >= 0; r = a.nodes[r].dict {
		node := &a.nodes[r]
		for _, p := range a.outs[node.outLo:node.outHi] {
			hit(p, end-int(a.lengths[p]), end)
		}
	}
}

// step is the transition value from st on c in an automaton with sparse
// states.
func (a *automaton) step(st int32, c byte) int32 {
	for {
		node := &a.nodes[st]
		if node.nEdges == denseRow {
			return a.rows[node.edges+int32(a.class[c])]
		}
		labels := a.labels[node.edges : node.edges+node.nEdges]
		for k, l := range labels {
			if l == c {
				return a.targets[int(node.edges)+k]
			}
			if l > c {
				break
			}
		}
		if st == 0 {
			return 0
		}
		st = node.fail
	}
}
