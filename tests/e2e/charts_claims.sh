# End-to-end: the figure labels inside charts (a bar's "+22.6%", an end
# label "$49.4bn", the streak bracket "Deficit for 14 months") are in the
# claims ledger (report --claims) as sentences of their chart with the
# stats-JSON path of their figure, and the sentence audit (audit.py)
# checks them: a wrong value fails it, and a chart figure left out of the
# ledger fails its "figure" rule.  Values asserted here were recomputed
# from datasets/korea's CSVs apart from tradebrief (items.csv, totals.csv,
# April 2023 on April 2022): semiconductors (member 0 in the manifest's
# order) -40.568%, computers (member 7) -68.988%, exports 49,430,879
# thousand USD, imports 51,940,137, deficits for 14 months since 2022-03.
. "$TB_ROOT/tests/lib.sh"
require python3
cd "$TB_ROOT"

# The ledger of Korea, April 2023, in LANG: every chart-label claim,
# checked against `stats` and against the values given (independently
# computed, see the comment at the top).
check_ledger() { # LANG
    run report datasets/korea --month 2023-04 --lang "$1" --out "$WORK/r-$1.pdf" --claims "$WORK/r-$1.json"
    expect_status 0 "report --claims $1"
    run stats datasets/korea --month 2023-04
    printf '%s\n' "$OUT" >"$WORK/stats.json"
    if python3 - "$WORK/r-$1.json" "$WORK/stats.json" "$1" <<'PY'; then ok; else bad "chart-label claims ($1)"; fi
import json, re, sys
led, stats, lang = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
def at(path):
    d = stats
    for k in path.split("."):
        d = d[int(k)] if isinstance(d, list) else d[k]
    return d
labels = [(s, c) for s in led["sentences"] if s["block"].startswith("chart ") for c in s["claims"]
          if c["path"] != "month"]
assert labels, "no chart-label claims"
for s, c in labels:
    assert c["text"] in s["text"], (s, c)
    want = at(c["path"])
    assert abs(c["value"] - want) <= 1e-9 * max(1, abs(want)), (c, want)
items = {int(m.group(1)): (s["text"], c["value"]) for s, c in labels
         for m in [re.fullmatch(r"breakdowns\.items\.members\.(\d+)\.yoy_pct", c["path"])] if m}
assert sorted(items) == list(range(10)), sorted(items)
# computers -69.0% (member 7), semiconductors -40.6% (member 0)
assert items[7][0] == "\u221269.0%" and abs(items[7][1] + 68.98771120415121) < 1e-9, items[7]
assert items[0][0] == "\u221240.6%" and abs(items[0][1] + 40.56791359117258) < 1e-9, items[0]
by = {c["path"]: (s["text"], c) for s, c in labels}
streak = by["series.balance.sign_streak.months"]
assert streak[1]["value"] == 14 and streak[1]["text"] == "14", streak
assert streak[0] == ("Deficit for 14 months" if lang == "en" else "14개월 연속 적자"), streak
assert by["series.exports.value"][1]["value"] == 49430879, by["series.exports.value"]
assert by["series.exports.value"][0] == ("$49.4bn" if lang == "en" else "494억 달러"), by["series.exports.value"]
assert by["breakdowns.items.total.yoy_pct"][1]["text"] == "\u221214.5%", by["breakdowns.items.total.yoy_pct"]
PY
}
check_ledger en
check_ledger ko

# A tradebrief that writes a ledger with one chart label's value wrong
# (MODE value) or without the chart labels (MODE drop).
wrapper() { # MODE
    cat >"$WORK/tb-$1" <<SH
#!/bin/sh
"$TB_BIN" "\$@" || exit \$?
claims=""; prev=""
for a in "\$@"; do [ "\$prev" = --claims ] && claims=\$a; prev=\$a; done
[ -n "\$claims" ] || exit 0
exec python3 - "\$claims" "$1" <<'PY'
import json, sys
led = json.load(open(sys.argv[1]))
chart = [s for s in led["sentences"] if s["block"].startswith("chart ") and s["claims"]
         and s["claims"][0]["path"] != "month"]
if sys.argv[2] == "value":
    chart[0]["claims"][0]["value"] += 1
else:
    led["sentences"] = [s for s in led["sentences"] if s not in chart]
json.dump(led, open(sys.argv[1], "w"))
PY
SH
    chmod +x "$WORK/tb-$1"
}
if [ -z "$TB_WRAP" ]; then
    wrapper value
    python3 tests/e2e/audit.py "$WORK/tb-value" tests/e2e/audit-known.txt --tiny >"$WORK/audit-value" 2>&1
    expect_eq "$?" 1 "the audit fails a chart label with a wrong value"
    if grep -q '^FAIL: value .*series\.exports\.value\|^FAIL: value .*members\.' "$WORK/audit-value"; then ok; else
        bad "no value failure on a chart label"; tail -5 "$WORK/audit-value"; fi
    wrapper drop
    python3 tests/e2e/audit.py "$WORK/tb-drop" tests/e2e/audit-known.txt --tiny >"$WORK/audit-drop" 2>&1
    expect_eq "$?" 1 "the audit fails chart figures that are in no sentence"
    if grep -q '^FAIL: figure .*is in no sentence' "$WORK/audit-drop"; then ok; else
        bad "no figure failure"; tail -5 "$WORK/audit-drop"; fi
    python3 tests/e2e/audit.py "$TB_BIN" tests/e2e/audit-known.txt --tiny >"$WORK/audit-ok" 2>&1
    expect_eq "$?" 0 "the unaltered ledger passes the same audit"
fi
finish charts_claims
