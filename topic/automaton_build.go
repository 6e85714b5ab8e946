package topic

// Dense-row policy: every state whose row fits the budget is dense, so
// ordinary configs get a pure DFA; beyond it, only the shallow and the busy
// states do.
const (
	denseBudgetEntries = 4 << 20 // 16 MB of rows
	denseMaxDepth      = 2
	denseMinEdges      = 8
)

// acBuilder is the trie under construction.
type acBuilder struct {
	// The dense-row policy (see the constants); tests lower it to exercise
	// sparse states. The root must stay dense: failure chains end there.
	denseBudget int
	denseDepth  int32
	children    [][]acEdge
	depth       []int32
	outs        [][]int32
	lengths     []int32
}

type acEdge struct {
	label byte
	to    int32
}

func newACBuilder() *acBuilder {
	b := &acBuilder{denseBudget: denseBudgetEntries, denseDepth: denseMaxDepth}
	b.newNode(0)
	return b
}

func (b *acBuilder) newNode(depth int32) int32 {
	b.children = append(b.children, nil)
	b.depth = append(b.depth, depth)
	b.outs = append(b.outs, nil)
	return int32(len(b.children) - 1)
}

func (b *acBuilder) child(n int32, c byte) int32 {
	for _, e := range b.children[n] {
		if e.label == c {
			return e.to
		}
	}
	return -1
}

// add inserts a pattern and returns its id. Patterns must be non-empty.
func (b *acBuilder) add(p string) int32 {
	n := int32(0)
	for i := 0; i < len(p); i++ {
		next := b.child(n, p[i])
		if next < 0 {
			next = b.newNode(b.depth[n] + 1)
			b.children[n] = append(b.children[n], acEdge{p[i], next})
		}
		n = next
	}
	id := int32(len(b.lengths))
	b.lengths = append(b.lengths, int32(len(p)))
	b.outs[n] = append(b.outs[n], id)
	return id
}

// build computes failure links in breadth-first order and lays the automaton
// out flat.
func (b *acBuilder) build() *automaton {
	a := &automaton{nodes: make([]acNode, len(b.children)), lengths: b.lengths}
	a.numClasses = b.assignClasses(a)
	order := b.breadthFirst()
	fail := make([]int32, len(b.children))
	for _, n := range order {
		for _, e := range b.children[n] {
			if n != 0 {
				fail[e.to] = b.delta(fail, fail[n], e.label)
			}
		}
	}
	for _, n := range order {
		node := &a.nodes[n]
		node.fail = fail[n]
		node.outLo = int32(len(a.outs))
		a.outs = append(a.outs, b.outs[n]...)
		node.outHi = int32(len(a.outs))
		node.report, node.dict = -1, -1
		if len(b.outs[n]) > 0 {
			node.report = n
		}
		if n != 0 {
			if node.report < 0 {
				node.report = a.nodes[fail[n]].report
			} else {
				node.dict = a.nodes[fail[n]].report
			}
		}
	}
	a.allDense = len(b.children)*a.numClasses <= b.denseBudget
	if a.allDense {
		a.rows = make([]int32, len(b.children)*a.numClasses)
	}
	for _, n := range order {
		if a.allDense || b.depth[n] <= b.denseDepth || len(b.children[n]) >= denseMinEdges {
			b.layDense(a, n, fail)
		} else {
			b.laySparse(a, n)
		}
	}
	return a
}

// value is the transition value that leads to state n.
func (a *automaton) value(n int32) int32 {
	if a.nodes[n].report >= 0 {
		return n | outputFlag
	}
	return n
}

// assignClasses gives every byte that occurs in a pattern a class of its own.
func (b *acBuilder) assignClasses(a *automaton) int {
	var used [256]bool
	for _, edges := range b.children {
		for _, e := range edges {
			used[e.label] = true
		}
	}
	numClasses := 1
	for c, u := range used {
		if u {
			a.class[c] = uint8(numClasses)
			numClasses++
		}
	}
	return numClasses
}

func (b *acBuilder) breadthFirst() []int32 {
	order := make([]int32, 0, len(b.children))
	order = append(order, 0)
	for i := 0; i < len(order); i++ {
		for _, e := range b.children[order[i]] {
			order = append(order, e.to)
		}
	}
	return order
}

// delta is the DFA transition from state n on byte c, following failure
// links; fail must be known for n and every state on its chain.
func (b *acBuilder) delta(fail []int32, n int32, c byte) int32 {
	for {
		if next := b.child(n, c); next >= 0 {
			return next
		}
		if n == 0 {
			return 0
		}
		n = fail[n]
	}
}

func (b *acBuilder) layDense(a *automaton, n int32, fail []int32) {
	node := &a.nodes[n]
	node.nEdges = denseRow
	if a.allDense {
		node.edges = n * int32(a.numClasses)
	} else {
		node.edges = int32(len(a.rows))
		a.rows = append(a.rows, make([]int32, a.numClasses)...)
	}
	row := a.rows[node.edges : node.edges+int32(a.numClasses)] // class 0 leads to the root
	if f := &a.nodes[fail[n]]; n != 0 && f.nEdges == denseRow {
		// Breadth-first order laid the failure state out first: start
		// from its row and override the edges of n.
		copy(row, a.rows[f.edges:f.edges+int32(a.numClasses)])
		for _, e := range b.children[n] {
			row[a.class[e.label]] = a.value(e.to)
		}
		return
	}
	for c := range 256 {
		if k := a.class[c]; k != 0 {
			row[k] = a.value(b.delta(fail, n, byte(c)))
		}
	}
}

func (b *acBuilder) laySparse(a *automaton, n int32) {
	edges := b.children[n]
	sortEdges(edges)
	node := &a.nodes[n]
	node.edges, node.nEdges = int32(len(a.labels)), int32(len(edges))
	for _, e := range edges {
		a.labels = append(a.labels, e.label)
		a.targets = append(a.targets, a.value(e.to))
	}
}

func sortEdges(edges []acEdge) {
	for i := 1; i < len(edges); i++ {
		for j := i; j > 0 && edges[j].label < edges[j-1].label; j-- {
			edges[j], edges[j-1] = edges[j-1], edges[j]
		}
	}
}
