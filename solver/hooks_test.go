package solver

import (
	"cmp"
	"context"
	"slices"
)

// BinarySettings returns settings that give every int issue with a
// min/max/step domain of two or more levels the binary encoding and
// compile every linear comparison of two or more terms with binary
// arithmetic, so that the differential tests exercise the encodings meant
// for wide domains on small ones.
func BinarySettings() *Settings { return &Settings{orderLimit: 1, forceBinary: true} }

// Mutate breaks the compiler rule name on purpose (see mutation) until the
// returned function is called; it panics on an unknown name.
func Mutate(name string) func() {
	if _, ok := mutations[name]; !ok {
		panic("unknown mutation " + name)
	}
	mutation = name
	return func() { mutation = "" }
}

// Mutations returns the names of the rules Mutate can break, sorted, with
// what breaking each does.
func Mutations() map[string]string { return mutations }

// SortExplanation orders conflicts by size then members, and concession
// sets by cost, then size, then members, as the report contract says.
func SortExplanation(ex *Explanation) {
	slices.SortFunc(ex.Conflicts, compareRefLists)
	slices.SortFunc(ex.Concessions, func(a, b Concession) int {
		return cmp.Or(cmp.Compare(a.Cost, b.Cost), compareRefLists(a.Constraints, b.Constraints))
	})
}

// TopK gives the external tests the frontier ranking they check.
var TopK = topK

// SetMarcoBudget makes explanations with a limit stop MARCO after n
// findings (instead of about four times the limit), so that tests reach
// the enumeration of the remaining concession sets on small spaces, until
// the returned function is called.
func SetMarcoBudget(n int) func() {
	marcoBudget = n
	return func() { marcoBudget = 0 }
}

// SetEnumerationLimit makes frontiers enumerate spaces of at most n
// packages (0: never) instead of EnumerationLimit, until the returned
// function is called.
func SetEnumerationLimit(n int) func() {
	enumerationLimit = n
	return func() { enumerationLimit = EnumerationLimit }
}

// SetCubePlans switches the cube plan (cubes.go) on or off until the
// returned function is called, so that the differential tests reach the
// SAT searches on spaces of cubes too.
func SetCubePlans(on bool) func() {
	old := cubePlans
	cubePlans = on
	return func() { cubePlans = old }
}

// CubePlanApplies reports whether p's frontier is found by the cube plan.
func CubePlanApplies(p *Problem) bool {
	return cubePlans && p.cubeShaped() && p.cubePlanFor(p.scoped(Scope{})) != nil
}

// SetSegmentMin makes points preferences on binary-encoded issues be
// encoded by segments when their level-by-level encoding would take more
// than n size units (0: always), until the returned function is called.
func SetSegmentMin(n int64) func() {
	old := segmentMin
	segmentMin = n
	return func() { segmentMin = old }
}

// SetScan switches the scan of spaces whose only constraints are
// reservations on or off, and widens by slack steps the band around each
// reservation in which the evaluator decides, until the returned function
// is called.
func SetScan(on bool, slack int64) func() {
	noScan, scanSlack = !on, slack
	return func() { noScan, scanSlack = false, 0 }
}

// CountCubes is countCubes: whether p's cube count finds more than limit
// agreeable packages.
func CountCubes(ctx context.Context, p *Problem, limit int64) (bool, error) {
	defer p.enter(&ctx, nil)()
	return p.countCubes(ctx, limit)
}
