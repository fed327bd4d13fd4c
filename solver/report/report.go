package report

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"reflect"
	"slices"
	"sync"
	"unsafe"

	"github.com/zopa-go/zopa/internal/decimal"
	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/solver"
)

// ErrNoSpace is returned by the renderers for a Report that Analyze did not
// make (a zero Report, or one decoded from JSON): they need the space the
// report was made from, which Analyze records in the report.
var ErrNoSpace = errors.New("report: the report holds no space (make it with Analyze)")

// Format is the value of the report's "format" field.
const Format = "zopa-report/v1"

// Options configure Analyze. The zero value and nil mean the defaults.
type Options struct {
	// Scope says which negotiable constraints are on the table.
	Scope solver.Scope
	// Limit bounds the number of conflicts, concession sets and Pareto
	// points listed; 0 means 1,000.
	Limit int
	// CountLimit bounds the agreeable count; 0 means 1,000,000.
	CountLimit int64
	// Lean skips what only the text and HTML renderings show (the hard
	// constraints each conflict collides with, Report.Against, and what
	// would open the space, Report.Opening), for callers that want the
	// JSON contract only.
	Lean bool
	// SkipCertification switches off the independent re-check of every
	// claim that no package exists (see solver.Settings); the report then
	// says "certified": false.
	SkipCertification bool
	// MaxSize is the size budget of the compiled space (see
	// solver.Settings.MaxSize): 0 means solver.DefaultMaxSize, a negative
	// value no limit. A space over it makes Analyze return a
	// *solver.SizeError naming the part that exceeds it.
	MaxSize int64
	// Progress, when not nil, is called as the analysis moves through its
	// stages ("count", "audit", "explain", "pareto", …) with the number of
	// items found so far in that stage; Analyze calls it from its own
	// goroutine.
	Progress func(stage string, done int)
	// Picks configures the Monte Carlo study of the rules' choices under
	// the weights' judgment ranges; nil means the contract's defaults
	// (1,000 draws, seed 1, no perturbation).
	Picks *solver.PickOptions
}

// Report is the analysis report of the format contract. Its JSON encoding is
// exactly the contract's.
type Report struct {
	Format     string `json:"format"`
	Scenario   string `json:"scenario"`
	Negotiable string `json:"negotiable"`
	// Warnings are signs of modelling slips in the scenario (see
	// model.Space.Warnings), one line each, in document order; never nil,
	// and they never change the analysis.
	Warnings     []string              `json:"warnings"`
	Feasible     bool                  `json:"feasible"`
	Agreeable    Count                 `json:"agreeable"`
	Proposals    []ProposalAudit       `json:"proposals"`
	Conflicts    Conflicts             `json:"conflicts"`
	Concessions  Concessions           `json:"concessions"`
	HardConflict []Member              `json:"hard_conflict"`
	Pareto       Pareto                `json:"pareto"`
	Best         Best                  `json:"best"`
	ZOPA         map[string]IssueRange `json:"zopa"`
	Robustness   Robustness            `json:"robustness"`
	// Certified is true when every claim that the space, a set or a bound
	// admits no package was proven again on an encoding independent of the
	// compiled SAT model (and every package was re-evaluated by the model's
	// evaluator); false only when Options.SkipCertification is set.
	Certified bool `json:"certified"`
	// TimedOut is true when the analysis was cut short by its context
	// (-timeout) after feasibility was decided: the report holds what was
	// found so far, every list cut short marked incomplete. Absent from
	// the JSON otherwise.
	TimedOut bool `json:"timed_out,omitempty"`

	// space is the space the report was made from, for the renderers
	// (WriteText, WriteHTML, WriteDOT): they read only the report.
	space *model.Space

	// Witness is one agreeable package (nil when infeasible); not part of
	// the JSON contract.
	Witness model.Package `json:"-"`
	// Stats are the solver's statistics after the analysis.
	Stats solver.Stats `json:"-"`
	// Against holds, for each listed conflict (same order as
	// Conflicts.Sets), the hard constraints it collides with: a minimal set
	// of rules and off-the-table constraints that, with the conflict,
	// admits no package (empty when the conflict needs none). Not part of
	// the JSON contract; nil with Options.Lean.
	Against [][]Member `json:"-"`
	// Opening says what would open an infeasible space (nil for a feasible
	// one, and with Options.Lean). Not part of the JSON contract.
	Opening *Opening `json:"-"`
	// Precision says whether utilities were compared exactly (see
	// solver.Precision); set for feasible spaces and for spaces with a
	// reservation (zero otherwise).
	Precision solver.Precision `json:"-"`
}

// Count is the number of agreeable packages.
type Count struct {
	Count int64 `json:"count"`
	Exact bool  `json:"exact"`
}

// Member names one constraint in a report: a model.Ref, written in JSON
// as {"party", "constraint", "kind"} with the kind's contract name
// ("rule", "red_line", "precondition", "reservation"). Types that embed a
// Member (CostRange) get the three fields beside their own.
type Member struct{ model.Ref }

// ProposalAudit is one proposal's audit.
type ProposalAudit struct {
	ID         string             `json:"id"`
	Agreeable  bool               `json:"agreeable"`
	Violations []Member           `json:"violations"`
	Utilities  map[string]float64 `json:"utilities,omitempty"`
}

// Conflicts lists minimal unsatisfiable sets of on-the-table constraints.
type Conflicts struct {
	Complete bool       `json:"complete"`
	Sets     [][]Member `json:"sets"`
}

// Concessions lists minimal correction sets.
type Concessions struct {
	Complete bool         `json:"complete"`
	Sets     []Concession `json:"sets"`
	// Factors holds one list per independent part of the space that has
	// concession sets: every one of that part's sets, cheapest first
	// (-limit cuts Sets, never a factor), parts in the order of their
	// cheapest set's cost, then members. Every concession set is one set
	// of each factor together.
	Factors [][]Concession `json:"factors"`
	// Count is the exact number of concession sets (the product of the
	// factors' lengths) as a decimal string.
	Count *string `json:"count"`
}

// Concession is one concession set and its cost.
type Concession struct {
	// Cost is the exact sum of the members' costs rounded to a float64;
	// JSON and the text and HTML reports write the exact sum itself (so
	// two costs of 1e308 make 2e+308, not +Inf).
	Cost        float64     `json:"cost"`
	Constraints []Member    `json:"constraints"`
	exact       *big.Rat    // the exact cost, when known
	costs       *exactCosts // else the members' exact costs, summed when written
}

// exactCosts are the exact concession costs of a space's constraints,
// read once each (a report can list a million concession sets).
type exactCosts struct {
	s  *model.Space
	mu sync.Mutex
	of map[model.Ref]*big.Rat
}

// sum returns the exact sum of the costs of ms.
func (e *exactCosts) sum(ms []Member) *big.Rat {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.of == nil {
		e.of = map[model.Ref]*big.Rat{}
	}
	out := new(big.Rat)
	for _, m := range ms {
		c, ok := e.of[m.Ref]
		if !ok {
			c = solver.ExactCost(e.s, []model.Ref{m.Ref})
			e.of[m.Ref] = c
		}
		out.Add(out, c)
	}
	return out
}

// MarshalJSON writes the cost as the exact decimal sum of the members'
// costs.
func (c Concession) MarshalJSON() ([]byte, error) {
	type plain Concession // the same fields without this method
	return json.Marshal(struct {
		Cost json.Number `json:"cost"`
		plain
	}{json.Number(c.costText()), plain(c)})
}

// costText returns the cost as a JSON number: the exact sum when known.
func (c Concession) costText() string {
	if c.exact != nil {
		return decimal.String(c.exact)
	}
	if c.costs != nil {
		return decimal.String(c.costs.sum(c.Constraints))
	}
	return decimal.Float(c.Cost)
}

// Pareto lists the Pareto frontier.
type Pareto struct {
	Complete bool          `json:"complete"`
	Points   []ParetoPoint `json:"points"`
}

// ParetoPoint is one non-dominated utility vector and a package reaching it.
type ParetoPoint struct {
	Utilities map[string]float64 `json:"utilities"`
	Package   model.Package      `json:"package"`
}

// Best holds the best package under each bargaining rule (nil when none).
type Best struct {
	Utilitarian      *Choice `json:"utilitarian"`
	Egalitarian      *Choice `json:"egalitarian"`
	Nash             *Choice `json:"nash"`
	KalaiSmorodinsky *Choice `json:"kalai_smorodinsky"`
}

// Choice is a rule's best package.
type Choice struct {
	Score     float64            `json:"score"`
	Utilities map[string]float64 `json:"utilities"`
	Package   model.Package      `json:"package"`
}

// IssueRange is one issue's entry in the ZOPA: Min/Max for int issues,
// Options for choice issues, Values for bool issues, and for step issues
// Phases (the phases that occur, ascending) and Never (whether never
// occurs), written as {"phases": [...], "never": bool}.
type IssueRange struct {
	Min     *int64   `json:"min,omitempty"`
	Max     *int64   `json:"max,omitempty"`
	Options []string `json:"options,omitempty"`
	Values  []bool   `json:"values,omitempty"`
	Phases  []int    `json:"phases,omitempty"`
	Never   *bool    `json:"never,omitempty"`
}

// MarshalJSON writes the contract's shape; a step issue's entry always has
// both "phases" (possibly empty) and "never".
func (r IssueRange) MarshalJSON() ([]byte, error) {
	if r.Never != nil {
		phases := r.Phases
		if phases == nil {
			phases = []int{}
		}
		return json.Marshal(struct {
			Phases []int `json:"phases"`
			Never  bool  `json:"never"`
		}{phases, *r.Never})
	}
	type plain IssueRange // the same fields without this method
	return json.Marshal(plain(r))
}

func concessions(costs *exactCosts, cs []solver.Concession) []Concession {
	out := make([]Concession, 0, len(cs))
	for _, c := range cs {
		out = append(out, Concession{Cost: c.Cost, Constraints: asMembers(c.Constraints), costs: costs})
	}
	return out
}

// asMembers returns refs as members without copying them: a Member is a
// struct of one model.Ref, laid out as the Ref itself, and a list of a
// million concession sets would otherwise take its memory twice. The
// solver never modifies a concession set it has returned.
func asMembers(refs []model.Ref) []Member {
	if len(refs) == 0 {
		return []Member{}
	}
	return unsafe.Slice((*Member)(unsafe.Pointer(unsafe.SliceData(refs))), len(refs))
}
func member(r model.Ref) Member {
	return Member{r}
}

func members(rs []model.Ref) []Member {
	out := make([]Member, 0, len(rs))
	for _, r := range rs {
		out = append(out, member(r))
	}
	return out
}

// Analyze compiles s and runs the analysis the report contract describes.
//
// When ctx is cancelled or expires after feasibility was decided, Analyze
// returns the report so far together with an error wrapping ctx.Err(): its
// TimedOut is set, every list that was cut short has Complete false (an
// agreeable count cut short is the count so far, not exact), and what was
// not reached is left empty (best choices nil). Before that it returns nil
// and the error.
func Analyze(ctx context.Context, s *model.Space, o *Options) (*Report, error) {
	if o == nil {
		o = &Options{}
	}
	countLimit := o.CountLimit
	if countLimit <= 0 {
		countLimit = 1_000_000
	}
	limit := o.Limit
	if limit <= 0 {
		limit = 1000
	}
	progress := o.Progress
	if progress == nil {
		progress = func(string, int) {}
	}
	p, err := solver.Compile(ctx, s, &solver.Settings{SkipCertification: o.SkipCertification, MaxSize: o.MaxSize})
	if err != nil {
		return nil, err
	}
	progress("compile", 1)
	zero := "0"
	r := &Report{
		space:  s,
		Format: Format, Scenario: s.Name, Negotiable: o.Scope.String(), Certified: p.Certified(),
		Proposals:   []ProposalAudit{},
		Conflicts:   Conflicts{Sets: [][]Member{}},
		Concessions: Concessions{Sets: []Concession{}, Factors: [][]Concession{}, Count: &zero},
		Pareto:      Pareto{Points: []ParetoPoint{}},
		ZOPA:        map[string]IssueRange{},
		Robustness:  Robustness{Concessions: []ConcessionRobustness{}, CostRanges: []CostRange{}},
	}
	if slices.ContainsFunc(s.Parties, func(pt model.Party) bool { return pt.Reservation != nil }) {
		r.Precision = p.Precision() // the reservations compare utilities
	}
	r.Warnings = warnings(s)
	w, ok, err := p.Feasible(ctx)
	if err != nil {
		return nil, err
	}
	r.Feasible, r.Witness = ok, w
	// A feasible space has no conflicts or concession sets, an infeasible
	// one no Pareto points: those lists are complete even when the
	// analysis is cut short below.
	if ok {
		r.Conflicts.Complete, r.Concessions.Complete = true, true
	} else {
		r.Pareto.Complete = true
	}
	// From here on a cancelled or expired ctx leaves the report so far.
	cut := func(err error) (*Report, error) {
		if ctx.Err() == nil {
			return nil, err
		}
		r.TimedOut = true
		r.Stats = p.Stats()
		return r, fmt.Errorf("report: analysis cut short after feasibility was decided: %w", ctx.Err())
	}
	progress("count", 0)
	if r.Agreeable.Count, r.Agreeable.Exact, err = p.Count(ctx, countLimit); err != nil {
		r.Agreeable.Exact = false // the count so far
		return cut(err)
	}
	for i, pr := range s.Proposals {
		progress("audit", i)
		a, err := p.Audit(ctx, pr.Package)
		if err != nil {
			return cut(err)
		}
		r.Proposals = append(r.Proposals, ProposalAudit{ID: pr.ID, Agreeable: a.Agreeable,
			Violations: members(a.Violations), Utilities: a.Utilities})
	}
	if ok {
		z, err := p.ZOPA(ctx)
		if err != nil {
			return cut(err)
		}
		for id, rg := range z {
			r.ZOPA[id] = issueRange(s.Issue(id), rg)
		}
		if err := r.optimise(ctx, p, limit, progress); err != nil {
			return cut(err)
		}
		progress("picks", 0)
		if err := r.picks(ctx, p, o.Picks); err != nil {
			return cut(err)
		}
	} else {
		hc, err := p.HardConflict(ctx, o.Scope)
		if err != nil {
			return cut(err)
		}
		if hc != nil {
			r.HardConflict = members(hc)
			// With the hard part infeasible there are no conflicts or
			// concessions to report, and that is complete.
			r.Conflicts.Complete, r.Concessions.Complete = true, true
		} else {
			ex, err := p.Explain(ctx, o.Scope, &solver.ExplainOptions{Limit: limit,
				Progress: func(n int) { progress("explain", n) }})
			if err != nil && ex == nil {
				return cut(err)
			}
			r.Conflicts.Complete, r.Concessions.Complete = ex.ConflictsComplete, ex.ConcessionsComplete
			for _, c := range ex.Conflicts {
				r.Conflicts.Sets = append(r.Conflicts.Sets, members(c))
			}
			costs := &exactCosts{s: s}
			r.Concessions.Sets = concessions(costs, ex.Concessions)
			for _, f := range ex.Factors {
				r.Concessions.Factors = append(r.Concessions.Factors, concessions(costs, f))
			}
			r.Concessions.Count = nil // unknown when a part was cut short
			if ex.Count != nil {
				n := ex.Count.String()
				r.Concessions.Count = &n
			}
			if err != nil { // cut short: what was found, marked incomplete
				return cut(err)
			}
			progress("robustness", 0)
			if err := r.concessionRobustness(ctx, p, o.Scope, ex.Concessions); err != nil {
				return cut(err)
			}
		}
		if !o.Lean {
			if err := r.against(ctx, p, o.Scope); err != nil {
				return cut(err)
			}
			progress("opening", 1)
			if err := r.open(ctx, p, o.Scope, o); err != nil {
				return cut(err)
			}
		}
	}
	r.Stats = p.Stats()
	if err := finite(reflect.ValueOf(r).Elem(), "report"); err != nil {
		return nil, err
	}
	return r, nil
}

// warnings returns the space's warnings as one-line strings (never nil).
func warnings(s *model.Space) []string {
	out := []string{}
	for _, w := range s.Warnings() {
		out = append(out, w.String())
	}
	return out
}

// finite checks that no number in v (a report, walked field by field) is
// NaN or infinite, so that no report ever prints one: a non-finite number
// would be a bug, reported as an internal error naming the field. A
// concession's Cost is exempt when its exact sum is known (it is written
// from that sum).
func finite(v reflect.Value, path string) error {
	if at, f, bad := nonFinite(v); bad {
		return &solver.InternalError{Msg: fmt.Sprintf("%s%s is %v", path, at, f)}
	}
	return nil
}

// nonFinite finds a NaN or infinite number in v: its path below v and its
// value. Values whose type holds no float are skipped whole, and a path is
// built only for the number found (a report can list millions of members).
func nonFinite(v reflect.Value) (at string, f float64, bad bool) {
	if !mayHoldFloat(v.Type()) {
		return "", 0, false
	}
	switch v.Kind() {
	case reflect.Float64, reflect.Float32:
		if f := v.Float(); math.IsNaN(f) || math.IsInf(f, 0) {
			return "", f, true
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return nonFinite(v.Elem())
		}
	case reflect.Struct:
		if c, ok := v.Interface().(Concession); ok && (c.exact != nil || c.costs != nil) {
			return "", 0, false // written from the exact sum; the members hold no number
		}
		for i := range v.NumField() {
			if fd := v.Type().Field(i); fd.IsExported() && fd.Name != "Stats" {
				if at, f, bad := nonFinite(v.Field(i)); bad {
					return "." + fd.Name + at, f, true
				}
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if at, f, bad := nonFinite(v.Index(i)); bad {
				return fmt.Sprintf("[%d]%s", i, at), f, true
			}
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			if at, f, bad := nonFinite(iter.Value()); bad {
				return fmt.Sprintf("[%v]%s", iter.Key(), at), f, true
			}
		}
	}
	return "", 0, false
}

// floatTypes caches mayHoldFloat.
var floatTypes sync.Map // reflect.Type -> bool

// mayHoldFloat reports whether a value of type t can hold a float in an
// exported field, element or map value (an interface always can).
func mayHoldFloat(t reflect.Type) bool {
	if b, ok := floatTypes.Load(t); ok {
		return b.(bool)
	}
	floatTypes.Store(t, true) // while t's own fields are looked at (recursive types)
	b := false
	switch t.Kind() {
	case reflect.Float64, reflect.Float32, reflect.Interface:
		b = true
	case reflect.Pointer, reflect.Slice, reflect.Array:
		b = mayHoldFloat(t.Elem())
	case reflect.Map:
		b = mayHoldFloat(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if fd := t.Field(i); fd.IsExported() && fd.Name != "Stats" && mayHoldFloat(fd.Type) {
				b = true
				break
			}
		}
	}
	floatTypes.Store(t, b)
	return b
}

// optimise fills the Pareto frontier (up to limit points listed) and the
// best package under each rule. The utilitarian and egalitarian choices
// come from exact optimisation; the Nash and Kalai–Smorodinsky choices
// from the whole frontier, on which they always lie, so all four are exact
// whatever the limit.
func (r *Report) optimise(ctx context.Context, p *solver.Problem, limit int, progress func(string, int)) error {
	s := p.Space()
	// The whole frontier is enumerated, not only the points listed: the
	// Nash and Kalai–Smorodinsky choices are defined over every agreeable
	// package and always lie on the frontier, so they are exact only over
	// all of it. -limit caps the points listed, nothing else.
	f := p.Frontier(ctx)
	var points []solver.FrontierPoint
	for pt := range f.Points() {
		points = append(points, pt)
		progress("pareto", len(points))
	}
	r.Pareto.Complete = f.Err() == nil && f.Complete() && len(points) <= limit
	// Best points first: by each party's utility in space order.
	sorted := slices.Clone(points)
	slices.SortStableFunc(sorted, func(a, b solver.FrontierPoint) int {
		for _, party := range s.Parties {
			if c := cmp.Compare(b.Utilities[party.ID], a.Utilities[party.ID]); c != 0 {
				return c
			}
		}
		return 0
	})
	for _, pt := range sorted[:min(limit, len(sorted))] {
		r.Pareto.Points = append(r.Pareto.Points, ParetoPoint{Utilities: pt.Utilities, Package: pt.Package})
	}
	if f.Err() != nil { // the points proven so far are listed, incomplete
		return f.Err()
	}
	r.Precision = p.Precision()
	progress("best", 1)
	choose := func(c *solver.Choice) *Choice {
		if c == nil {
			return nil
		}
		return &Choice{Score: c.Score, Utilities: c.Utilities, Package: c.Package}
	}
	u, err := p.Utilitarian(ctx)
	if err != nil {
		return err
	}
	e, err := p.Egalitarian(ctx)
	if err != nil {
		return err
	}
	// The Nash and Kalai–Smorodinsky choices lie on the frontier; ties go
	// by the contract's tie-break, then to the point listed first.
	n, err := p.Choose(ctx, sorted, solver.Nash)
	if err != nil {
		return err
	}
	ks, err := p.Choose(ctx, sorted, solver.KalaiSmorodinsky)
	if err != nil {
		return err
	}
	r.Best = Best{Utilitarian: choose(u), Egalitarian: choose(e), Nash: choose(n), KalaiSmorodinsky: choose(ks)}
	return nil
}

func issueRange(is *model.Issue, rg solver.Range) IssueRange {
	var out IssueRange
	switch is.Kind {
	case model.IntKind:
		lo, hi := rg.Min, rg.Max
		out.Min, out.Max = &lo, &hi
	case model.ChoiceKind:
		out.Options = make([]string, 0, len(rg.Values)) // up to 100,000
		for _, v := range rg.Values {
			out.Options = append(out.Options, v.Option())
		}
	case model.BoolKind:
		out.Values = []bool{}
		for _, v := range rg.Values {
			out.Values = append(out.Values, v.Bool())
		}
	case model.StepKind:
		out.Phases = []int{}
		never := false
		for _, v := range rg.Values {
			if v.Taken() {
				out.Phases = append(out.Phases, v.Phase())
			} else {
				never = true
			}
		}
		out.Never = &never
	}
	return out
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
