package model

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
)

// Format is the value of a scenario document's "format" field.
const Format = "zopa/v1"

// MaxLevels is the largest number of values an int issue may have, and of
// options a choice issue may have (the contract's 100,000 levels or
// options per domain).
const MaxLevels = 100_000

// MaxPhases is the largest number of phases a document may declare with
// its top-level "phases" field.
const MaxPhases = 64

// Kind is the type of an issue.
type Kind uint8

// Issue kinds.
const (
	BoolKind Kind = iota + 1
	ChoiceKind
	IntKind
	// StepKind is an action taken in one of the agreement's phases 1..K,
	// or never; see Space.Phases.
	StepKind
)

// String returns the kind as written in scenario files.
func (k Kind) String() string {
	switch k {
	case BoolKind:
		return "bool"
	case ChoiceKind:
		return "choice"
	case IntKind:
		return "int"
	case StepKind:
		return "step"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Space is a negotiation space: one scenario document. Build it with a
// Builder, decode it with Decode or Load, or fill the fields directly and
// call Validate.
type Space struct {
	Name        string
	Title       string
	Description string
	// Phases is the number of phases K declared by the document's
	// "phases" field (1 to MaxPhases); 0 when the field is absent, and then
	// K is the number of step issues (see NumPhases).
	Phases    int
	Sources   []Source
	Issues    []Issue
	Rules     []Constraint
	Parties   []Party
	Proposals []Proposal

	// exprPos keeps the columns of parsed expressions for error messages.
	exprPos map[Expr]positions
	index   map[string]int
	// options maps each choice issue with many options (by position) to
	// its options' positions, so that membership is not a scan.
	options map[int]map[string]int
}

// Source is a document that constraints and proposals cite.
type Source struct {
	ID, Title, Date, URL string
}

// Issue is one question on the table.
type Issue struct {
	ID    string
	Label string
	Kind  Kind
	// Options are the values of a choice issue, in declared order.
	Options []string
	// Values are the explicit levels of an int issue, in declared order;
	// when nil, the levels are Min, Min+Step, … up to Max.
	Values         []int64
	Min, Max, Step int64
	// Phases is, for a step issue, the number of phases K of its space:
	// its values are the phases 1..K and never. Validate sets it from
	// Space.NumPhases; it is 0 for other kinds.
	Phases int
}

// NumPhases returns K, the number of phases of the space's step issues:
// Phases when the document declares it, otherwise the number of step
// issues.
func (s *Space) NumPhases() int {
	if s.Phases != 0 {
		return s.Phases
	}
	n := 0
	for i := range s.Issues {
		if s.Issues[i].Kind == StepKind {
			n++
		}
	}
	return n
}

// PhaseOf returns phase(v) for a value of a step issue with K phases:
// the phase, or K + 1 when the step is never taken.
func PhaseOf(v Value, k int) int64 {
	if v.i == 0 {
		return int64(k) + 1
	}
	return v.i
}

// Levels returns the values of an int issue in ascending order.
func (is *Issue) Levels() []int64 {
	if is.Kind != IntKind {
		return nil
	}
	if is.Values != nil {
		l := slices.Clone(is.Values)
		slices.Sort(l)
		return slices.Compact(l)
	}
	if is.Step <= 0 || is.Min > is.Max {
		return nil
	}
	n := rangeLen(is.Min, is.Max, is.Step)
	if n > MaxLevels {
		return nil
	}
	l := make([]int64, n)
	for i := range l {
		l[i] = stepLevel(is.Min, is.Step, i)
	}
	return l
}

// stepLevel returns min + i*step, a level of a validated range (so it fits
// in an int64 even when i*step alone does not: the arithmetic wraps and
// the result is exact).
func stepLevel(min, step int64, i int) int64 {
	return int64(uint64(min) + uint64(i)*uint64(step))
}

// rangeLen is the number of levels min, min+step, … <= max (min <= max,
// step > 0), capped just above MaxLevels. It is exact over the whole int64
// range: max-min is computed in uint64, where it always fits.
func rangeLen(min, max, step int64) int {
	q := (uint64(max) - uint64(min)) / uint64(step)
	if q >= MaxLevels {
		return MaxLevels + 1
	}
	return int(q) + 1
}

// Size is the number of values the issue can take.
func (is *Issue) Size() int {
	switch is.Kind {
	case BoolKind:
		return 2
	case ChoiceKind:
		return len(is.Options)
	case IntKind:
		if is.Values != nil {
			return len(is.Levels())
		}
		if is.Step <= 0 || is.Min > is.Max {
			return 0
		}
		if n := rangeLen(is.Min, is.Max, is.Step); n <= MaxLevels { // without building the levels
			return n
		}
		return 0
	case StepKind:
		return is.Phases + 1
	}
	return 0
}

// ValueAt returns the value with index j of Domain (0 <= j < Size())
// without building the domain of a min/max/step int issue.
func (is *Issue) ValueAt(j int) Value {
	switch is.Kind {
	case BoolKind:
		return BoolValue(j == 1)
	case ChoiceKind:
		return OptionValue(is.Options[j])
	case IntKind:
		if is.Values != nil {
			return IntValue(is.Levels()[j])
		}
		return IntValue(stepLevel(is.Min, is.Step, j))
	case StepKind:
		if j == is.Phases {
			return Never()
		}
		return StepValue(j + 1)
	}
	return Value{}
}

// Domain returns every value of the issue in canonical order (false before
// true, options in declared order, ints ascending, phases ascending then
// never).
func (is *Issue) Domain() []Value {
	switch is.Kind {
	case BoolKind:
		return []Value{BoolValue(false), BoolValue(true)}
	case ChoiceKind:
		out := make([]Value, len(is.Options))
		for i, o := range is.Options {
			out[i] = OptionValue(o)
		}
		return out
	case IntKind:
		l := is.Levels()
		out := make([]Value, len(l))
		for i, x := range l {
			out[i] = IntValue(x)
		}
		return out
	case StepKind:
		out := make([]Value, 0, is.Phases+1)
		for k := 1; k <= is.Phases; k++ {
			out = append(out, StepValue(k))
		}
		return append(out, Never())
	}
	return nil
}

// Has reports whether v is in the issue's domain.
func (is *Issue) Has(v Value) bool {
	if v.kind != is.Kind {
		return false
	}
	switch is.Kind {
	case BoolKind:
		return true
	case ChoiceKind:
		return slices.Contains(is.Options, v.s)
	case IntKind:
		if is.Values != nil {
			return slices.Contains(is.Values, v.i)
		}
		// The difference from Min in uint64, where it always fits.
		return is.Step > 0 && v.i >= is.Min && v.i <= is.Max && (uint64(v.i)-uint64(is.Min))%uint64(is.Step) == 0
	case StepKind:
		return v.i >= 0 && v.i <= int64(is.Phases)
	}
	return false
}

// ConstraintKind tells what a constraint is.
type ConstraintKind uint8

// Constraint kinds.
const (
	RuleKind ConstraintKind = iota + 1
	RedLineKind
	PreconditionKind
	ReservationKind
)

// String returns the kind as written in reports.
func (k ConstraintKind) String() string {
	switch k {
	case RuleKind:
		return "rule"
	case RedLineKind:
		return "red_line"
	case PreconditionKind:
		return "precondition"
	case ReservationKind:
		return "reservation"
	}
	return "ConstraintKind(" + strconv.Itoa(int(k)) + ")"
}

// MarshalText writes the kind's name in the scenario format ("rule",
// "red_line", "precondition", "reservation"); an unknown kind is an error.
func (k ConstraintKind) MarshalText() ([]byte, error) {
	if k < RuleKind || k > ReservationKind {
		return nil, fmt.Errorf("model: unknown constraint kind %d", uint8(k))
	}
	return []byte(k.String()), nil
}

// UnmarshalText reads a kind's name as MarshalText writes it.
func (k *ConstraintKind) UnmarshalText(b []byte) error {
	for c := RuleKind; c <= ReservationKind; c++ {
		if string(b) == c.String() {
			*k = c
			return nil
		}
	}
	return fmt.Errorf("model: unknown constraint kind %q", b)
}

// Constraint is a rule, a red line (Require) or a precondition (If, Then).
type Constraint struct {
	ID      string
	Require Expr
	If      Expr
	Then    Expr
	// Cost of conceding the constraint; 0 means the default, 1.
	Cost float64
	// CostRange, when not nil, is the range the cost could reasonably
	// take (a judgment range, see Range); nil means the cost alone.
	CostRange *Range
	Note      string
	Source    string
}

// Range is a judgment range: the least and the greatest value a cost or a
// weight could reasonably take, with 0 < Lo <= the stated value <= Hi.
// The analysis uses the stated values; the report's robustness section
// says which conclusions survive any values in the ranges.
type Range struct {
	Lo, Hi float64
}

// Cond returns the expression the constraint requires: Require, or
// implies(If, Then) for a precondition.
func (c *Constraint) Cond() Expr {
	if c.Require != nil {
		return c.Require
	}
	return &ImpliesExpr{If: c.If, Then: c.Then}
}

// ConcessionCost returns the cost of conceding c (1 when unset).
func (c *Constraint) ConcessionCost() float64 {
	if c.Cost == 0 {
		return 1
	}
	return c.Cost
}

// CostBounds returns the least and the greatest cost of conceding c: its
// CostRange, or its price alone.
func (c *Constraint) CostBounds() (lo, hi float64) {
	if c.CostRange != nil {
		return c.CostRange.Lo, c.CostRange.Hi
	}
	return c.ConcessionCost(), c.ConcessionCost()
}

// Party is one side of the negotiation.
type Party struct {
	ID            string
	Name          string
	RedLines      []Constraint
	Preconditions []Constraint
	Preferences   []Preference
	// Reservation is the least utility the party accepts; nil when unset.
	Reservation *float64
}

// Preference is one weighted term of a party's utility. Exactly one of
// Prefer, Points (with Issue) and Values (with Issue) is set.
type Preference struct {
	Weight float64
	// WeightRange, when not nil, is the range the weight could reasonably
	// take (a judgment range, see Range); nil means the weight alone.
	WeightRange *Range
	Prefer      Expr
	Issue       string
	Points      []Point
	Values      map[string]float64
}

// WeightBounds returns the least and the greatest weight of pr: its
// WeightRange, or its weight alone.
func (pr *Preference) WeightBounds() (lo, hi float64) {
	if pr.WeightRange != nil {
		return pr.WeightRange.Lo, pr.WeightRange.Hi
	}
	return pr.Weight, pr.Weight
}

// Point is one point of a piecewise linear value function.
type Point struct {
	X int64
	Y float64
}

// Proposal is a partial or complete package put forward by a party.
type Proposal struct {
	ID      string
	By      string
	Title   string
	Note    string
	Source  string
	Package Package
}

// Ref names a constraint: a party's red line, precondition or reservation,
// or a rule (Party empty).
type Ref struct {
	Party      string         `json:"party"`
	Constraint string         `json:"constraint"`
	Kind       ConstraintKind `json:"kind"`
}

// String returns "party.constraint" (or "rule.id").
func (r Ref) String() string {
	if r.Kind == RuleKind {
		return "rule." + r.Constraint
	}
	return r.Party + "." + r.Constraint
}

// CompareRefs orders refs by party, then constraint id, then kind.
func CompareRefs(a, b Ref) int {
	return cmp.Or(cmp.Compare(a.Party, b.Party), cmp.Compare(a.Constraint, b.Constraint), cmp.Compare(a.Kind, b.Kind))
}

// Negotiable returns every negotiable constraint in document order: for each
// party its red lines, preconditions and reservation.
func (s *Space) Negotiable() []Ref {
	var out []Ref
	for _, p := range s.Parties {
		for _, c := range p.RedLines {
			out = append(out, Ref{Party: p.ID, Constraint: c.ID, Kind: RedLineKind})
		}
		for _, c := range p.Preconditions {
			out = append(out, Ref{Party: p.ID, Constraint: c.ID, Kind: PreconditionKind})
		}
		if p.Reservation != nil {
			out = append(out, Ref{Party: p.ID, Constraint: "reservation", Kind: ReservationKind})
		}
	}
	return out
}

// Lookup returns the constraint r names; for a reservation it returns a
// Constraint with only ID set and cost 1.
func (s *Space) Lookup(r Ref) (*Constraint, bool) {
	if r.Kind == RuleKind {
		for i := range s.Rules {
			if s.Rules[i].ID == r.Constraint {
				return &s.Rules[i], true
			}
		}
		return nil, false
	}
	p := s.Party(r.Party)
	if p == nil {
		return nil, false
	}
	var list []Constraint
	switch r.Kind {
	case RedLineKind:
		list = p.RedLines
	case PreconditionKind:
		list = p.Preconditions
	case ReservationKind:
		if p.Reservation == nil || r.Constraint != "reservation" {
			return nil, false
		}
		return &Constraint{ID: "reservation", Cost: 1}, true
	}
	for i := range list {
		if list[i].ID == r.Constraint {
			return &list[i], true
		}
	}
	return nil, false
}

// ConcessionCost returns the concession cost of r (1 when unset or unknown).
func (s *Space) ConcessionCost(r Ref) float64 {
	if c, ok := s.Lookup(r); ok {
		return c.ConcessionCost()
	}
	return 1
}

// CostBounds returns the least and the greatest concession cost of r (see
// Constraint.CostBounds; a reservation costs 1, as does an unknown ref).
func (s *Space) CostBounds(r Ref) (lo, hi float64) {
	if c, ok := s.Lookup(r); ok {
		return c.CostBounds()
	}
	return 1, 1
}

// Issue returns the issue with the given id, or nil.
func (s *Space) Issue(id string) *Issue {
	if i, ok := s.issueIndex(id); ok {
		return &s.Issues[i]
	}
	return nil
}

// issueIndex returns the position of issue id in s.Issues. It never
// writes to s (a validated space is shared by concurrent readers): with no
// fresh index (see indexIssues) it scans.
func (s *Space) issueIndex(id string) (int, bool) {
	if len(s.index) == len(s.Issues) {
		i, ok := s.index[id]
		if ok && s.Issues[i].ID == id {
			return i, true
		}
		if !ok && s.indexFresh() {
			return 0, false
		}
	}
	for i := range s.Issues {
		if s.Issues[i].ID == id {
			return i, true
		}
	}
	return 0, false
}

// indexFresh reports whether s.index maps every issue id to its position.
func (s *Space) indexFresh() bool {
	if len(s.index) != len(s.Issues) {
		return false
	}
	for i := range s.Issues {
		if j, ok := s.index[s.Issues[i].ID]; !ok || j != i {
			return false
		}
	}
	return true
}

// indexIssues builds the issue index when it is missing or stale. Validate
// calls it, so after validation lookups are fast and s is only read.
func (s *Space) indexIssues() {
	if s.indexFresh() && s.optionsFresh() {
		return
	}
	index := make(map[string]int, len(s.Issues))
	for i, is := range s.Issues {
		if _, dup := index[is.ID]; !dup {
			index[is.ID] = i
		}
	}
	if len(index) != len(s.Issues) { // duplicates (an invalid space): scan
		index = nil
	}
	s.index = index
	s.options = nil
	for i := range s.Issues {
		if is := &s.Issues[i]; is.Kind == ChoiceKind && len(is.Options) > manyOptions {
			if s.options == nil {
				s.options = map[int]map[string]int{}
			}
			m := make(map[string]int, len(is.Options))
			for j, o := range is.Options {
				if _, dup := m[o]; !dup {
					m[o] = j
				}
			}
			s.options[i] = m
		}
	}
}

// optionsFresh reports whether s.options indexes exactly the options of
// every choice issue with many options.
func (s *Space) optionsFresh() bool {
	n := 0
	for i := range s.Issues {
		is := &s.Issues[i]
		if is.Kind != ChoiceKind || len(is.Options) <= manyOptions {
			continue
		}
		n++
		m, ok := s.options[i]
		if !ok || len(m) > len(is.Options) {
			return false
		}
		for j, o := range is.Options {
			if k, ok := m[o]; !ok || (k != j && is.Options[k] != o) {
				return false
			}
		}
	}
	return n == len(s.options)
}

// manyOptions is the number of options beyond which a choice issue's
// options are indexed rather than scanned.
const manyOptions = 32

// hasOption reports whether o is an option of is, an issue of s: by the
// index Validate builds for issues with many options, else by a scan. It
// never writes to s.
func (s *Space) hasOption(is *Issue, o string) bool {
	if len(is.Options) > manyOptions && len(s.index) == len(s.Issues) {
		if i, ok := s.index[is.ID]; ok && &s.Issues[i] == is {
			if m, ok := s.options[i]; ok && len(m) <= len(is.Options) {
				j, ok := m[o]
				return ok && j < len(is.Options) && is.Options[j] == o
			}
		}
	}
	return slices.Contains(is.Options, o)
}

// has reports whether v is in the domain of is, an issue of s (Issue.Has,
// with the option index).
func (s *Space) has(is *Issue, v Value) bool {
	if is.Kind == ChoiceKind && v.kind == ChoiceKind {
		return s.hasOption(is, v.s)
	}
	return is.Has(v)
}

// Party returns the party with the given id, or nil.
func (s *Space) Party(id string) *Party {
	for i := range s.Parties {
		if s.Parties[i].ID == id {
			return &s.Parties[i]
		}
	}
	return nil
}

// ParseExpr parses src and checks it against the issues of s. Errors are
// *ExprError with the column of the problem. It does not modify s, so it
// may be called from several goroutines on a validated space.
func (s *Space) ParseExpr(src string) (Expr, error) {
	e, pos, err := parseExpr(src)
	if err != nil {
		return nil, err
	}
	if err := s.check(e, pos); err != nil {
		return nil, err
	}
	return e, nil
}
