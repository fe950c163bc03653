# End-to-end: agency formats (issue 13, item 4).  Real files load as the
# agencies publish them (tests/data/agency: Japan's MOF file, the US Census
# file, FRED's, ECOS exports in CP949 and UTF-16, SDMX-CSV in the IMF's
# layout); values are checked against the raw files with Python, and bad
# input in these formats gets file:line:column messages and exit 2.
. "$TB_ROOT/tests/lib.sh"
require python3
cd "$TB_ROOT"
D=tests/data/agency

# value DATASET FLOW [ARGS...]: the reference month and FLOW's value from stats
value() {
    ds=$1 flow=$2; shift 2
    tb stats "$ds" "$@" | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['month'], repr(d['series']['$flow']['value']))"
}

# Japan's MOF: ";"-separated, periods 2001/01, thousand yen.
run check "$D/mof"
expect_status 0 "mof loads as published"
expect_out "calendar: 2001-01 .. 2019-12 (228 months)" "mof: calendar"
want=$(python3 -c "
import csv; r = list(csv.reader(open('$D/mof/mof_japan_china_monthly_2001_2019_kjpy.csv'), delimiter=';'))
print(r[-1][0].replace('/', '-'), repr(float(r[-1][2])))")
expect_eq "$(value "$D/mof" imports)" "$want" "mof: last month's imports as in the raw file"

# US Census: periods "January 2001", thousands separators, a given balance.
run check "$D/census"
expect_status 0 "census loads as published"
expect_out "screen: 0 warnings" "census: the given balance agrees with exports - imports"
want=$(python3 -c "
import csv, datetime
r = list(csv.reader(open('$D/census/census_usa_china_monthly_2001_2019_musd.csv'), delimiter=';'))
row = [x for x in r if x[0] == 'March 2007'][0]
print('2007-03', repr(float(row[1].replace(',', ''))))")
expect_eq "$(value "$D/census" exports --month 2007-03)" "$want" "census: March 2007 exports as in the raw file"

# FRED: periods 1985-01-01; bilateral, so the partner is asked for.
run stats "$D/fred"
expect_status 2 "fred: no WLD series"
expect_err "$D/fred: the dataset's partners: KOR; choose with --partner CODE or set partner: CODE in dataset.yaml" "fred: the hint"
want=$(python3 -c "
import csv; r = [x for x in csv.reader(open('$D/fred/fred_IMPKR_us_imports_from_korea_NSA_1985_2026_musd.csv')) if x and x[1]]
print(r[-1][0][:7], repr(float(r[-1][1])))")
expect_eq "$(echo "$want" | cut -c1-4)" "2026" "fred: the raw file runs to 2026"
expect_eq "$(value "$D/fred" imports --partner KOR --month "$(echo "$want" | cut -c1-7)")" "$want" "fred: last imports as in the raw file"

# ECOS exports in CP949 and in UTF-16 (with a BOM): the same values as the
# UTF-8 original.
for enc in cp949 utf16; do
    run check "$D/$enc"
    expect_status 0 "$enc loads"
    expect_eq "$(value "$D/$enc" exports --month 2026-02)" "2026-02 67650689.0" "$enc: 2026-02 exports as in the original"
done
expect_eq "$(grep '^202602,' datasets/vintages/korea-exports-2026-07/exports.csv)" "202602,67650689" "the original's 2026-02 row"

# SDMX-CSV (IMF layout): codes mapped, FREQ A rows skipped, OBS_STATUS in the screen.
run check "$D/sdmx"
expect_status 0 "sdmx loads"
expect_out "codes: 3 reporters, 1 partners, 1 products" "sdmx: KR JP CN mapped"
expect_err "$D/sdmx/imts.csv:408: warning: KOR export WLD TOTAL 2024-08: status: the source flags 2024-08 .. 2024-10 provisional (OBS_STATUS P)" "sdmx: provisional months"
expect_err "warning: JPN import WLD TOTAL 2020-05: status: the source flags 2020-05 estimated (OBS_STATUS E)" "sdmx: an estimate"
want=$(awk -F, '$1 == "2024-10" && $2 == "KOR" && $3 == "export" { print $1, $6 + 0 }' datasets/world/trade.csv)
got=$(value "$D/sdmx" exports | awk '{ print $1, $2 + 0 }')
expect_eq "$got" "$want" "sdmx: KOR exports 2024-10 as in the world dataset"
expect_eq "$(value "$D/sdmx" exports --reporter JPN --month 2023-06 | awk '{ print $2 + 0 }')" \
    "$(awk -F, '$1 == "2023-06" && $2 == "JPN" && $3 == "export" { print $6 + 0 }' datasets/world/trade.csv)" "sdmx: JPN, a monthly value (not the annual row)"

# Bad input.
bad_copy() { rm -rf "$WORK/$2"; cp -r "$D/$1" "$WORK/$2"; }
bad_copy cp949 nocp
sed -i '/encoding/d' "$WORK/nocp/dataset.yaml"
run check "$WORK/nocp"
expect_status 2 "cp949 without encoding"
expect_err "$WORK/nocp/exports.csv:1:1: the header is not UTF-8: set encoding: cp949 (or euc-kr, latin1, ...) in the file's entry of the manifest" "cp949: the hint, once"
expect_eq "$(printf '%s\n' "$ERR" | wc -l)" "1" "cp949 without encoding: one message"
bad_copy utf16 nou16
sed -i '/encoding/d' "$WORK/nou16/dataset.yaml"
run check "$WORK/nou16"
expect_err "$WORK/nou16/exports.csv:1:1: the header is not UTF-8: set encoding: utf-16" "utf-16: the hint"
bad_copy cp949 badbyte
python3 -c "
p = '$WORK/badbyte/exports.csv'; b = open(p, 'rb').read().split(b'\n')
b[4] = b[4].replace(b',', b',\xff\xfe', 1); open(p, 'wb').write(b'\n'.join(b))"
run check "$WORK/badbyte"
expect_status 2 "an invalid cp949 byte"
expect_err "$WORK/badbyte/exports.csv:5:2: invalid byte sequence in cp949" "invalid byte at its line and field"
bad_copy cp949 badenc
sed -i 's/encoding: cp949/encoding: klingon/' "$WORK/badenc/dataset.yaml"
run check "$WORK/badenc"
expect_err "$WORK/badenc/dataset.yaml:8:15: unknown encoding (iconv names such as cp949, euc-kr, utf-16, latin1) (found: \"klingon\")" "unknown encoding"
bad_copy mof badpat
sed -i 's|"%Y/%m"|"%Y/%q"|' "$WORK/badpat/dataset.yaml"
run check "$WORK/badpat"
expect_err "$WORK/badpat/dataset.yaml:12:20: period_format: unknown conversion (known: %Y %y %m %b %B %d %%) (found: \"%Y/%q\")" "bad pattern"
bad_copy mof wrongpat
sed -i 's|"%Y/%m"|"%Y-%m"|' "$WORK/wrongpat/dataset.yaml"
run check "$WORK/wrongpat"
expect_status 2 "a period that does not match the pattern"
expect_err "$WORK/wrongpat/mof_japan_china_monthly_2001_2019_kjpy.csv:2:1: invalid period, expected %Y-%m (found: \"2001/01\")" "pattern mismatch at file:line:column"
bad_copy sdmx sdmxbad
sed -i '5s/2019-M01/2019-M13/' "$WORK/sdmxbad/imts.csv"
sed -i 's/TXG_FOB_USD: export, //' "$WORK/sdmxbad/dataset.yaml"
run check "$WORK/sdmxbad"
expect_status 2 "sdmx: bad rows"
expect_err "$WORK/sdmxbad/imts.csv:2:3: unknown flow, expected export, import or balance (found: \"TXG_FOB_USD\")" "sdmx: an unmapped flow code"
expect_err "$WORK/sdmxbad/imts.csv:5:6: invalid period, expected YYYY-MM or YYYY-Mmm (found: \"2019-M13\")" "sdmx: a bad period"

# Country names from iso-codes where the manifest gives none.
if [ -f /usr/share/iso-codes/json/iso_3166-1.json ]; then
    run report "$D/mof" --format text
    expect_out "% title: Japan and China: trade in goods, December 2019" "iso-codes: English names"
    run report "$D/mof" --format text --lang ko
    expect_out "% title: 2019년 12월 일본·중국 수출입 동향" "iso-codes: Korean names"
    run report "$D/fred" --partner KOR --format text
    expect_out "United States and South Korea" "iso-codes: the common name"
    run report datasets/korea --format text --partner CHN
    expect_eq "$(printf '%s\n' "$OUT" | grep -c 'People')" "0" "manifest names win over iso-codes"
else
    skip "no iso-codes"
fi

# Flow names default to Exports/Imports/Trade balance and 수출/수입/무역수지.
run charts "$D/mof" --format svg --out "$WORK/ch-en"
expect_eq "$(grep -o '"label": "[A-Za-z ]*"' "$WORK/ch-en/charts.json" | sort -u | tr '\n' '|')" \
    '"label": "Exports"|"label": "Imports"|"label": "Trade balance"|' "default flow names (en)"
run charts "$D/mof" --format svg --lang ko --out "$WORK/ch-ko"
expect_eq "$(grep -c '"label": "수출"' "$WORK/ch-ko/charts.json")" "3" "default flow names (ko)"

# Manifests that forgive the common mistakes: one message that names the fix.
slip() { rm -rf "$WORK/$1"; cp -r "$D/$2" "$WORK/$1"; }
slip tab mof
sed -i 's/^    delimiter/\tdelimiter/' "$WORK/tab/dataset.yaml"
run check "$WORK/tab"
expect_err "$WORK/tab/dataset.yaml:10:1: invalid YAML: tabs are not allowed for indentation; indent with spaces" "a tab in the YAML"
slip delim mof
sed -i '/delimiter/d' "$WORK/delim/dataset.yaml"
run check "$WORK/delim"
expect_err "$WORK/delim/mof_japan_china_monthly_2001_2019_kjpy.csv:1:1: the header is one column but holds \";\": set delimiter: \";\"" "a ; file read with ,"
expect_eq "$(printf '%s\n' "$ERR" | wc -l)" "1" "delimiter: one message"
slip thou census
sed -i '/thousands/d' "$WORK/thou/dataset.yaml"
run check "$WORK/thou"
expect_status 2 "thousands separators without thousands:"
expect_err "$WORK/thou/census_usa_china_monthly_2001_2019_musd.csv:2:2: a number with thousands separators in column \"Exports\": set thousands: \",\"" "thousands: the fix"
expect_eq "$(printf '%s\n' "$ERR" | wc -l)" "1" "thousands: one message, not 228"
slip per mof
sed -i '/period: Date/d' "$WORK/per/dataset.yaml"
run check "$WORK/per"
expect_err "per/mof_japan_china_monthly_2001_2019_kjpy.csv:1:1: missing period column \"period\" in the header: name it in the manifest (period: the first column's header?) (found: \"Date\")" "wide file without period:"
slip dup mof
sed -i 's/Imports: {flow: import/Imports: {flow: export/' "$WORK/dup/dataset.yaml"
run check "$WORK/dup"
expect_err "$WORK/dup/dataset.yaml:15:7: columns \"Imports\" and \"Exports\" (mapped at 14:7) map to the same series" "two columns, one series"
# A file in million USD in a dataset of thousand USD is converted.
slip unit census
sed -i 's/thousands: ","/&\n    unit: {currency: USD, multiplier: 1000000}/; s/^unit: {currency: USD, multiplier: 1000000}/unit: {currency: USD, multiplier: 1000}/' "$WORK/unit/dataset.yaml"
expect_eq "$(value "$WORK/unit" exports --month 2007-03)" "2007-03 5425400.0" "million USD converted to thousands (5,425.4 in the raw file)"

# init drafts a manifest from the files as published; a new user edits the
# lines marked "# edit" and the dataset loads.
for f in census mof fred; do
    mkdir -p "$WORK/init-$f"
    cp "$D/$f"/*.csv "$WORK/init-$f/"
    run init "$WORK/init-$f"/*.csv
    expect_status 0 "init $f"
    printf '%s\n' "$OUT" >"$WORK/init-$f/dataset.yaml"
done
expect_eq "$(grep -E 'delimiter|thousands|period_format|unit:' "$WORK/init-census/dataset.yaml" | tr -s ' ' | tr '\n' '|')" \
    "unit: {currency: USD, multiplier: 1000000} # from the file name| delimiter: \";\"| thousands: \",\"| period_format: \"%B %Y\"|" "init census: delimiter, thousands, period, unit"
expect_eq "$(grep -c 'flow: balance' "$WORK/init-census/dataset.yaml")" "1" "init census: the balance column"
expect_eq "$(grep -E 'period_format|unit:' "$WORK/init-mof/dataset.yaml" | tr -s ' ' | tr '\n' '|')" \
    "unit: {currency: JPY, multiplier: 1000} # from the file name| period_format: \"%Y/%m\"|" "init mof: yen, 2001/01"
expect_eq "$(grep -c 'period_format: \"%Y-%m-%d\"' "$WORK/init-fred/dataset.yaml")" "2" "init fred: both files dated on days"
sed -i 's/^reporter: XXX.*/reporter: USA/; s/^# partner: WLD.*/partner: CHN/; s/partner: WLD/partner: CHN/' "$WORK/init-census/dataset.yaml"
run check "$WORK/init-census"
expect_status 0 "init census: loads after the edits"
expect_eq "$(value "$WORK/init-census" exports --month 2007-03)" "2007-03 5425.4" "init census: March 2007 exports"
sed -i 's/^reporter: XXX.*/reporter: JPN/; s/^# partner: WLD.*/partner: CHN/; s/partner: WLD/partner: CHN/' "$WORK/init-mof/dataset.yaml"
run check "$WORK/init-mof"
expect_status 0 "init mof: loads after the edits"
sed -i 's/^reporter: XXX.*/reporter: USA/; s/^# partner: WLD.*/partner: KOR/; s/partner: WLD/partner: KOR/' "$WORK/init-fred/dataset.yaml"
run stats "$WORK/init-fred"
expect_status 0 "init fred: stats after the edits"
mkdir -p "$WORK/init-cp"
cp "$D/cp949/exports.csv" "$WORK/init-cp/"
run init "$WORK/init-cp/exports.csv"
expect_out "    encoding: cp949  # guessed: the file is not UTF-8" "init: a CP949 file"
expect_out '      "값": {flow: export, partner: WLD, product: TOTAL}  # edit: which flow, partner and product?' "init: the Korean header, converted"
run init "$WORK/no-such.csv"
expect_status 2 "init: a missing file"

finish agency
