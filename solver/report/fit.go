package report

import (
	"encoding/json"
	"time"
)

// FitWriting shortens the report's long lists so that writing it takes
// about d at most, for a caller with a deadline (the command's -timeout):
// it times the JSON encoding of a sample of each list (conflicts,
// concession sets, the factors' sets, Pareto points), and when the whole
// report would take longer than d it keeps the same share of every list
// (cheapest or first entries, at least one), marks each list it cut
// incomplete and the report TimedOut, and returns true. The estimate is
// that of the JSON encoding; the text and HTML renderings take about as
// long per entry. A report whose lists fit is left as it is.
//
// Timing entries one by one underestimates writing a large report (one
// buffer of many megabytes, indented, copied and collected: 13 MB took 7
// times the sampled estimate), so each entry is also charged its encoded
// size at writeBytesPerSecond, and the larger of the two estimates counts.
func (r *Report) FitWriting(d time.Duration) bool {
	type list struct {
		n      int
		sample func(i int) any
		cut    func(k int)
	}
	lists := []list{
		{len(r.Conflicts.Sets), func(i int) any { return r.Conflicts.Sets[i] }, func(k int) {
			r.Conflicts.Sets, r.Conflicts.Complete = r.Conflicts.Sets[:k], false
		}},
		{len(r.Concessions.Sets), func(i int) any { return r.Concessions.Sets[i] }, func(k int) {
			r.Concessions.Sets, r.Concessions.Complete = r.Concessions.Sets[:k], false
		}},
		{len(r.Pareto.Points), func(i int) any { return r.Pareto.Points[i] }, func(k int) {
			r.Pareto.Points, r.Pareto.Complete = r.Pareto.Points[:k], false
		}},
	}
	for fi := range r.Concessions.Factors {
		lists = append(lists, list{len(r.Concessions.Factors[fi]), func(i int) any { return r.Concessions.Factors[fi][i] }, func(k int) {
			r.Concessions.Factors[fi], r.Concessions.Complete = r.Concessions.Factors[fi][:k], false
		}})
	}
	// Time every list's sample in one go: the per-entry costs are alike
	// and a few hundred entries take about a millisecond.
	const sampleSize = 64
	var total time.Duration
	perEntry := make([]time.Duration, len(lists))
	byteTime := func(n int) time.Duration {
		return time.Duration(float64(n) / writeBytesPerSecond * float64(time.Second))
	}
	for li, l := range lists {
		k := min(l.n, sampleSize)
		if k == 0 {
			continue
		}
		start := time.Now()
		size := 0
		for i := range k {
			// Spread over the list: entries grow along some lists.
			b, err := json.MarshalIndent(l.sample(i*l.n/k), "      ", "  ")
			if err != nil {
				return false // WriteJSON reports it
			}
			size += len(b)
		}
		perEntry[li] = max(time.Since(start), byteTime(size)) / time.Duration(k)
		total += perEntry[li] * time.Duration(l.n)
	}
	if total <= d {
		return false
	}
	share := float64(d) / float64(total)
	cut := false
	for li, l := range lists {
		if k := max(1, int(float64(l.n)*share)); k < l.n && perEntry[li] > 0 {
			l.cut(k)
			cut = true
		}
	}
	r.TimedOut = r.TimedOut || cut
	return cut
}

// writeBytesPerSecond is the rate FitWriting assumes for writing a large
// report, well below what encoding/json reaches on small values (measured:
// 13.6 MB of indented JSON in 0.73 s, 19 MB/s, on a 2-core VM).
const writeBytesPerSecond = 8 << 20
