package report

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/encoding"
	"gonum.org/v1/gonum/graph/encoding/dot"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/zopa-go/zopa/model"
)

// WriteDOT writes the conflict graph in Graphviz DOT: an undirected graph
// named after the scenario with one node per party (DOT ID the party id,
// labelled with its name, shape ellipse) and one node per conflict (DOT ID
// "conflict N", N counting from 1 in the report's order, shape box),
// labelled "conflict N" followed by the ids (party.constraint) of its
// constraints one per line; each conflict is joined to the parties whose
// constraints it contains. When the hard constraints alone conflict, one
// node "hard conflict" stands for HardConflict (rules named "rule ID").
// Render it with, for example, dot -Tsvg.
// It returns ErrNoSpace for a report that Analyze did not make.
func (r *Report) WriteDOT(w io.Writer) error {
	if r.space == nil {
		return ErrNoSpace
	}
	g := r.conflictGraph(r.space)
	b, err := dot.Marshal(g, "", "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}

// cgNode is a node of the conflict graph.
type cgNode struct {
	id    int64
	dotID string
	party string   // the party id, "" for a conflict
	set   []Member // the conflict's members, nil for a party
	label string
	shape string
}

func (n *cgNode) ID() int64       { return n.id }
func (n *cgNode) DOTID() string   { return n.dotID }
func (n *cgNode) lines() []string { return strings.Split(n.label, "\n") }

// Attributes implements encoding.Attributer for DOT.
func (n *cgNode) Attributes() []encoding.Attribute {
	return []encoding.Attribute{{Key: "label", Value: n.label}, {Key: "shape", Value: n.shape}}
}

// cgGraph is the conflict graph: parties and conflicts, a conflict joined to
// the parties whose constraints it holds.
type cgGraph struct {
	*simple.UndirectedGraph
	name, title string
	parties     []*cgNode // in declaration order
	conflicts   []*cgNode // in the report's order, the hard conflict last
}

// DOTID names the DOT graph.
func (g *cgGraph) DOTID() string { return g.name }

// DOTAttributers gives the graph-wide DOT attributes.
func (g *cgGraph) DOTAttributers() (graphAttrs, nodeAttrs, edgeAttrs encoding.Attributer) {
	return attrs{{Key: "fontname", Value: "Helvetica"}, {Key: "label", Value: g.title}, {Key: "labelloc", Value: "t"}, {Key: "rankdir", Value: "LR"}},
		attrs{{Key: "fontname", Value: "Helvetica"}}, attrs{}
}

type attrs []encoding.Attribute

func (a attrs) Attributes() []encoding.Attribute { return a }

// conflictGraph builds the conflict graph of r. Node ids are deterministic:
// the parties in declaration order from 0, then the conflicts in order.
func (r *Report) conflictGraph(s *model.Space) *cgGraph {
	g := &cgGraph{UndirectedGraph: simple.NewUndirectedGraph(), name: s.Name}
	g.title = "Conflicts of " + s.Name
	if len(r.Conflicts.Sets) == 0 && r.HardConflict == nil {
		g.title = "No conflicts in " + s.Name
	}
	byParty := map[string]*cgNode{}
	for i, p := range s.Parties {
		n := &cgNode{id: int64(i), dotID: p.ID, party: p.ID, label: partyName(s, p.ID), shape: "ellipse"}
		g.AddNode(n)
		g.parties = append(g.parties, n)
		byParty[p.ID] = n
	}
	add := func(dotID string, set []Member) {
		lines := []string{dotID}
		for _, m := range set {
			lines = append(lines, memberRef(m))
		}
		n := &cgNode{id: int64(len(s.Parties) + len(g.conflicts)), dotID: dotID, set: set,
			label: strings.Join(lines, "\n"), shape: "box"}
		g.AddNode(n)
		g.conflicts = append(g.conflicts, n)
		for _, m := range set {
			if p := byParty[m.Party]; p != nil && !g.HasEdgeBetween(p.id, n.id) {
				g.SetEdge(simple.Edge{F: n, T: p})
			}
		}
	}
	for i, set := range r.Conflicts.Sets {
		add(fmt.Sprintf("conflict %d", i+1), set)
	}
	if r.HardConflict != nil {
		add("hard conflict", r.HardConflict)
	}
	return g
}

// neighbours returns the nodes joined to n, in node id order.
func (g *cgGraph) neighbours(n *cgNode) []*cgNode {
	var out []*cgNode
	for _, m := range graph.NodesOf(g.From(n.id)) {
		out = append(out, m.(*cgNode))
	}
	slices.SortFunc(out, func(a, b *cgNode) int { return cmp.Compare(a.id, b.id) })
	return out
}
