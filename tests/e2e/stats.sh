# End-to-end: `tradebrief stats` on the shipped datasets, checked against an
# independent recomputation (tests/e2e/stats_check.py) for known months.
. "$TB_ROOT/tests/lib.sh"
require python3
cd "$TB_ROOT"

# (Under a wrapper, valgrind, one stats run of a korea month goes through
# it; the others are the binary as it is: sampled, tests/lib.sh.)
for m in 2024-03 2023-11 2023-05 2023-04 2022-03 1997-05 2000-01 2026-02 2026-04 2026-07; do
    sampled stats-korea stats datasets/korea --month "$m"
    expect_status 0 "stats $m"
    printf '%s\n' "$OUT" >"$WORK/s.json"
    if python3 tests/e2e/stats_check.py datasets/korea/totals.csv "$WORK/s.json" "$m" >"$WORK/c.out"; then ok; else
        bad "independent check $m"; cat "$WORK/c.out"; fi
done

# The release kinds of every series and member for every month, recomputed
# independently (not under TB_WRAP: 400-odd runs; the spec covers those).
# TB_QUICK=1 or an ASan binary: the months from 2023-01 (items, partners,
# quarters and a December), the release run covers every month.
first=""
{ [ -n "$TB_QUICK" ] || ldd "$TB_BIN" 2>/dev/null | grep -q libasan; } && first=2023-01
if [ -z "${TB_WRAP:-}" ]; then
    if python3 tests/e2e/release_check.py datasets/korea "$TB_BIN" $first >"$WORK/r.out"; then ok; else
        bad "independent check of the release kinds"; tail -n 41 "$WORK/r.out"; fi
    tail -n 1 "$WORK/r.out"
fi

# Facts a briefing states, as the official releases state them.
sampled stats-korea stats datasets/korea --month 2024-03
J="$WORK/2024-03.json"; printf '%s\n' "$OUT" >"$J"
q() { python3 -c "import json,sys; d=json.load(open('$J')); print(eval(sys.argv[1]))" "$1"; }
expect_eq "$(q 'd["series"]["exports"]["yoy_streak"]')" "{'direction': 'up', 'months': 6, 'since': '2023-10', 'from_start': False, 'previous': {'direction': 'down', 'months': 12, 'since': '2022-10', 'to': '2023-09', 'from_start': False}}" "exports up for the 6th month, after 12 months down"
expect_eq "$(q 'd["series"]["balance"]["sign_streak"]["months"]')" "10" "surplus for the 10th month"
expect_eq "$(q 'round(d["series"]["exports"]["yoy_pct"], 2)')" "2.98" "exports +2.98% (ECOS)"
expect_eq "$(q 'd["series"]["exports"]["daily_avg"]["working_days"]')" "22.5" "March 2024 working days"
expect_eq "$(q '[m["high_since"] for m in d["breakdowns"]["items"]["members"] if m["code"]=="SEMI"][0]')" "{'month': '2022-06', 'months': 21}" "semiconductors highest in 21 months"
expect_eq "$(q 'd["unit"]')" "{'currency': 'USD', 'multiplier': 1000}" "unit"
sampled stats-korea stats datasets/korea --month 2023-05
J="$WORK/2023-05.json"; printf '%s\n' "$OUT" >"$J"
expect_eq "$(q 'd["series"]["balance"]["longest_since"]')" "{'from': '1995-01', 'to': '1997-05', 'months': 29, 'from_start': False, 'passes_shorter': True}" "longest deficit since 1995-01..1997-05"
# passes_shorter, from totals.csv: deficit runs lie between 1997-05 and the
# run ending in 2023-05; no run of export rises lies between 2022-09 and
# the run of 2024-03 (since 2023-10), which therefore cites the previous one.
RUNS=$(python3 - <<'PY'
import csv
v = {}
for r in csv.DictReader(open("datasets/korea/totals.csv")):
    if r["partner"] == "WLD" and r["product"] == "TOTAL":
        v.setdefault(r["period"], {})[r["flow"]] = float(r["value"])
ms = sorted(v)
deficit = [m for m in ms if "1997-06" <= m <= "2022-02" and v[m]["export"] < v[m]["import"]]
def prev(m): return "%d-%s" % (int(m[:4]) - 1, m[5:])
rises = [m for m in ms if "2022-10" <= m <= "2023-09" and v[m]["export"] > v[prev(m)]["export"]]
print(len(deficit) > 0, len(rises))
PY
)
expect_eq "$RUNS" "True 0" "deficits between 1997 and 2022; no rise between 2022-10 and 2023-09 (CSV)"
expect_eq "$(q 'd["series"]["balance"]["history"]')" "{'first_month': '1991-01', 'months': 389, 'missing': 0}" "balance history 1991-01..2023-05"
sampled stats-korea stats datasets/korea --month 2024-03
J="$WORK/2024-03b.json"; printf '%s\n' "$OUT" >"$J"
expect_eq "$(q 'd["series"]["exports"]["longest_since"]["passes_shorter"]')" "False" "2024-03: the previous run of rises is cited"

# The default month is the latest with all headline series (exports,
# imports, balance): 2026-07, the last month of the KCS totals.
run stats datasets/korea
expect_out '"month": "2026-07"' "default month"
# A later month with exports only is not the default, but can be asked for.
cp -r datasets/korea "$WORK/later"
printf '2026-08,KOR,export,WLD,TOTAL,70000000\n' >>"$WORK/later/totals.csv"
run stats "$WORK/later"
expect_out '"month": "2026-07"' "default month: not the month with exports only"
run stats "$WORK/later" --month 2026-08
expect_status 0 "--month of the month with exports only"
expect_eq "$(printf '%s' "$OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin)["series"]; print(d["exports"]["value"], d["imports"]["value"], d["balance"]["value"])')" \
    "70000000.0 None None" "exports only in 2026-08"
# No NaN or infinity ever reaches the JSON, and it parses.
for m in 1991-01 1991-12 2016-01 2026-07; do
    run stats datasets/korea --month "$m"
    expect_status 0 "stats $m (edges of the data)"
    if printf '%s' "$OUT" | python3 -c 'import json,sys; json.loads(sys.stdin.read(), parse_constant=lambda c: sys.exit(1))'; then ok; else bad "stats $m: JSON with NaN/Infinity or unparseable"; fi
done
# Deterministic bytes.
sampled stats-korea stats datasets/korea --month 2024-03; a=$OUT
sampled stats-korea stats datasets/korea --month 2024-03; expect_eq "$OUT" "$a" "two runs identical"

# Another reporter of the world dataset.
run stats datasets/world --reporter KOR --month 2024-03
expect_status 0 "world --reporter KOR"
expect_out '"value": 56517.8' "world KOR exports 2024-03 (GEM, million USD)"
run stats datasets/world --month 2024-03
expect_status 2 "world without a default reporter"
expect_err "datasets/world: the dataset names no default reporter; choose one with --reporter CODE" "no reporter message"
run stats datasets/world --reporter XXX
expect_status 2 "unknown reporter"
expect_err 'datasets/world: no reporter "XXX" in the dataset' "unknown reporter message"

# A briefing about one item: --product makes it the headline.
run stats datasets/korea --product SEMI --month 2024-03
expect_status 0 "stats --product SEMI"
J="$WORK/semi.json"; printf '%s\n' "$OUT" >"$J"
expect_eq "$(q 'd["product"], d["series"]["exports"]["value"], d["series"]["exports"]["high_since"]')" \
    "('SEMI', 11828220.0, {'month': '2022-06', 'months': 21})" "semiconductors as the headline"
expect_eq "$(q 'd["series"]["imports"], d["series"]["imports_null_reason"]')" \
    "(None, 'no headline series (reporter, partner, product) for this flow')" "no item imports: null with a reason"
run stats datasets/korea --product NOPE
expect_status 2 "unknown product"
expect_err 'datasets/korea: no product "NOPE" in the dataset' "unknown product message"
run stats datasets/korea --partner USA --product SEMI
expect_status 2 "no such headline series"
expect_err "datasets/korea: no series for KOR USA SEMI" "missing headline message"

# Numbers: the shortest decimal that reads back as the same double (what
# Python's repr gives), positional as people read them, still reals.
sampled stats-korea stats datasets/korea --month 2024-03
printf '%s\n' "$OUT" >"$WORK/short.json"
expect_eq "$(python3 - "$WORK/short.json" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read()
json.loads(text)
nums = re.findall(r'(?<=[\[: ])(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)(?=,?\n)', text)
reals = [n for n in nums if '.' in n or 'e' in n]
long_ = [n for n in reals if n != repr(float(n))]
print(len(reals) > 100, long_[:3])
PY
)" "True []" "stats JSON: shortest round-trip numbers"
if grep -q '"value": 56518309.0,' "$WORK/short.json"; then ok; else bad "an integral value keeps its .0"; grep -m3 '"value"' "$WORK/short.json"; fi

# Errors.
# The calendar ends in 2026-08: the 1-20 figure of August 2026 (items_10day.csv) is in it.
run stats datasets/korea --month 2031-01
expect_status 2 "month outside the data"
expect_err "datasets/korea: --month 2031-01 is outside the data (1991-01 .. 2026-08)" "outside message"
expect_eq "$OUT" "" "nothing on stdout"
run stats datasets/korea --month 2024-13
expect_status 1 "malformed month"
expect_err '--month must be YYYY-MM (found: "2024-13")' "malformed month message"
run stats datasets/korea --colour red
expect_status 1 "unknown option"
run stats tests/bad/duplicate
expect_status 2 "bad dataset"

finish stats
