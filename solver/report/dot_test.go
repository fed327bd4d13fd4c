package report_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/encoding"
	"gonum.org/v1/gonum/graph/encoding/dot"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver/report"
)

// decoded is a graph that gonum's DOT decoder fills: nodes keep their DOT
// ids and attributes, the graph its name and graph-wide attributes.
type decoded struct {
	*simple.UndirectedGraph
	name                 string
	graphA, nodeA, edgeA encoding.Attributes
}

type decodedNode struct {
	id    int64
	dotID string
	encoding.Attributes
}

func (n *decodedNode) ID() int64          { return n.id }
func (n *decodedNode) SetDOTID(id string) { n.dotID = id }
func (g *decoded) NewNode() graph.Node    { return &decodedNode{id: g.UndirectedGraph.NewNode().ID()} }
func (g *decoded) SetDOTID(id string)     { g.name = id }
func (g *decoded) DOTAttributeSetters() (a, b, c encoding.AttributeSetter) {
	return &g.graphA, &g.nodeA, &g.edgeA
}

// dotNode is a node as the test compares it.
type dotNode struct {
	ID, Label, Shape string
}

// expectedGraph is the conflict graph the report's data says: the parties,
// then the conflicts (or the hard conflict), each joined to its parties.
func expectedGraph(s *model.Space, r *report.Report) ([]dotNode, [][2]string) {
	var nodes []dotNode
	var edges [][2]string
	for _, p := range s.Parties {
		label := p.Name
		if label == "" {
			label = p.ID
		}
		nodes = append(nodes, dotNode{p.ID, label, "ellipse"})
	}
	add := func(id string, set []report.Member) {
		lines := []string{id}
		for _, m := range set {
			if m.Party == "" {
				lines = append(lines, "rule "+m.Constraint)
			} else {
				lines = append(lines, m.Party+"."+m.Constraint)
			}
		}
		nodes = append(nodes, dotNode{id, strings.Join(lines, "\n"), "box"})
		for _, p := range s.Parties {
			if slices.ContainsFunc(set, func(m report.Member) bool { return m.Party == p.ID }) {
				edges = append(edges, [2]string{p.ID, id})
			}
		}
	}
	for i, set := range r.Conflicts.Sets {
		add(fmt.Sprintf("conflict %d", i+1), set)
	}
	if r.HardConflict != nil {
		add("hard conflict", r.HardConflict)
	}
	return nodes, edges
}

// TestDOTRoundTrip decodes the DOT output with gonum's decoder and compares
// the graph with what the report's conflicts say.
func TestDOTRoundTrip(t *testing.T) {
	type space struct {
		name string
		s    *model.Space
	}
	uk, _ := scenarios.Load("ukraine2025")
	cases := []space{
		{"ukraine", uk},
		{"infeasible", scenarios.GenerateInfeasible(genInfeasible, 3)},
		{"feasible", scenarios.Generate(genFeasible)},
		{"hard", hardSpace(t)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := analyze(t, c.s)
			var b bytes.Buffer
			if err := r.WriteDOT(&b); err != nil {
				t.Fatal(err)
			}
			g := &decoded{UndirectedGraph: simple.NewUndirectedGraph()}
			if err := dot.Unmarshal(b.Bytes(), g); err != nil {
				t.Fatalf("decode: %v\n%s", err, b.String())
			}
			if g.name != c.s.Name {
				t.Errorf("graph name %q, want %q", g.name, c.s.Name)
			}
			if !slices.Contains(g.graphA, encoding.Attribute{Key: "label", Value: map[bool]string{true: "No conflicts in ", false: "Conflicts of "}[r.Feasible] + c.s.Name}) {
				t.Errorf("graph attributes %v", g.graphA)
			}
			// Nodes in id order, which is the order WriteDOT writes them.
			var nodes []dotNode
			byID := map[int64]string{}
			ns := graph.NodesOf(g.Nodes())
			slices.SortFunc(ns, func(a, b graph.Node) int { return int(a.ID() - b.ID()) })
			for _, n := range ns {
				dn := n.(*decodedNode)
				byID[dn.id] = dn.dotID
				got := dotNode{ID: dn.dotID}
				for _, a := range dn.Attributes {
					switch a.Key {
					case "label":
						got.Label = a.Value
					case "shape":
						got.Shape = a.Value
					default:
						t.Errorf("node %q: unexpected attribute %v", dn.dotID, a)
					}
				}
				nodes = append(nodes, got)
			}
			var edges [][2]string
			for _, e := range graph.EdgesOf(g.Edges()) {
				a, b := byID[e.From().ID()], byID[e.To().ID()]
				if c.s.Party(a) == nil {
					a, b = b, a
				}
				edges = append(edges, [2]string{a, b})
			}
			wantNodes, wantEdges := expectedGraph(c.s, r)
			if diff := cmp.Diff(wantNodes, nodes); diff != "" {
				t.Errorf("nodes (-want +got):\n%s", diff)
			}
			order := func(e [][2]string) [][2]string {
				slices.SortFunc(e, func(x, y [2]string) int { return strings.Compare(x[0]+"\x00"+x[1], y[0]+"\x00"+y[1]) })
				return e
			}
			if diff := cmp.Diff(order(wantEdges), order(edges)); diff != "" {
				t.Errorf("edges (-want +got):\n%s", diff)
			}
			if c.name == "ukraine" && (len(nodes) != 4+11 || len(edges) != 22) {
				t.Errorf("ukraine: %d nodes and %d edges, want 15 and 22", len(nodes), len(edges))
			}

			// Deterministic: a second rendering is the same bytes.
			var b2 bytes.Buffer
			analyzeAgain := analyze(t, c.s)
			if err := analyzeAgain.WriteDOT(&b2); err != nil {
				t.Fatal(err)
			}
			if b.String() != b2.String() {
				t.Error("WriteDOT is not deterministic")
			}
		})
	}
}

// TestDOTQuoting gives parties names and ids that need quoting in DOT.
func TestDOTQuoting(t *testing.T) {
	s := &model.Space{Name: "quotes", Issues: []model.Issue{{ID: "a", Kind: model.BoolKind}},
		Parties: []model.Party{
			{ID: "graph", Name: `The "graph" party`, RedLines: []model.Constraint{{ID: "r", Require: model.Var("a")}}},
			{ID: "node", Name: "Ünïcode\\back", RedLines: []model.Constraint{{ID: "r", Require: model.Not(model.Var("a"))}}},
		}}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	r := analyze(t, s)
	var b bytes.Buffer
	if err := r.WriteDOT(&b); err != nil {
		t.Fatal(err)
	}
	g := &decoded{UndirectedGraph: simple.NewUndirectedGraph()}
	if err := dot.Unmarshal(b.Bytes(), g); err != nil {
		t.Fatalf("decode: %v\n%s", err, b.String())
	}
	var labels []string
	for _, n := range graph.NodesOf(g.Nodes()) {
		for _, a := range n.(*decodedNode).Attributes {
			if a.Key == "label" {
				labels = append(labels, n.(*decodedNode).dotID+"="+a.Value)
			}
		}
	}
	slices.Sort(labels)
	want := []string{"conflict 1=conflict 1\ngraph.r\nnode.r", `graph=The "graph" party`, "node=Ünïcode\\back"}
	if diff := cmp.Diff(want, labels); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
}
