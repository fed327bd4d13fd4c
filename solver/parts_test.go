package solver_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver"
)

var idToken = regexp.MustCompile(`\b([icr])(\d+)\b`)

// mergeOptions shape mergedSpace.
type mergeOptions struct {
	// scored keeps preferences (and reservations) in the first space
	// only, gives it one issue and the others two, and makes every space
	// feasible: the utilities then depend on a small part of the space.
	scored bool
}

// mergedSpace joins a few small random spaces into one: issues, rules and
// constraints are renamed apart (i3 of the second space becomes i103, and
// so on), parties of the same id are merged, and reservations are dropped;
// step issues take the merged space's number of phases. Its independent
// parts are those of the spaces joined (or finer). It returns nil when the
// space has too many packages for brute force.
func mergedSpace(t *testing.T, seed int64, mo mergeOptions) *model.Space {
	k := 2 + int(seed%3)
	doc := map[string]any{"name": fmt.Sprintf("merged%d", seed), "issues": []any{}, "rules": []any{}, "parties": []any{}}
	parties := map[string]map[string]any{}
	var order []string
	size := 1
	for j := range k {
		o := scenarios.GenOptions{
			Issues: 1 + int((seed+int64(j))%2), Parties: 1 + int((seed/3+int64(j))%2),
			RedLinesPerParty: 1 + int((seed/2+int64(j))%2), PreconditionsPerParty: int((seed/5 + int64(j)) % 2),
			Rules: int((seed/7 + int64(j)) % 2), PreferencesPerParty: 1, MaxChoice: 3, MaxIntLevels: 3,
			Steps: int((seed/11+int64(j))%4) / 3, Seed: seed*10 + int64(j),
		}
		if mo.scored {
			o.Feasible, o.Issues, o.Parties = true, 1+min(j, 1), 2
			o.PreferencesPerParty = 0
			if j == 0 {
				o.PreferencesPerParty, o.Reservations = 1+int(seed%3), seed%4 == 0
			}
		}
		sub := scenarios.Generate(o)
		for _, is := range sub.Issues {
			size *= is.Size()
		}
		var buf bytes.Buffer
		if err := sub.Encode(&buf); err != nil {
			t.Fatal(err)
		}
		text := idToken.ReplaceAllStringFunc(buf.String(), func(m string) string {
			n, _ := strconv.Atoi(m[1:])
			return fmt.Sprintf("%c%d", m[0], 100*j+n)
		})
		var d map[string]any
		if err := json.Unmarshal([]byte(text), &d); err != nil {
			t.Fatal(err)
		}
		list := func(m map[string]any, key string) []any {
			l, _ := m[key].([]any)
			return l
		}
		doc["issues"] = append(doc["issues"].([]any), list(d, "issues")...)
		doc["rules"] = append(doc["rules"].([]any), list(d, "rules")...)
		for _, x := range list(d, "parties") {
			p := x.(map[string]any)
			id := p["id"].(string)
			if !mo.scored {
				delete(p, "reservation")
			}
			q, ok := parties[id]
			if !ok {
				parties[id] = p
				order = append(order, id)
				continue
			}
			for _, key := range []string{"red_lines", "preconditions", "preferences"} {
				if l := list(p, key); len(l) > 0 {
					q[key] = append(list(q, key), l...)
				}
			}
		}
	}
	if size > 3000 {
		return nil
	}
	for _, id := range order {
		doc["parties"] = append(doc["parties"].([]any), parties[id])
	}
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	s, err := model.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("merged space: %v\n%s", err, data)
	}
	return s
}

// issueTokens returns the issues constraint r mentions, read from the
// printed expressions (quoted options removed), independently of the
// solver's own walk over expressions.
func issueTokens(s *model.Space, r model.Ref) []string {
	var texts []string
	if r.Kind == model.ReservationKind {
		for _, pr := range s.Party(r.Party).Preferences {
			if pr.Prefer != nil {
				texts = append(texts, pr.Prefer.String())
			} else {
				texts = append(texts, pr.Issue)
			}
		}
	} else {
		c, _ := s.Lookup(r)
		for _, e := range []model.Expr{c.Require, c.If, c.Then} {
			if e != nil {
				texts = append(texts, e.String())
			}
		}
	}
	quoted := regexp.MustCompile(`"[^"]*"`)
	word := regexp.MustCompile(`[a-z][a-z0-9_]*`)
	var out []string
	for _, text := range texts {
		for _, w := range word.FindAllString(quoted.ReplaceAllString(text, ""), -1) {
			if s.Issue(w) != nil && !slices.Contains(out, w) {
				out = append(out, w)
			}
		}
	}
	return out
}

// bruteParts groups the constraints of s into independent parts: two
// constraints are in one part when a chain of constraints sharing issues
// links them.
func bruteParts(s *model.Space, refs []model.Ref) [][]model.Ref {
	group := map[model.Ref]int{}
	for i, r := range refs {
		group[r] = i
	}
	issues := map[model.Ref][]string{}
	for _, r := range refs {
		issues[r] = issueTokens(s, r)
	}
	for changed := true; changed; {
		changed = false
		for _, a := range refs {
			for _, b := range refs {
				if group[a] != group[b] && slices.ContainsFunc(issues[a], func(x string) bool { return slices.Contains(issues[b], x) }) {
					g := min(group[a], group[b])
					group[a], group[b] = g, g
					changed = true
				}
			}
		}
	}
	var out [][]model.Ref
	idx := map[int]int{}
	for _, r := range refs {
		k, ok := idx[group[r]]
		if !ok {
			k = len(out)
			idx[group[r]] = k
			out = append(out, nil)
		}
		out[k] = append(out[k], r)
	}
	return out
}

// exactSum is the exact sum of the members' decimal costs.
func exactSum(s *model.Space, refs []model.Ref) *big.Rat {
	sum := new(big.Rat)
	for _, r := range refs {
		x, _ := new(big.Rat).SetString(strconv.FormatFloat(s.ConcessionCost(r), 'g', -1, 64))
		sum.Add(sum, x)
	}
	return sum
}

// contractOrder sorts concession sets as the contract says: by cost, then
// size, then members.
func contractOrder(s *model.Space, sets [][]model.Ref) {
	for _, set := range sets {
		slices.SortFunc(set, model.CompareRefs)
	}
	slices.SortFunc(sets, func(a, b []model.Ref) int {
		if c := exactSum(s, a).Cmp(exactSum(s, b)); c != 0 {
			return c
		}
		if c := cmp.Compare(len(a), len(b)); c != 0 {
			return c
		}
		return slices.CompareFunc(a, b, model.CompareRefs)
	})
}

func concessionRefs(cs []solver.Concession) [][]model.Ref {
	out := [][]model.Ref{}
	for _, c := range cs {
		out = append(out, c.Constraints)
	}
	return out
}

// TestPartsDifferential compares Explain's conflicts, concession sets,
// factors, count and complete flags, at several limits, and the cheapest
// and smallest concession sets, with brute force on random spaces made of
// several independent parts.
func TestPartsDifferential(t *testing.T) {
	n := 300
	if short() {
		n = 60
	}
	ctx := context.Background()
	checked, multi := 0, 0
	for seed := int64(0); checked < n && seed < int64(30*n); seed++ {
		s := mergedSpace(t, seed, mergeOptions{})
		if s == nil {
			continue
		}
		if seed%3 == 0 {
			decimalCosts(s, seed)
		}
		p, err := solver.Compile(ctx, s, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := p.Feasible(ctx); ok {
			continue
		}
		or := newOracle(t, s)
		for _, sc := range []solver.Scope{{}, {PreconditionsOnly: true}} {
			table, hard := split(p, sc)
			wantC, wantM, hardOK := bruteExplain(or, table, hard)
			if !hardOK {
				continue
			}
			checked++
			name := fmt.Sprintf("seed %d scope %v", seed, sc)
			sortSets(wantC)
			contractOrder(s, wantM)
			// The expected factors: the concession sets' parts in each
			// independent part with any.
			var factors [][][]model.Ref
			for _, part := range bruteParts(s, p.Refs()) {
				var f [][]model.Ref
				for _, m := range wantM {
					proj := slices.DeleteFunc(slices.Clone(m), func(r model.Ref) bool { return !slices.Contains(part, r) })
					if len(proj) > 0 && !slices.ContainsFunc(f, func(x []model.Ref) bool { return slices.Equal(x, proj) }) {
						f = append(f, proj)
					}
				}
				if len(f) > 0 {
					contractOrder(s, f)
					factors = append(factors, f)
				}
			}
			slices.SortFunc(factors, func(a, b [][]model.Ref) int {
				if c := exactSum(s, a[0]).Cmp(exactSum(s, b[0])); c != 0 {
					return c
				}
				return slices.CompareFunc(a[0], b[0], model.CompareRefs)
			})
			product := 1
			for _, f := range factors {
				product *= len(f)
			}
			if product != len(wantM) && len(wantM) > 0 {
				t.Fatalf("%s: brute force: %d concession sets, factors multiply to %d", name, len(wantM), product)
			}
			if len(factors) > 1 {
				multi++
			}
			checkOptima(t, name, p, sc, wantM)
			for _, limit := range []int{0, 1, 2, 3, 5} {
				ex, err := p.Explain(ctx, sc, &solver.ExplainOptions{Limit: limit})
				if err != nil {
					t.Fatalf("%s: Explain(%d): %v", name, limit, err)
				}
				cut := func(n int) int {
					if limit > 0 {
						return min(n, limit)
					}
					return n
				}
				lname := fmt.Sprintf("%s limit %d", name, limit)
				if diff := gocmp.Diff(wantC[:cut(len(wantC))], ex.Conflicts); diff != "" {
					t.Fatalf("%s: conflicts (-want +got):\n%s\n%s", lname, diff, dump(s))
				}
				if diff := gocmp.Diff(wantM[:cut(len(wantM))], concessionRefs(ex.Concessions)); diff != "" {
					t.Fatalf("%s: concession sets (-want +got):\n%s\n%s", lname, diff, dump(s))
				}
				var gotF [][][]model.Ref
				for _, f := range ex.Factors {
					gotF = append(gotF, concessionRefs(f))
				}
				wantF := factors // every set of each part, whatever the limit
				if diff := gocmp.Diff(wantF, gotF); diff != "" {
					t.Fatalf("%s: factors (-want +got):\n%s\n%s", lname, diff, dump(s))
				}
				if ex.Count == nil || ex.Count.Cmp(big.NewInt(int64(len(wantM)))) != 0 {
					t.Fatalf("%s: count %v, want %d", lname, ex.Count, len(wantM))
				}
				if limit > 0 {
					// MARCO cut after one finding: the concession sets
					// are then enumerated on their own, still all of them.
					restore := solver.SetMarcoBudget(1)
					ex1, err := p.Explain(ctx, sc, &solver.ExplainOptions{Limit: limit})
					restore()
					if err != nil {
						t.Fatalf("%s: Explain with MARCO cut: %v", lname, err)
					}
					if diff := gocmp.Diff(wantM[:cut(len(wantM))], concessionRefs(ex1.Concessions)); diff != "" {
						t.Fatalf("%s: MARCO cut: concession sets (-want +got):\n%s\n%s", lname, diff, dump(s))
					}
					var gotF1 [][][]model.Ref
					for _, f := range ex1.Factors {
						gotF1 = append(gotF1, concessionRefs(f))
					}
					if diff := gocmp.Diff(wantF, gotF1); diff != "" {
						t.Fatalf("%s: MARCO cut: factors (-want +got):\n%s\n%s", lname, diff, dump(s))
					}
					if ex1.Count == nil || ex1.Count.Cmp(big.NewInt(int64(len(wantM)))) != 0 || ex1.ConcessionsComplete != (cut(len(wantM)) == len(wantM)) {
						t.Fatalf("%s: MARCO cut: count %v complete %v, want %d", lname, ex1.Count, ex1.ConcessionsComplete, len(wantM))
					}
					if len(ex1.Conflicts) > cut(len(wantC)) || ex1.ConflictsComplete && len(ex1.Conflicts) != len(wantC) {
						t.Fatalf("%s: MARCO cut: %d conflicts listed, complete %v, of %d", lname, len(ex1.Conflicts), ex1.ConflictsComplete, len(wantC))
					}
				}
				if ex.ConflictsComplete != (cut(len(wantC)) == len(wantC)) || ex.ConcessionsComplete != (cut(len(wantM)) == len(wantM)) ||
					ex.Complete != (ex.ConflictsComplete && ex.ConcessionsComplete) {
					t.Fatalf("%s: complete flags %v %v %v with %d conflicts and %d sets", lname,
						ex.ConflictsComplete, ex.ConcessionsComplete, ex.Complete, len(wantC), len(wantM))
				}
				for _, c := range ex.Concessions {
					if want, _ := exactSum(s, c.Constraints).Float64(); c.Cost != want {
						t.Fatalf("%s: %v costs %v, want %v", lname, c.Constraints, c.Cost, want)
					}
				}
			}
		}
	}
	if checked < n || multi < n/4 {
		t.Fatalf("only %d spaces checked, %d with several factors", checked, multi)
	}
	t.Logf("%d spaces checked, %d with several factors", checked, multi)
}

// TestScoredPartDifferential compares the frontier, the four rules and the
// ideal point with brute force on spaces whose preferences all lie in a
// small independent part, which the solver searches on its own.
func TestScoredPartDifferential(t *testing.T) {
	n := 300
	if short() {
		n = 60
	}
	checked := 0
	for seed := int64(0); checked < n && seed < int64(30*n); seed++ {
		s := mergedSpace(t, seed, mergeOptions{scored: true})
		if s == nil {
			continue
		}
		p, err := solver.Compile(context.Background(), s, nil)
		if err != nil {
			t.Fatal(err)
		}
		agreeable, vs := agreeableVectors(t, s)
		if len(agreeable) == 0 {
			continue
		}
		checked++
		checkOptima4(t, fmt.Sprintf("scored seed %d", seed), s, p, agreeable, vs)
	}
	if checked < n {
		t.Fatalf("only %d feasible spaces", checked)
	}
}
