"""Independent check of the flash facts (`stats --days D`, issue 14).

Recomputes with plain Python, from the raw KCS 10-day file (SOURCES.md B3:
yyyymm,period,item,exports_kusd with period 01~10 / 01~20 / 월전체) and, for
working days, the raw KASI holiday list (D1) with the official rule
(weekdays 1, Saturdays 0.5, Sundays, holidays and May 1 0), for every 1-10
and 1-20 period from FIRST to the last in the file: exports value, yoy_pct,
yoy_streak (direction, months), every item's value, yoy_pct, share_pct and
contribution_pp, breadth (up, down, of), the working days of both periods
and daily_avg (value, yoy_pct); compares them with
`tradebrief stats DATASET --month M --days D`.  Reads nothing tradebrief
wrote but the stats JSON being checked.
Usage: flash_check.py TRADEBRIEF DATASET RAW_10DAY_CSV KASI_CSV [FIRST]
Prints each mismatch (at most 40) and a summary line with the counts.
"""
import calendar
import csv
import datetime
import json
import subprocess
import sys

binary, ddir, raw, kasi = sys.argv[1:5]
first = sys.argv[5] if len(sys.argv) > 5 else "2024-01"
CODES = {"전체": "TOTAL", "반도체": "SEMI", "승용차": "CARS", "자동차부품": "PARTS", "석유제품": "PETRO",
         "선박": "SHIPS", "철강제품": "STEEL", "무선통신기기": "WIRELESS", "컴퓨터주변기기": "COMPUTERS",
         "정밀기기": "PRECISION", "가전제품": "APPLIANCES"}
KIND = {"01~10": 10, "01~20": 20}

vals = {}  # (code, days) -> {"YYYY-MM": value}
with open(raw, newline="", encoding="utf-8") as fh:
    for r in csv.DictReader(fh):
        if r["period"] in KIND:
            m = r["yyyymm"][:4] + "-" + r["yyyymm"][4:]
            vals.setdefault((CODES[r["item"]], KIND[r["period"]]), {})[m] = float(r["exports_kusd"])
holidays = set()
with open(kasi, newline="", encoding="utf-8") as fh:
    for r in csv.DictReader(fh):
        holidays.add(datetime.date.fromisoformat(r["Start date"]))
kasi_years = {h.year for h in holidays}


def workdays(month, days):
    y, m = int(month[:4]), int(month[5:])
    if y not in kasi_years or days > calendar.monthrange(y, m)[1]:
        return None
    total = 0.0
    for d in range(1, days + 1):
        dt = datetime.date(y, m, d)
        if dt in holidays or (m, d) == (5, 1) or dt.weekday() == 6:
            continue
        total += 1 if dt.weekday() < 5 else 0.5
    return total


def back(month, n=12):
    i = int(month[:4]) * 12 + int(month[5:]) - 1 - n
    return "%04d-%02d" % (i // 12, i % 12 + 1)


def pct(a, b):
    return (a / b - 1) * 100


def streak(s, m):
    """Months in a row up to M whose value rose (fell) on a year earlier."""
    d0, n = None, 0
    while m in s and back(m) in s and s[m] != s[back(m)]:
        d = 1 if s[m] > s[back(m)] else -1
        if d0 is None:
            d0 = d
        if d != d0:
            break
        n += 1
        m = back(m, 1)
    return d0, n


bad, checked = [], 0


def close(a, b, what):
    global checked
    checked += 1
    if a is None or b is None:
        ok = a is None and b is None
    else:
        ok = abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    if not ok:
        bad.append(f"{what}: tradebrief {b!r}, python {a!r}")


items = [c for c in CODES.values() if c != "TOTAL"]
periods = 0
for days in (10, 20):
    tot = vals[("TOTAL", days)]
    for m in sorted(p for p in tot if p >= first):
        out = subprocess.run([binary, "stats", ddir, "--month", m, "--days", str(days)],
                             capture_output=True, text=True)
        if out.returncode != 0:
            bad.append(f"{m} 1-{days}: exit {out.returncode}: {out.stderr.strip()}")
            continue
        j = json.loads(out.stdout)
        periods += 1
        w = f"{m} 1-{days}"
        ex = j["series"]["exports"]
        close(tot[m], ex["value"], f"{w} exports.value")
        close(pct(tot[m], tot[back(m)]), ex["yoy_pct"], f"{w} exports.yoy_pct")
        d, n = streak(tot, m)
        checked += 1
        if ex["yoy_streak"]["months"] != n or ex["yoy_streak"]["direction"] != ("up" if d > 0 else "down"):
            bad.append(f"{w} exports.yoy_streak: tradebrief {ex['yoy_streak']}, python {d} {n}")
        wd, wd0 = workdays(m, days), workdays(back(m), days)
        close(wd, j["period"]["working_days"], f"{w} period.working_days")
        close(wd0, j["period"]["working_days_year_earlier"], f"{w} period.working_days_year_earlier")
        da = ex["daily_avg"] or {}
        close(tot[m] / wd if wd else None, da.get("value"), f"{w} daily_avg.value")
        close(pct(tot[m] / wd, tot[back(m)] / wd0) if wd and wd0 else None, da.get("yoy_pct"),
              f"{w} daily_avg.yoy_pct")
        mem = {x["code"]: x for x in j["breakdowns"]["items"]["members"]}
        up = down = 0
        for c in items:
            s = vals[(c, days)]
            x = mem[c]
            close(s[m], x["value"], f"{w} {c}.value")
            close(pct(s[m], s[back(m)]), x["yoy_pct"], f"{w} {c}.yoy_pct")
            close(s[m] / tot[m] * 100, x["share_pct"], f"{w} {c}.share_pct")
            close((s[m] - s[back(m)]) / tot[back(m)] * 100, x["contribution_pp"], f"{w} {c}.contribution_pp")
            up += s[m] > s[back(m)]
            down += s[m] < s[back(m)]
        b = j["breakdowns"]["items"]["breadth"]
        checked += 1
        if (b["up"], b["down"], b["of"]) != (up, down, len(items)):
            bad.append(f"{w} breadth: tradebrief {b}, python up {up} down {down} of {len(items)}")

for line in bad[:40]:
    print(line)
print(f"flash_check: {periods} periods, {checked} values checked, {len(bad)} mismatches")
sys.exit(1 if bad or not periods else 0)
