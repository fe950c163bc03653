# End-to-end: how the briefing is set on its pages (issue #16, items 1-2).
#   - Korean breaks lines between words (keep-all): over Korean briefings of
#     many months, no line of the PDF ends inside a Hangul word.  The words
#     come from the claims ledger's sentence texts (what the document says,
#     with its spaces), the lines from pdftotext.
#   - Pages fill: no page under half full but the last, over the same
#     briefings, Korea 2026-02 in English (4 or 5 pages) and world
#     reporters; the fill is measured on the rendered pixels (pdftoppm):
#     the lowest ink between the running header and the footer.
#   - KPI figures and the sentences agree in precision.
#   - A4 or US Letter from the template's `@meta paper=`.
. "$TB_ROOT/tests/lib.sh"
cd "$TB_ROOT"
unset SOURCE_DATE_EPOCH
require pdftotext pdftoppm pdfinfo python3

# Under a wrapper (valgrind: tens of seconds a briefing) a few briefings:
# the layout itself is checked by the release and ASan runs.
step=2 reporters="DEU USA BRA NZL" min_pages=100
[ -n "$TB_QUICK" ] && step=6
[ -n "$TB_WRAP" ] && step=40 reporters=DEU min_pages=30
months=$(python3 -c "
ms = ['%d-%02d' % (y, m) for y in range(2016, 2027) for m in range(1, 13)]
print(' '.join(ms[:122:$step]))")
for m in $months; do
    tb report datasets/korea --month "$m" --lang ko --out "$WORK/$m.pdf" --claims "$WORK/$m.json" \
        >/dev/null 2>"$WORK/err" || { bad "report ko $m failed: $(head -3 "$WORK/err")"; continue; }
    pdftotext "$WORK/$m.pdf" "$WORK/$m.txt"
done
python3 - "$WORK" $months >"$WORK/breaks" <<'PY'
import json, re, sys
work, months = sys.argv[1], sys.argv[2:]
hangul = lambda c: '\uac00' <= c <= '\ud7a3'
checked = 0
for m in months:
    try:
        led = json.load(open(f"{work}/{m}.json"))
        lines = [l.strip() for l in open(f"{work}/{m}.txt", encoding="utf-8")]
    except OSError:
        continue
    text = "\n".join(s["text"] for s in led["sentences"])
    for a, b in zip(lines, lines[1:]):
        if not a or not b or not hangul(a[-1]) or not hangul(b[0]):
            continue
        tail, head = a.split()[-1], b.split()[0]
        if tail + " " + head in text:
            checked += 1
        elif tail + head in text:
            print(f"BREAK {m}: '{tail}|{head}'")
print(f"CHECKED {checked}")
PY
n=$(grep -c '^BREAK' "$WORK/breaks")
checked=$(sed -n 's/^CHECKED //p' "$WORK/breaks")
if [ "$n" -eq 0 ]; then ok; else bad "$n lines end inside a Korean word:"; grep '^BREAK' "$WORK/breaks" | head -10; fi
# the check saw real line breaks between words (at least ten a month)
if [ "${checked:-0}" -ge $((10 * $(echo $months | wc -w))) ]; then ok; else bad "only ${checked:-0} line breaks checked"; fi

# Pages that fill.
tb report datasets/korea --month 2026-02 --out "$WORK/en-2026-02.pdf" --claims "$WORK/en-2026-02.json" \
    >/dev/null 2>&1 || bad "report en 2026-02"
tb report datasets/korea --month 2026-02 --lang ko --out "$WORK/ko-2026-02.pdf" >/dev/null 2>&1 || bad "report ko 2026-02"
for r in $reporters; do
    for l in en ko; do
        tb report datasets/world --reporter $r --lang $l --out "$WORK/w-$r-$l.pdf" --claims "$WORK/w-$r-$l.json" \
            >/dev/null 2>&1 || bad "report $r $l"
    done
done
for f in "$WORK/ko-2026-02.pdf" "$WORK/en-2026-02.pdf"; do
    n=$(pdfinfo "$f" | sed -n 's/^Pages: *//p')
    if [ "${n:-0}" -ge 4 ] && [ "$n" -le 5 ]; then ok; else bad "Korea 2026-02 in $n pages ($f), want 4 or 5"; fi
done
python3 - "$WORK"/*.pdf >"$WORK/fill" <<'PY'
import os, subprocess, sys, tempfile
def fills(pdf, dpi=20):
    d = tempfile.mkdtemp()
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", pdf, d + "/p"], check=True)
    out = []
    for f in sorted(os.listdir(d), key=lambda s: int(s.rsplit("-", 1)[1].split(".")[0])):
        _, w, h, _, px = open(os.path.join(d, f), "rb").read().split(maxsplit=4)
        w, h = int(w), int(h)
        top, bottom = round(66 / 72 * dpi), round((h / dpi * 72 - 58) / 72 * dpi)
        low = top
        for y in range(top, bottom):
            if min(px[y * w:(y + 1) * w]) < 200:
                low = y
        out.append((low - top) / (bottom - top))
    return out
for pdf in sys.argv[1:]:
    f = fills(pdf)
    for i, x in enumerate(f[:-1]):
        if x < 0.5:
            print(f"UNDER {os.path.basename(pdf)} page {i + 1} of {len(f)}: {x:.0%} full")
    print("PAGES", len(f))
PY
under=$(grep -c '^UNDER' "$WORK/fill")
pages=$(awk '/^PAGES/ {n += $2} END {print n + 0}' "$WORK/fill")
if [ "$under" -eq 0 ] && [ "$pages" -ge "$min_pages" ]; then ok; else bad "$under of $pages pages under half full:"; grep '^UNDER' "$WORK/fill" | head; fi

# KPI figures and the text agree in precision: a value both a KPI box and a
# sentence state (same stats path) shows the same digits in both.
python3 - "$WORK"/*.json >"$WORK/kpi" <<'PY'
import json, re, sys
num = re.compile(r"\d[\d,]*(?:\.\d+)?")
for f in sys.argv[1:]:
    led = json.load(open(f))
    if "sentences" not in led:  # manifest.json
        continue
    kpi, text = {}, {}
    for s in led["sentences"]:
        into = kpi if s["block"].startswith("kpi") else text if s["block"].startswith("paragraph") else None
        for c in s["claims"] if into is not None else []:
            if c["path"].endswith((".value", ".yoy_change")):
                into.setdefault(c["path"], set()).update(num.findall(c["text"]))
    for path in kpi.keys() & text.keys():
        if kpi[path] <= text[path]:
            print("OK")
        else:
            print("BAD %s %s: KPI %s, text %s" % (f.rsplit("/", 1)[1], path, sorted(kpi[path]), sorted(text[path])))
PY
n=$(grep -c '^OK' "$WORK/kpi")
if [ "$n" -ge 20 ] && ! grep -q '^BAD' "$WORK/kpi"; then ok; else bad "KPI and text precision ($n agree):"; grep '^BAD' "$WORK/kpi" | head -5; fi

# Paper from the template: US Letter, A4, or a clear error.
cp templates/notable.tmpl "$WORK/"
sed 's/^@meta lang=en$/@meta lang=en paper=letter/' templates/monthly-briefing.tmpl >"$WORK/letter.tmpl"
sed 's/^@meta lang=en$/@meta lang=en paper=b5/' templates/monthly-briefing.tmpl >"$WORK/b5.tmpl"
run report datasets/korea --month 2026-02 --template "$WORK/letter.tmpl" --out "$WORK/letter.pdf"
expect_status 0 "report on US Letter"
expect_eq "$(pdfinfo "$WORK/letter.pdf" | sed -n 's/^Page size: *//p')" "612 x 792 pts (letter)" "US Letter page size"
expect_eq "$(pdfinfo "$WORK/en-2026-02.pdf" | sed -n 's/^Page size: *//p')" "595.276 x 841.89 pts (A4)" "A4 by default"
run report datasets/korea --month 2026-02 --template "$WORK/b5.tmpl" --out "$WORK/b5.pdf"
expect_status 2 "paper=b5 refused"
expect_err "paper needs a4 or letter" "paper=b5 message"
if [ -e "$WORK/b5.pdf" ]; then bad "paper=b5 wrote a PDF"; else ok; fi

finish layout
