#!/bin/sh
# make fuzz: builds the libFuzzer targets with clang (ASan + UBSan) and runs
# each for FUZZ_SECONDS (default 30) on a copy of its seed corpus.
# Findings (crash-*, leak-*, timeout-*) are left in build/fuzz/findings/.
set -eu
cd "$(dirname "$0")/.."
secs=${FUZZ_SECONDS:-30}
B=build/fuzz
mkdir -p "$B/findings"
for t in fuzz/fuzz_*.c; do
    n=$(basename "$t" .c)
    kind=${n#fuzz_}
    mkdir -p "$B/corpus/$kind"
    cp -n fuzz/corpus/$kind/* "$B/corpus/$kind/" 2>/dev/null || true
    echo "== $n for ${secs}s"
    "$B/$n" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -artifact_prefix="$B/findings/$n-" -print_final_stats=1 "$B/corpus/$kind" 2>&1 |
        grep -E '^(#[0-9]+.*(DONE|INITED)|stat::number_of_executed_units|stat::peak_rss|==[0-9]+==ERROR|SUMMARY)' || true
done
ls "$B/findings" | grep . && { echo "findings above"; exit 1; } || echo "no findings"
