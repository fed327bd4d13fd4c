package report_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"

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
