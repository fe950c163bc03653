# End-to-end: `tradebrief charts` writes the standard chart set with
# charts.json (names, SHA-256 of every file), byte-identical across runs
# (separate processes: cairo's SVG id counter, PDF dates), in png, svg and
# pdf, English and Korean; bad input writes nothing.
. "$TB_ROOT/tests/lib.sh"
require python3
cd "$TB_ROOT"

# charts.json lists every file with its real SHA-256 and the expected names.
check_json() { # DIR FORMAT WANT-NAMES
    python3 - "$1" "$2" "$3" <<'PY'
import hashlib, json, os, sys
d, fmt, want = sys.argv[1], sys.argv[2], sys.argv[3].split()
j = json.load(open(os.path.join(d, "charts.json")))
names = [c["name"] for c in j["charts"]]
assert names == want, names
for c in j["charts"]:
    data = open(os.path.join(d, c["file"]), "rb").read()
    assert c["file"] == c["name"] + "." + fmt, c["file"]
    assert hashlib.sha256(data).hexdigest() == c["sha256"], c["file"]
    assert len(data) == c["bytes"], c["file"]
    assert c["spec"]["type"], c
left = sorted(f for f in os.listdir(d) if f.startswith(".") and f != ".tradebrief.lock")
assert not left, left  # no temporary files
print("ok")
PY
}

ALL="exports-imports balance exports-yoy items-yoy items-share partners-yoy partners-share annual items-heatmap"
for fmt in png svg pdf; do
    run charts datasets/korea --month 2023-09 --out "$WORK/$fmt" --format "$fmt"
    expect_status 0 "charts $fmt"
    if check_json "$WORK/$fmt" "$fmt" "$ALL" >"$WORK/c.out" 2>&1; then ok; else bad "charts.json $fmt"; cat "$WORK/c.out"; fi
    # A second run in another process gives the same bytes (the release and
    # ASan runs check it; under valgrind it would only repeat the first).
    [ -n "$TB_WRAP" ] && continue
    run charts datasets/korea --month 2023-09 --out "$WORK/$fmt-again" --format "$fmt"
    if diff -r "$WORK/$fmt" "$WORK/$fmt-again" >/dev/null; then ok; else bad "charts $fmt not byte-identical"; fi
done
expect_eq "$(head -c 8 "$WORK/png/balance.png" | od -An -c | tr -d ' ')" '211PNG\r\n032\n' "PNG signature"
expect_eq "$(head -c 5 "$WORK/pdf/balance.pdf")" "%PDF-" "PDF header"
if need pdftoppm; then
    pdftoppm -r 36 -png -singlefile "$WORK/pdf/balance.pdf" "$WORK/bal" 2>/dev/null
    if [ -s "$WORK/bal.png" ]; then ok; else bad "pdftoppm cannot render balance.pdf"; fi
fi
# Standalone chart PDFs embed font subsets with a text map poppler reads
# without a warning (it used to say "Invalid 'begincidrange' operator").
expect_eq "$(pdftotext "$WORK/pdf/balance.pdf" - 2>&1 | head -2 | tr '\n' '|')" "Trade balance|Korea, monthly, \$bn|" \
    "chart PDF text, no warning"
expect_eq "$(pdffonts "$WORK/pdf/balance.pdf" | awk 'NR > 2 { print $1, $(NF-4), $(NF-3), $(NF-2) }' | sed 's/^[A-Z]*+//' | sort | tr '\n' '|')" \
    "DejaVuSans,Book yes yes yes|DejaVuSans-Bold,Bold yes yes yes|" "chart PDF fonts: embedded subsets with ToUnicode"
if [ "$(wc -c <"$WORK/pdf/balance.pdf")" -lt 40000 ]; then ok; else bad "chart PDF holds whole fonts ($(wc -c <"$WORK/pdf/balance.pdf") bytes)"; fi
if qpdf --check "$WORK/pdf/balance.pdf" >/dev/null 2>&1; then ok; else bad "qpdf --check balance.pdf"; fi

# Every chart's data is written beside it as CSV, listed in charts.json
# and the manifest (verify checks it); SVG charts carry <title> and <desc>
# with the chart's message; no "{unit}" placeholder leaks into charts.json.
expect_eq "$(head -1 "$WORK/svg/annual.csv" | tr -d '\r')" 'year,Exports ($bn),Imports ($bn)' "annual CSV header"
expect_eq "$(grep -c . "$WORK/svg/annual.csv")" "11" "annual CSV: header and ten years"
expect_eq "$(python3 -c "import json; j=json.load(open('$WORK/svg/charts.json')); print(sum(1 for c in j['charts'] if c['data'] == c['name'] + '.csv'))")" \
    "9" "charts.json names every chart's CSV"
expect_eq "$(python3 -c "import json; j=json.load(open('$WORK/svg/manifest.json')); print(sum(1 for a in j['artifacts'] if a['file'].endswith('.csv')))")" \
    "9" "manifest lists every CSV"
run verify "$WORK/svg/manifest.json"
expect_status 0 "verify checks the CSVs"
expect_eq "$(grep -o '<title>[^<]*</title>' "$WORK/svg/balance.svg")" '<title>Trade balance: Korea, monthly, $bn</title>' "SVG title"
if grep -q '<desc>Trade balance in Sep 2023: ' "$WORK/svg/balance.svg"; then ok; else bad "SVG desc"; fi
# Real text in a named font, not glyph outlines.
expect_eq "$(grep -c '<text x="[0-9.]*" y="[0-9.]*" font-family="DejaVu Sans, sans-serif"' "$WORK/svg/balance.svg")" "30" "SVG text elements (29, and the notes file's 2022-02 annotation)"
if grep -q '>Surplus for 4 months</text>' "$WORK/svg/balance.svg"; then ok; else bad "SVG streak label as text"; fi
if grep -q '<symbol' "$WORK/svg/balance.svg"; then bad "SVG glyph outlines"; else ok; fi
if grep -q '{unit}' "$WORK/svg/charts.json"; then bad "{unit} leaks into charts.json"; else ok; fi

# A chart with nothing to draw is not written: with --product SEMI the
# partners' growth has no data in 2026-07.
run charts datasets/korea --month 2026-07 --product SEMI --out "$WORK/semi"
expect_status 0 "charts --product SEMI"
if [ -e "$WORK/semi/partners-yoy.png" ]; then bad "a No-data chart was written"; else ok; fi
expect_eq "$(python3 -c "import json; j=json.load(open('$WORK/semi/charts.json')); print([o['name'] for o in j['omitted']])")" \
    "['balance', 'partners-yoy']" "SEMI: balance and partners' growth omitted"

# --width (points, height scaled alike) and --dpi (PNG pixels per inch).
run charts datasets/korea --month 2023-09 --out "$WORK/sized" --width 400 --dpi 300
expect_status 0 "charts --width 400 --dpi 300"
expect_eq "$(python3 -c "import struct,sys; print(*struct.unpack('>II', open(sys.argv[1], 'rb').read(24)[16:]))" "$WORK/sized/balance.png")" \
    "1667 1042" "400 x 250 pt at 300 dpi"
run charts datasets/korea --out "$WORK/baddpi" --dpi 5x
expect_status 1 "--dpi 5x"
if [ -e "$WORK/baddpi" ]; then bad "output written for a bad --dpi"; else ok; fi

# Korean in March 2024: partner data end in 2023-09, so their charts are
# listed as omitted.
run charts datasets/korea --month 2024-03 --out "$WORK/ko" --lang ko
expect_status 0 "charts --lang ko"
if check_json "$WORK/ko" png "exports-imports balance exports-yoy items-yoy items-share annual items-heatmap" \
    >"$WORK/c.out" 2>&1; then ok; else bad "charts.json ko"; cat "$WORK/c.out"; fi
expect_eq "$(python3 -c "import json; j=json.load(open('$WORK/ko/charts.json')); print(j['lang'], [o['name'] for o in j['omitted']])")" \
    "ko ['partners-yoy', 'partners-share']" "Korean set, partner charts omitted"
expect_eq "$(python3 -c "import json; j=json.load(open('$WORK/ko/charts.json')); print(j['charts'][1]['spec']['highlight']['label'])")" \
    "10개월 연속 흑자" "balance streak label (Korean)"

# The default month is the latest with data.
run charts datasets/korea --out "$WORK/latest"
expect_status 0 "charts, default month"
run stats datasets/korea
expect_eq "$(python3 -c "import json; print(json.load(open('$WORK/latest/charts.json'))['month'])")" \
    "$(printf '%s\n' "$OUT" | python3 -c "import json,sys; print(json.load(sys.stdin)['month'])")" "default month as stats"

# Bad input: nothing written.
run charts datasets/korea --month 2040-01 --out "$WORK/bad"
expect_status 2 "month outside the data"
if [ -e "$WORK/bad" ]; then bad "output directory created for bad input"; else ok; fi
run charts datasets/korea --out "$WORK/fmt" --format gif
if [ "$STATUS" -ne 0 ]; then ok; else bad "unknown format accepted"; fi

# The notes' annotations (datasets/korea/notes.yaml) are listed in
# charts.json for each chart that draws them: the charts over time whose
# months cover them (36 months to 2026-07 for the line and the balance,
# 24 for growth), not the others; in the chart's language.
for lang in en ko; do
    run charts datasets/korea --month 2026-07 --lang $lang --out "$WORK/ann-$lang" --force
    expect_status 0 "charts with annotations ($lang)"
    if python3 - "$WORK/ann-$lang/charts.json" $lang <<'PY'; then ok; else bad "annotations in charts.json ($lang)"; fi
import json, sys
j = json.load(open(sys.argv[1]))
lny, tariffs = ("Lunar New Year", "US reciprocal tariffs") if sys.argv[2] == "en" else ("설 연휴", "미국 상호관세 발표")
want = [{"month": "2025-01", "text": lny}, {"month": "2025-04", "text": tariffs}, {"month": "2026-02", "text": lny}]
got = {c["name"]: c["spec"].get("annotations") for c in j["charts"]}
for name in ("exports-imports", "balance", "exports-yoy"):
    assert got[name] == want, (name, got[name])
for name in ("items-yoy", "annual", "items-heatmap"):
    assert got[name] is None, (name, got[name])
PY
done

finish charts
