"""Independent check of the release fact kinds for every month of a dataset.

Recomputes, with plain Python from the dataset's long CSVs and working days
(no code shared with tradebrief), for every month: yoy_streak.previous /
sign_streak.previous, longest_since.passes_shorter, same_month_record_streak,
yoy_high_since / yoy_low_since, daily_avg high_since / low_since /
same_month_rank, quarter same_quarter_rank / high_since, ytd
same_period_rank / high_since, and the first_ever / first_for_month flags of
threshold_streaks and ytd.thresholds, for exports, imports, balance and every
breakdown member; compares them with `tradebrief stats DIR --month M`.
Usage: release_check.py DATASET_DIR TRADEBRIEF [FIRST_MONTH]
Prints each mismatch (at most 40) and a summary line with the counts.
"""
import csv
import json
import os
import subprocess
import sys

import yaml

ddir, binary = sys.argv[1], sys.argv[2]
first_month = sys.argv[3] if len(sys.argv) > 3 else None
man = yaml.safe_load(open(os.path.join(ddir, "dataset.yaml")))
series = {}  # (flow, partner, product) -> {month: value}
for f in man["files"]:
    with open(os.path.join(ddir, f["path"]), newline="") as fh:
        for row in csv.DictReader(fh):
            if row["value"].strip() == "" or (row.get("days") or "").strip():
                continue  # missing, or a partial period (days 1..D): not a month
            key = (row["flow"], row["partner"], row["product"])
            series.setdefault(key, {})[row["period"]] = float(row["value"])
wd = {}
if "working_days" in man:
    with open(os.path.join(ddir, man["working_days"]["file"]), newline="") as fh:
        for row in csv.DictReader(fh):
            if row["days"].strip():
                wd[row["period"]] = float(row["days"])
exp, imp = series[("export", "WLD", "TOTAL")], series[("import", "WLD", "TOTAL")]
series[("balance", "WLD", "TOTAL")] = {m: exp[m] - imp[m] for m in exp if m in imp}


def idx(m):
    return int(m[:4]) * 12 + int(m[5:]) - 1


def mon(i):
    return "%04d-%02d" % (i // 12, i % 12 + 1)


start = min(min(s) for s in series.values())
last = max(exp)
I0 = idx(start)


def ydir(s, i, sign):
    m = mon(i)
    if m not in s:
        return None
    if sign:
        return (s[m] > 0) - (s[m] < 0) or None
    b = mon(i - 12)
    if i - 12 < I0 or b not in s:
        return None
    return (s[m] > s[b]) - (s[m] < s[b]) or None


def run_at(s, i, sign):
    """(dir, start index) of the run ending at i, or None."""
    d = ydir(s, i, sign)
    if d is None:
        return None
    j = i
    while j - 1 >= I0 and ydir(s, j - 1, sign) == d:
        j -= 1
    return d, j


def previous(s, i, sign):
    cur = run_at(s, i, sign)
    if cur is None:
        return "no current"
    p = run_at(s, cur[1] - 1, sign) if cur[1] - 1 >= I0 else None
    if p is None:
        return None
    return (p[0], cur[1] - p[1], mon(p[1]), mon(cur[1] - 1))


def passes_shorter(s, i, sign):
    cur = run_at(s, i, sign)
    if cur is None:
        return None
    d, st = cur
    length = i - st + 1
    runs, j = [], st - 1  # complete runs of kind d before st, newest first
    while j >= I0:
        r = run_at(s, j, sign)
        if r is None:
            j -= 1
            continue
        if r[0] == d:
            runs.append(j - r[1] + 1)
        j = r[1] - 1
    for k, n in enumerate(runs):
        if n >= length:
            return k > 0
    return None


def vals(s, i, step):
    return [(j, s[mon(j)]) for j in range(i - step, I0 - 1, -step) if mon(j) in s]


def since(x, i, step, high):
    """Index distance to the latest earlier entry of dict x (index -> value)
    at stride step strictly above (below) x[i]; None when none."""
    if i not in x:
        return "no value"
    for j in range(i - step, I0 - 1, -step):
        if j in x and (x[j] > x[i] if high else x[j] < x[i]):
            return (mon(j), i - j)
    return None


def rank(x, i):
    if i not in x:
        return None
    same = [x[j] for j in range(i, I0 - 1, -12) if j in x]
    return (1 + sum(1 for v in same if v > x[i]), len(same))


def derived(s):
    """Index-keyed dicts: value, yoy growth, daily average, quarter, ytd."""
    v = {idx(m): x for m, x in s.items()}
    g = {i: (v[i] - v[i - 12]) / v[i - 12] * 100 for i in v if i - 12 in v and v[i - 12] != 0}
    d = {i: v[i] / wd[mon(i)] for i in v if wd.get(mon(i), 0) > 0}
    q = {i: v[i - 2] + v[i - 1] + v[i] for i in v
         if (i % 12 + 1) % 3 == 0 and i - 2 in v and i - 1 in v}
    y = {}
    for i in v:
        jan = i - i % 12
        if jan >= I0 and all(j in v for j in range(jan, i + 1)):
            t = v[jan]
            for j in range(jan + 1, i + 1):
                t += v[j]
            y[i] = t
    return v, g, d, q, y


def record_streak(v, i):
    k = i
    while k in v:
        earlier = [v[j] for j in range(k - 12, I0 - 1, -12) if j in v]
        if not earlier or not v[k] > max(earlier):
            break
        k -= 1
    return i - k


def firsts(x, i, th):
    at = i in x and x[i] >= th
    ever = at and not any(x[j] >= th for j in x if j < i)
    month = at and not any(x[j] >= th for j in range(i - 12, I0 - 1, -12) if j in x)
    return ever, month


passed = failed = 0


def check(name, got, want):
    global passed, failed
    if got == want:
        passed += 1
    else:
        failed += 1
        if failed <= 40:
            print("FAIL %s: tradebrief %r, independent %r" % (name, got, want))


def obj_since(j, key):
    o = j.get(key)
    return None if o is None else (o["month"], o["months"])


def check_series(name, s, j, i, sign):
    v, g, d, q, y = cache.setdefault(id(s), derived(s))
    st = j.get("sign_streak" if sign else "yoy_streak")
    want = previous(s, i, sign)
    if want != "no current":
        p = st.get("previous")
        got = None if p is None else ({"up": 1, "down": -1, "surplus": 1, "deficit": -1}[
            p["sign" if sign else "direction"]], p["months"], p["since"], p["to"])
        check(name + ".previous", got, want)
        ls = j["longest_since"]
        check(name + ".longest_since.passes_shorter",
              None if ls is None else ls["passes_shorter"], passes_shorter(s, i, sign))
    rs = j["same_month_record_streak"]
    check(name + ".same_month_record_streak", 0 if rs is None else rs["months"], record_streak(v, i))
    if not sign:
        for key, high in (("yoy_high_since", True), ("yoy_low_since", False)):
            w = since(g, i, 1, high)
            check(name + "." + key, obj_since(j, key), None if w == "no value" else w)
        da = j.get("daily_avg")
        if da is not None:
            check(name + ".daily_avg.high_since", obj_since(da, "high_since"), since(d, i, 1, True))
            check(name + ".daily_avg.low_since", obj_since(da, "low_since"), since(d, i, 1, False))
            r = da["same_month_rank"]
            check(name + ".daily_avg.same_month_rank", r and (r["rank"], r["of"]), rank(d, i))
        for th in j["threshold_streaks"]:
            check(name + ".threshold_streaks[%s]" % th["threshold"],
                  (th["first_ever"], th["first_for_month"]), firsts(v, i, th["threshold"]))
        for th in j["ytd"]["thresholds"]:
            check(name + ".ytd.thresholds[%s]" % th["threshold"],
                  (th["first_ever"], th["first_for_month"]), firsts(y, i, th["threshold"]))
    qj = j["quarter"]
    if qj is not None:
        r = qj["same_quarter_rank"]
        check(name + ".quarter.same_quarter_rank", r and (r["rank"], r["of"]), rank(q, i))
        w = since(q, i, 3, True)
        check(name + ".quarter.high_since", obj_since(qj, "high_since"), None if w == "no value" else w)
    yj = j["ytd"]
    r = yj["same_period_rank"]
    check(name + ".ytd.same_period_rank", r and (r["rank"], r["of"]), rank(y, i))
    w = since(y, i, 12, True)
    hs = yj["high_since"]
    check(name + ".ytd.high_since", None if hs is None else (hs["month"], hs["years"]),
          None if w in ("no value", None) else (w[0], w[1] // 12))


def member_series(bd, code):
    if "partners" in bd:
        return series.get((bd["flow"], code, bd["product"]), {})
    return series.get((bd["flow"], bd["partner"], code), {})


def check_breakdown(m, i, bname, bd, bj):
    codes = bd.get("partners") or bd.get("products")
    if bname not in dircache:  # yoy direction (None also when flat) and comparability
        dircache[bname] = ({c: {j: ydir(member_series(bd, c), j, False) for j in range(I0, idx(last) + 1)}
                            for c in codes},
                           {c: {j: mon(j) in member_series(bd, c) and mon(j - 12) in member_series(bd, c)
                                for j in range(I0, idx(last) + 1)} for c in codes})
    dirs, comparable = dircache[bname]
    up = {j: sum(1 for c in codes if dirs[c][j] == 1) for j in range(I0, i + 1)}
    cmp = {j: sum(1 for c in codes if comparable[c][j]) for j in range(I0, i + 1)}
    want = None
    if cmp[i]:
        for j in range(i - 1, I0 - 1, -1):
            if cmp[j] and up[j] >= up[i]:
                want = (mon(j), i - j)
                break
    check("%s %s.breadth.high_since" % (m, bname), obj_since(bj["breadth"], "high_since"), want)
    for g, gd in (bd.get("groups") or {}).items():
        gc = gd.get("products") or gd.get("partners")
        full = {j: all(dirs[c][j] == 1 for c in gc) for j in range(I0, i + 1)}
        k = i
        while k >= I0 and full[k]:
            k -= 1
        aj = bj["groups"][g]["all_up"]
        check("%s %s.groups.%s.all_up" % (m, bname, g), None if aj is None else (aj["months"], aj["since"]),
              None if k == i else (i - k, mon(k + 1)))
        e = k
        while e >= I0 and not full[e]:
            e -= 1
        s = e
        while s - 1 >= I0 and full[s - 1]:
            s -= 1
        pj = bj["groups"][g]["all_up_previous"]
        check("%s %s.groups.%s.all_up_previous" % (m, bname, g),
              None if pj is None else (pj["months"], pj["since"], pj["to"]),
              None if e < I0 else (e - s + 1, mon(s), mon(e)))


cache, dircache = {}, {}
months = 0
for i in range(idx(first_month) if first_month else I0, idx(last) + 1):
    m = mon(i)
    p = subprocess.run([binary, "stats", ddir, "--month", m], capture_output=True, text=True)
    if p.returncode != 0:
        check("stats " + m + " exit", p.returncode, 0)
        continue
    months += 1
    st = json.loads(p.stdout)
    for flow, key in (("exports", "export"), ("imports", "import"), ("balance", "balance")):
        check_series(m + " " + flow, series[(key, "WLD", "TOTAL")], st["series"][flow], i, key == "balance")
    for bname, bd in man.get("breakdowns", {}).items():
        bj = st["breakdowns"][bname]
        check_breakdown(m, i, bname, bd, bj)
        along = "partner" if "partners" in bd else "product"
        for mj in bj["members"]:
            key = (bd["flow"], mj["code"], bd["product"]) if along == "partner" else \
                (bd["flow"], bd["partner"], mj["code"])
            if key in series and mj["value"] is not None:
                check_series("%s %s.%s" % (m, bname, mj["code"]), series[key], mj, i, bd["flow"] == "balance")
print("release_check %s: %d months, %d facts compared, %d passed, %d failed"
      % (os.path.basename(ddir.rstrip("/")), months, passed + failed, passed, failed))
sys.exit(1 if failed else 0)
