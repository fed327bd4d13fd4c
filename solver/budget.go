package solver

import (
	"fmt"

	"github.com/zopa-go/zopa/model"
)

// DefaultMaxSize is the size budget of a compiled space when
// Settings.MaxSize is zero: 3,000,000 size units, about 600 MB. A size
// unit is one variable or one clause of the SAT instance (about 200 bytes
// with the circuit and the solver's own structures). The 100,000-issue
// benchmark space takes about 750,000.
const DefaultMaxSize = 3_000_000

// SizeError reports that compiling a part of the space would take the
// instance past its size budget (Settings.MaxSize). Every part is
// estimated before it is built, so nothing that large is ever allocated.
type SizeError struct {
	// Path is the part's JSON location in the scenario ("issues[3]",
	// "rules[0]", "parties[1].red_lines[2]", "parties[1].preconditions[0]",
	// "parties[1].reservation", "parties[1].preferences"), and Name says
	// what it is ("issue wide", "red line russia.no_nato", …).
	Path, Name string
	// Size is the part's estimated size, Used the size of what was built
	// before it, and Budget the limit, in size units.
	Size, Used, Budget int64
}

func (e *SizeError) Error() string {
	return fmt.Sprintf("%s: %s would take about %d size units on top of %d already built, over the size budget of %d (raise it with -max-size, or simplify it)",
		e.Path, e.Name, e.Size, e.Used, e.Budget)
}

// sizePart names what is being compiled, for SizeError.
type sizePart struct{ path, name string }

// used returns the size of the instance so far: the circuit's nodes (every
// variable, including gates not yet written to the solver) plus the
// solver's clauses.
func (p *Problem) used() int64 {
	return int64(p.c.Len()) + p.s.Stats().Clauses
}

// charge announces that about units size units are about to be built. When
// that would exceed the budget it panics with a *SizeError, which Compile
// and every query recover and return (see guard): the encoders that call
// charge are deep in recursive builders with no error path, and nothing
// has been built yet when the panic happens.
func (p *Problem) charge(units int64) {
	if p.maxSize <= 0 || units <= 0 {
		return
	}
	if used := p.used(); satAdd(used, units) > p.maxSize {
		panic(&SizeError{Path: p.part.path, Name: p.part.name, Size: units, Used: used, Budget: p.maxSize})
	}
}

// recoverSize turns a *SizeError panic into *err; any other panic goes on.
func recoverSize(err *error) {
	switch r := recover().(type) {
	case nil:
	case *SizeError:
		*err = fmt.Errorf("solver: %w", r)
	default:
		panic(r)
	}
}

// prefPart names preference pr for SizeError.
func (p *Problem) prefPart(pr *model.Preference) sizePart {
	for pi := range p.space.Parties {
		for k := range p.space.Parties[pi].Preferences {
			if &p.space.Parties[pi].Preferences[k] == pr {
				return sizePart{fmt.Sprintf("parties[%d].preferences[%d]", pi, k), "a preference of " + p.space.Parties[pi].ID}
			}
		}
	}
	return sizePart{"preferences", "a preference"}
}
