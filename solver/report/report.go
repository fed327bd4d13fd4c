package report

import (
	"context"
	"encoding/json"
	"io"
	"slices"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/solver"
)

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
	// Progress, when not nil, is called as the analysis moves through its
	// stages ("count", "audit", "explain", "pareto", …) with the number of
	// items found so far in that stage; Analyze calls it from its own
	// goroutine.
	Progress func(stage string, done int)
}

// Report is the analysis report of the format contract. Its JSON encoding is
// exactly the contract's.
type Report struct {
	Format       string                `json:"format"`
	Scenario     string                `json:"scenario"`
	Negotiable   string                `json:"negotiable"`
	Feasible     bool                  `json:"feasible"`
	Agreeable    Count                 `json:"agreeable"`
	Proposals    []ProposalAudit       `json:"proposals"`
	Conflicts    Conflicts             `json:"conflicts"`
	Concessions  Concessions           `json:"concessions"`
	HardConflict []Member              `json:"hard_conflict"`
	Pareto       Pareto                `json:"pareto"`
	Best         Best                  `json:"best"`
	ZOPA         map[string]IssueRange `json:"zopa"`

	// Witness is one agreeable package (nil when infeasible); not part of
	// the JSON contract.
	Witness model.Package `json:"-"`
	// Stats are the solver's statistics after the analysis.
	Stats solver.Stats `json:"-"`
}

// Count is the number of agreeable packages.
type Count struct {
	Count int64 `json:"count"`
	Exact bool  `json:"exact"`
}

// Member names one constraint in a report.
type Member struct {
	Party      string `json:"party"`
	Constraint string `json:"constraint"`
	Kind       string `json:"kind"`
}

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
}

// Concession is one concession set and its cost.
type Concession struct {
	Cost        float64  `json:"cost"`
	Constraints []Member `json:"constraints"`
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
// Options for choice issues, Values for bool issues.
type IssueRange struct {
	Min     *int64   `json:"min,omitempty"`
	Max     *int64   `json:"max,omitempty"`
	Options []string `json:"options,omitempty"`
	Values  []bool   `json:"values,omitempty"`
}

func member(r model.Ref) Member {
	return Member{Party: r.Party, Constraint: r.Constraint, Kind: r.Kind.String()}
}

func members(rs []model.Ref) []Member {
	out := make([]Member, 0, len(rs))
	for _, r := range rs {
		out = append(out, member(r))
	}
	return out
}

// Analyze compiles s and runs the analysis the report contract describes.
// Parts that this version of zopa does not compute yet (the Pareto frontier
// and the bargaining rules) are reported empty, with complete set to false.
func Analyze(ctx context.Context, s *model.Space, o *Options) (*Report, error) {
	if o == nil {
		o = &Options{}
	}
	countLimit := o.CountLimit
	if countLimit <= 0 {
		countLimit = 1_000_000
	}
	progress := o.Progress
	if progress == nil {
		progress = func(string, int) {}
	}
	p, err := solver.Compile(s)
	if err != nil {
		return nil, err
	}
	progress("compile", 1)
	r := &Report{
		Format: Format, Scenario: s.Name, Negotiable: o.Scope.String(),
		Proposals:   []ProposalAudit{},
		Conflicts:   Conflicts{Sets: [][]Member{}},
		Concessions: Concessions{Sets: []Concession{}},
		Pareto:      Pareto{Points: []ParetoPoint{}},
		ZOPA:        map[string]IssueRange{},
	}
	w, ok, err := p.Feasible(ctx)
	if err != nil {
		return nil, err
	}
	r.Feasible, r.Witness = ok, w
	if r.Agreeable.Count, r.Agreeable.Exact, err = p.Count(ctx, countLimit); err != nil {
		return nil, err
	}
	for _, pr := range s.Proposals {
		a, err := p.Audit(ctx, pr.Package)
		if err != nil {
			return nil, err
		}
		r.Proposals = append(r.Proposals, ProposalAudit{ID: pr.ID, Agreeable: a.Agreeable,
			Violations: members(a.Violations), Utilities: a.Utilities})
	}
	if ok {
		// A feasible space has no conflicts or concession sets.
		r.Conflicts.Complete, r.Concessions.Complete = true, true
		z, err := p.ZOPA(ctx)
		if err != nil {
			return nil, err
		}
		for id, rg := range z {
			r.ZOPA[id] = issueRange(s.Issue(id), rg)
		}
	} else {
		r.Pareto.Complete = true
		hc, err := p.HardConflict(ctx, o.Scope)
		if err != nil {
			return nil, err
		}
		if hc != nil {
			r.HardConflict = members(hc)
			// With the hard part infeasible there are no conflicts or
			// concessions to report, and that is complete.
			r.Conflicts.Complete, r.Concessions.Complete = true, true
		} else {
			limit := o.Limit
			if limit <= 0 {
				limit = 1000
			}
			f := p.Findings(ctx, o.Scope)
			ex := &solver.Explanation{}
			for x := range f.All() {
				if x.Conflict != nil {
					ex.Conflicts = append(ex.Conflicts, x.Conflict)
				} else {
					ex.Concessions = append(ex.Concessions, *x.Concession)
				}
				progress("explain", len(ex.Conflicts)+len(ex.Concessions))
				if len(ex.Conflicts) >= limit && len(ex.Concessions) >= limit {
					break
				}
			}
			if f.Err() != nil {
				return nil, f.Err()
			}
			complete := f.Complete()
			if !complete {
				// The list is cut short: make sure it holds the cheapest
				// set, found by optimisation rather than by luck.
				best, err := p.CheapestConcession(ctx, o.Scope)
				if err != nil {
					return nil, err
				}
				if best != nil && !slices.ContainsFunc(ex.Concessions, func(c solver.Concession) bool {
					return slices.Equal(c.Constraints, best.Constraints)
				}) {
					ex.Concessions = append(ex.Concessions, best.Concession)
				}
			}
			solver.SortExplanation(ex)
			r.Conflicts.Complete, r.Concessions.Complete = complete, complete
			for i, c := range ex.Conflicts {
				if i < limit {
					r.Conflicts.Sets = append(r.Conflicts.Sets, members(c))
				}
			}
			for i, c := range ex.Concessions {
				if i < limit {
					r.Concessions.Sets = append(r.Concessions.Sets, Concession{Cost: c.Cost, Constraints: members(c.Constraints)})
				}
			}
			if len(ex.Conflicts) > limit || len(ex.Concessions) > limit {
				r.Conflicts.Complete, r.Concessions.Complete = false, false
			}
		}
	}
	r.Stats = p.Stats()
	return r, nil
}

func issueRange(is *model.Issue, rg solver.Range) IssueRange {
	var out IssueRange
	switch is.Kind {
	case model.IntKind:
		lo, hi := rg.Min, rg.Max
		out.Min, out.Max = &lo, &hi
	case model.ChoiceKind:
		out.Options = []string{}
		for _, v := range rg.Values {
			out.Options = append(out.Options, v.Option())
		}
	case model.BoolKind:
		out.Values = []bool{}
		for _, v := range rg.Values {
			out.Values = append(out.Values, v.Bool())
		}
	}
	return out
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
