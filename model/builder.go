package model

import "fmt"

// Builder builds a Space in Go code in the shape of a scenario file. Methods
// chain; problems accumulate and Build returns them all, located by the
// JSON path the element would have in a file.
type Builder struct {
	s     *Space
	errs  ErrorList
	party *Party
	last  *Constraint
}

// NewBuilder starts a space with the given name.
func NewBuilder(name string) *Builder {
	return &Builder{s: &Space{Name: name, exprPos: map[Expr]positions{}}}
}

func (b *Builder) parse(path, src string) Expr {
	e, pos, err := parseExpr(src)
	if err != nil {
		ee := err.(*ExprError)
		b.errs = append(b.errs, &Error{Path: path, Col: ee.Col, Msg: ee.Msg})
		return True()
	}
	b.s.exprPos[e] = pos
	return e
}

// Source declares a source.
func (b *Builder) Source(id, title string) *Builder {
	b.s.Sources = append(b.s.Sources, Source{ID: id, Title: title})
	return b
}

// Bool adds a bool issue.
func (b *Builder) Bool(id, label string) *Builder {
	b.s.Issues = append(b.s.Issues, Issue{ID: id, Label: label, Kind: BoolKind})
	return b
}

// Choice adds a choice issue with the given options.
func (b *Builder) Choice(id string, options ...string) *Builder {
	b.s.Issues = append(b.s.Issues, Issue{ID: id, Kind: ChoiceKind, Options: options})
	return b
}

// IntValues adds an int issue with explicit values.
func (b *Builder) IntValues(id string, values ...int64) *Builder {
	b.s.Issues = append(b.s.Issues, Issue{ID: id, Kind: IntKind, Values: append([]int64{}, values...)})
	return b
}

// IntRange adds an int issue with levels min, min+step, … up to max.
func (b *Builder) IntRange(id string, min, max, step int64) *Builder {
	b.s.Issues = append(b.s.Issues, Issue{ID: id, Kind: IntKind, Min: min, Max: max, Step: step})
	return b
}

// Step adds a step issue: an action taken in one of the phases, or never.
func (b *Builder) Step(id, label string) *Builder {
	b.s.Issues = append(b.s.Issues, Issue{ID: id, Label: label, Kind: StepKind})
	return b
}

// Phases sets the number of phases K (1 to MaxPhases). Without it, K is
// the number of step issues.
func (b *Builder) Phases(k int) *Builder {
	b.s.Phases = k
	if k == 0 {
		b.errs.Add("phases", 0, "phases must be an integer from 1 to %d, got 0", MaxPhases)
	}
	return b
}

// Rule adds a hard rule.
func (b *Builder) Rule(id, require string) *Builder {
	path := fmt.Sprintf("rules[%d].require", len(b.s.Rules))
	b.s.Rules = append(b.s.Rules, Constraint{ID: id, Require: b.parse(path, require)})
	b.last = &b.s.Rules[len(b.s.Rules)-1]
	return b
}

// Party adds a party; the constraints and preferences that follow are its.
func (b *Builder) Party(id string) *Builder {
	b.s.Parties = append(b.s.Parties, Party{ID: id})
	b.party = &b.s.Parties[len(b.s.Parties)-1]
	b.last = nil
	return b
}

func (b *Builder) partyPath() (string, bool) {
	if b.party == nil {
		b.errs.Add("", 0, "a red line, precondition, preference or reservation needs a Party first")
		return "", false
	}
	return fmt.Sprintf("parties[%d]", len(b.s.Parties)-1), true
}

// RedLine adds a red line to the current party.
func (b *Builder) RedLine(id, require string) *Builder {
	p, ok := b.partyPath()
	if !ok {
		return b
	}
	path := fmt.Sprintf("%s.red_lines[%d].require", p, len(b.party.RedLines))
	b.party.RedLines = append(b.party.RedLines, Constraint{ID: id, Require: b.parse(path, require)})
	b.last = &b.party.RedLines[len(b.party.RedLines)-1]
	return b
}

// Precondition adds "if cond then then" to the current party.
func (b *Builder) Precondition(id, cond, then string) *Builder {
	p, ok := b.partyPath()
	if !ok {
		return b
	}
	path := fmt.Sprintf("%s.preconditions[%d]", p, len(b.party.Preconditions))
	b.party.Preconditions = append(b.party.Preconditions, Constraint{ID: id,
		If: b.parse(path+".if", cond), Then: b.parse(path+".then", then)})
	b.last = &b.party.Preconditions[len(b.party.Preconditions)-1]
	return b
}

// Cost sets the concession cost of the last red line or precondition.
func (b *Builder) Cost(c float64) *Builder {
	if b.last == nil {
		b.errs.Add("", 0, "Cost needs a red line or precondition first")
		return b
	}
	b.last.Cost = c
	return b
}

// CostRange sets the judgment range of the cost of the last red line or
// precondition (see Range); set its Cost first when it is not 1.
func (b *Builder) CostRange(lo, hi float64) *Builder {
	if b.last == nil {
		b.errs.Add("", 0, "CostRange needs a red line or precondition first")
		return b
	}
	b.last.CostRange = &Range{Lo: lo, Hi: hi}
	return b
}

// WeightRange sets the judgment range of the weight of the current party's
// last preference (see Range).
func (b *Builder) WeightRange(lo, hi float64) *Builder {
	if _, ok := b.partyPath(); !ok {
		return b
	}
	if len(b.party.Preferences) == 0 {
		b.errs.Add("", 0, "WeightRange needs a preference first")
		return b
	}
	b.party.Preferences[len(b.party.Preferences)-1].WeightRange = &Range{Lo: lo, Hi: hi}
	return b
}

// Note sets the note and source of the last rule, red line or precondition.
func (b *Builder) Note(note, source string) *Builder {
	if b.last == nil {
		b.errs.Add("", 0, "Note needs a rule, red line or precondition first")
		return b
	}
	b.last.Note, b.last.Source = note, source
	return b
}

// Prefer adds a preference for an expression to the current party.
func (b *Builder) Prefer(expr string, weight float64) *Builder {
	p, ok := b.partyPath()
	if ok {
		path := fmt.Sprintf("%s.preferences[%d].prefer", p, len(b.party.Preferences))
		b.party.Preferences = append(b.party.Preferences, Preference{Weight: weight, Prefer: b.parse(path, expr)})
	}
	return b
}

// Values adds a value-map preference over a choice or bool issue.
func (b *Builder) Values(issue string, weight float64, values map[string]float64) *Builder {
	if _, ok := b.partyPath(); ok {
		b.party.Preferences = append(b.party.Preferences, Preference{Weight: weight, Issue: issue, Values: values})
	}
	return b
}

// Points adds a piecewise linear preference over an int issue, or over the
// phases of a step issue (never counts as K + 1).
func (b *Builder) Points(issue string, weight float64, pts ...Point) *Builder {
	if _, ok := b.partyPath(); ok {
		b.party.Preferences = append(b.party.Preferences, Preference{Weight: weight, Issue: issue, Points: pts})
	}
	return b
}

// Reservation sets the current party's reservation utility.
func (b *Builder) Reservation(r float64) *Builder {
	if _, ok := b.partyPath(); ok {
		b.party.Reservation = &r
	}
	return b
}

// Proposal adds a proposal.
func (b *Builder) Proposal(id, by string, pkg Package) *Builder {
	b.s.Proposals = append(b.s.Proposals, Proposal{ID: id, By: by, Package: pkg})
	return b
}

// Build validates the space and returns it, or every problem found.
func (b *Builder) Build() (*Space, error) {
	// Validate even after builder errors: an expression that failed to
	// parse stands as true and a misplaced call added nothing, so every
	// further problem Validate finds is real.
	errs := append(ErrorList(nil), b.errs...)
	if err := b.s.Validate(); err != nil {
		errs = append(errs, err.(ErrorList)...)
	}
	if len(errs) > 0 {
		b.s.annotate(errs)
		return nil, errs
	}
	return b.s, nil
}
