#!/bin/sh
# make bench: builds the synthetic scale tiers (once, into bench/data/) and
# reports figures; not pass/fail.  BENCH_TIERS="small large huge" to choose
# (default: small large).  Appends the figures to bench/history.tsv.
set -eu
cd "$(dirname "$0")/.."
B=${TB_BENCHBIN:?}
tiers=${BENCH_TIERS:-small large}
mkdir -p bench/data
rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
out=$(mktemp)
for t in $tiers; do
    if [ ! -f "bench/data/$t/data.csv" ]; then
        echo "generating tier $t ..." >&2
        "$B/gen_tier" "$t" "bench/data/$t"
    fi
    "$B/bench_load" "bench/data/$t" | tee -a "$out"
done
for x in "$B"/bench_*; do
    case "$(basename "$x")" in bench_load) continue ;; esac
    [ -x "$x" ] || continue
    "$x" | tee -a "$out"
done
while IFS= read -r line; do
    printf '%s\t%s\t%s\n' "$(date -u +%Y-%m-%d)" "$rev" "$line"
done <"$out" >>bench/history.tsv
rm -f "$out"
