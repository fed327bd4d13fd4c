package report_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/zopa-go/zopa/internal/brute"
	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test ./solver/report -update after checking the change):\n%s",
			name, lineDiff(string(want), string(got)))
	}
}

// lineDiff shows the first lines where want and got differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 10; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want: %s\n  got:  %s\n", i+1, wl, gl)
			shown++
		}
	}
	return b.String()
}

// The spaces of the golden tests.
var (
	genFeasible = scenarios.GenOptions{Issues: 6, Parties: 3, RedLinesPerParty: 2, PreconditionsPerParty: 1,
		Rules: 1, PreferencesPerParty: 3, Proposals: 3, Reservations: true, Feasible: true, Seed: 7}
	genInfeasible = scenarios.GenOptions{Issues: 5, Parties: 3, RedLinesPerParty: 1, PreconditionsPerParty: 1,
		Rules: 1, PreferencesPerParty: 2, Proposals: 2, Seed: 11}
)

func ukraine(t testing.TB) (*model.Space, *report.Report) {
	t.Helper()
	s, err := scenarios.Load("ukraine2025")
	if err != nil {
		t.Fatal(err)
	}
	return s, analyze(t, s)
}

func analyze(t testing.TB, s *model.Space) *report.Report {
	t.Helper()
	r, err := report.Analyze(context.Background(), s, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// packages enumerates every complete package of s.
func packages(s *model.Space) []model.Package {
	return brute.Packages(s)
}

// fillByBruteForce fills r.Pareto and r.Best of a small feasible space by
// judging every package with the model's evaluator, as the contract defines
// them, so that the pictures can be tested on real data before Analyze
// computes them.
func fillByBruteForce(t testing.TB, s *model.Space, r *report.Report) {
	t.Helper()
	type cand struct {
		p model.Package
		u map[string]float64
	}
	var ok []cand
	for _, p := range packages(s) {
		v, err := s.Judge(p)
		if err != nil {
			t.Fatal(err)
		}
		if v.Agreeable {
			ok = append(ok, cand{p, v.Utilities})
		}
	}
	if len(ok) == 0 {
		t.Fatal("fillByBruteForce: no agreeable package")
	}
	const eps = 1e-12
	dominates := func(a, b map[string]float64) bool {
		strict := false
		for _, p := range s.Parties {
			if a[p.ID] < b[p.ID]-eps {
				return false
			}
			if a[p.ID] > b[p.ID]+eps {
				strict = true
			}
		}
		return strict
	}
	same := func(a, b map[string]float64) bool {
		for _, p := range s.Parties {
			if math.Abs(a[p.ID]-b[p.ID]) > eps {
				return false
			}
		}
		return true
	}
	r.Pareto = report.Pareto{Complete: true, Points: []report.ParetoPoint{}}
	for _, c := range ok {
		if slices.ContainsFunc(ok, func(d cand) bool { return dominates(d.u, c.u) }) ||
			slices.ContainsFunc(r.Pareto.Points, func(pt report.ParetoPoint) bool { return same(pt.Utilities, c.u) }) {
			continue
		}
		r.Pareto.Points = append(r.Pareto.Points, report.ParetoPoint{Utilities: c.u, Package: c.p})
	}
	slices.SortStableFunc(r.Pareto.Points, func(a, b report.ParetoPoint) int {
		for _, p := range s.Parties {
			if c := cmp.Compare(b.Utilities[p.ID], a.Utilities[p.ID]); c != 0 {
				return c
			}
		}
		return 0
	})
	res := func(p *model.Party) float64 {
		if p.Reservation != nil {
			return *p.Reservation
		}
		return 0
	}
	ideal := map[string]float64{}
	for _, c := range ok {
		for _, p := range s.Parties {
			ideal[p.ID] = max(ideal[p.ID], c.u[p.ID])
		}
	}
	scores := map[string]func(u map[string]float64) float64{
		"utilitarian": func(u map[string]float64) float64 {
			x := 0.0
			for _, p := range s.Parties {
				x += u[p.ID]
			}
			return x
		},
		"egalitarian": func(u map[string]float64) float64 {
			x := math.Inf(1)
			for _, p := range s.Parties {
				x = min(x, u[p.ID])
			}
			return x
		},
		"nash": func(u map[string]float64) float64 {
			x := 1.0
			for i := range s.Parties {
				x *= u[s.Parties[i].ID] - res(&s.Parties[i])
			}
			return x
		},
		"kalai_smorodinsky": func(u map[string]float64) float64 {
			x := math.Inf(1)
			for i := range s.Parties {
				p := &s.Parties[i]
				if d := ideal[p.ID] - res(p); d > eps {
					x = min(x, (u[p.ID]-res(p))/d)
				}
			}
			if math.IsInf(x, 1) {
				return 1
			}
			return x
		},
	}
	best := func(rule string) *report.Choice {
		f := scores[rule]
		var c *report.Choice
		for _, k := range ok {
			if x := f(k.u); c == nil || x > c.Score+eps {
				c = &report.Choice{Score: x, Utilities: k.u, Package: k.p}
			}
		}
		return c
	}
	r.Best = report.Best{Utilitarian: best("utilitarian"), Egalitarian: best("egalitarian"),
		Nash: best("nash"), KalaiSmorodinsky: best("kalai_smorodinsky")}
}

// node is an XML element, for looking into the HTML.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []node     `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n *node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// all returns the elements under n (n included) that match f, in document
// order.
func (n *node) all(f func(*node) bool) []*node {
	var out []*node
	var walk func(*node)
	walk = func(m *node) {
		if f(m) {
			out = append(out, m)
		}
		for i := range m.Nodes {
			walk(&m.Nodes[i])
		}
	}
	walk(n)
	return out
}

// text is all the character data under n.
func (n *node) text() string {
	var b strings.Builder
	var walk func(*node)
	walk = func(m *node) {
		b.WriteString(m.Text)
		for i := range m.Nodes {
			walk(&m.Nodes[i])
		}
	}
	walk(n)
	return b.String()
}

func is(tag string, attrs ...string) func(*node) bool {
	return func(n *node) bool {
		if n.XMLName.Local != tag {
			return false
		}
		for i := 0; i+1 < len(attrs); i += 2 {
			if n.attr(attrs[i]) != attrs[i+1] {
				return false
			}
		}
		return true
	}
}

func hasClass(n *node, class string) bool {
	return slices.Contains(strings.Fields(n.attr("class")), class)
}

// parseHTML checks that page is well-formed XML, token by token, and
// returns its tree.
func parseHTML(t *testing.T, page []byte) *node {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(page))
	d.Strict = true
	for {
		_, err := d.Token()
		if err != nil {
			if err == io.EOF {
				break
			}
			t.Fatalf("not well-formed XML: %v", err)
		}
	}
	var root node
	if err := xml.Unmarshal(page, &root); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	return &root
}
