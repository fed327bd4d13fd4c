package report_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/solver/report"
)

// TestWideBareSpace analyses 200 int issues of 0..99999 and nothing else
// (issue 15: 5.4 GB, then 855 MB, because phases built every domain's
// 100,000 values): every phase now works from the domains' bounds, so the
// whole analysis allocates a few megabytes. The bound is generous (the
// domains alone would take 160 MB as int64 and 800 MB as values).
func TestWideBareSpace(t *testing.T) {
	var issues []string
	for i := range 200 {
		issues = append(issues, fmt.Sprintf(`{"id":"n%d","type":"int","min":0,"max":99999}`, i))
	}
	s, err := model.Decode(strings.NewReader(`{"name":"w","issues":[` + strings.Join(issues, ",") + `]}`))
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	r, err := report.Analyze(context.Background(), s, &report.Options{Lean: true})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Feasible || r.TimedOut {
		t.Fatalf("feasible %v, timed out %v", r.Feasible, r.TimedOut)
	}
	if mb := (after.TotalAlloc - before.TotalAlloc) >> 20; mb > 64 {
		t.Errorf("the analysis allocated %d MB; want at most 64", mb)
	}
}

// partsDoc is n independent parts: in part i, p wants a_i and q !a_i, so
// the space has 2^n concession sets.
func partsDoc(n int) string {
	var issues, ps, qs []string
	for i := range n {
		issues = append(issues, fmt.Sprintf(`{"id":"a%d","type":"bool"}`, i))
		ps = append(ps, fmt.Sprintf(`{"id":"r%d","require":"a%d","cost":%d}`, i, i, 1+i%3))
		qs = append(qs, fmt.Sprintf(`{"id":"s%d","require":"!a%d"}`, i, i))
	}
	return `{"name":"parts","issues":[` + strings.Join(issues, ",") + `],"parties":[{"id":"p","red_lines":[` +
		strings.Join(ps, ",") + `]},{"id":"q","red_lines":[` + strings.Join(qs, ",") + `]}]}`
}

// FitWriting leaves a report that can be written in time as it is, and
// cuts one that cannot to a share of every list (at least one entry),
// marking the lists incomplete and the report timed out; the exact costs
// are still written.
func TestFitWriting(t *testing.T) {
	s, err := model.Decode(strings.NewReader(partsDoc(10)))
	if err != nil {
		t.Fatal(err)
	}
	r, err := report.Analyze(context.Background(), s, &report.Options{Limit: 5000, Lean: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Concessions.Sets) != 1024 || !r.Concessions.Complete {
		t.Fatalf("%d concession sets, complete %v; want 1024, true", len(r.Concessions.Sets), r.Concessions.Complete)
	}
	if r.FitWriting(time.Hour) || r.TimedOut || len(r.Concessions.Sets) != 1024 {
		t.Fatalf("a report that fits was cut: %d sets, timed out %v", len(r.Concessions.Sets), r.TimedOut)
	}
	first := r.Concessions.Sets[0]
	if !r.FitWriting(time.Nanosecond) {
		t.Fatal("FitWriting(1ns) cut nothing")
	}
	if !r.TimedOut || r.Concessions.Complete || len(r.Concessions.Sets) != 1 || r.Concessions.Sets[0].Cost != first.Cost {
		t.Errorf("after the cut: timed out %v, complete %v, %d sets (first cost %v, want %v)",
			r.TimedOut, r.Concessions.Complete, len(r.Concessions.Sets), r.Concessions.Sets[0].Cost, first.Cost)
	}
	var b strings.Builder
	if err := r.WriteJSON(&b); err != nil || !strings.Contains(b.String(), `"timed_out": true`) {
		t.Errorf("WriteJSON: %v\n%s", err, b.String())
	}
}

// A report whose analysis is cut inside a part of the concession sets
// keeps the parts' conflicts and sets found so far (factors), with
// everything marked incomplete and the count unknown (null).
func TestReportCutInsideAPart(t *testing.T) {
	s, err := model.Decode(strings.NewReader(partsDoc(6)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r, err := report.Analyze(ctx, s, &report.Options{Lean: true, Progress: func(stage string, n int) {
		if stage == "explain" && n == 8 { // the second finding of the third part
			cancel()
		}
	}})
	if err == nil || r == nil || !r.TimedOut {
		t.Fatalf("Analyze = %v, %v; want the report so far, timed out", r, err)
	}
	if r.Conflicts.Complete || r.Concessions.Complete || len(r.Conflicts.Sets) < 2 || len(r.Concessions.Factors) < 3 || r.Concessions.Count != nil {
		t.Errorf("conflicts %d (complete %v), factors %d, count %v, complete %v; want the parts reached, incomplete, count null",
			len(r.Conflicts.Sets), r.Conflicts.Complete, len(r.Concessions.Factors), r.Concessions.Count, r.Concessions.Complete)
	}
	var b strings.Builder
	if err := r.WriteJSON(&b); err != nil || !strings.Contains(b.String(), `"count": null`) {
		t.Errorf("WriteJSON: %v\n%s", err, b.String())
	}
}
