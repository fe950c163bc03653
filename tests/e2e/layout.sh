# End-to-end: how the briefing is set on its pages (issue #16, items 1-2).
#   - Korean breaks lines between words (keep-all): over Korean briefings of
#     many months, no line of the PDF ends inside a Hangul word.  The words
#     come from the claims ledger's sentence texts (what the document says,
#     with its spaces), the lines from pdftotext.
. "$TB_ROOT/tests/lib.sh"
cd "$TB_ROOT"
unset SOURCE_DATE_EPOCH
require pdftotext python3

step=2
[ -n "$TB_QUICK" ] && step=6
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

finish layout
