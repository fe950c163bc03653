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
MONTHS='"" 2026-07 2026-05 2025-08 2024-03 2020-05'
[ -n "$TB_WRAP" ] && MONTHS='"" 2020-05'  # under valgrind: the latest and one without calendar
eval "set -- $MONTHS"
for m in "$@"; do
    tb stats datasets/korea ${m:+--month $m} > "$WORK/with.json" 2>/dev/null
    tb stats "$WORK/whole" ${m:+--month $m} > "$WORK/without.json" 2>/dev/null
    if [ -s "$WORK/with.json" ] && cmp -s "$WORK/with.json" "$WORK/without.json"; then ok; else
        bad "monthly stats ${m:-default} differ with partial periods"; diff "$WORK/with.json" "$WORK/without.json" | head -10; fi
done

# stats --days: the facts of days 1..D, checked independently from the raw
# KCS 10-day file and the KASI holidays for every 1-10 and 1-20 period of
# 2024-2026 (tests/e2e/flash_check.py).  The raw files are those of
# ../shared/real-data, copied into tests/data/raw so that CI runs the check.
RAW=$TB_ROOT/tests/data/raw
if [ -f "$RAW/kcs_korea_exports_10day_cumulative_by_item_201601_202608_kusd.csv" ]; then
    if python3 tests/e2e/flash_check.py "$TB_BIN" datasets/korea \
        "$RAW/kcs_korea_exports_10day_cumulative_by_item_201601_202608_kusd.csv" \
        "$RAW/kasi_korea_public_holidays_2018_2027.csv" 2024-01 >"$WORK/fc.out"; then ok; else
        bad "flash_check:"; tail -20 "$WORK/fc.out"; fi
    expect_eq "$(tail -1 "$WORK/fc.out")" "flash_check: 64 periods, 3072 values checked, 0 mismatches" "flash_check counts"
else
    skip "no raw KCS 10-day file in $RAW"
fi

# The shape: days and period after month, no sums over months, no series or
# breakdowns without partial figures; working days of both periods, and a
# reason where the calendar (2018 on) does not reach.
run stats datasets/korea --month 2026-08 --days 20
expect_status 0 "stats --days 20"
expect_eq "$(printf '%s' "$OUT" | python3 -c '
import json, sys
d = json.load(sys.stdin); e = d["series"]["exports"]
print(list(d)[:4], d["period"]["from"], d["period"]["to"], d["period"]["working_days"],
      d["period"]["working_days_year_earlier"], sorted(d["series"]), sorted(d["breakdowns"]),
      [k for k in ("ytd", "quarter", "moving", "trend") if k in e], e["value"], e["yoy_streak"]["months"],
      e["daily_avg"]["working_days"])')" \
    "['dataset', 'month', 'days', 'period'] 2026-08-01 2026-08-20 14 14.5 ['exports'] ['items'] [] 55206635.0 10 14" \
    "flash facts shape, 1-20 August 2026"
run stats datasets/korea --month 2018-03 --days 10
expect_out '"working_days_year_earlier_null_reason": "the working-day calendar does not cover days 1-10 of 2017-03"' \
    "working days before the calendar: null with a reason"
run stats datasets/korea --month 2017-03 --days 10
expect_out '"daily_avg_null_reason": "the working-day calendar does not cover days 1-10 of 2017-03"' \
    "daily_avg before the calendar: null with a reason"
run stats datasets/korea --days latest
expect_out '"month": "2026-08",' "--days latest: the month"
expect_out '"days": 20,' "--days latest: the longest period of the latest month"
run stats datasets/korea --days 10
expect_out '"month": "2026-08",' "--days 10 without --month: the latest 1-10"
run stats datasets/korea --days 15
expect_status 2 "--days 15: no such periods"
expect_err "datasets/korea: no partial periods of days 1-15 (the dataset has: 1-10, 1-20)" "--days 15 message"
run stats datasets/korea --days x
expect_status 1 "--days x: usage"
run stats datasets/korea --days 10 --month 2015-12
expect_status 2 "--days 10 in a month without partial figures"
expect_err "datasets/korea: no figure of days 1-10 for 2015-12" "month without a figure"
run stats tests/data/gaps --days 10
expect_err "tests/data/gaps: no partial periods of days 1-10 (the dataset has: none)" "dataset without partial periods"

# report --days: the flash briefing in both languages, dates that say
# which days; incremental reruns; a new 1-20 figure rewrites it.
mkdir -p "$WORK/pdf"
cp -r datasets/korea "$WORK/inc"
run report "$WORK/inc" --month 2026-08 --days 20 --out "$WORK/pdf/flash.pdf"
expect_status 0 "report --days 20"
expect_out "flash.pdf (2 pages)" "flash: two pages"
run report "$WORK/inc" --month 2026-08 --days 20 --out "$WORK/pdf/flash.pdf"
expect_out "unchanged" "flash rerun: unchanged"
run report datasets/korea --month 2026-08 --days 20 --lang ko --out "$WORK/pdf/flash.ko.pdf"
expect_status 0 "report --days 20 --lang ko"
if need pdftotext; then
    pdftotext "$WORK/pdf/flash.pdf" - >"$WORK/en.txt"; pdftotext "$WORK/pdf/flash.ko.pdf" - >"$WORK/ko.txt"
    for t in "Exports, 1–20 August 2026 (flash)" "rose 56.0% on a year earlier to \$55.2" "14 working days, against 14.5" \
             "Growth by item, 1–20 August 2026"; do
        if grep -qF -- "$t" "$WORK/en.txt"; then ok; else bad "flash en lacks '$t'"; fi
    done
    for t in "2026년 8월 1~20일 수출 (잠정)" "56.0% 증가" "조업일수 14일, 전년 동기 14.5일"; do
        if grep -qF -- "$t" "$WORK/ko.txt"; then ok; else bad "flash ko lacks '$t'"; fi
    done
fi
run report datasets/korea --month 2026-08 --days 20 --format text
expect_out "% title: Exports, 1–20 August 2026 (flash)" "flash text: title"
sed -i 's/^2026-08,KOR,export,WLD,TOTAL,20,55206635$/2026-08,KOR,export,WLD,TOTAL,20,55206636/' "$WORK/inc/items_10day.csv"
if grep -q "TOTAL,20,55206636" "$WORK/inc/items_10day.csv"; then ok; else bad "revision not planted"; fi
run report "$WORK/inc" --month 2026-08 --days 20 --out "$WORK/pdf/flash.pdf"
expect_status 0 "flash after a revision"
if printf '%s' "$OUT" | grep -q unchanged; then bad "a revised 1-20 figure left the flash unchanged"; else ok; fi
run verify "$WORK/pdf/manifest.json"
expect_status 0 "verify the flash artifacts"

# charts --days: the period's charts; none of sums over a year, none of
# series without partial figures.
run charts datasets/korea --days 20 --out "$WORK/charts"
expect_status 0 "charts --days 20"
expect_out "charts: 11 written" "charts --days: five charts, their CSVs and charts.json"
# The charts name the period: days 1..D, not "monthly" or the whole month.
expect_eq "$(python3 -c "import json; j=json.load(open('$WORK/charts/charts.json')); print('|'.join(c['spec']['subtitle'] for c in j['charts'] if c['name'] in ('exports-imports', 'items-yoy')))")" \
    "Korea, days 1–20 of each month, \$bn|Korea, 1–20 Aug 2026, % change on a year earlier" "charts --days: subtitles name the days"
run charts datasets/korea --days 20 --lang ko --out "$WORK/charts-ko"
expect_eq "$(python3 -c "import json; j=json.load(open('$WORK/charts-ko/charts.json')); print('|'.join(c['spec']['subtitle'] for c in j['charts'] if c['name'] in ('exports-imports', 'items-yoy')))")" \
    "한국, 매월 1~20일, 억 달러|한국, 2026년 8월 1~20일, 전년 동월 대비 %" "charts --days --lang ko: subtitles name the days"
if [ -f "$WORK/charts/items-yoy.png" ] && [ ! -f "$WORK/charts/annual.png" ] && [ ! -f "$WORK/charts/balance.png" ]; then ok; else
    bad "charts --days: items-yoy without annual and balance"; ls "$WORK/charts"; fi

finish flash
