# End-to-end: partial periods (the 10-day customs figures, issue 14) on
# datasets/korea: check reports them, monthly facts never see them.
. "$TB_ROOT/tests/lib.sh"
cd "$TB_ROOT"

run check datasets/korea
expect_status 0 "check korea"
expect_out "partial days 1-10: 2016-01 .. 2026-08, 11 series; working days known 2018-01 .. 2026-08" "check: 1-10"
expect_out "partial days 1-20: 2016-01 .. 2026-08, 11 series; working days known 2018-01 .. 2026-08" "check: 1-20"

# The same dataset without the partial file and the day-level calendar gives
# byte-identical monthly facts: partial values never reach them.
mkdir -p "$WORK/whole"
cp datasets/korea/*.csv "$WORK/whole/"
rm "$WORK/whole/items_10day.csv" "$WORK/whole/working_days_daily.csv"
sed -e '/items_10day.csv/,+1d' -e 's/, daily: working_days_daily.csv//' datasets/korea/dataset.yaml \
    > "$WORK/whole/dataset.yaml"
if grep -q "10day\|daily" "$WORK/whole/dataset.yaml"; then bad "whole-month manifest still names partial files"; else ok; fi
for m in "" 2026-07 2026-05 2025-08 2024-03 2020-05; do
    tb stats datasets/korea ${m:+--month $m} > "$WORK/with.json" 2>/dev/null
    tb stats "$WORK/whole" ${m:+--month $m} > "$WORK/without.json" 2>/dev/null
    if [ -s "$WORK/with.json" ] && cmp -s "$WORK/with.json" "$WORK/without.json"; then ok; else
        bad "monthly stats ${m:-default} differ with partial periods"; diff "$WORK/with.json" "$WORK/without.json" | head -10; fi
done

finish flash
