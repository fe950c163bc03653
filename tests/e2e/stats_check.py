"""Independent check of `tradebrief stats` on datasets/korea.

Recomputes facts straight from the dataset's CSV with plain Python (no code
shared with tradebrief) and compares them with the JSON the binary printed.
Usage: stats_check.py TOTALS_CSV STATS_JSON MONTH
Prints one line per check ("ok ..." / "FAIL ...") and a summary line.
"""
import csv
import json
import sys

totals_csv, stats_json, month = sys.argv[1:4]
exp, imp = {}, {}
with open(totals_csv, newline="") as f:
    for row in csv.DictReader(f):
        (exp if row["flow"] == "export" else imp)[row["period"]] = float(row["value"])
bal = {m: exp[m] - imp[m] for m in exp if m in imp}
stats = json.load(open(stats_json))
months = sorted(exp)


def shift(m, k):
    y, mo = int(m[:4]), int(m[5:])
    i = y * 12 + mo - 1 + k
    return "%04d-%02d" % (i // 12, i % 12 + 1)


def yoy_streak(s, m):
    d = 1 if s[m] > s[shift(m, -12)] else -1
    n, cur = 0, m
    while cur in s and shift(cur, -12) in s and (s[cur] - s[shift(cur, -12)]) * d > 0:
        n, cur = n + 1, shift(cur, -1)
    return ("up" if d > 0 else "down"), n, shift(cur, 1)


def sign_streak(s, m):
    d = 1 if s[m] > 0 else -1
    n, cur = 0, m
    while cur in s and s[cur] * d > 0:
        n, cur = n + 1, shift(cur, -1)
    return ("surplus" if d > 0 else "deficit"), n, shift(cur, 1)


def runs(s, keyfn):
    """All maximal runs (from, to, length, kind) before the end of s."""
    out, cur = [], None
    for m in sorted(s):
        k = keyfn(m)
        if cur and k == cur[3] and k is not None and shift(cur[1], 1) == m:
            cur = (cur[0], m, cur[2] + 1, k)
        else:
            if cur and cur[3] is not None:
                out.append(cur)
            cur = (m, m, 1, k)
    if cur and cur[3] is not None:
        out.append(cur)
    return out


def high_since(s, m, higher=True):
    cur = shift(m, -1)
    while cur in s:
        if (s[cur] > s[m]) if higher else (s[cur] < s[m]):
            n = (int(m[:4]) * 12 + int(m[5:])) - (int(cur[:4]) * 12 + int(cur[5:]))
            return cur, n
        cur = shift(cur, -1)
    return None


passed = failed = 0


def check(name, got, want, tol=1e-9):
    global passed, failed
    good = (abs(got - want) <= tol * max(1, abs(want))) if isinstance(want, float) else got == want
    if good:
        passed += 1
    else:
        failed += 1
        print("FAIL %s: tradebrief %r, independent %r" % (name, got, want))


ex, im, ba = stats["series"]["exports"], stats["series"]["imports"], stats["series"]["balance"]
check("month", stats["month"], month)
check("exports.value", ex["value"], exp[month])
check("imports.value", im["value"], imp[month])
check("balance.value", ba["value"], bal[month])
check("exports.yoy_pct", ex["yoy_pct"], (exp[month] / exp[shift(month, -12)] - 1) * 100)
check("imports.yoy_pct", im["yoy_pct"], (imp[month] / imp[shift(month, -12)] - 1) * 100)
check("exports.mom_pct", ex["mom_pct"], (exp[month] / exp[shift(month, -1)] - 1) * 100)
ytd = [shift(month, -k) for k in range(int(month[5:]))]
ytd_now = sum(exp[m] for m in ytd)
ytd_then = sum(exp[shift(m, -12)] for m in ytd)
check("exports.ytd.value", ex["ytd"]["value"], ytd_now)
check("exports.ytd.yoy_pct", ex["ytd"]["yoy_pct"], (ytd_now / ytd_then - 1) * 100)
for name, s, js in (("exports", exp, ex), ("imports", imp, im)):
    d, n, since = yoy_streak(s, month)
    check(name + ".yoy_streak.direction", js["yoy_streak"]["direction"], d)
    check(name + ".yoy_streak.months", js["yoy_streak"]["months"], n)
    check(name + ".yoy_streak.since", js["yoy_streak"]["since"], since)
    hs = high_since(s, month)
    check(name + ".high_since", None if js["high_since"] is None else (js["high_since"]["month"], js["high_since"]["months"]), hs)
    ls = high_since(s, month, higher=False)
    check(name + ".low_since", None if js["low_since"] is None else (js["low_since"]["month"], js["low_since"]["months"]), ls)
    same = [s[m] for m in s if m[5:] == month[5:] and m <= month]
    check(name + ".same_month_rank", (js["same_month_rank"]["rank"], js["same_month_rank"]["of"]),
          (1 + sum(1 for v in same if v > s[month]), len(same)))
sg, n, since = sign_streak(bal, month)
check("balance.sign_streak.sign", ba["sign_streak"]["sign"], sg)
check("balance.sign_streak.months", ba["sign_streak"]["months"], n)
check("balance.sign_streak.since", ba["sign_streak"]["since"], since)
earlier = [r for r in runs(bal, lambda m: (bal[m] > 0) - (bal[m] < 0) or None)
           if r[1] < since and r[3] == (1 if sg == "surplus" else -1) and r[2] >= n]
want = (earlier[-1][0], earlier[-1][1], earlier[-1][2]) if earlier else None
got = ba["longest_since"]
check("balance.longest_since", None if got is None else (got["from"], got["to"], got["months"]), want)
print("stats_check %s: %d passed, %d failed" % (month, passed, failed))
sys.exit(1 if failed else 0)
