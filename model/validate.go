package model

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
)

var (
	idRE     = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	optionRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_]*$`)
)

// Validate checks s against the scenario format and returns every problem
// as an ErrorList (nil when there is none). It also indexes the issues
// (when the index is missing or stale): validate a space once before
// sharing it between goroutines; from then on nothing in this package
// modifies it.
func (s *Space) Validate() error {
	s.indexIssues()
	v := validator{s: s, dom: map[string]domBounds{}, sugg: newSuggester()}
	v.all()
	v.errs = dropCascades(v.errs)
	s.annotate(v.errs)
	return v.errs.Err()
}

// dropCascades leaves out the errors that follow from a broken issue
// declaration (one problem, one error): when an issue's id is wrong,
// references to unknown issues are not reported, and when a choice
// issue's options are, references to unknown options.
func dropCascades(l ErrorList) ErrorList {
	badID := slices.ContainsFunc(l, func(e *Error) bool {
		return strings.HasPrefix(e.Path, "issues[") && strings.HasSuffix(e.Path, ".id")
	})
	badOptions := slices.ContainsFunc(l, func(e *Error) bool {
		return strings.HasPrefix(e.Path, "issues[") && strings.Contains(e.Path, ".options")
	})
	if !badID && !badOptions {
		return l
	}
	return slices.DeleteFunc(l, func(e *Error) bool {
		if strings.HasPrefix(e.Path, "issues[") {
			return false
		}
		return badID && (strings.HasPrefix(e.Msg, "unknown issue ") || strings.Contains(e.Msg, "is neither an issue nor an option")) ||
			badOptions && strings.Contains(e.Msg, " is not an option of ")
	})
}

type validator struct {
	s    *Space
	errs ErrorList
	dom  map[string]domBounds // int issue bounds shared by every expression
	sugg *suggester
}

func (v *validator) add(path string, format string, args ...any) {
	v.errs.Add(path, 0, format, args...)
}

func (v *validator) id(path, id, what string) {
	if !idRE.MatchString(id) {
		v.add(path, "bad %s id %q (want lower-case letters, digits and _, starting with a letter)", what, id)
	}
}

func (v *validator) source(path, src string) {
	if src == "" {
		return
	}
	if !slices.ContainsFunc(v.s.Sources, func(x Source) bool { return x.ID == src }) {
		ids := make([]string, len(v.s.Sources))
		for i := range v.s.Sources {
			ids[i] = v.s.Sources[i].ID
		}
		v.add(path, "unknown source %q%s", src, v.sugg.mean(src, ids))
	}
}

func (v *validator) expr(path string, e Expr) {
	if e == nil {
		v.add(path, "missing expression")
		return
	}
	if err := v.s.checkWith(e, v.s.exprPos[e], v.dom, v.sugg); err != nil {
		v.errs = append(v.errs, &Error{Path: path, Col: err.Col, Msg: err.Msg})
	}
}

func finitePos(x float64) bool { return x > 0 && !math.IsInf(x, 0) && !math.IsNaN(x) }

func (v *validator) all() {
	s := v.s
	if s.Name == "" {
		v.add("name", "missing scenario name")
	}
	seen := map[string]bool{}
	for i, src := range s.Sources {
		p := fmt.Sprintf("sources[%d].id", i)
		v.id(p, src.ID, "source")
		if seen[src.ID] {
			v.add(p, "duplicate source id %q", src.ID)
		}
		seen[src.ID] = true
	}
	v.phases()
	seen = map[string]bool{}
	for i := range s.Issues {
		v.issue(fmt.Sprintf("issues[%d]", i), &s.Issues[i], seen)
	}
	seen = map[string]bool{}
	for i := range s.Rules {
		r := &s.Rules[i]
		p := fmt.Sprintf("rules[%d]", i)
		v.id(p+".id", r.ID, "rule")
		if seen[r.ID] {
			v.add(p+".id", "duplicate rule id %q", r.ID)
		}
		seen[r.ID] = true
		// Rules are never negotiable and the format gives them neither cost
		// nor if/then: a Go-built rule with them would not survive Encode.
		if r.If != nil || r.Then != nil {
			v.add(p, "a rule has require, not if/then")
		}
		if r.Cost != 0 {
			v.add(p+".cost", "a rule has no cost (rules are never negotiable)")
		}
		if r.CostRange != nil {
			v.add(p+".cost_range", "a rule has no cost_range (rules are never negotiable)")
		}
		v.expr(p+".require", r.Require)
		v.source(p+".source", r.Source)
	}
	parties := map[string]bool{}
	for i := range s.Parties {
		v.party(fmt.Sprintf("parties[%d]", i), &s.Parties[i], parties)
	}
	seen = map[string]bool{}
	for i := range s.Proposals {
		pr := &s.Proposals[i]
		p := fmt.Sprintf("proposals[%d]", i)
		v.id(p+".id", pr.ID, "proposal")
		if seen[pr.ID] {
			v.add(p+".id", "duplicate proposal id %q", pr.ID)
		}
		seen[pr.ID] = true
		if pr.By != "" && !parties[pr.By] {
			v.add(p+".by", "unknown party %q%s", pr.By, v.sugg.mean(pr.By, s.PartyIDs()))
		}
		v.source(p+".source", pr.Source)
		for _, id := range sortedKeys(pr.Package) {
			val := pr.Package[id]
			is := s.Issue(id)
			switch {
			case is == nil:
				v.add(jpath(p+".package", id), "unknown issue %q%s", id, v.sugg.mean(id, s.issueIDs()))
			case is.Kind == StepKind && val.kind != StepKind && v.s.has(is, is.Coerce(val)):
				v.add(jpath(p+".package", id), "value %s of step issue %q is a %s value (use StepValue or Never)", val, id, val.kind)
			case is.Kind == StepKind && !v.s.has(is, val):
				m := ""
				if val.kind == ChoiceKind {
					m = v.sugg.mean(val.s, []string{"never"})
				}
				v.add(jpath(p+".package", id), "value %s of step issue %q is not a phase from 1 to %d or \"never\"%s", val, id, is.Phases, m)
			case !v.s.has(is, val) && is.domainOK() && is.Kind == ChoiceKind && val.kind == ChoiceKind:
				v.add(jpath(p+".package", id), "value %s is not an option of choice issue %q%s", val, id, v.sugg.mean(val.s, is.Options))
			case !v.s.has(is, val) && is.domainOK():
				v.add(jpath(p+".package", id), "value %s is not in the domain of %s issue %q", val, is.Kind, id)
			}
		}
	}
}

// phases checks the top-level phases and gives every step issue its K.
// It writes Issue.Phases only when it changes, so that validating an
// already valid space (as Compile does) never writes to it.
func (v *validator) phases() {
	s := v.s
	steps := 0
	for i := range s.Issues {
		if s.Issues[i].Kind == StepKind {
			steps++
		}
	}
	switch {
	case s.Phases < 0 || s.Phases > MaxPhases:
		v.add("phases", "phases must be an integer from 1 to %d, got %d", MaxPhases, s.Phases)
	case s.Phases != 0 && steps == 0:
		v.add("phases", "phases is set but no issue is a step")
	}
	k := s.NumPhases()
	for i := range s.Issues {
		is := &s.Issues[i]
		want := 0
		if is.Kind == StepKind {
			want = k
		}
		if is.Phases != want {
			is.Phases = want
		}
	}
}

func (v *validator) issue(p string, is *Issue, seen map[string]bool) {
	v.id(p+".id", is.ID, "issue")
	if is.ID == "true" || is.ID == "false" {
		v.add(p+".id", "%q cannot be an issue id", is.ID)
	}
	if seen[is.ID] {
		v.add(p+".id", "duplicate issue id %q", is.ID)
	}
	seen[is.ID] = true
	switch is.Kind {
	case BoolKind:
	case ChoiceKind:
		if len(is.Options) == 0 {
			v.add(p+".options", "a choice issue needs at least one option")
		}
		if len(is.Options) > MaxLevels {
			v.add(p+".options", "more than %d options", MaxLevels)
			return
		}
		opts := map[string]bool{}
		for j, o := range is.Options {
			if !optionRE.MatchString(o) {
				v.add(fmt.Sprintf("%s.options[%d]", p, j), "bad option %q (want lower-case letters, digits and _)", o)
			}
			if opts[o] {
				v.add(fmt.Sprintf("%s.options[%d]", p, j), "duplicate option %q", o)
			}
			opts[o] = true
		}
	case StepKind:
		if is.Options != nil || is.Values != nil || is.Min != 0 || is.Max != 0 || is.Step != 0 {
			v.add(p, "a step issue has no options, values, min, max or step (its values are the phases)")
		}
	case IntKind:
		if is.Values != nil {
			if len(is.Values) == 0 {
				v.add(p+".values", "an int issue needs at least one value")
			}
			if len(is.Values) > MaxLevels {
				v.add(p+".values", "more than %d values", MaxLevels)
			}
			vals := map[int64]bool{}
			for j, x := range is.Values {
				if vals[x] {
					v.add(fmt.Sprintf("%s.values[%d]", p, j), "duplicate value %d", x)
				}
				vals[x] = true
			}
			return
		}
		switch {
		case is.Step <= 0:
			v.add(p+".step", "step must be positive, got %d", is.Step)
		case is.Min > is.Max:
			v.add(p+".min", "min %d is greater than max %d", is.Min, is.Max)
		case rangeLen(is.Min, is.Max, is.Step) > MaxLevels:
			v.add(p, "domain has more than %d levels", MaxLevels)
		}
	default:
		v.add(p+".type", "unknown issue type")
	}
}

func (v *validator) party(p string, party *Party, parties map[string]bool) {
	v.id(p+".id", party.ID, "party")
	if parties[party.ID] {
		v.add(p+".id", "duplicate party id %q", party.ID)
	}
	parties[party.ID] = true
	ids := map[string]bool{}
	cons := func(list []Constraint, field string, pre bool) {
		for i := range list {
			c := &list[i]
			cp := fmt.Sprintf("%s.%s[%d]", p, field, i)
			v.id(cp+".id", c.ID, "constraint")
			if c.ID == "reservation" {
				v.add(cp+".id", `"reservation" is reserved`)
			}
			if ids[c.ID] {
				v.add(cp+".id", "duplicate constraint id %q in party %q", c.ID, party.ID)
			}
			ids[c.ID] = true
			if pre {
				if c.Require != nil {
					v.add(cp+".require", "a precondition has if and then, not require")
				}
				v.expr(cp+".if", c.If)
				v.expr(cp+".then", c.Then)
			} else {
				if c.If != nil || c.Then != nil {
					v.add(cp, "a red line has require, not if/then")
				}
				v.expr(cp+".require", c.Require)
			}
			if c.Cost != 0 && !finitePos(c.Cost) {
				v.add(cp+".cost", "cost must be a positive finite number, got %v", c.Cost)
			} else {
				v.judgment(cp+".cost_range", "cost", c.ConcessionCost(), c.CostRange)
			}
			v.source(cp+".source", c.Source)
		}
	}
	cons(party.RedLines, "red_lines", false)
	cons(party.Preconditions, "preconditions", true)
	for i := range party.Preferences {
		v.preference(fmt.Sprintf("%s.preferences[%d]", p, i), &party.Preferences[i])
	}
	if r := party.Reservation; r != nil && (math.IsNaN(*r) || *r < 0 || *r > 1) {
		v.add(p+".reservation", "reservation must be in [0, 1], got %v", *r)
	}
}

// judgment checks a judgment range around the stated value x (what is
// "cost" or "weight"): 0 < lo <= x <= hi, all finite.
func (v *validator) judgment(p, what string, x float64, r *Range) {
	switch {
	case r == nil:
	case !finite(r.Lo) || !finite(r.Hi):
		v.add(p, "%s_range must hold two finite numbers, got [%v, %v]", what, r.Lo, r.Hi)
	case r.Lo <= 0:
		v.add(p, "the least %s must be positive, got %v", what, r.Lo)
	case r.Lo > x:
		v.add(p, "the least %s %v is above the stated %s %v", what, r.Lo, what, x)
	case r.Hi < x:
		v.add(p, "the greatest %s %v is below the stated %s %v", what, r.Hi, what, x)
	}
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func (v *validator) preference(p string, pr *Preference) {
	if !finitePos(pr.Weight) {
		v.add(p+".weight", "weight must be a positive finite number, got %v", pr.Weight)
	} else {
		v.judgment(p+".weight_range", "weight", pr.Weight, pr.WeightRange)
	}
	forms := 0
	for _, set := range []bool{pr.Prefer != nil, pr.Points != nil, pr.Values != nil} {
		if set {
			forms++
		}
	}
	if forms != 1 {
		v.add(p, "a preference needs exactly one of prefer, points and values")
		return
	}
	if pr.Prefer != nil {
		if pr.Issue != "" {
			v.add(p+".issue", "prefer takes no issue")
		}
		v.expr(p+".prefer", pr.Prefer)
		return
	}
	is := v.s.Issue(pr.Issue)
	if is == nil {
		v.add(p+".issue", "unknown issue %q%s", pr.Issue, v.sugg.mean(pr.Issue, v.s.issueIDs()))
		return
	}
	unit := func(path string, y float64) {
		if !(y >= 0 && y <= 1) {
			v.add(path, "value must be in [0, 1], got %v", y)
		}
	}
	if pr.Points != nil {
		if is.Kind != IntKind && is.Kind != StepKind {
			v.add(p+".points", "points need an int or step issue; %q is %s", pr.Issue, is.Kind)
		}
		if len(pr.Points) == 0 {
			v.add(p+".points", "points need at least one point")
		}
		for i, pt := range pr.Points {
			if i > 0 && pt.X <= pr.Points[i-1].X {
				v.add(fmt.Sprintf("%s.points[%d]", p, i), "x values must be strictly increasing")
			}
			unit(fmt.Sprintf("%s.points[%d]", p, i), pt.Y)
		}
		return
	}
	if is.Kind == StepKind {
		v.add(p+".values", "values cannot score step issue %q; use points over its phases (never counts as %d) or prefer", pr.Issue, is.Phases+1)
		return
	}
	for _, k := range sortedKeys(pr.Values) {
		kp := jpath(p+".values", k)
		switch is.Kind {
		case ChoiceKind:
			if !v.s.hasOption(is, k) {
				v.add(kp, "%q is not an option of %q%s", k, pr.Issue, v.sugg.mean(k, is.Options))
			}
		case BoolKind:
			if k != "true" && k != "false" {
				v.add(kp, "keys of a bool issue's values are \"true\" and \"false\"")
			}
		default:
			v.add(p+".values", "values need a choice or bool issue; %q is %s (use points)", pr.Issue, is.Kind)
			return
		}
		unit(kp, pr.Values[k])
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
