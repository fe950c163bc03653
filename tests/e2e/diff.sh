# End-to-end: `tradebrief diff` on two real vintages of ECOS exports
# (datasets/vintages), checked against an independent comparison of the two
# agency files.
. "$TB_ROOT/tests/lib.sh"
require python3 pdftotext
cd "$TB_ROOT"
OLD=datasets/vintages/korea-exports-2026-04 NEW=datasets/vintages/korea-exports-2026-07

run diff "$OLD" "$NEW" --json
expect_status 0 "diff --json"
printf '%s\n' "$OUT" >"$WORK/d.json"
python3 - "$OLD/exports.csv" "$NEW/exports.csv" "$WORK/d.json" >"$WORK/check.out" <<'PY'
import csv, json, sys
def load(path):
    rows = list(csv.reader(open(path, encoding="utf-8")))[1:]
    return {(r[0] if "-" in r[0] else r[0][:4] + "-" + r[0][4:]): float(r[1]) for r in rows}
old, new, d = load(sys.argv[1]), load(sys.argv[2]), json.load(open(sys.argv[3]))
want = sorted((m, old[m], new[m]) for m in old if m in new and old[m] != new[m])
got = [(r["month"], r["old"], r["new"]) for r in d["revised"]]
assert got == want, (got, want)
added = sorted(m for m in new if m not in old)
assert [(a["from"], a["to"], a["observations"]) for a in d["added"]] == [(added[0], added[-1], len(added))], d["added"]
assert d["removed"] == []
assert d["facts_month"] == max(old)
print("ok", len(want), "revised,", len(added), "added")
PY
if [ $? -eq 0 ]; then ok; else bad "independent comparison"; cat "$WORK/check.out"; fi
expect_eq "$(cat "$WORK/check.out")" "ok 9 revised, 4 added" "9 revisions (2025-02 .. 2026-02), 4 new months"

run diff "$OLD" "$NEW"
expect_status 0 "diff text"
expect_out "  KOR export WLD TOTAL 2025-02: 52,294,560 -> 52,292,301 (−2,259, 0.00%)" "revised row"
expect_out "  KOR export WLD TOTAL 2026-03 .. 2026-06 (4)" "new months"
expect_out "facts for 2026-02 whose wording changes: 2" "fact changes"
expect_out "  exports.value: \$67.3bn -> \$67.7bn" "February exports revised from \$67.3bn to \$67.7bn"
expect_out "  exports.yoy_pct: +28.7% -> +29.4%" "a percentage with its sign"
expect_out "values in thousand USD" "the unit of the values"

# Same dataset: nothing changed.
run diff "$NEW" "$NEW"
expect_out "revised observations: 0" "no revisions against itself"
expect_out "facts for 2026-06 whose wording changes: 0" "no wording change against itself"
# Reversed: the new months are removed ones.
run diff "$NEW" "$OLD"
expect_out "removed observations: 4" "reversed diff removes 4"

# Different units cannot be compared; usage errors.
run diff datasets/korea datasets/world
expect_status 2 "units differ"
expect_err "the vintages have different units (USD x 1000 and USD x 1000000)" "units message"
run diff "$OLD"
expect_status 1 "one dataset only"
# The report's Revisions section, in English and Korean.
run report "$NEW" --revisions "$OLD" --month 2026-06 --out "$WORK/rev/en.pdf"
expect_status 0 "report --revisions"
pdftotext "$WORK/rev/en.pdf" "$WORK/rev/en.txt" 2>/dev/null
if tr '\n' ' ' <"$WORK/rev/en.txt" | grep -qF "Since the previous vintage, 9 monthly figures were revised. February 2026 exports were revised from \$67.3bn to \$67.7bn. Figures for March 2026 to June 2026 were added."; then ok; else bad "revisions paragraph"; grep -A3 Revisions "$WORK/rev/en.txt"; fi
run report "$NEW" --revisions "$OLD" --month 2026-06 --lang ko --out "$WORK/rev/ko.pdf"
pdftotext "$WORK/rev/ko.pdf" "$WORK/rev/ko.txt" 2>/dev/null
if tr -d '\n' <"$WORK/rev/ko.txt" | grep -qF "2026년 2월 수출은 673억 달러에서 677억 달러로 수정되었습니다."; then ok; else bad "Korean revisions"; fi
run report "$NEW" --month 2026-06 --out "$WORK/rev/none.pdf"
if pdftotext "$WORK/rev/none.pdf" - 2>/dev/null | grep -q "^Revisions$"; then bad "no Revisions section without --revisions"; else ok; fi
run report "$NEW" --revisions datasets/world --out "$WORK/rev/x.pdf"
expect_status 2 "revisions against another unit"
finish diff
