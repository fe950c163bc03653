# End-to-end: `tradebrief report` writes the monthly briefing PDF.  For
# datasets/korea, March 2024 (figures checked against the CSV here, not
# taken from the program): the PDF shows the month's figures and the
# document's text; qpdf finds no damage; every font is embedded; the
# metadata, page count (4-8) and bookmarks are right; two runs give the
# same bytes; bad input writes nothing and leaves no temporary file.  The
# wording of the shipped templates is not asserted here (authors edit it):
# tests/e2e/golden.sh compares their text with tests/golden/.
. "$TB_ROOT/tests/lib.sh"
require python3 pdftotext pdfinfo pdffonts qpdf
cd "$TB_ROOT"
unset SOURCE_DATE_EPOCH

# The figures, from the CSV: exports 56,518,309 vs 54,882,484 thousand USD.
FIG=$(python3 - <<'PY'
import csv
v = {}
for r in csv.DictReader(open("datasets/korea/totals.csv")):
    if r["partner"] == "WLD" and r["product"] == "TOTAL":
        v[(r["period"], r["flow"])] = float(r["value"])
ex, ex0 = v[("2024-03", "export")], v[("2023-03", "export")]
bal = ex - v[("2024-03", "import")]
print("%.1f %.1f %.1f %.1f" % (ex / 1e6, (ex / ex0 - 1) * 100, bal / 1e6, ex / 1e5))
PY
)
set -- $FIG
EX_BN=$1; EX_PCT=$2; BAL_BN=$3; EX_EOK=$4
expect_eq "$EX_BN $EX_PCT $BAL_BN $EX_EOK" "56.5 3.0 4.4 565.2" "figures from the CSV"

# Text of a PDF with all whitespace removed (lines break anywhere).
flat() { pdftotext "$1" - 2>/dev/null | tr -d ' \n\t\f'; }
expect_text() { # FILE SENTENCE DESCRIPTION
    want=$(printf '%s' "$2" | tr -d ' \n\t')
    if flat "$1" | grep -qF -- "$want"; then ok; else bad "$3: text lacks '$2'"; fi
}

EN="$WORK/briefing-2024-03.pdf"
KO="$WORK/briefing-2024-03.ko.pdf"
run report datasets/korea --month 2024-03 --out "$EN"
expect_status 0 "report en"
expect_out "report: $EN (" "report en summary line"
run report datasets/korea --month 2024-03 --lang ko --out "$KO"
expect_status 0 "report ko"

expect_text "$EN" "\$$EX_BN" "exports in USD billion, from the CSV"
expect_text "$EN" "$EX_PCT%" "exports growth, from the CSV"
expect_text "$EN" "\$$BAL_BN" "trade balance, from the CSV"
# The Highlights lead with the month's notable facts (templates/notable*.tmpl).
expect_text "$EN" "Highlights The month's news. Imports fell for the thirteenth consecutive month, the longest run since the 22 months from October 2014 to July 2016." "news first"
expect_text "$KO" "주요 내용 이달의 주요 소식. 수입은 13개월 연속 감소하여 2014년 10월~2016년 7월(22개월) 이후 가장 긴 연속 감소입니다." "news first (ko)"
expect_text "$EN" "Page 1 of" "page numbers (en)"
expect_text "$KO" "${EX_EOK}억" "exports in 억 달러, from the CSV"
expect_text "$KO" "$EX_PCT%" "exports growth (ko), from the CSV"
expect_text "$KO" "반도체" "Hangul item names"
expect_text "$KO" "1 / " "page numbers (ko)"

# The PDF shows the document: the first paragraph after the first section
# heading of the text dump (markup removed) is in the PDF's text.
first_par() { # TEXT-DUMP
    awk '/^## / { h = 1; next } h && NF && !/^[[%#]/ { p = p $0; next } h && p != "" { exit }
         END { print p }' "$1" | sed 's/\*//g'
}
for l in en ko; do
    tb report datasets/korea --month 2024-03 --lang $l --format text >"$WORK/dump.$l" 2>"$WORK/dump.err"
    st=$?
    wrapcheck $st "$WORK/dump.err" "report --format text --lang $l"
    expect_eq "$st" "0" "report --format text --lang $l"
    par=$(first_par "$WORK/dump.$l")
    if [ "${#par}" -gt 40 ]; then ok; else bad "no paragraph in the text dump ($l)"; fi
    if [ $l = en ]; then f=$EN; else f=$KO; fi
    expect_text "$f" "$par" "the first paragraph of the text dump ($l) in the PDF"
done

for f in "$EN" "$KO"; do
    n=$(basename "$f")
    if qpdf --check "$f" >"$WORK/qpdf.out" 2>&1; then ok; else bad "qpdf --check $n"; tail -3 "$WORK/qpdf.out"; fi
    # every font embedded (and a subset), none missing
    pdffonts "$f" >"$WORK/fonts" 2>"$WORK/fonts.err"
    fonts=$(tail -n +3 "$WORK/fonts" | wc -l)
    embedded=$(tail -n +3 "$WORK/fonts" | awk '$(NF-4) == "yes" && $(NF-3) == "yes"' | wc -l)
    if [ "$fonts" -ge 2 ] && [ "$fonts" -eq "$embedded" ]; then ok; else bad "fonts of $n not all embedded subsets"; cat "$WORK/fonts"; fi
    # poppler reads the ToUnicode maps without complaint
    if [ -s "$WORK/fonts.err" ]; then bad "pdffonts warns on $n"; head -3 "$WORK/fonts.err"; else ok; fi
    pages=$(pdfinfo "$f" | awk '/^Pages:/ {print $2}')
    if [ "$pages" -ge 4 ] && [ "$pages" -le 8 ]; then ok; else bad "$n has $pages pages, want 4-8"; fi
    if pdfinfo "$f" | grep -q '^Author: *tradebrief'; then ok; else bad "author of $n"; fi
    if pdfinfo "$f" | grep -q '^CreationDate: *Mon Apr  1 00:00:00 2024'; then ok; else
        bad "creation date of $n (the day after the month)"; pdfinfo "$f" | grep Date; fi
done
expect_eq "$(pdfinfo "$EN" | sed -n 's/^Title: *//p')" "Korea: trade in goods, March 2024" "title (en)"
expect_eq "$(pdfinfo "$KO" | sed -n 's/^Title: *//p')" "2024년 3월 한국 수출입 동향" "title (ko)"
if pdffonts "$KO" | grep -q NanumGothic && pdffonts "$KO" | grep -q DejaVuSans; then ok; else
    bad "Korean uses NanumGothic with DejaVu for the minus sign"; fi

# The outline lists every section, in order: a template of known sections,
# then the default templates (whose sections may change: each bookmark is
# a heading on its page, the first is the title, pages never go back).
TAB=$(printf '\t')
outline() { # FILE: one line per bookmark, indented by depth, TAB page
    python3 - "$1" <<'PY'
import json, subprocess, sys
j = json.loads(subprocess.check_output(["qpdf", "--json", sys.argv[1]]))
def walk(items, depth):
    for o in items:
        print("%s%s\t%d" % ("  " * depth, o["title"], o["destpageposfrom1"]))
        walk(o.get("kids", []), depth + 1)
walk(j.get("outlines", []), 0)
PY
}
printf '%s\n' '@title Sections of {{ month | month }}' '' 'Exports were {{ exports.value | money }}.' '' \
    '@heading First section' '' 'Imports were {{ imports.value | money }}.' '' '@subheading A subsection' '' \
    '@chart balance' '@pagebreak' '@heading Second section, on page two' '' 'Text.' '' '@heading 무역수지' '' \
    'Text.' >"$WORK/sections.tmpl"
run report datasets/korea --month 2024-03 --template "$WORK/sections.tmpl" --out "$WORK/sections.pdf"
expect_status 0 "report with a template of known sections"
expect_eq "$(outline "$WORK/sections.pdf" | tr '\n\t' '|:')" \
    "Sections of March 2024:1|First section:1|  A subsection:1|Second section, on page two:2|무역수지:2|" \
    "outline of known sections (titles, nesting, pages)"
for f in "$EN" "$KO"; do
    n=$(basename "$f")
    outline "$f" >"$WORK/outline"
    if [ "$(wc -l <"$WORK/outline")" -ge 5 ]; then ok; else bad "outline of $n too short"; cat "$WORK/outline"; fi
    expect_eq "$(head -n 1 "$WORK/outline" | cut -f1)" "$(pdfinfo "$f" | sed -n 's/^Title: *//p')" \
        "first bookmark of $n is the title"
    if sort -s -t "$TAB" -k2,2n "$WORK/outline" | cmp -s - "$WORK/outline"; then ok; else
        bad "bookmarks of $n out of page order"; cat "$WORK/outline"; fi
    missing=""
    while IFS="$TAB" read -r title page; do
        t=$(printf '%s' "$title" | tr -d ' ')
        pdftotext -f "$page" -l "$page" "$f" - 2>/dev/null | tr -d ' \n' | grep -qF -- "$t" ||
            missing="$missing [$title p$page]"
    done <"$WORK/outline"
    if [ -z "$missing" ]; then ok; else bad "bookmarks of $n not on their pages:$missing"; fi
done

# Same input, same bytes, in another process; SOURCE_DATE_EPOCH sets the date.
run report datasets/korea --month 2024-03 --out "$WORK/again.pdf"
if cmp -s "$EN" "$WORK/again.pdf"; then ok; else bad "two runs differ"; fi
(export SOURCE_DATE_EPOCH=1700000000; tb report datasets/korea --month 2024-03 --out "$WORK/sde.pdf" >/dev/null 2>"$WORK/sde.err")
wrapcheck $? "$WORK/sde.err" "report with SOURCE_DATE_EPOCH"
if pdfinfo "$WORK/sde.pdf" 2>/dev/null | grep -q '^CreationDate: *Tue Nov 14 22:13:20 2023'; then ok; else
    bad "SOURCE_DATE_EPOCH"; fi

# Bad input: exit 2, nothing written, the previous file kept, no temporary file.
mkdir -p "$WORK/dest"
printf '@title Broken\n\nExports were {{ exports.valeu | money }}.\n' >"$WORK/bad.tmpl"
run report datasets/korea --month 2024-03 --template "$WORK/bad.tmpl" --out "$WORK/dest/b.pdf"
expect_status 2 "bad template"
expect_err "bad.tmpl:3:" "bad template: message names the line"
cp "$EN" "$WORK/dest/keep.pdf"
run report datasets/korea --month 2024-03 --template "$WORK/bad.tmpl" --out "$WORK/dest/keep.pdf"
expect_status 2 "bad template over an existing file"
if cmp -s "$EN" "$WORK/dest/keep.pdf"; then ok; else bad "existing file changed by a failed run"; fi
printf '@title Tibetan\n\nA character no font has: \340\274\200.\n' >"$WORK/glyph.tmpl"
run report datasets/korea --month 2024-03 --template "$WORK/glyph.tmpl" --out "$WORK/dest/g.pdf"
expect_status 2 "character in no font"
expect_err "glyph.tmpl:3: U+0F00" "missing glyph named with its template line"
expect_eq "$(ls -A "$WORK/dest")" "keep.pdf" "nothing else written"
run report datasets/korea --month 2024-03 --out "$WORK/dest/keep.pdf/b.pdf"
expect_status 2 "unwritable output"
run report datasets/korea --month 2024-03
expect_status 1 "no --out"
run report datasets/korea --month 2024-03 --lang fr --out "$WORK/dest/f.pdf"
expect_status 1 "bad --lang"
run report datasets/korea --month 2024-03 --format svg --out "$WORK/dest/f.pdf"
expect_status 1 "bad --format"
run report datasets/korea --month 2024-03 --format text --out "$WORK/dest/f.pdf"
expect_status 1 "--format text with --out"
run report datasets/korea --month 1800-01 --out "$WORK/dest/m.pdf"
expect_status 2 "month outside the data"

# Incremental: a no-change rerun leaves the file alone; the manifest verifies.
run report datasets/korea --month 2024-03 --out "$WORK/inc/b.pdf"
expect_out "report: $WORK/inc/b.pdf (" "first report"
ino=$(ls -i "$WORK/inc/b.pdf" | cut -d' ' -f1)
run report datasets/korea --month 2024-03 --out "$WORK/inc/b.pdf"
expect_out "pages, unchanged)" "no-change rerun"
expect_eq "$(ls -i "$WORK/inc/b.pdf" | cut -d' ' -f1)" "$ino" "no-change rerun keeps the file"
run verify "$WORK/inc/manifest.json"
expect_status 0 "report manifest verifies"
# It is decided from the inputs before rendering: nothing is written, not
# even the manifest; a changed include, data file or option renders again.
mt=$(stat -c %Y.%N "$WORK/inc/manifest.json" "$WORK/inc/b.pdf" | tr '\n' ' ')
sleep 1
run report datasets/korea --month 2024-03 --out "$WORK/inc/b.pdf"
expect_eq "$(stat -c %Y.%N "$WORK/inc/manifest.json" "$WORK/inc/b.pdf" | tr '\n' ' ')" "$mt" "no-change rerun touches no file"
mkdir -p "$WORK/inc/t" "$WORK/inc/ds"
printf '@include "part.tmpl"\n' >"$WORK/inc/t/main.tmpl"
printf '@heading Exports\n\nExports were {{ exports.value | money }}.\n' >"$WORK/inc/t/part.tmpl"
cp datasets/korea/*.csv datasets/korea/dataset.yaml "$WORK/inc/ds/"
run report "$WORK/inc/ds" --month 2024-03 --template "$WORK/inc/t/main.tmpl" --out "$WORK/inc/c.pdf"
expect_out "report: $WORK/inc/c.pdf (1 page)" "report from an included template"
run report "$WORK/inc/ds" --month 2024-03 --template "$WORK/inc/t/main.tmpl" --out "$WORK/inc/c.pdf"
expect_out "(1 page, unchanged)" "included template: no change"
printf '@heading Exports\n\nExports were {{ exports.value | money }} in all.\n' >"$WORK/inc/t/part.tmpl"
run report "$WORK/inc/ds" --month 2024-03 --template "$WORK/inc/t/main.tmpl" --out "$WORK/inc/c.pdf"
expect_out "report: $WORK/inc/c.pdf (1 page)" "a changed include renders again"
expect_eq "$(flat "$WORK/inc/c.pdf" | grep -c 'inall')" "1" "the changed include is in the PDF"
sed -i 's/^2024-03,KOR,export,WLD,TOTAL,56518309/2024-03,KOR,export,WLD,TOTAL,56518310/' "$WORK/inc/ds/totals.csv"
run report "$WORK/inc/ds" --month 2024-03 --template "$WORK/inc/t/main.tmpl" --out "$WORK/inc/c.pdf"
expect_out "report: $WORK/inc/c.pdf (1 page)" "a changed data file renders again"
run report "$WORK/inc/ds" --month 2024-02 --template "$WORK/inc/t/main.tmpl" --out "$WORK/inc/c.pdf"
expect_out "report: $WORK/inc/c.pdf (1 page)" "another month renders again"
expect_eq "$(python3 -c "import json; e=json.load(open('$WORK/inc/manifest.json'))['artifacts'][0]; print(e['kind'], e['month'], e['lang'], e['template'])")" \
    "report 2024-03 en templates/monthly-briefing.tmpl" "report manifest entry"

# The claims ledger: next to the PDF it is an artifact of the directory;
# sentences carry the page they are on and claims with stats paths.
run report datasets/korea --month 2024-03 --out "$WORK/led/b.pdf" --claims "$WORK/led/b.claims.json"
expect_status 0 "report --claims"
L="$WORK/led/b.claims.json"
lq() { python3 -c "import json,sys; d=json.load(open('$L')); S=d['sentences']; print(eval(sys.argv[1]))" "$1"; }
expect_eq "$(lq 'd["dataset"], d["month"], d["lang"]')" "('korea', '2024-03', 'en')" "ledger header"
expect_eq "$(lq '[(s["page"], [(c["path"], round(c["value"], 3) if type(c["value"]) is float else c["value"], c["text"]) for c in s["claims"]]) for s in S if s["text"].startswith("Imports fell") and not any(c["path"].startswith("notable.") for c in s["claims"])][0]')" \
    "(1, [('dataset.subject.imports', 'Imports', 'Imports'), ('series.imports.yoy_pct', -12.615, 'fell'), ('series.imports.yoy_pct', -12.615, '12.6%'), ('series.imports.value', 52112905.0, '\$52.1 billion'), ('series.imports.yoy_streak.direction', 'down', 'down'), ('series.imports.yoy_streak.months', 13, 'thirteenth')])" \
    "an Imports sentence and its claims"
expect_eq "$(lq '[s["page"] for s in S if s["text"] == "Data note"]')" "[5]" "the data note is on page 5 of 5"
expect_eq "$(lq '[c["path"] for s in S for c in s["claims"] if c["text"] == "Ships"][0]')" "breakdowns.items.members.4.names.en" "a table cell claims its member"
expect_eq "$(python3 -c "import json; print(sorted((e['file'], e['kind']) for e in json.load(open('$WORK/led/manifest.json'))['artifacts']))")" \
    "[('b.claims.json', 'claims'), ('b.pdf', 'report')]" "the ledger is listed in the manifest"
run report datasets/korea --month 2026-02 --lang ko --out "$WORK/led/k.pdf" --claims "$WORK/k.claims.json"
L="$WORK/k.claims.json"
expect_eq "$(lq '[(c["path"], c["value"], c["text"]) for s in S for c in s["claims"] if c["path"] == "series.balance.high_since_null_reason"]')" \
    "[('series.balance.high_since_null_reason', 'highest on record', '최대')]" "a Korean record word is a claim"
expect_eq "$(python3 -c "import json; print(len(json.load(open('$WORK/led/manifest.json'))['artifacts']))")" "3" "a ledger elsewhere is not listed"

# ---- the headline table: one scale per amount column (#16) --------------
# Every amount column's header names its unit and its cells are plain
# figures to one decimal in that unit (no "$1.5tn" beside "-$872bn"); each
# non-empty cell is claimed whole, and the claim's value in that unit
# rounds to the cell.  Korea (en, ko) and the United States ($bn columns
# that pass $1tn; 억 달러 up to 99,999.9).
headline() { # LEDGER TITLE-FRAGMENT MULTIPLIER (the dataset's unit)
    python3 - "$1" "$2" "$3" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
rows = [s for s in d["sentences"] if s["block"].startswith("table")]
blocks = {}
for s in rows:
    blocks.setdefault(s["block"], []).append(s)
tab = [b for b in blocks.values() if sys.argv[2] in b[0]["text"]]
if len(tab) != 1:
    sys.exit("no single table titled %r" % sys.argv[2])
title, header, *body = tab[0]
# the ledger joins a row's non-empty cells, so columns are told by the
# claims' paths: amounts (value, ytd, sum12, the balance's changes) and
# percentages (yoy_pct)
units = {"($bn)": 1e9, "(억 달러)": 1e8}
amount_heads = [h for h in header["text"].split(" | ") if h.endswith(tuple(units))]
if len(amount_heads) != 3 or len({h[h.rindex("("):] for h in amount_heads}) != 1:
    sys.exit("amount columns: %r" % header["text"])
div = units[amount_heads[0][amount_heads[0].rindex("("):]] / float(sys.argv[3])
fig = re.compile(r"^[+\u2212]?\d{1,3}(,\d{3})*\.\d$")
checked = 0
for r in body:
    cells = r["text"].split(" | ")[1:]
    for c in r["claims"]:
        if c["text"] not in cells or not fig.match(c["text"]):
            sys.exit("claim %r is not a whole cell of %r in one format" % (c, r["text"]))
        pct = c["path"].endswith("yoy_pct")
        got = float(c["text"].replace(",", "").replace("\u2212", "-").lstrip("+"))
        if abs(got - float("%.1f" % (c["value"] / (1 if pct else div)))) > 1e-9:
            sys.exit("claim %r: value does not round to the cell" % c)
        checked += not pct
    if len(cells) != len(r["claims"]):
        sys.exit("a cell of %r without its claim" % r["text"])
print(checked)
PY
}
tb report datasets/korea --month 2026-02 --out "$WORK/hl-en.pdf" --claims "$WORK/hl-en.json" >/dev/null 2>&1
expect_eq "$(headline "$WORK/hl-en.json" "Headline figures" 1000)" 11 "headline table (en): one scale per column, cells claimed"
tb report datasets/korea --month 2026-02 --lang ko --out "$WORK/hl-ko.pdf" --claims "$WORK/hl-ko.json" >/dev/null 2>&1
expect_eq "$(headline "$WORK/hl-ko.json" "주요 지표" 1000)" 11 "headline table (ko): one scale per column, cells claimed"
tb report datasets/world --reporter USA --month 2024-09 --out "$WORK/hl-us.pdf" --claims "$WORK/hl-us.json" >/dev/null 2>&1
expect_eq "$(headline "$WORK/hl-us.json" "Headline figures" 1e6)" 11 "headline table (USA, past \$1tn): \$bn throughout"
pdftotext "$WORK/hl-us.pdf" - | grep -q '2,419.6' && ok || bad "headline table (USA): \$2,419.6bn year to date in the PDF"

finish report
