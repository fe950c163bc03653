# End-to-end: the "Other items" row of a breakdown table is a fact (issue
# #16 / #11): breakdowns.<b>.other in the stats JSON is the total less every
# member, checked here against the raw CSVs of datasets/korea (every fifth
# month from 2017), members and "other" add up to the total's growth, and
# the table row in the claims ledger claims those paths.
. "$TB_ROOT/tests/lib.sh"
cd "$TB_ROOT"
require python3

python3 - "$TB_BIN" >"$WORK/other" <<'PY'
import csv, json, subprocess, sys
tb = sys.argv[1]
members = "SEMI CARS STEEL PETRO SHIPS PARTS WIRELESS COMPUTERS PRECISION APPLIANCES".split()
v = {}
for f in ("datasets/korea/items.csv", "datasets/korea/totals.csv"):
    for r in csv.DictReader(open(f)):
        if r["flow"] == "export" and r["partner"] == "WLD":
            v[(r["period"], r["product"])] = float(r["value"])
def rest(p):
    return v[(p, "TOTAL")] - sum(v[(p, m)] for m in members)
def back(p):
    y, m = map(int, p.split("-"))
    return "%d-%02d" % (y - 1, m)
months = sorted({p for (p, k) in v if k == "SEMI"})[12::5]
for p in months:
    st = json.loads(subprocess.run([tb, "stats", "datasets/korea", "--month", p], capture_output=True,
                                   text=True).stdout)
    bd = st["breakdowns"]["items"]
    o = bd["other"]
    now, base, tb12 = rest(p), rest(back(p)), v[(back(p), "TOTAL")]
    want = {"value": now, "yoy_change": now - base, "yoy_pct": (now / base - 1) * 100,
            "share_pct": now / v[(p, "TOTAL")] * 100, "contribution_pp": (now - base) / tb12 * 100}
    for k, w in want.items():
        print("OK" if abs(o[k] - w) <= 1e-6 * max(1, abs(w)) else "BAD %s %s: %r, want %r" % (p, k, o[k], w))
    total = sum(m["contribution_pp"] for m in bd["members"]) + o["contribution_pp"]
    print("OK" if abs(total - bd["total"]["yoy_pct"]) < 1e-6 else "BAD %s: contributions add to %r" % (p, total))
# no rest when a member lacks data: the destinations end in 2023-09
st = json.loads(subprocess.run([tb, "stats", "datasets/korea", "--month", "2024-03"], capture_output=True,
                               text=True).stdout)
p = st["breakdowns"]["partners"]
print("OK" if p["other"] is None and p["other_null_reason"] == "a member has no data for this month"
      else "BAD partners.other %r" % p.get("other"))
PY
n=$(grep -c '^OK' "$WORK/other")
if [ "$n" -ge 100 ] && ! grep -q '^BAD' "$WORK/other"; then ok; else bad "other: $n checks"; grep '^BAD' "$WORK/other" | head; fi

# The table row claims the fact, in both languages.
for l in en ko; do
    run report datasets/korea --month 2024-03 --lang $l --out "$WORK/$l.pdf" --claims "$WORK/$l.json"
    expect_status 0 "report $l"
    expect_eq "$(python3 -c "
import json
d = json.load(open('$WORK/$l.json'))
row = [s for s in d['sentences'] if s['text'].startswith(('Other items', '기타 품목'))][0]
print(' '.join(c['path'].rsplit('.', 1)[1] for c in row['claims']))")" "$l value yoy_pct share_pct contribution_pp" \
        "the Other items row claims breakdowns.items.other ($l)"
done

# A table of the top N (#11): its "Other" row is the fact
# rest_after_top.(N-1), the total less the N largest items, checked
# against the raw CSVs (every top N of a few months); the row claims it.
python3 - "$TB_BIN" >"$WORK/rest" <<'PY'
import csv, json, subprocess, sys
tb = sys.argv[1]
members = "SEMI CARS STEEL PETRO SHIPS PARTS WIRELESS COMPUTERS PRECISION APPLIANCES".split()
v = {}
for f in ("datasets/korea/items.csv", "datasets/korea/totals.csv"):
    for r in csv.DictReader(open(f)):
        if r["flow"] == "export" and r["partner"] == "WLD":
            v[(r["period"], r["product"])] = float(r["value"])
def back(p):
    y, m = map(int, p.split("-"))
    return "%d-%02d" % (y - 1, m)
for p in ("2017-05", "2020-04", "2023-04", "2024-03", "2026-02"):
    st = json.loads(subprocess.run([tb, "stats", "datasets/korea", "--month", p], capture_output=True,
                                   text=True).stdout)
    rests = st["breakdowns"]["items"]["rest_after_top"]
    order = sorted(members, key=lambda m: -v[(p, m)])
    print("OK" if len(rests) == len(members) - 1 else "BAD %s: %d rests" % (p, len(rests)))
    for k in range(1, len(members)):
        now = v[(p, "TOTAL")] - sum(v[(p, m)] for m in order[:k])
        base = v[(back(p), "TOTAL")] - sum(v[(back(p), m)] for m in order[:k])
        want = {"value": now, "yoy_change": now - base, "yoy_pct": (now / base - 1) * 100,
                "share_pct": now / v[(p, "TOTAL")] * 100, "contribution_pp": (now - base) / v[(back(p), "TOTAL")] * 100}
        for key, w in want.items():
            got = rests[k - 1][key]
            print("OK" if abs(got - w) <= 1e-6 * max(1, abs(w)) else "BAD %s top %d %s: %r, want %r" % (p, k, key, got, w))
PY
n=$(grep -c '^OK' "$WORK/rest")
if [ "$n" -eq 230 ] && ! grep -q '^BAD' "$WORK/rest"; then ok; else bad "rest_after_top: $n checks"; grep '^BAD' "$WORK/rest" | head; fi
printf '@title T\n@table items columns=name,value,contribution sort=value top=3 total=yes\n@table items columns=name,value sort=yoy top=3 total=yes\n' > "$WORK/top.tmpl"
run report datasets/korea --month 2024-03 --template "$WORK/top.tmpl" --out "$WORK/top.pdf" --claims "$WORK/top.json"
expect_status 0 "report of a top-3 table"
expect_eq "$(python3 -c "
import json
d = json.load(open('$WORK/top.json'))
rows = [s for s in d['sentences'] if s['text'].startswith('Other items')]
print(len(rows), ' '.join(c['path'] for c in rows[0]['claims']))")" \
    "1 breakdowns.items.rest_after_top.2.names.en breakdowns.items.rest_after_top.2.value breakdowns.items.rest_after_top.2.contribution_pp" \
    "a top-3 table's Other row claims rest_after_top.2; a top 3 by growth has none"

finish other_row
