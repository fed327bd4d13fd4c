#!/usr/bin/env bash
# scripts/timeouts/sweep.sh [TIMEOUTS...]: the -timeout check of issue 15. Builds
# examples/analyze, writes issue 15's heavy reproducers (x + y <= 100000 over two 0..99999
# issues, 40 bools under atMost(3), a choice of 100,000 options with c != "o5", 200 bare
# 0..99999 issues), and runs them, plus every file of $HEAVY (default
# /work/oracle/repro/heavy) when it exists, with -format json -timeout D for each D (default
# 1 2 10 seconds). It prints wall/D, max RSS, the exit status and whether a report was
# written, and flags a run that ends after 1.1*D + 0.1 s (OVERRUN) or uses 2 GB (MEMORY).
# Timings are only meaningful on a quiet machine. Needs python3 and /usr/bin/time.
set -u
cd "$(dirname "$0")/../.."
timeouts=${*:-1 2 10}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/analyze" ./examples/analyze || exit 1
python3 - "$tmp" <<'PY'
import json, sys
d = sys.argv[1]
def w(name, doc):
    json.dump(doc, open(f"{d}/{name}.json", "w"))
w("xy_sum", {"name": "xy", "issues": [{"id": v, "type": "int", "min": 0, "max": 99999} for v in "xy"],
             "rules": [{"id": "r", "require": "x + y <= 100000"}]})
w("atmost40", {"name": "atmost", "issues": [{"id": f"x{i}", "type": "bool"} for i in range(40)],
               "rules": [{"id": "r", "require": "atMost(3, %s)" % ", ".join(f"x{i}" for i in range(40))}]})
w("choice100k", {"name": "choice", "issues": [{"id": "c", "type": "choice", "options": [f"o{i}" for i in range(100000)]}],
                 "rules": [{"id": "r", "require": 'c != "o5"'}]})
w("wide200bare", {"name": "w", "issues": [{"id": f"n{i}", "type": "int", "min": 0, "max": 99999} for i in range(200)]})
PY
files=("$tmp"/*.json)
heavy=${HEAVY:-/work/oracle/repro/heavy}
[ -d "$heavy" ] && files+=("$heavy"/*.json)
printf '%-24s %4s %7s %8s %4s %-9s %s\n' file D wall/D RSS_MB exit report verdict
for d in $timeouts; do
  for f in "${files[@]}"; do
    extra=()
    case $f in *limit1e6*) extra=(-limit 1000000) ;; esac
    /usr/bin/time -f "%e %M" -o "$tmp/time" "$tmp/analyze" -scenario "$f" -format json -timeout "${d}s" "${extra[@]}" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    wall=$(tail -1 "$tmp/time" | cut -d' ' -f1)
    rss=$(tail -1 "$tmp/time" | cut -d' ' -f2)
    rep=none
    if [ -s "$tmp/out" ]; then
      rep=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("timed_out" if r.get("timed_out") else "full")' "$tmp/out" 2>/dev/null || echo invalid)
    fi
    verdict=ok
    awk -v w="$wall" -v d="$d" 'BEGIN{exit !(w > 1.1*d + 0.1)}' && verdict=OVERRUN
    [ "$rss" -ge 2097152 ] && verdict="$verdict,MEMORY"
    [ "$rep" = invalid ] && verdict="$verdict,INVALID"
    printf '%-24s %4s %7.2f %8d %4s %-9s %s\n' "$(basename "$f" .json)" "$d" "$(awk -v w="$wall" -v d="$d" 'BEGIN{print w/d}')" $((rss / 1024)) "$rc" "$rep" "$verdict"
  done
done
