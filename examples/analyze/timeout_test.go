package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// -timeout: when feasibility was decided, the report so far is written
// with "timed_out": true and the lists cut short marked incomplete; exit
// 1 with one line on stderr; the program stops soon after the deadline
// (the reproducers of the oracle's E2: an infeasible space with very many
// conflicts, and four parties splitting a budget).
func TestTimeoutPartialReport(t *testing.T) {
	const d = 300 * time.Millisecond
	for _, c := range []struct {
		file     string
		feasible bool
		list     string // a list that cannot be complete in time
	}{
		{"testdata/timeout_infeasible.json", false, "conflicts"},
		{"testdata/timeout_frontier.json", true, "pareto"},
	} {
		var out, errb bytes.Buffer
		start := time.Now()
		code := run([]string{"-scenario", c.file, "-format", "json", "-limit", "1000000", "-timeout", d.String()}, &out, &errb)
		took := time.Since(start)
		if code != 1 {
			t.Errorf("%s: exit %d, want 1; stderr %s", c.file, code, errb.String())
		}
		if lines := strings.Count(strings.TrimSuffix(errb.String(), "\n"), "\n") + 1; lines != 1 || !strings.Contains(errb.String(), "timeout") {
			t.Errorf("%s: stderr %q, want one line about the timeout", c.file, errb.String())
		}
		// 10% + 100 ms in the contract; more slack here for -race and a
		// loaded machine.
		if took > 4*d+500*time.Millisecond {
			t.Errorf("%s: stopped after %v with -timeout %v", c.file, took, d)
		}
		var r map[string]any
		if err := json.Unmarshal(out.Bytes(), &r); err != nil {
			t.Fatalf("%s: stdout is not a JSON report: %v\n%.300s", c.file, err, out.String())
		}
		if r["timed_out"] != true || r["feasible"] != c.feasible {
			t.Errorf("%s: timed_out %v, feasible %v; want true, %v", c.file, r["timed_out"], r["feasible"], c.feasible)
		}
		if l, ok := r[c.list].(map[string]any); !ok || l["complete"] != false {
			t.Errorf("%s: %s = %v, want complete false", c.file, c.list, r[c.list])
		}
		// Lists that are empty by definition are complete however early
		// the analysis stopped: conflicts and concession sets of a
		// feasible space, Pareto points of an infeasible one.
		empty := []string{"pareto"}
		if c.feasible {
			empty = []string{"conflicts", "concessions"}
		}
		for _, k := range empty {
			if l, ok := r[k].(map[string]any); !ok || l["complete"] != true {
				t.Errorf("%s: %s = %.200v, want complete true (empty by definition)", c.file, k, r[k])
			}
		}
	}
}
