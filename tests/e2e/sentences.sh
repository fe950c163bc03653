# End-to-end: the sentences of the briefing say what is true (issue #11,
# defects 1-15).  Each case reads the PDF's text (pdftotext, whitespace
# removed, since lines break anywhere) of a real month of datasets/korea or
# of a world reporter, in English and Korean where the defect was in both.
# Figures a sentence must give are computed here from the CSVs, not taken
# from tradebrief.
. "$TB_ROOT/tests/lib.sh"
cd "$TB_ROOT"
unset SOURCE_DATE_EPOCH

flat() { pdftotext "$1" - 2>/dev/null | tr -d ' \n\t\f'; }
has() { # FILE TEXT DESCRIPTION
    want=$(printf '%s' "$2" | tr -d ' \n\t')
    if flat "$1" | grep -qF -- "$want"; then ok; else bad "$3: text lacks '$2'"; fi
}
hasnt() { # FILE TEXT DESCRIPTION
    want=$(printf '%s' "$2" | tr -d ' \n\t')
    if flat "$1" | grep -qF -- "$want"; then bad "$3: text has '$2'"; else ok; fi
}
# sentence FILE START: the text from START to the next full stop.
sentence() { flat "$1" | grep -o -- "$(printf '%s' "$2" | tr -d ' ').*" | sed -E 's/([^0-9])\.([^0-9]|$).*/\1./' | head -1; }
# Under a wrapper (valgrind) one briefing of each kind goes through it:
# the key is the language and the options (datasets/world, --partner, ...),
# not the month; the others are made by the binary as it is.
brief() { # NAME ARGS...: a report into $WORK/NAME.pdf, which must succeed
    name=$1; shift
    key=report
    for a in "$@"; do case $a in ko|-*|datasets/world) key="$key$a" ;; esac; done
    sampled "$key" report "$@" --out "$WORK/$name.pdf"
    expect_status 0 "report $name"
}

for m in 2023-04 2023-12 2024-02 2024-03 2026-02; do
    brief "$m.en" datasets/korea --month "$m"
    brief "$m.ko" datasets/korea --month "$m" --lang ko
done

# 1. A list introduced as complete is complete: every item that moved by
# 20% or more (from items.csv), the largest falls included.
python3 - >"$WORK/swings" <<'PY'
import csv
v = {}
for r in csv.DictReader(open("datasets/korea/items.csv")):
    if r["flow"] == "export":
        v[(r["period"], r["product"])] = float(r["value"])
codes = sorted({p for (_, p) in v})
for c in codes:
    g = (v[("2023-04", c)] / v[("2022-04", c)] - 1) * 100
    if g <= -20: print("down", c)
    elif g >= 20: print("up", c)
PY
expect_eq "$(grep -c down "$WORK/swings") $(grep -c up "$WORK/swings")" "6 2" "2023-04: 6 items fell and 2 rose by 20% or more (CSV)"
EN_DOWN=$(sentence "$WORK/2023-04.en.pdf" "Down 20% or more")
KO_DOWN=$(sentence "$WORK/2023-04.ko.pdf" "20% 이상 감소한 품목은")
while IFS=: read -r code en ko; do
    grep -qx "down $code" "$WORK/swings" || bad "1: $code is not a 20% fall in the CSV"
    case "$EN_DOWN" in *"$en"*) ok ;; *) bad "1: en list of falls lacks $en: $EN_DOWN" ;; esac
    case "$KO_DOWN" in *"$ko"*) ok ;; *) bad "1: ko list of falls lacks $ko: $KO_DOWN" ;; esac
done <<'LIST'
COMPUTERS:computersandperipherals(−69.0%):컴퓨터주변기기(−69.0%)
APPLIANCES:homeappliances(−42.1%):가전제품(−42.1%)
SEMI:semiconductors(−40.6%):반도체(−40.6%)
PETRO:petroleumproducts(−28.8%):석유제품(−28.8%)
WIRELESS:wirelesscommunicationdevices(−25.8%):무선통신기기(−25.8%)
PRECISION:precisioninstruments(−20.0%):정밀기기(−20.0%)
LIST
has "$WORK/2023-04.en.pdf" "Up 20% or more on a year earlier: ships (+62.6%) and passenger cars (+40.9%)." "1: rises, en"
has "$WORK/2023-04.ko.pdf" "전년 동월 대비 20% 이상 증가한 품목은 선박(+62.6%), 승용차(+40.9%)입니다." "1: rises, ko"

# 2. The item table's contributions add up: an "Other items" row, total
# exports less the ten items, from the CSVs.
OTHER=$(python3 - <<'PY'
import csv
tot, it = {}, {}
for r in csv.DictReader(open("datasets/korea/totals.csv")):
    if r["flow"] == "export" and r["partner"] == "WLD" and r["product"] == "TOTAL":
        tot[r["period"]] = float(r["value"])
for r in csv.DictReader(open("datasets/korea/items.csv")):
    if r["flow"] == "export":
        it[r["period"]] = it.get(r["period"], 0) + float(r["value"])
o, o0 = tot["2024-03"] - it["2024-03"], tot["2023-03"] - it["2023-03"]
print("%.1f %.1f %+.1f%% %.1f%% %+.1fpp" % (o / 1e6, o / 1e5, (o / o0 - 1) * 100, o / tot["2024-03"] * 100,
                                      (o - o0) / tot["2023-03"] * 100))
PY
)
expect_eq "$OTHER" "22.2 221.9 -7.6% 39.3% -3.3pp" "2: other items from the CSVs"
has "$WORK/2024-03.en.pdf" "Other items 22.2 −7.6% 39.3% −3.3 pp" "2: Other items row, en"
has "$WORK/2024-03.ko.pdf" "기타 품목 221.9 −7.6% 39.3% −3.3%p" "2: Other items row, ko"
has "$WORK/2024-03.en.pdf" 'with "Other items" the contributions add up to the growth of the total' "2: note, en"
hasnt "$WORK/2024-03.en.pdf" "contributions add up to the growth of the total. *Consecutive" "2: old note"

# 3. Coverage in words, from the data: destinations.csv has no row for
# 2024-03 or 2026-02 (the destination series pause from 2023-10 to 2026-04
# and run again from 2026-05), so those briefings say the month is missing
# in this dataset, and nothing about publication by the source.
DEST=$(python3 -c 'import csv; p = {r["period"] for r in csv.DictReader(open("datasets/korea/destinations.csv"))}; print(min(p), max(p), "2023-09" in p, "2023-10" in p, "2024-03" in p, "2026-02" in p, "2026-05" in p)')
expect_eq "$DEST" "2000-01 2026-07 True False False False True" "3: destinations 2000-01..2023-09 and 2026-05..07 (CSV)"
for m in 2024-03:March 2026-02:February; do
    mo=${m%%:*}; name=${m#*:}; y=${mo%%-*}; mm=$(echo "${mo#*-}" | sed 's/^0//')
    has "$WORK/$mo.en.pdf" "This dataset has no exports by destination for $name $y" "3: $mo en"
    hasnt "$WORK/$mo.en.pdf" "once the source publishes them" "3: $mo en"
    has "$WORK/$mo.ko.pdf" "이 데이터셋에는 ${y}년 ${mm}월 지역별 수출 자료가 없어" "3: $mo ko"
    hasnt "$WORK/$mo.ko.pdf" "자료가 공표되면 반영됩니다" "3: $mo ko"
done
has "$WORK/2024-03.en.pdf" "the destination series from January 2000 to July 2026" "3: where the destination series run, en"

# 4. Records as computed: per series, since its first month; items from
# 2016 (items.csv), totals from 1991.
has "$WORK/2024-03.en.pdf" "the item series from January 2016" "4: item series start, en"
has "$WORK/2024-03.en.pdf" "the second-highest March since the series began in 1991" "4: same-month rank, en"
has "$WORK/2024-03.ko.pdf" "1991년 통계 작성 이후 역대 3월 중 2위 실적입니다" "4: same-month rank, ko"
hasnt "$WORK/2024-03.en.pdf" "among all months in the data" "4: old definition, en"
hasnt "$WORK/2024-03.ko.pdf" "자료 전체 기간 중" "4: old definition, ko"

# 5. No "longest since" citing the previous run of its kind; 2023-04's run
# of falls passes over shorter ones and is still stated.
hasnt "$WORK/2024-03.en.pdf" "longest since the 23 months from November 2020" "5: 2024-03 en"
hasnt "$WORK/2024-03.ko.pdf" "2020년 11월부터 2022년 9월까지" "5: 2024-03 ko"
hasnt "$WORK/2026-02.en.pdf" "since the 19 months from June 2023 to December 2024" "5: 2026-02 en"
hasnt "$WORK/2026-02.ko.pdf" "2023년 6월부터 2024년 12월까지" "5: 2026-02 ko"
has "$WORK/2023-04.en.pdf" "is the longest since the 14 months from December 2018 to January 2020" "5: 2023-04 en"

# 6. Korean: the kind of run named, no English in the note, "이상".
has "$WORK/2023-04.ko.pdf" "2018년 12월부터 2020년 1월까지 이어진 14개월 연속 감소 이후 최장 기록입니다" "6: longest since, ko"
hasnt "$WORK/2024-03.ko.pdf" "customs" "6: basis in Korean"
has "$WORK/2024-03.ko.pdf" "기준은 관세청 통관 기준, 계절조정 전입니다" "6: basis in Korean"
has "$WORK/2024-03.ko.pdf" "11개월 연속 500억 달러 이상을 기록했습니다" "6: at or above, ko"
hasnt "$WORK/2024-03.ko.pdf" "넘었습니다" "6: not 'exceeded'"

# 7. March: the first quarter once, not "three months to March" again.
has "$WORK/2024-03.en.pdf" "In the first quarter, exports totalled \$163.3 billion, up 8.0%" "7: en"
hasnt "$WORK/2024-03.en.pdf" "In the three months to March" "7: en"
has "$WORK/2024-03.ko.pdf" "1분기 수출은 1,633억 달러로" "7: ko"
hasnt "$WORK/2024-03.ko.pdf" "최근 3개월(" "7: ko"

# 8. The trend says what it is: a fitted line, not an annual growth rate.
hasnt "$WORK/2024-03.en.pdf" "by about 5.7% a year" "8: en"
has "$WORK/2024-03.en.pdf" "a straight line fitted to the monthly values rises by about" "8: en"
hasnt "$WORK/2024-03.ko.pdf" "연평균" "8: ko"

# 9. No threshold streak in a month when exports fell 14.5%.
hasnt "$WORK/2023-04.en.pdf" "at or above \$40 billion for 32 months" "9: en"
hasnt "$WORK/2023-04.ko.pdf" "32개월 연속 400억 달러" "9: ko"

# 10. A briefing about a product or a partner says so.
brief semi.en datasets/korea --product SEMI --month 2024-03
brief semi.ko datasets/korea --product SEMI --month 2024-03 --lang ko
brief chn.en datasets/korea --partner CHN --month 2023-04
brief chn.ko datasets/korea --partner CHN --month 2023-04 --lang ko
has "$WORK/semi.en.pdf" "Korea: trade in semiconductors, March 2024" "10: title, product"
has "$WORK/semi.en.pdf" "Exports of semiconductors rose 34.5% year on year" "10: sentence, product"
has "$WORK/semi.ko.pdf" "반도체 수출은" "10: sentence, product, ko"
has "$WORK/chn.en.pdf" "Korea and China: trade in goods, April 2023" "10: title, partner"
has "$WORK/chn.en.pdf" "Exports to China fell" "10: sentence, partner"
has "$WORK/chn.ko.pdf" "대중국 수출은" "10: sentence, partner, ko"
hasnt "$WORK/semi.en.pdf" "Korea: trade in goods" "10: not the whole"

# 11. A missing series is not a sentence; a month without data is refused.
brief ago.en datasets/world --reporter AGO
brief ago.ko datasets/world --reporter AGO --lang ko
hasnt "$WORK/ago.en.pdf" "and imports –" "11: en"
hasnt "$WORK/ago.en.pdf" "Imports are not available" "11: en"
hasnt "$WORK/ago.ko.pdf" "수입 자료는" "11: ko"
# datasets/korea without its 2026-07 totals: the items still have 2026-07,
# so the month is inside the calendar but has no headline series.
mkdir -p "$WORK/nohead"; cp datasets/korea/*.csv datasets/korea/dataset.yaml "$WORK/nohead/"
awk -F, '$1 != "2026-07"' datasets/korea/totals.csv >"$WORK/nohead/totals.csv"
run report "$WORK/nohead" --month 2026-07 --out "$WORK/none.pdf"
expect_status 2 "11: a month without exports or imports is refused"
expect_err "no exports or imports for 2026-07" "11: the message says why"
[ ! -e "$WORK/none.pdf" ] && ok || bad "11: a refused report wrote a file"

# 12. Boilerplate only where it fits the data.
hasnt "$WORK/ago.en.pdf" "Contribution:" "12: no contribution definition without items"
hasnt "$WORK/ago.en.pdf" "Working days." "12: no working-day paragraph without a calendar"
hasnt "$WORK/ago.ko.pdf" "조업일수" "12: no working-day paragraph, ko"
hasnt "$WORK/2024-03.en.pdf" "preliminary" "12: no claim that the figures are preliminary"
hasnt "$WORK/2024-02.en.pdf" "strongest month for exports so far this year" "12: not in February"
hasnt "$WORK/2024-02.ko.pdf" "올해 들어 가장 많습니다" "12: not in February, ko"
has "$WORK/2023-12.en.pdf" "In 2023 as a whole, exports totalled" "12: December, en"
hasnt "$WORK/2023-12.en.pdf" "Over the last twelve months" "12: December says the year once"
has "$WORK/2023-12.ko.pdf" "2023년 연간 수출은" "12: December, ko"
hasnt "$WORK/2023-12.ko.pdf" "최근 12개월 수출 합계" "12: December, ko"

# 13. A run broken only by a missing month (NIC, 2017-12 missing in
# trade.csv), and no record on a short history.
NIC=$(python3 - <<'PY'
import csv
v = {}
for r in csv.DictReader(open("datasets/world/trade.csv")):
    if r["reporter"] == "NIC" and r["partner"] == "WLD" and r["product"] == "TOTAL":
        v.setdefault(r["period"], {})[r["flow"]] = float(r["value"])
b = {p: f["export"] - f["import"] for p, f in v.items() if "export" in f and "import" in f}
last = max(b)
print(min(b), last, all(x < 0 for x in b.values()), "2017-12" in b)
PY
)
expect_eq "$NIC" "1994-12 2019-04 True False" "13: NIC: every month with data since 1994-12 is a deficit, 2017-12 missing (CSV)"
brief nic.en datasets/world --reporter NIC
brief nic.ko datasets/world --reporter NIC --lang ko
hasnt "$WORK/nic.en.pdf" "sixteenth consecutive month" "13: en"
has "$WORK/nic.en.pdf" "as in every month with data since December 1994" "13: en"
has "$WORK/nic.ko.pdf" "1994년 12월 이후 자료가 있는 모든 달에 적자입니다" "13: ko"
# ... and the balance section names the month without data, not a count
has "$WORK/nic.en.pdf" "(no data for December 2017)" "13: en names the missing month"
hasnt "$WORK/nic.en.pdf" "1 month has no data" "13: en"
has "$WORK/nic.ko.pdf" "(자료 없는 달: 2017년 12월)" "13: ko names the missing month"
# datasets/korea cut to start in 2001: in 2002-11 exports are the highest
# of 23 months, which is no record.
mkdir -p "$WORK/from2001"; cp datasets/korea/dataset.yaml "$WORK/from2001/"
for f in datasets/korea/*.csv; do
    awk -F, 'NR == 1 || $1 >= "2001-01"' "$f" >"$WORK/from2001/$(basename "$f")"
done
brief short.en "$WORK/from2001" --month 2002-11
brief short.ko "$WORK/from2001" --month 2002-11 --lang ko
for t in "on record" "since the series began in"; do
    hasnt "$WORK/short.en.pdf" "$t" "13: no record on 23 months"
done
hasnt "$WORK/short.ko.pdf" "역대" "13: no record on 23 months, ko"
hasnt "$WORK/short.ko.pdf" "년 통계 작성 이후" "13: no record on 23 months, ko"

# 14. A reporter with imports only gets a briefing about its imports; one
# language per document.
for r in GEO HTI KAZ KGZ; do
    brief "$r" datasets/world --reporter "$r"
done
has "$WORK/GEO.pdf" "Georgia: trade in goods" "14: GEO title"
hasnt "$WORK/GEO.pdf" "Exports are not available" "14: GEO no exports sentence"
if flat "$WORK/GEO.pdf" | grep -qE 'Imports(rose|fell)[0-9.]+%yearonyearto'; then ok; else bad "14: GEO imports sentence"; fi
run report datasets/korea --month 2024-03 --lang ko --template templates/monthly-briefing.tmpl --out "$WORK/mixed.pdf"
expect_status 2 "14: an English template with --lang ko is refused"
[ ! -e "$WORK/mixed.pdf" ] && ok || bad "14: a refused report wrote a file"

# 15. docs/templates.md's first example, run on a month when exports fell,
# does not say "fell ... up".
awk '/^## 1\. A first template/{s=1} s&&/^```$/{n++; if(n==1)next; if(n==2)exit} s&&n==1' docs/templates.md >"$WORK/first.tmpl"
grep -q '^@title' "$WORK/first.tmpl" && ok || bad "15: first example not found in docs/templates.md"
brief first datasets/korea --month 2023-04 --template "$WORK/first.tmpl"
has "$WORK/first.pdf" "Exports fell 14.5% year on year to \$49.4 billion, down for the seventh consecutive month." "15: falling month"

# 16. The month's news names the flow of a member ("Exports of passenger
# cars", "Exports to the United States", "승용차 수출은", "대미국 수출은"),
# not the bare member, and a member in two breakdowns of one flow (partners
# and regions) is one event.  The cars' record run of 2023-11 is checked
# from items.csv: every month from 2022-07 to 2023-11 beat all earlier
# years' same month.
python3 - >"$WORK/cars" <<'PY'
import csv
v = {}
for r in csv.DictReader(open("datasets/korea/items.csv")):
    if r["flow"] == "export" and r["product"] == "CARS":
        v[r["period"]] = float(r["value"])
run = 0
for y, m in [(2022, k) for k in range(7, 13)] + [(2023, k) for k in range(1, 12)]:
    best = max(x for p, x in v.items() if p.endswith("-%02d" % m) and p < "%d-%02d" % (y, m))
    run += v["%d-%02d" % (y, m)] > best
print(run)
PY
expect_eq "$(cat "$WORK/cars")" "17" "16: cars beat every earlier same month 17 times to 2023-11 (CSV)"
for m in 2023-11 2025-03 2019-12 2020-11; do
    brief "n$m.en" datasets/korea --month "$m"
    brief "n$m.ko" datasets/korea --month "$m" --lang ko
done
has "$WORK/n2023-11.en.pdf" "Exports of passenger cars set a record for the calendar month for the seventeenth consecutive month (since the series began in 2016)." "16: 2023-11 en"
has "$WORK/n2023-11.en.pdf" "Exports of passenger cars from January to November were" "16: 2023-11 en ytd"
has "$WORK/n2023-11.ko.pdf" "승용차 수출은 2016년 통계 작성 이후 17개월 연속 해당 월 기준 역대 최대를" "16: 2023-11 ko"
has "$WORK/n2025-03.en.pdf" "Exports of ships topped \$3 billion for the first time in any March (since the series began in 2016)." "16: 2025-03 en"
has "$WORK/n2025-03.ko.pdf" "선박 수출은 2016년 통계 작성 이후 3월 기준 처음으로" "16: 2025-03 ko"
has "$WORK/n2019-12.en.pdf" "Exports to the United States for the year were" "16: 2019-12 en partner"
has "$WORK/n2019-12.ko.pdf" "대미국 수출은 2000년 통계 작성 이후 연간 기준" "16: 2019-12 ko partner"
has "$WORK/n2020-11.en.pdf" "The number of export items rising was the highest since January 2018." "16: 2020-11 en breadth"
has "$WORK/n2020-11.ko.pdf" "수출이 증가한 품목 수는 2018년 1월 이후" "16: 2020-11 ko breadth"
for m in 2023-11 2025-03 2019-12 2020-11; do
    news=$(sentence "$WORK/n$m.en.pdf" "The month's news.")
    for bare in "Passengercars" "Ships" "Semiconductors" "UnitedStates" "Computersandperipherals"; do
        case "$(flat "$WORK/n$m.en.pdf")" in *"news.$bare"* | *".$bare"[a-z]*) bad "16: $m en has the bare subject $bare" ;; *) ok ;; esac
    done
    [ -n "$news" ] && ok || bad "16: $m en has no news"
done
n=$(flat "$WORK/n2019-12.en.pdf" | grep -o "ExportstotheUnitedStatesfortheyear" | wc -l)
expect_eq "$n" "1" "16: 2019-12 partners.USA and regions.USA stated once"
brief chn.en datasets/korea --month 2023-04 --partner CHN
has "$WORK/chn.en.pdf" "between Korea and China." "16: lead line, no article for China"
brief usa.en datasets/korea --month 2023-04 --partner USA
has "$WORK/usa.en.pdf" "between Korea and the United States." "16: lead line, the United States"
has "$WORK/usa.en.pdf" "Exports to the United States" "16: --partner USA subject"

# 12 (news). A record or a first in the month's news says since when the
# records run, from the subject's own series: the first month of the news
# subject's history in the stats JSON (read here, not from the template).
# (under a wrapper, the first month's runs go through it, checked)
wrap=$TB_WRAP
for m in 2023-11 2025-03 2019-12 2026-07; do
    for l in en ko; do
        $wrap "$TB_BIN" stats datasets/korea --month "$m" >"$WORK/ns.json" 2>"$WORK/ns.err"
        wrapcheck $? "$WORK/ns.err" "stats $m"
        $wrap "$TB_BIN" report datasets/korea --month "$m" --lang $l --format text >"$WORK/ns.$l.txt" 2>"$WORK/ns.err"
        wrapcheck $? "$WORK/ns.err" "report $m --lang $l --format text"
        python3 - "$WORK/ns.json" "$WORK/ns.$l.txt" $l <<'PY' >"$WORK/ns.out" && ok || { bad "12: $m $l news records without since"; cat "$WORK/ns.out"; }
import json, re, sys
d = json.load(open(sys.argv[1])); lang = sys.argv[3]
head = "The month's news." if lang == "en" else "이달의 주요 소식."
paras = open(sys.argv[2], encoding="utf-8").read().split("\n\n")
news = " ".join(re.sub(r"\s+", " ", p) for p in paras if head in p)
records = [n for n in d["notable"][:3] if "record" in n["kind"] or "first" in n["kind"]]
want = "since the series began in %s" if lang == "en" else "%s년 통계 작성 이후"
years = [d_ for d_ in (n["since_start"] for n in records)]
assert all(y for y in years), records
for y in years:
    assert news.count(want % y[:4]) >= 1, (want % y[:4], news)
said = news.count("since the series began in") + news.count("통계 작성 이후")
assert said == len(records), (said, len(records), news)
print("ok", len(records))
PY
    done
    wrap=""
done

finish sentences
