package model_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zopa-go/zopa/internal/brute"
	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
)

// Each situation the contract lists (constraints no package satisfies on
// its own or every package satisfies, preference entries that can never
// score), the similar slips warned about, and what must not be warned.
func TestWarnings(t *testing.T) {
	const issues = `[{"id":"a","type":"bool"},{"id":"c","type":"choice","options":["x","y","z"]},
	  {"id":"subsidy_m","type":"int","values":[0,5,10]},{"id":"n","type":"int","min":0,"max":99999},
	  {"id":"m","type":"int","min":0,"max":99999}]`
	for _, c := range []struct {
		why, extra string
		want       []string
	}{
		{"a clean space has none", `"rules":[{"id":"r","require":"subsidy_m >= 5 || c == \"x\""}],
		  "parties":[{"id":"p","preferences":[{"prefer":"a","weight":1},{"issue":"c","weight":1,"values":{"x":0.5}}],"reservation":0}]`, nil},
		{"the contract's typo: a red line comparing an int issue with a value it never takes",
			`"parties":[{"id":"p","red_lines":[{"id":"r","require":"subsidy_m == 7"}]}]`,
			[]string{`parties[0].red_lines[0].require: col 1: no package satisfies red line p.r, whatever the other constraints say: subsidy_m == 7 is never true (subsidy_m takes 0, 5 and 10)`}},
		{"the same typo inside a conjunction makes the whole red line unsatisfiable",
			`"parties":[{"id":"p","red_lines":[{"id":"r","require":"a && subsidy_m == 7"}]}]`,
			[]string{`parties[0].red_lines[0].require: col 6: no package satisfies red line p.r, whatever the other constraints say: subsidy_m == 7 is never true (subsidy_m takes 0, 5 and 10)`}},
		{"inside a disjunction the red line still constrains, but the comparison is a slip",
			`"parties":[{"id":"p","red_lines":[{"id":"r","require":"a || subsidy_m == 7"}]}]`,
			[]string{`parties[0].red_lines[0].require: col 6: in red line p.r, subsidy_m == 7 is never true (subsidy_m takes 0, 5 and 10)`}},
		{"a rule that always holds over a wide domain (decided by folding, not enumeration)",
			`"rules":[{"id":"r","require":"a || n <= 100000"}]`,
			[]string{`rules[0].require: col 6: every package satisfies rule r, so it constrains nothing: n <= 100000 is always true (n takes 0 to 99999)`}},
		{"a rule no package satisfies, with no comparison to blame",
			`"rules":[{"id":"r","require":"a && !a"}]`,
			[]string{`rules[0]: no package satisfies rule r, whatever the other constraints say`}},
		{"a red line every package satisfies",
			`"parties":[{"id":"p","red_lines":[{"id":"r","require":"in(c, \"x\", \"y\", \"z\")"}]}]`,
			[]string{`parties[0].red_lines[0]: every package satisfies red line p.r, so it constrains nothing`}},
		{"a precondition whose if never holds",
			`"parties":[{"id":"p","preconditions":[{"id":"q","if":"c == \"x\" && c == \"y\"","then":"a"}]}]`,
			[]string{`parties[0].preconditions[0]: precondition p.q never applies: no package satisfies its if`}},
		{"a precondition that always holds",
			`"parties":[{"id":"p","preconditions":[{"id":"q","if":"a","then":"a || c == \"z\""}]}]`,
			[]string{`parties[0].preconditions[0]: every package satisfies precondition p.q, so it constrains nothing`}},
		{"a precondition no package satisfies: its if always holds, its then never",
			`"parties":[{"id":"p","preconditions":[{"id":"q","if":"a || !a","then":"n > 100000"}]}]`,
			[]string{`parties[0].preconditions[0].then: col 1: no package satisfies precondition p.q, whatever the other constraints say: n > 100000 is never true (n takes 0 to 99999)`}},
		{"a precondition whose then never holds still forbids its if: only the comparison is a slip",
			`"parties":[{"id":"p","preconditions":[{"id":"q","if":"a","then":"subsidy_m > 10"}]}]`,
			[]string{`parties[0].preconditions[0].then: col 1: in precondition p.q, subsidy_m > 10 is never true (subsidy_m takes 0, 5 and 10)`}},
		{"preference entries that can never score",
			`"parties":[{"id":"p","preferences":[
			   {"prefer":"a && !a","weight":1},
			   {"prefer":"c == \"x\" && subsidy_m == 3","weight":1},
			   {"issue":"c","weight":1,"values":{"x":0,"y":0}},
			   {"issue":"subsidy_m","weight":1,"points":[[20,0],[30,1]]},
			   {"issue":"a","weight":1,"values":{"true":0}},
			   {"prefer":"n > 100000","weight":1}]}]`,
			[]string{
				`parties[0].preferences[0]: p's preference never scores: no package satisfies a && !a`,
				`parties[0].preferences[1].prefer: col 13: p's preference never scores: no package satisfies c == "x" && subsidy_m == 3: subsidy_m == 3 is never true (subsidy_m takes 0, 5 and 10)`,
				`parties[0].preferences[2]: p's preference never scores: its values give 0 to every value of c (options x, y and z)`,
				`parties[0].preferences[3]: p's preference never scores: its points give 0 to every value of subsidy_m (it takes 0, 5 and 10)`,
				`parties[0].preferences[4]: p's preference never scores: its values give 0 to every value of a (false and true)`,
				`parties[0].preferences[5].prefer: col 1: p's preference never scores: n > 100000 is never true (n takes 0 to 99999)`,
			}},
		{"preferences that score (even the same for every package) are not warned about",
			`"parties":[{"id":"p","preferences":[
			   {"prefer":"c != \"x\" || c != \"y\"","weight":1},
			   {"issue":"subsidy_m","weight":1,"points":[[0,0.5],[10,0.5]]},
			   {"issue":"subsidy_m","weight":1,"points":[[9,0],[20,1]]},
			   {"issue":"n","weight":1,"points":[[99998,0],[100000,1]]}]}]`,
			nil},
		{"points that give 0 at every level, even over a wide domain, never score",
			`"parties":[{"id":"p","preferences":[{"prefer":"a","weight":1},
			   {"issue":"subsidy_m","weight":1,"points":[[10,0],[20,1]]},
			   {"issue":"n","weight":1,"points":[[-5,0],[99999,0],[100000,1]]}]}]`,
			[]string{
				`parties[0].preferences[1]: p's preference never scores: its points give 0 to every value of subsidy_m (it takes 0, 5 and 10)`,
				`parties[0].preferences[2]: p's preference never scores: its points give 0 to every value of n (it takes 0 to 99999)`,
			}},
		{"a comparison that always holds inside a preference",
			`"parties":[{"id":"p","preferences":[{"prefer":"a && n >= 0","weight":1}]}]`,
			[]string{`parties[0].preferences[0].prefer: col 6: in p's preference, n >= 0 is always true (n takes 0 to 99999)`}},
		{"a reservation no package reaches (decided exactly, by enumeration)",
			`"parties":[{"id":"p","preferences":[{"prefer":"a","weight":1},{"prefer":"!a","weight":1}],"reservation":0.6}]`,
			[]string{`parties[0].reservation: no package reaches p's reservation 0.6: its preferences give at most 0.5`}},
		{"a reservation every package reaches",
			`"parties":[{"id":"p","preferences":[{"issue":"c","weight":1,"values":{"x":0.5,"y":0.6,"z":0.7}}],"reservation":0.4}]`,
			[]string{`parties[0].reservation: every package reaches p's reservation 0.4, so it constrains nothing: its preferences give at least 0.5`}},
		{"a reservation exactly at the least utility is reached by every package",
			`"parties":[{"id":"p","preferences":[{"issue":"c","weight":1,"values":{"x":0.5,"y":0.6,"z":0.7}}],"reservation":0.5}]`,
			[]string{`parties[0].reservation: every package reaches p's reservation 0.5, so it constrains nothing: its preferences give at least 0.5`}},
		{"a reservation over wide issues is decided from the bounds",
			`"parties":[{"id":"p","preferences":[{"issue":"n","weight":1,"points":[[0,0],[99999,0.5]]},{"issue":"m","weight":1,"points":[[0,0],[99999,0.5]]}],"reservation":0.7}]`,
			[]string{`parties[0].reservation: no package reaches p's reservation 0.7: its preferences give at most 0.5`}},
		{"bounds over a wide issue and a one-option issue, weighted",
			`"issues":[{"id":"n","type":"int","min":0,"max":99999},{"id":"one","type":"choice","options":["only"]}],
			  "parties":[{"id":"p","preferences":[{"issue":"n","weight":1,"points":[[0,0],[99999,1]]},{"issue":"one","weight":2,"values":{"only":0.5}}],"reservation":0.7}]`,
			[]string{`parties[0].reservation: no package reaches p's reservation 0.7: its preferences give at most 0.6667`}},
		{"a reservation some packages reach is not warned about",
			`"parties":[{"id":"p","preferences":[{"prefer":"a","weight":1}],"reservation":1}]`, nil},
	} {
		t.Run(c.why, func(t *testing.T) {
			doc := `{"name":"t","issues":` + issues + `,` + c.extra + `}`
			if strings.HasPrefix(c.extra, `"issues"`) { // a case with issues of its own
				doc = `{"name":"t",` + c.extra + `}`
			}
			s, err := model.Decode(strings.NewReader(doc))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, warningStrings(s)); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}

func warningStrings(s *model.Space) []string {
	var got []string
	for _, w := range s.Warnings() {
		got = append(got, w.String())
	}
	return got
}

// The bundled scenarios have no slips, and a constraint over too many
// values to enumerate (and no constant comparison) is not warned about.
func TestWarningsCleanAndBounded(t *testing.T) {
	for _, name := range scenarios.Names() {
		s, err := scenarios.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		if w := s.Warnings(); len(w) > 0 {
			t.Errorf("%s: warnings %v", name, w)
		}
	}
	s, err := model.Decode(strings.NewReader(`{"name":"t","issues":[{"id":"n","type":"int","min":0,"max":99999},{"id":"m","type":"int","min":0,"max":99999}],
	  "rules":[{"id":"r","require":"n + m >= 3 && n - m <= 100"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if w := s.Warnings(); len(w) > 0 {
		t.Errorf("warnings %v", w)
	}
}

// Against brute force on random small spaces: an element gets a warning
// for one of the contract's situations exactly when enumerating every
// package shows the situation, and every comparison blamed is constant.
func TestWarningsAgainstBruteForce(t *testing.T) {
	elem := regexp.MustCompile(`^(rules\[\d+\]|parties\[\d+\]\.(red_lines|preconditions|preferences)\[\d+\]|parties\[\d+\]\.reservation)(\.(require|if|then|prefer))?$`)
	n := 300
	if testing.Short() {
		n = 60
	}
	total := 0
	defer func() {
		t.Logf("%d elements in a listed situation", total)
		if total < n/2 {
			t.Errorf("only %d elements in a listed situation over %d spaces: the test is too weak", total, n)
		}
	}()
	for seed := range int64(n) {
		o := scenarios.GenOptions{Issues: 3 + int(seed%3), Parties: 2, RedLinesPerParty: 2, PreconditionsPerParty: 2,
			Rules: 2, PreferencesPerParty: 3, MaxIntLevels: 4, MaxChoice: 3, Reservations: seed%2 == 0, Seed: seed}
		if seed%5 == 0 {
			o.Steps = 1
		}
		s := scenarios.Generate(o)
		pkgs := brute.Packages(s)
		want := map[string]bool{}
		add := func(path string, b bool) {
			if b {
				want[path] = true
			}
		}
		holds := func(e model.Expr) (some, all bool) {
			all = true
			for _, p := range pkgs {
				b, err := s.Eval(e, p)
				if err != nil {
					t.Fatal(err)
				}
				some, all = some || b, all && b
			}
			return some, all
		}
		for i := range s.Rules {
			some, all := holds(s.Rules[i].Require)
			add(fmt.Sprintf("rules[%d]", i), !some || all)
		}
		for pi := range s.Parties {
			p := &s.Parties[pi]
			for i := range p.RedLines {
				some, all := holds(p.RedLines[i].Cond())
				add(fmt.Sprintf("parties[%d].red_lines[%d]", pi, i), !some || all)
			}
			for i := range p.Preconditions {
				some, all := holds(p.Preconditions[i].Cond())
				add(fmt.Sprintf("parties[%d].preconditions[%d]", pi, i), !some || all)
			}
			for i := range p.Preferences {
				never := true
				for _, pkg := range pkgs {
					sc, err := s.ExactScore(&p.Preferences[i], pkg)
					if err != nil {
						t.Fatal(err)
					}
					never = never && sc.Sign() == 0
				}
				add(fmt.Sprintf("parties[%d].preferences[%d]", pi, i), never)
			}
			if p.Reservation != nil {
				reach, every := false, true
				for _, pkg := range pkgs {
					u, err := s.ExactUtility(p, pkg)
					if err != nil {
						t.Fatal(err)
					}
					r := u.Cmp(model.ReservationThreshold(*p.Reservation)) >= 0
					reach, every = reach || r, every && r
				}
				add(fmt.Sprintf("parties[%d].reservation", pi), !reach || (every && *p.Reservation > 0))
			}
		}
		got := map[string]bool{}
		for _, w := range s.Warnings() {
			m := elem.FindStringSubmatch(w.Path)
			if m == nil {
				t.Fatalf("seed %d: warning at %q: not an element", seed, w.Path)
			}
			if strings.HasPrefix(w.Msg, "in ") {
				continue // a constant comparison only, checked by TestWarningsComparisons
			}
			got[m[1]] = true
		}
		total += len(want)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("seed %d: elements warned about (-brute force +Warnings):\n%s\n%v", seed, diff, s.Warnings())
		}
	}
}
