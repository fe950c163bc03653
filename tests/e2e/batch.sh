# End-to-end: batch briefings (issue 6): in-process workers, the job list
# for GNU parallel, the makefile for make -j, failures reported, and a kill
# in the middle leaves no truncated file.
. "$TB_ROOT/tests/lib.sh"
require python3 pdftotext
cd "$TB_ROOT"

# Every item of datasets/korea, charts, two workers.  Under a wrapper
# (valgrind: seconds a chart set) the korea batches take the shard 1/4 of
# the items (SEMI, SHIPS, PRECISION): the same code, a third of the runs.
KSHARD="" NK=10 KNAMES="APPLIANCES CARS COMPUTERS PARTS PETRO PRECISION SEMI SHIPS STEEL WIRELESS "
[ -n "$TB_WRAP" ] && KSHARD="--shard 1/4" NK=3 KNAMES="PRECISION SEMI SHIPS "
run batch datasets/korea --by product --what charts --out "$WORK/items" --jobs 2 $KSHARD
expect_status 0 "batch by product"
expect_out "batch: $NK charts briefings by product in $WORK/items: $NK ok, 0 failed" "batch summary"
[ -n "$TB_WRAP" ] || expect_out "  data-quality warnings (see tradebrief check): PARTS (1)" "the items with screen warnings, at the end"
expect_eq "$(ls "$WORK/items" | tr '\n' ' ')" "$KNAMES" "one directory per item"
run verify "$WORK/items/SEMI/manifest.json"
expect_status 0 "an item's artifacts verify"
expect_eq "$(python3 -c "import json; print(json.load(open('$WORK/items/SEMI/charts.json'))['charts'][0]['spec']['subtitle'])")" \
    "Korea · Semiconductors, monthly, \$bn" "the item names the chart"

# Every reporter of datasets/world, those with imports only included (a
# briefing about the flow they have).  TB_QUICK: five reporters of it (two
# with imports only, an aggregate).
WORLD=datasets/world N_WORLD=180
if [ -n "$TB_QUICK" ]; then
    WORLD="$WORK/world-ds" N_WORLD=5
    mkdir -p "$WORLD"; cp datasets/world/dataset.yaml "$WORLD/"
    awk -F, 'NR == 1 || $2 ~ /^(ADV|GEO|HTI|KOR|USA)$/' datasets/world/trade.csv >"$WORLD/trade.csv"
fi
run batch "$WORLD" --by reporter --what charts --out "$WORK/world" --month 2024-06
expect_status 0 "world batch"
expect_out "batch: $N_WORLD charts briefings by reporter in $WORK/world: $N_WORLD ok, 0 failed" "world summary"
[ -n "$TB_QUICK" ] || expect_out ", IND (1)," "India listed with a screen warning"
expect_eq "$(ls "$WORK/world" | wc -l)" "$N_WORLD" "one directory per reporter"
# A reporter with neither headline exports nor imports (ZZZ: a balance
# only) fails, is listed, and does not stop the others; --strict turns it
# into exit 2.
mkdir -p "$WORK/fail-ds"; cp datasets/world/dataset.yaml "$WORK/fail-ds/"
awk -F, 'NR == 1 || $2 ~ /^(GEO|KOR)$/' datasets/world/trade.csv >"$WORK/fail-ds/trade.csv"
grep '^2024-0[1-6],KOR,export,WLD,TOTAL,' datasets/world/trade.csv | sed 's/,KOR,export,/,ZZZ,balance,/' >>"$WORK/fail-ds/trade.csv"
sampled batch-fail batch "$WORK/fail-ds" --by reporter --what charts --out "$WORK/fail" --month 2024-06
expect_status 0 "batch goes on past failures"
expect_out "batch: 3 charts briefings by reporter in $WORK/fail: 2 ok, 1 failed" "summary with a failure"
expect_out "  failed ZZZ: world: charts need the headline exports or imports of reporter ZZZ" "failure listed"
expect_eq "$(ls "$WORK/fail" | tr '\n' ' ')" "GEO KOR " "one directory per reporter with data"
sampled batch-fail batch "$WORK/fail-ds" --by reporter --what charts --out "$WORK/fail" --month 2024-06 --strict
expect_status 2 "--strict"
expect_out "2 ok, 1 failed" "--strict rerun"

# The job list: one shell command per line, run by GNU parallel as it is;
# the program is `tradebrief` from the PATH unless $TRADEBRIEF asks for one.
run jobs datasets/korea --by product --what charts --out "$WORK/par"
expect_eq "$(printf '%s\n' "$OUT" | head -n 1 | cut -d' ' -f1)" "tradebrief" "no local path in job lines"
export TRADEBRIEF="$TB_BIN"
run jobs datasets/korea --by product --what charts --out "$WORK/par" $KSHARD
unset TRADEBRIEF
expect_status 0 "jobs"
expect_eq "$(printf '%s\n' "$OUT" | wc -l)" "$NK" "one job per item"
expect_eq "$(printf '%s\n' "$OUT" | head -n 1)" "$TB_BIN charts datasets/korea --product SEMI --out $WORK/par/SEMI" "job line with \$TRADEBRIEF"
if need parallel; then
    # (the job lines as they are: under a wrapper, valgrind, these charts
    # runs are the same as batch's workers, which go through it)
    printf '%s\n' "$OUT" | parallel -j 2 --halt now,fail=1 >/dev/null 2>"$WORK/par.err"
    st=$?
    wrapcheck $st "$WORK/par.err" "GNU parallel's jobs"
    expect_eq "$st" "0" "GNU parallel runs the job list"
    expect_eq "$(ls "$WORK/par" | wc -l)" "$NK" "GNU parallel wrote every item"
    expect_eq "$(ls "$WORK/par/SEMI" | grep -c png)" "7" "GNU parallel wrote SEMI's seven charts (partner levels exist in 2026-07, their growth does not)"
    expect_cmp "$WORK/par/SEMI/exports-yoy.png" "$WORK/items/SEMI/exports-yoy.png" "same SEMI growth chart as batch"
    if diff -r -x manifest.json -x .tradebrief.lock "$WORK/par/SEMI" "$WORK/items/SEMI" >/dev/null; then ok; else
        bad "GNU parallel and batch give different files"; fi
fi

# The makefile route: make -j spreads the jobs over the jobserver.
run jobs datasets/korea --by product --what charts --out "$WORK/mk" --make $KSHARD
printf '%s\n' "$OUT" >"$WORK/briefings.mk"
env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make --no-print-directory -s -j2 -f "$WORK/briefings.mk" \
    TRADEBRIEF="$TB_BIN" >/dev/null 2>"$WORK/mk.err"
st=$?
wrapcheck $st "$WORK/mk.err" "make's jobs"
expect_eq "$st" "0" "make -j2 -f briefings.mk"
expect_eq "$(ls "$WORK/mk" | wc -l)" "$NK" "make wrote every item"
expect_eq "$(env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make --no-print-directory -q -f "$WORK/briefings.mk"; echo $?)" "0" "make: everything up to date"

# kill -9 in the middle of a batch: no truncated file; the next run
# sweeps temporary files and completes.
# (a simple command, not the function tb: $! is the batch process itself)
$TB_WRAP "$TB_BIN" batch "$WORLD" --by reporter --what charts --out "$WORK/kill" --jobs 2 --month 2024-06 \
    >/dev/null 2>"$WORK/kill.err" &
bpid=$!
sleep 1
pkill -KILL -P "$bpid" 2>/dev/null; kill -KILL "$bpid" 2>/dev/null; wait "$bpid" 2>/dev/null
wrapcheck 0 "$WORK/kill.err" "batch killed"
python3 - "$WORK/kill" >"$WORK/k.out" <<'PY'
import os, sys
bad = 0
for d, _, files in os.walk(sys.argv[1]):
    for f in files:
        p = os.path.join(d, f)
        if f.endswith(".png") and not f.startswith("."):
            data = open(p, "rb").read()
            if not data.endswith(b"IEND\xaeB`\x82"):
                bad += 1; print("truncated", p)
print("checked", bad)
PY
expect_eq "$(tail -n 1 "$WORK/k.out")" "checked 0" "no truncated PNG after kill -9"
run batch "$WORLD" --by reporter --what charts --out "$WORK/kill" --month 2024-06
expect_out "$N_WORLD ok, 0 failed" "rerun after the kill completes"
expect_eq "$(find "$WORK/kill" -name '.*.??????' ! -name '.tradebrief.lock' | wc -l)" "0" "temporary files swept"

# Reports, one PDF per item, recorded in one manifest by concurrent workers.
run batch datasets/korea --by product --what report --out "$WORK/reports" --month 2024-03 $KSHARD
expect_out "batch: $NK report briefings by product in $WORK/reports: $NK ok, 0 failed" "report batch"
run verify "$WORK/reports/manifest.json"
expect_out "verified: $NK artifacts match" "every report in the manifest"
if pdftotext "$WORK/reports/SEMI.pdf" - 2>/dev/null | grep -q "Semiconductors"; then ok; else bad "SEMI.pdf names its item"; fi

# Shards for schedulers: --shard K/N takes every N-th job from the K-th;
# the shards together are the whole list, each job once.
run jobs datasets/korea --by product --what charts --out "$WORK/sh"
all_jobs=$(printf '%s\n' "$OUT" | sort)
: >"$WORK/shards"
for k in 1 2 3; do
    run jobs datasets/korea --by product --what charts --out "$WORK/sh" --shard $k/3
    expect_status 0 "jobs --shard $k/3"
    printf '%s\n' "$OUT" >>"$WORK/shards"
done
expect_eq "$(sort "$WORK/shards")" "$all_jobs" "three shards are the whole job list"
run jobs datasets/korea --by product --what charts --out "$WORK/sh" --shard 2/3
expect_eq "$(printf '%s\n' "$OUT" | wc -l)" "3" "shard 2/3 of ten jobs: jobs 2, 5, 8"
for bad_shard in 0/3 4/3 3 1/0 x/2 1/2x; do
    run jobs datasets/korea --by product --out "$WORK/sh" --shard $bad_shard
    expect_status 1 "--shard $bad_shard refused"
done
expect_err "--shard must be K/N with 1 <= K <= N (found: \"1/2x\")" "--shard message"
# A batch shard with a job log: one line per job of the shard.
run batch datasets/korea --by product --what charts --out "$WORK/shb" --shard 1/4 --joblog "$WORK/shb.log"
expect_status 0 "batch --shard 1/4"
expect_out "batch: 3 charts briefings by product in $WORK/shb: 3 ok, 0 failed" "batch shard summary"
expect_eq "$(ls "$WORK/shb" | tr '\n' ' ')" "PRECISION SEMI SHIPS " "the shard's items only"
expect_eq "$(cut -f1,2,4 "$WORK/shb.log" | tr '\t\n' ', ')" "code,exit,output SEMI,0,$WORK/shb/SEMI SHIPS,0,$WORK/shb/SHIPS PRECISION,0,$WORK/shb/PRECISION " "job log"
sampled batch-fail batch "$WORK/fail-ds" --by reporter --what charts --out "$WORK/fail" --month 2024-06 --joblog "$WORK/fail.log"
expect_eq "$(awk -F'\t' 'NR > 1 && $2 != 0 { print $1, $2, $5 }' "$WORK/fail.log")" "ZZZ 2 world: charts need the headline exports or imports of reporter ZZZ" "job log: the failed job, its status and message"

# jobs --json: the same jobs, each with its arguments and no program path.
run jobs datasets/korea --by product --what charts --out "$WORK/par" --json --shard 1/5
expect_status 0 "jobs --json"
expect_eq "$(printf '%s\n' "$OUT" | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['by'], d['what'], len(d['jobs']), ' '.join(d['jobs'][0]['args']))")" \
    "product charts 2 charts datasets/korea --product SEMI --out $WORK/par/SEMI" "jobs --json content"
run jobs datasets/korea --by product --out "$WORK/par" --json --make
expect_status 1 "--json with --make"

run batch datasets/korea --by colour --out "$WORK/x"
expect_status 1 "bad --by"
finish batch
