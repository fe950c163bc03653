#!/usr/bin/env python3
"""Build datasets/korea and datasets/world from the official figures.

Usage:  python3 tools/make_datasets.py SRC_DIR OUT_DIR      (= `make datasets`)

SRC_DIR holds the files described in ../shared/real-data/SOURCES.md; OUT_DIR
receives korea/ and world/, each with dataset.yaml, long CSV files
(period,reporter,flow,partner,product,value; see docs/dataset-format.md) and a
SOURCES.md that credits the agencies and records every choice and check.

korea/ (thousand USD, customs basis, NSA)
  totals.csv        exports and imports to the world: World Bank GEM 1991-01..
                    1999-12 (2018 vintage before 1994-12, 2024 vintage after),
                    Bank of Korea ECOS 901Y118 from 2000-01.
  items.csv         10 KCS export items, whole-month rows, 2016-01 on.
  items_10day.csv   KCS cumulative days 1-10 and 1-20 (column `days`) of the
                    total and the 10 items, 2016-01 on (partial periods).
  destinations.csv  exports to USA, CHN, EU, ASEAN, 2000-01..2023-09.
  working_days.csv  official rule from the KASI calendar (2018 on); earlier
                    months backed out of MOTIE's daily averages.
  working_days_daily.csv  the same rule day by day (date,days: 1, 0.5 or 0),
                    2018-01-01 to the end of the calendar, for partial periods.
  Totals are never written twice: the KCS and destination files' own totals
  are only compared with ECOS.  Balances are not written (the loader derives
  them).
world/ (million USD, NSA): every reporter column of the World Bank GEM
  merchandise exports/imports files, newer vintage preferred, earlier months
  filled from the 2018 vintage where the two agree.

Standard library only.  Deterministic: no clock, sorted output, LF, UTF-8.
Fails loudly (exit 1) on any unexpected header, period or value.
"""
import calendar
import csv
import datetime
import os
import re
import statistics
import shutil
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

F = {  # input files, by the names SOURCES.md gives them
    "A1x": "ecos_901Y118_T002_korea_exports_NSA_200001_202602_kusd.csv",
    "A1m": "ecos_901Y118_T004_korea_imports_NSA_200001_202602_kusd.csv",
    "A3k": "worldbank_gem_korea_exports_imports_NSA_monthly_199412_202411_musd.csv",
    "A4k": "worldbank_gem_vintage2018_korea_exports_imports_NSA_monthly_199101_201809_musd.csv",
    "A2": "ecos_901Y118_T002_korea_exports_NSA_200001_202606_kusd_vintage2026-07.csv",
    "A5": "korea_ecos_total_trade_monthly_202407_202605_usd.csv",
    "B1": "kosis_korea_to_china_monthly_2001_2019_kusd.csv",
    "B2": "korea_exports_by_destination_total_usa_china_eu_asean_monthly_200001_202309_kusd.csv",
    "B3": "kcs_korea_exports_10day_cumulative_by_item_201601_202608_kusd.csv",
    "B4": "kcs_korea_exports_total_and_computed_daily_avg_202105_202607_kusd.csv",
    "B7": "motie_korea_average_daily_exports_monthly_200501_202310_100musd_per_day.csv",
    "B8t": "kcs_korea_totals_monthly_202605_202607_usd.csv",
    "B8r": "kcs_korea_exports_imports_by_region9_monthly_202605_202607_usd.csv",
    "B8i": "kcs_korea_exports_imports_by_mti20_monthly_202605_202607_usd.csv",
    "D1": "kasi_korea_public_holidays_2018_2027.csv",
    "A3x": "worldbank_gem_exports_merchandise_customs_current_usd_millions_NSA_monthly_all_countries_199412_202411.csv",
    "A3m": "worldbank_gem_imports_merchandise_customs_current_usd_millions_NSA_monthly_all_countries_199412_202411.csv",
    "A4x": "worldbank_gem_vintage2018_exports_merchandise_customs_current_usd_millions_NSA_monthly_all_countries_199101_201809.csv",
    "A4m": "worldbank_gem_vintage2018_imports_merchandise_customs_current_usd_millions_NSA_monthly_all_countries_199101_201809.csv",
}
HEADER = ["period", "reporter", "flow", "partner", "product", "value"]
FLOW_NAMES = {"export": ("Exports", "수출"), "import": ("Imports", "수입"),
              "balance": ("Trade balance", "무역수지")}
# KCS item name -> (code, English name)
ITEMS = {"반도체": ("SEMI", "Semiconductors"), "승용차": ("CARS", "Passenger cars"),
         "자동차부품": ("PARTS", "Auto parts"), "석유제품": ("PETRO", "Petroleum products"),
         "선박": ("SHIPS", "Ships"), "철강제품": ("STEEL", "Steel products"),
         "무선통신기기": ("WIRELESS", "Wireless communication devices"),
         "컴퓨터주변기기": ("COMPUTERS", "Computers and peripherals"),
         "정밀기기": ("PRECISION", "Precision instruments"),
         "가전제품": ("APPLIANCES", "Home appliances")}
# destination column -> (code, English, Korean)
DESTS = {"usa": ("USA", "United States", "미국"), "china": ("CHN", "China", "중국"),
         "eu": ("EU", "European Union", "EU"), "asean": ("ASEAN", "ASEAN", "아세안")}
# World Bank GEM column name -> (ISO 3166 alpha-3, Korean name)
COUNTRIES = {
    "Albania": ("ALB", "알바니아"), "Algeria": ("DZA", "알제리"), "Angola": ("AGO", "앙골라"),
    "Argentina": ("ARG", "아르헨티나"), "Armenia": ("ARM", "아르메니아"),
    "Australia": ("AUS", "호주"), "Austria": ("AUT", "오스트리아"),
    "Azerbaijan": ("AZE", "아제르바이잔"), "Bahrain": ("BHR", "바레인"),
    "Bangladesh": ("BGD", "방글라데시"), "Barbados": ("BRB", "바베이도스"),
    "Belarus": ("BLR", "벨라루스"), "Belgium": ("BEL", "벨기에"), "Belize": ("BLZ", "벨리즈"),
    "Benin": ("BEN", "베냉"), "Bolivia": ("BOL", "볼리비아"),
    "Bosnia and Herzegovina": ("BIH", "보스니아 헤르체고비나"), "Botswana": ("BWA", "보츠와나"),
    "Brazil": ("BRA", "브라질"), "Brunei Darussalam": ("BRN", "브루나이"),
    "Bulgaria": ("BGR", "불가리아"), "Burkina Faso": ("BFA", "부르키나파소"),
    "Burundi": ("BDI", "부룬디"), "Cabo Verde": ("CPV", "카보베르데"),
    "Cambodia": ("KHM", "캄보디아"), "Cameroon": ("CMR", "카메룬"), "Canada": ("CAN", "캐나다"),
    "Central African Republic": ("CAF", "중앙아프리카공화국"), "Chile": ("CHL", "칠레"),
    "China": ("CHN", "중국"), "Colombia": ("COL", "콜롬비아"), "Comoros": ("COM", "코모로"),
    "Congo, Rep.": ("COG", "콩고공화국"), "Costa Rica": ("CRI", "코스타리카"),
    "Cote d'Ivoire": ("CIV", "코트디부아르"), "Croatia": ("HRV", "크로아티아"),
    "Cyprus": ("CYP", "키프로스"), "Czech Republic": ("CZE", "체코"),
    "Denmark": ("DNK", "덴마크"), "Djibouti": ("DJI", "지부티"), "Dominica": ("DMA", "도미니카연방"),
    "Dominican Republic": ("DOM", "도미니카공화국"), "Ecuador": ("ECU", "에콰도르"),
    "Egypt, Arab Rep.": ("EGY", "이집트"), "El Salvador": ("SLV", "엘살바도르"),
    "Equatorial Guinea": ("GNQ", "적도기니"), "Estonia": ("EST", "에스토니아"),
    "Ethiopia": ("ETH", "에티오피아"), "Finland": ("FIN", "핀란드"), "France": ("FRA", "프랑스"),
    "Gabon": ("GAB", "가봉"), "Gambia, The": ("GMB", "감비아"), "Georgia": ("GEO", "조지아"),
    "Germany": ("DEU", "독일"), "Ghana": ("GHA", "가나"), "Greece": ("GRC", "그리스"),
    "Guatemala": ("GTM", "과테말라"), "Guinea": ("GIN", "기니"),
    "Guinea-Bissau": ("GNB", "기니비사우"), "Guyana": ("GUY", "가이아나"), "Haiti": ("HTI", "아이티"),
    "Honduras": ("HND", "온두라스"), "Hong Kong SAR, China": ("HKG", "홍콩"),
    "Hungary": ("HUN", "헝가리"), "Iceland": ("ISL", "아이슬란드"), "India": ("IND", "인도"),
    "Indonesia": ("IDN", "인도네시아"), "Iran, Islamic Rep.": ("IRN", "이란"),
    "Iraq": ("IRQ", "이라크"), "Ireland": ("IRL", "아일랜드"), "Israel": ("ISR", "이스라엘"),
    "Italy": ("ITA", "이탈리아"), "Jamaica": ("JAM", "자메이카"), "Japan": ("JPN", "일본"),
    "Jordan": ("JOR", "요르단"), "Kazakhstan": ("KAZ", "카자흐스탄"), "Kenya": ("KEN", "케냐"),
    "Korea, Rep.": ("KOR", "한국"), "Kuwait": ("KWT", "쿠웨이트"),
    "Kyrgyz Republic": ("KGZ", "키르기스스탄"), "Lao, PDR": ("LAO", "라오스"),
    "Latvia": ("LVA", "라트비아"), "Lebanon": ("LBN", "레바논"), "Libya": ("LBY", "리비아"),
    "Lithuania": ("LTU", "리투아니아"), "Luxembourg": ("LUX", "룩셈부르크"),
    "Macedonia, FYR": ("MKD", "북마케도니아"), "North Macedonia": ("MKD", "북마케도니아"),
    "Madagascar": ("MDG", "마다가스카르"), "Malawi": ("MWI", "말라위"),
    "Malaysia": ("MYS", "말레이시아"), "Maldives": ("MDV", "몰디브"), "Mali": ("MLI", "말리"),
    "Malta": ("MLT", "몰타"), "Mauritania": ("MRT", "모리타니"), "Mauritius": ("MUS", "모리셔스"),
    "Mexico": ("MEX", "멕시코"), "Moldova, Rep.": ("MDA", "몰도바"), "Mongolia": ("MNG", "몽골"),
    "Morocco": ("MAR", "모로코"), "Mozambique": ("MOZ", "모잠비크"), "Myanmar": ("MMR", "미얀마"),
    "Namibia": ("NAM", "나미비아"), "Nepal": ("NPL", "네팔"), "Netherlands": ("NLD", "네덜란드"),
    "New Zealand": ("NZL", "뉴질랜드"), "Nicaragua": ("NIC", "니카라과"), "Niger": ("NER", "니제르"),
    "Nigeria": ("NGA", "나이지리아"), "Norway": ("NOR", "노르웨이"), "Oman": ("OMN", "오만"),
    "Pakistan": ("PAK", "파키스탄"), "Panama": ("PAN", "파나마"),
    "Papua New Guinea": ("PNG", "파푸아뉴기니"), "Paraguay": ("PRY", "파라과이"),
    "Peru": ("PER", "페루"), "Philippines": ("PHL", "필리핀"), "Poland": ("POL", "폴란드"),
    "Portugal": ("PRT", "포르투갈"), "Qatar": ("QAT", "카타르"), "Romania": ("ROU", "루마니아"),
    "Russian Federation": ("RUS", "러시아"), "Rwanda": ("RWA", "르완다"), "Samoa": ("WSM", "사모아"),
    "Saudi Arabia": ("SAU", "사우디아라비아"), "Seychelles": ("SYC", "세이셸"),
    "Sierra Leone": ("SLE", "시에라리온"), "Singapore": ("SGP", "싱가포르"),
    "Slovakia": ("SVK", "슬로바키아"), "Slovenia": ("SVN", "슬로베니아"),
    "South Africa": ("ZAF", "남아프리카공화국"), "Spain": ("ESP", "스페인"),
    "Sri Lanka": ("LKA", "스리랑카"), "Sudan": ("SDN", "수단"), "Suriname": ("SUR", "수리남"),
    "Sweden": ("SWE", "스웨덴"), "Switzerland": ("CHE", "스위스"),
    "Syrian Arab Republic": ("SYR", "시리아"), "Taiwan, China": ("TWN", "대만"),
    "Tajikistan": ("TJK", "타지키스탄"), "Tanzania, United Rep.": ("TZA", "탄자니아"),
    "Thailand": ("THA", "태국"), "Tonga": ("TON", "통가"),
    "Trinidad and Tobago": ("TTO", "트리니다드 토바고"), "Tunisia": ("TUN", "튀니지"),
    "Turkey": ("TUR", "튀르키예"), "Uganda": ("UGA", "우간다"), "Ukraine": ("UKR", "우크라이나"),
    "United Arab Emirates": ("ARE", "아랍에미리트"), "United Kingdom": ("GBR", "영국"),
    "United States": ("USA", "미국"), "Uruguay": ("URY", "우루과이"),
    "Uzbekistan": ("UZB", "우즈베키스탄"), "Venezuela, RB": ("VEN", "베네수엘라"),
    "Viet Nam": ("VNM", "베트남"), "Vietnam": ("VNM", "베트남"), "Yemen, Rep.": ("YEM", "예멘"),
    "Zambia": ("ZMB", "잠비아"),
}
# GEM aggregates: invented codes (not ISO), listed under `aggregates:` in the
# manifest.  Differently named groups of the two vintages get different codes.
AGGREGATES = {
    "World (WBG members)": ("WLD_WBG", "세계(세계은행 회원국)"),
    "Advanced Economies": ("ADV", "선진국"),
    "High Income Countries": ("HIC", "고소득국"),
    "High income: OECD": ("HIC_OECD", "고소득 OECD 국가"),
    "High Income: Non-OECD": ("HIC_NONOECD", "고소득 비OECD 국가"),
    "Middle-Income Countries (MIC)": ("MIC", "중소득국"),
    "Middle Income Countries": ("MIC_2018", "중소득국(2018년 분류)"),
    "Low-Income Countries (LIC)": ("LIC", "저소득국"),
    "Low Income": ("LIC_2018", "저소득국(2018년 분류)"),
    "Emerging Market and Developing Economies (EMDEs)": ("EMDE", "신흥·개도국"),
    "EMDE East Asia & Pacific": ("EMDE_EAP", "신흥·개도국: 동아시아·태평양"),
    "EMDE Europe & Central Asia": ("EMDE_ECA", "신흥·개도국: 유럽·중앙아시아"),
    "EMDE Latin America & Caribbean": ("EMDE_LAC", "신흥·개도국: 중남미"),
    "EMDE Middle East & N. Africa": ("EMDE_MNA", "신흥·개도국: 중동·북아프리카"),
    "EMDE South Asia": ("EMDE_SAR", "신흥·개도국: 남아시아"),
    "EMDE Sub-Saharan Africa": ("EMDE_SSA", "신흥·개도국: 사하라 이남 아프리카"),
    "Developing Countries": ("DEV", "개발도상국"),
    "Developing Asia": ("DEV_ASIA", "아시아 개발도상국"),
    "East Asia & Pacific developing": ("DEV_EAP", "개도국: 동아시아·태평양"),
    "Europe & Central Asia developing": ("DEV_ECA", "개도국: 유럽·중앙아시아"),
    "Latin America & Caribbean developing": ("DEV_LAC", "개도국: 중남미"),
    "Middle East & N. Africa developing": ("DEV_MNA", "개도국: 중동·북아프리카"),
    "South Asia developing": ("DEV_SAR", "개도국: 남아시아"),
    "Sub-Saharan Africa developing": ("DEV_SSA", "개도국: 사하라 이남 아프리카"),
}
LOG = []  # lines of the check report, printed and copied into SOURCES.md
CTX = [""]  # name of the file being read, for error messages


def need(cond, msg):
    if not cond:
        sys.exit(f"make_datasets.py: error: {msg}")


def note(key, msg, show=True):
    """Record a check result for SOURCES.md; print it unless it is a detail line."""
    LOG.append((key, msg))
    if show:
        print(f"  [{key}] {msg}")


def read_csv(src, key, header, encoding="utf-8"):
    """Rows of input file KEY after asserting its exact header."""
    path = src / F[key]
    CTX[0] = path.name
    with open(path, encoding=encoding, newline="") as fh:
        rows = list(csv.reader(fh))
    need(rows and rows[0] == header, f"{path.name}: header {rows[0] if rows else None!r}, "
         f"expected {header!r}")
    for i, r in enumerate(rows[1:], 2):
        need(len(r) == len(header), f"{path.name}:{i}: {len(r)} fields, expected {len(header)}")
    return rows[1:]


PERIOD_RE = {"YYYY-MM": r"(\d{4})-(\d{2})", "YYYYMM": r"(\d{4})(\d{2})",
             "YYYY.MM": r"(\d{4})\.(\d{2})", "YYYYMmm": r"(\d{4})M(\d{2})"}


def period(text, fmt):
    m = re.fullmatch(PERIOD_RE[fmt], text)
    need(m and 1 <= int(m[2]) <= 12 and 1950 <= int(m[1]) <= 2100,
         f"{CTX[0]}: bad period {text!r} (expected {fmt})")
    return f"{m[1]}-{m[2]}"


def months(first, last):
    y, m = int(first[:4]), int(first[5:])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def num(text, what):
    """Decimal of a plain non-negative number; anything else is fatal."""
    need(re.fullmatch(r"\d+(\.\d+)?", text or ""), f"{what}: bad value {text!r}")
    return Decimal(text)


def dtext(d):
    """Decimal -> shortest exact plain text (no exponent, no trailing .0)."""
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")


def fmt(n):
    return f"{n:,}" if isinstance(n, int) else f"{n:,.3f}".rstrip("0").rstrip(".")


def atomic_write(path, text):
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    os.replace(tmp, path)


def write_long(path, rows, header=HEADER):
    """Rows are (period, reporter, flow, partner, product[, days], value_text)."""
    rows = sorted(rows, key=lambda r: (r[1], r[2], r[3], r[4], r[5:-1], r[0]))
    lines = [",".join(header)] + [",".join(r) for r in rows]
    atomic_write(path, "\n".join(lines) + "\n")
    return len(rows)


# --- a tiny YAML emitter for the manifest (block maps, flow lists/leaf maps) ---
YAML_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
YAML_11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def yscalar(v):
    if isinstance(v, int):
        return str(v)
    if YAML_PLAIN.fullmatch(v) and v.lower() not in YAML_11_WORDS:
        return v
    return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'


def yaml(obj, indent=0):
    pad, out = "  " * indent, []
    for k, v in obj.items():
        if isinstance(v, dict) and v and all(not isinstance(x, (dict, list)) for x in v.values()) \
                and len(v) <= 3:
            inner = ", ".join(f"{yscalar(a)}: {yscalar(b)}" for a, b in v.items())
            out.append(f"{pad}{yscalar(k)}: {{{inner}}}")
        elif isinstance(v, dict):
            out.append(f"{pad}{yscalar(k)}:")
            out.extend(yaml(v, indent + 1))
        elif isinstance(v, list) and v and isinstance(v[0], dict):
            out.append(f"{pad}{yscalar(k)}:")
            for d in v:
                lines = yaml(d, indent + 2)
                out.append(f"{pad}  - " + lines[0].lstrip())
                out.extend(lines[1:])
        elif isinstance(v, list):
            out.append(f"{pad}{yscalar(k)}: [{', '.join(yscalar(x) for x in v)}]")
        else:
            out.append(f"{pad}{yscalar(k)}: {yscalar(v)}")
    return out


def names(d):
    return {code: {"en": en, "ko": ko} for code, (en, ko) in d.items()}


# ------------------------------------------------------------------ korea ----
def gem_korea(src, key, allx, allm):
    """{flow: {period: Decimal million USD}} from a GEM Korea file; asserts it
    equals the 'Korea, Rep.' columns of the all-country files."""
    out = {"export": {}, "import": {}}
    for p, x, m in read_csv(src, key, ["period", "exports_musd", "imports_musd"]):
        p = period(p, "YYYYMmm")
        for flow, cell, full in (("export", x, allx), ("import", m, allm)):
            need(full.get(p) == (cell if cell != "NA" else None),
                 f"{F[key]}: {p} {flow} differs from the all-country file")
            if cell != "NA":
                out[flow][p] = num(cell, F[key])
    return out


def korea_totals(src, gem):
    a4 = gem_korea(src, "A4k", gem["A4x"]["Korea, Rep."], gem["A4m"]["Korea, Rep."])
    a3 = gem_korea(src, "A3k", gem["A3x"]["Korea, Rep."], gem["A3m"]["Korea, Rep."])
    ecos = {}
    for flow, key, col in (("export", "A1x", "exports"), ("import", "A1m", "imports")):
        ecos[flow] = {period(p, "YYYY-MM"): num(v, F[key])
                      for p, v in read_csv(src, key, ["", col])}
        need(list(ecos[flow]) == months("2000-01", "2026-02"), f"{F[key]}: months not 2000-01..2026-02")
    tot = {}
    for flow in ("export", "import"):
        need(all(p in a4[flow] for p in months("1991-01", "1999-12"))
             and all(p in a3[flow] for p in months("1994-12", "1999-12")), f"GEM Korea {flow}s incomplete")
        s = {p: a4[flow][p] * 1000 for p in months("1991-01", "1994-11")}
        s.update({p: a3[flow][p] * 1000 for p in months("1994-12", "1999-12")})
        s.update(ecos[flow])
        tot[flow] = s
        d = [(p, a3[flow][p] - a4[flow][p]) for p in months("1994-12", "1999-12") if a3[flow][p] != a4[flow][p]]
        note("K1", f"GEM 2024 vs 2018 vintage, {flow}s 1994-12..1999-12: {len(d)} of 61 months differ"
             + (f", max |diff| {fmt(max(abs(x) for _, x in d))} M$ ({max(d, key=lambda t: abs(t[1]))[0]}),"
                f" sum of diffs {fmt(sum(x for _, x in d))} M$" if d else ""))
    official = {"1995": 135119, "1996": 150339, "1997": 144616}  # KCS annual imports, M$ (SOURCES.md A3)
    note("K1", "annual imports vs official KCS totals (M$): " + "; ".join(
        f"{y} official {fmt(v)}, 2024 release {fmt(sum(a3['import'][p] for p in months(y + '-01', y + '-12')))}"
        f", 2018 release {fmt(sum(a4['import'][p] for p in months(y + '-01', y + '-12')))}"
        for y, v in official.items()) + " (the 2024 release is closer in every year)")
    need(all(abs(sum(a3["import"][p] for p in months(y + "-01", y + "-12")) - v)
             < abs(sum(a4["import"][p] for p in months(y + "-01", y + "-12")) - v)
             for y, v in official.items()), "expected the 2024 GEM release to be closer to KCS")
    tot["origin"] = {f: {p: ("A4" if p < "1994-12" else "A3" if p < "2000-01" else "A1") for p in tot[f]}
                     for f in ("export", "import")}
    later_vintages(src, ecos, tot)
    # Spot checks from SOURCES.md.
    need(tot["export"]["2024-03"] == 56518309 and tot["import"]["2024-03"] == 52112905,
         "2024-03 check values")
    bal = {p: tot["export"][p] - tot["import"][p] for p in tot["export"]}
    for start, end in (("1995-01", "1997-05"), ("2022-03", "2023-05")):
        run = months(start, end)
        prev, nxt = months("1990-01", start)[-2], months(end, "2100-01")[1]
        need(all(bal[p] < 0 for p in run) and bal[prev] > 0 and bal[nxt] > 0,
             f"deficit run {start}..{end} not reproduced")
        note("K3", f"deficit run {start}..{end} ({len(run)} months) reproduced; {prev} balance "
             f"+{fmt(int(bal[prev]))} k$, {nxt} +{fmt(int(bal[nxt]))} k$")
    note("K3", f"2024-03 exports {fmt(int(tot['export']['2024-03']))} k$, imports "
         f"{fmt(int(tot['import']['2024-03']))} k$ (as SOURCES.md A1)")
    return tot, ecos


# Releases of Korea's monthly totals, oldest first: (key, release, what).  A
# later release replaces an earlier one in every month both give (a revision).
TOTAL_RELEASES = (
    ("A4", "World Bank GEM, 2018 release", "GEM 2018"),
    ("A3", "World Bank GEM, November 2024 release", "GEM 2024"),
    ("A1", "Bank of Korea ECOS 901Y118, as downloaded 2026-04-23", "ECOS 2026-04"),
    ("A5", "Bank of Korea ECOS 901Y118 in USD, as downloaded 2026-07-04", "ECOS 2026-07-04"),
    ("A2", "Bank of Korea ECOS 901Y118 T002, July 2026 download (to 2026-06)", "ECOS 2026-07"),
    ("B3", "Korea Customs Service export release, whole month, as of 2026-08-22", "KCS 2026-08"),
    ("B8", "Korea Customs Service 수출입총괄 (totals), 2026-05..2026-07", "KCS totals 2026-05..07"),
)


def read_a5(src):
    hdr = ["export_value_index", "export_value_index_mom_pct", "export_value_index_yoy_pct",
           "export_volume_index", "export_volume_index_mom_pct", "export_volume_index_yoy_pct",
           "exports_usd", "exports_usd_mom_pct", "exports_usd_yoy_pct", "import_value_index",
           "import_value_index_mom_pct", "import_value_index_yoy_pct", "import_volume_index",
           "import_volume_index_mom_pct", "import_volume_index_yoy_pct", "imports_usd",
           "imports_usd_mom_pct", "imports_usd_yoy_pct", "month", "trade_balance_usd",
           "trade_balance_usd_mom_pct", "trade_balance_usd_yoy_pct"]
    a5 = {"export": {}, "import": {}}
    for r in read_csv(src, "A5", hdr, encoding="utf-8-sig"):
        p = period(r[hdr.index("month")], "YYYYMM")
        a5["export"][p] = num(r[hdr.index("exports_usd")], F["A5"]) / 1000
        a5["import"][p] = num(r[hdr.index("imports_usd")], F["A5"]) / 1000
    return a5


def read_b8_totals(src):
    out = {"export": {}, "import": {}}
    hdr = ["period", "export_usd", "import_usd", "balance_usd", "export_count", "import_count", "source"]
    for p, x, m, b, _nx, _nm, _src in read_csv(src, "B8t", hdr):
        p = period(p, "YYYY-MM")
        x, m = num(x, F["B8t"]), num(m, F["B8t"])
        need(x - m == Decimal(b), f"{F['B8t']}: {p} balance is not export - import")
        out["export"][p], out["import"][p] = x / 1000, m / 1000
    return out


def kcs_total(src):
    """B3's whole-month total (전체), thousand USD."""
    return {period(y, "YYYYMM"): num(v, F["B3"]) for y, k, i, v in
            read_csv(src, "B3", ["yyyymm", "period", "item", "exports_kusd"]) if k == "월전체" and i == "전체"}


def later_vintages(src, ecos, tot):
    """Apply the later releases of the totals in order: a later release wins
    in every month it gives.  Records in tot["origin"] the release each month
    comes from, and notes how much each release revised the one before."""
    a2 = {period(p, "YYYYMM"): num(v, F["A2"]) for p, v in read_csv(src, "A2", ["\ub0a0\uc9dc", "\uac12"])}
    need(all(a2[p] == ecos["export"][p] for p in months("2000-01", "2024-12")),
         f"{F['A2']}: expected equal to A1 for 2000-01..2024-12")
    a5, b8 = read_a5(src), read_b8_totals(src)
    rel = {"A1": ecos, "A5": a5, "A2": {"export": a2, "import": {}},
           "B3": {"export": kcs_total(src), "import": {}}, "B8": b8}
    for key in ("A1", "A5", "A2", "B3", "B8"):
        for flow in ("export", "import"):
            new = rel[key][flow]
            rev = [(p, new[p] - tot[flow][p]) for p in sorted(new) if p in tot[flow] and new[p] != tot[flow][p]]
            added = [p for p in sorted(new) if p not in tot[flow]]
            if key != "A1" and new:
                big = max(rev, key=lambda t: abs(t[1])) if rev else None
                note("K2", f"{key} {flow}s ({min(new)}..{max(new)}): revises {len(rev)} earlier months"
                     + (f" ({rev[0][0]}..{rev[-1][0]}; largest {big[0]} {fmt(float(big[1]))} k$ = "
                        f"{float(big[1] / tot[flow][big[0]]) * 100:+.2f} %)" if rev else "")
                     + (f", adds {added[0]}..{added[-1]}" if added else ""))
            tot[flow].update(new)
            tot["origin"][flow].update({p: key for p in new})
    need(b8["export"] and all(abs(b8["export"][p] - rel["B3"]["export"][p]) < 1 for p in b8["export"]),
         "B8 exports should equal B3's whole-month total to within 1 k$")
    note("K2", "B8 exports equal B3's whole-month total (rounded to thousand USD) in "
         f"{', '.join(sorted(b8['export']))}")


def origin_spans(origin):
    """[(first, last, release key)] of consecutive months from one release."""
    out = []
    for p in sorted(origin):
        if out and out[-1][2] == origin[p] and months(out[-1][1], p)[1:] == [p]:
            out[-1][1] = p
        else:
            out.append([p, p, origin[p]])
    return [tuple(x) for x in out]


def korea_items(src, ecos):
    rows = read_csv(src, "B3", ["yyyymm", "period", "item", "exports_kusd"])
    need({r[1] for r in rows} == {"01~10", "01~20", "월전체"}, f"{F['B3']}: unexpected period kinds")
    items, kcs_total = {}, {}
    for yyyymm, kind, item, v in rows:
        if kind != "월전체":
            continue
        p = period(yyyymm, "YYYYMM")
        need(v.endswith(".0"), f"{F['B3']}: non-integer value {v!r}")
        d = num(v, F["B3"])
        if item == "전체":
            need(p not in kcs_total, f"{F['B3']}: duplicate {p} 전체")
            kcs_total[p] = d
        else:
            need(item in ITEMS, f"{F['B3']}: unknown item {item!r}")
            need(p not in items.setdefault(item, {}), f"{F['B3']}: duplicate {p} {item}")
            items[item][p] = d
    span = months(min(kcs_total), max(kcs_total))
    for item in ITEMS:
        need(sorted(items.get(item, {})) == span, f"{F['B3']}: {item} does not cover {span[0]}..{span[-1]}")
    both = [p for p in span if p in ecos["export"]]
    diff = [(p, kcs_total[p] - ecos["export"][p]) for p in both if kcs_total[p] != ecos["export"][p]]
    note("K4", f"KCS whole-month total (전체) vs ECOS exports: {len(both)} common months, "
         f"{len(diff)} differ ({', '.join(p for p, _ in diff)}); max |diff| "
         f"{fmt(int(max(abs(d) for _, d in diff)))} k$ = "
         f"{max(abs(d) / ecos['export'][p] for p, d in diff) * 100:.2f} %; every month before "
         f"{min(p for p, _ in diff)} is equal (a later ECOS release agrees with it, see K2)."
         if diff else f"KCS 전체 equals ECOS exports in all {len(both)} common months")
    # Members ordered largest first by their value in the last complete calendar year.
    year = max(p[:4] for p in span if p.endswith("-12"))
    order = sorted(ITEMS, key=lambda i: (-sum(v for p, v in items[i].items() if p[:4] == year), i))
    note("K4", f"items {span[0]}..{span[-1]} ({len(span)} months x {len(ITEMS)}); order by {year} "
         f"value: {', '.join(ITEMS[i][0] for i in order)}")
    return items, order, span, year


PARTIAL_KINDS = {"01~10": 10, "01~20": 20}


def korea_items_10day(src):
    """{(code, days): {period: k$}} of B3's cumulative 01~10 and 01~20 rows,
    total (TOTAL) and items; checks 1-10 <= 1-20 <= whole month."""
    out, whole = {}, {}
    codes = {"전체": "TOTAL", **{k: v[0] for k, v in ITEMS.items()}}
    for yyyymm, kind, item, v in read_csv(src, "B3", ["yyyymm", "period", "item", "exports_kusd"]):
        p = period(yyyymm, "YYYYMM")
        need(item in codes, f"{F['B3']}: unknown item {item!r}")
        need(v.endswith(".0"), f"{F['B3']}: non-integer value {v!r}")
        d = num(v, F["B3"])
        if kind == "월전체":
            whole[(codes[item], p)] = d
            continue
        s = out.setdefault((codes[item], PARTIAL_KINDS[kind]), {})
        need(p not in s, f"{F['B3']}: duplicate {p} {kind} {item}")
        s[p] = d
    bad = [(c, p) for (c, dd), s in out.items() if dd == 10 for p, v in s.items()
           if p in out.get((c, 20), {}) and v > out[(c, 20)][p]]
    bad += [(c, p) for (c, dd), s in out.items() if dd == 20 for p, v in s.items()
            if (c, p) in whole and v > whole[(c, p)]]
    need(not bad, f"{F['B3']}: cumulative figures decrease: {bad[:5]}")
    n10 = len(out[("TOTAL", 10)])
    n20 = len(out[("TOTAL", 20)])
    note("K8", f"10-day file: days 1-10 of {n10} months, days 1-20 of {n20} months "
         f"({min(out[('TOTAL', 10)])}..{max(out[('TOTAL', 20)])}), total and {len(ITEMS)} items; "
         "every 1-10 figure <= its 1-20 figure <= its whole month")
    return out


# B8 region code -> (our code, English, Korean)
REGIONS = {"CN": ("CHN", "China", "중국"), "US": ("USA", "United States", "미국"),
           "ASEAN": ("ASEAN", "ASEAN", "아세안"), "EU27": ("EU27", "European Union (27)", "EU(27)"),
           "JP": ("JPN", "Japan", "일본"), "IN": ("IND", "India", "인도"),
           "MIDDLE_EAST": ("MIDEAST", "Middle East", "중동"), "LATAM": ("LATAM", "Latin America", "중남미"),
           "CIS": ("CIS", "CIS", "CIS")}
# B8 industry code -> English name; our product code is "MTI_" + the code
MTI = {"SEMICON": "Semiconductors", "AUTO": "Automobiles", "AUTO_PARTS": "Auto parts",
       "PETRO_PRODUCT": "Petroleum products", "PETROCHEM": "Petrochemicals",
       "MACHINERY": "General machinery", "STEEL": "Steel", "SHIP": "Ships",
       "WIRELESS": "Wireless communication devices", "DISPLAY": "Displays", "TEXTILE": "Textiles",
       "APPLIANCE": "Home appliances", "COMPUTER": "Computers", "BIOHEALTH": "Bio-health",
       "BATTERY": "Secondary batteries", "ELECTRICAL": "Electrical equipment",
       "AGRIFOOD": "Agricultural and fishery products", "COSMETICS": "Cosmetics",
       "LIVING": "Consumer goods", "NONFERROUS": "Non-ferrous metals"}


def korea_b8(src, key, col, codes, b8tot):
    """{flow: {code: {period: k$}}} and {code: Korean name} of a B8 breakdown
    file; asserts export - import = balance and members <= the total."""
    out, ko = {"export": {}, "import": {}}, {}
    hdr = ["period", col + "_code", col + "_name", "export_usd", "import_usd", "balance_usd", "source"]
    for p, c, name, x, m, b, _src in read_csv(src, key, hdr):
        p = period(p, "YYYY-MM")
        need(c in codes, f"{F[key]}: unknown code {c!r}")
        x, m = num(x, F[key]), num(m, F[key])
        need(x - m == Decimal(b), f"{F[key]}: {p} {c} balance is not export - import")
        code = codes[c]
        ko[code] = name
        for flow, v in (("export", x), ("import", m)):
            need(p not in out[flow].setdefault(code, {}), f"{F[key]}: duplicate {p} {c}")
            out[flow][code][p] = v / 1000
    for flow in out:
        need(all(set(s) == set(b8tot[flow]) for s in out[flow].values()), f"{F[key]}: months differ")
        for p in sorted(b8tot[flow]):
            share = sum(s[p] for s in out[flow].values()) / b8tot[flow][p]
            need(share <= 1, f"{F[key]}: {p} {flow} members exceed the total")
            note("K7", f"{key} {flow}s {p}: {len(out[flow])} members sum to {float(share) * 100:.1f} % of the total",
                 show=False)
    return out, ko


def korea_destinations(src, ecos):
    rows = read_csv(src, "B2", ["date", "total", "usa", "china", "eu", "asean"])
    out = {c: {} for c in DESTS}
    diff, n = [], 0
    for r in rows:
        p = period(r[0], "YYYY.MM")
        vals = [num(x, F["B2"]) for x in r[1:]]
        need(all(v == v.to_integral_value() for v in vals), f"{F['B2']}: non-integer in {p}")
        for c, v in zip(("usa", "china", "eu", "asean"), vals[1:]):
            need(p not in out[c], f"{F['B2']}: duplicate {p}")
            out[c][p] = v
        n += p in ecos["export"]
        if vals[0] != ecos["export"][p]:
            diff.append((p, vals[0] - ecos["export"][p]))
    span = sorted(out["usa"])
    need(span == months(span[0], span[-1]), f"{F['B2']}: months not contiguous")
    note("K5", f"destinations {span[0]}..{span[-1]}: file 'total' vs ECOS exports, {n} months, "
         f"{len(diff)} differ ({diff[0][0]}..{diff[-1][0]}, max |diff| "
         f"{fmt(int(max(abs(d) for _, d in diff)))} k$: an earlier vintage of those months); 'total' not written"
         if diff else f"destinations: file 'total' equals ECOS in all {n} months; not written")
    kosis = read_csv(src, "B1", ["Country", "Date", "Exports", "Imports"])
    bad = [r[1] for r in kosis if num(r[2], F["B1"]) != out["china"].get(period(r[1], "YYYY.MM"))]
    note("K5", f"KOSIS Korea->China exports (B1) vs destination 'china': {len(kosis)} months, "
         f"{len(bad)} differ")
    return out, span


def working_days(src, ecos, first, last):
    holidays = set()
    for d, _name in read_csv(src, "D1", ["Start date", "Subject"]):
        holidays.add(datetime.date.fromisoformat(d))
    hy = sorted({h.year for h in holidays})
    need(hy == list(range(2018, 2028)), f"{F['D1']}: years {hy}, expected 2018..2027")

    def rule(p):  # weekdays - holidays - May 1, + 0.5 per non-holiday Saturday
        y, m = int(p[:4]), int(p[5:])
        half = 0
        for day in range(1, calendar.monthrange(y, m)[1] + 1):
            dt = datetime.date(y, m, day)
            if dt in holidays or (m, day) == (5, 1):
                continue
            half += 2 if dt.weekday() < 5 else 1 if dt.weekday() == 5 else 0
        return Decimal(half) / 2
    for p, want in (("2023-10", 21), ("2023-04", Decimal("22.5")), ("2023-03", 24)):
        need(rule(p) == want, f"working-day rule gives {rule(p)} for {p}, SOURCES.md D2 says {want}")
    note("K6", "rule reproduces SOURCES.md D2: 2023-10 = 21, 2023-04 = 22.5, 2023-03 = 24")
    raw, backed = {}, {}
    for p, avg in read_csv(src, "B7", ["month", "avg_daily_exports_100m_usd"]):
        p = period(p, "YYYY.MM")
        raw[p] = ecos["export"][p] / (num(avg, F["B7"]) * 100000)
        backed[p] = (raw[p] * 2).quantize(Decimal(1), ROUND_HALF_UP) / 2
    cmp = [p for p in months("2018-01", max(raw))]
    dev = max(abs(rule(p) - raw[p]) for p in cmp)
    ndiff = [p for p in cmp if rule(p) != backed[p]]
    note("K6", f"rule vs backed out of MOTIE daily averages, {cmp[0]}..{cmp[-1]} ({len(cmp)} months): "
         f"max |rule - raw| {dev:.2f} days; {len(ndiff)} months where the rounded value differs"
         + (f" ({', '.join(f'{p}: rule {rule(p)}, backed {backed[p]}' for p in ndiff)})" if ndiff else ""))
    pre = months(min(raw), "2017-12")
    resid = max(abs(raw[p] - backed[p]) for p in pre)
    note("K6", f"backed-out days {pre[0]}..{pre[-1]}: max distance of the raw ratio from its "
         f"rounded half-day {resid:.2f} days (approximate: MOTIE preliminary vs KCS final)")
    b4 = read_csv(src, "B4", ["yyyymm", "export_total_1000usd",
                              "export_daily_avg_1000usd_computed_official-sat-half-v1"])
    impl = {period(a, "YYYYMM"): num(b, F["B4"]) / num(c, F["B4"]) for a, b, c in b4}
    worst = max(impl, key=lambda p: abs(impl[p] - rule(p)))
    note("K6", f"rule vs days implied by the KCS dashboard's daily averages (B4), {min(impl)}..{max(impl)}: "
         f"max |diff| {abs(impl[worst] - rule(worst)):.3f} days ({worst})")
    days = {}
    for p in months(first, last):
        if p >= "2018-01":
            days[p] = rule(p)
        elif p in backed:
            days[p] = backed[p]
    daily = {}
    for p in months("2018-01", last):
        y, m = int(p[:4]), int(p[5:])
        for day in range(1, calendar.monthrange(y, m)[1] + 1):
            dt = datetime.date(y, m, day)
            off = dt in holidays or (m, day) == (5, 1) or dt.weekday() == 6
            daily[dt.isoformat()] = Decimal(0) if off else Decimal(1) if dt.weekday() < 5 else Decimal("0.5")
        need(sum(v for k, v in daily.items() if k[:7] == p) == days[p], f"daily working days of {p}")
    note("K6", f"day-level calendar 2018-01-01..{max(daily)}: each month's days sum to its working days")
    return days, daily


def build_korea(src, out, gem):
    print("korea:")
    tot, ecos = korea_totals(src, gem)
    origin = tot.pop("origin")
    items, order, ispan, year = korea_items(src, ecos)
    dests, dspan = korea_destinations(src, ecos)
    b8tot = read_b8_totals(src)
    regions, rko = korea_b8(src, "B8r", "region", {k: v[0] for k, v in REGIONS.items()}, b8tot)
    mti, mko = korea_b8(src, "B8i", "industry", {k: "MTI_" + k for k in MTI}, b8tot)
    rp = max(b8tot["export"])
    rorder = sorted(regions["export"], key=lambda c: (-regions["export"][c][rp], c))
    morder = sorted(mti["export"], key=lambda c: (-mti["export"][c][rp], c))
    first = min(tot["export"])
    last = max(max(tot["export"]), ispan[-1], dspan[-1])
    partial = korea_items_10day(src)
    last = max(last, max(max(s) for s in partial.values()))
    days, daily = working_days(src, ecos, first, last)
    d = out / "korea"
    d.mkdir(parents=True, exist_ok=True)
    stats = {}
    rows = [(p, "KOR", f, "WLD", "TOTAL", dtext(v)) for f in tot for p, v in tot[f].items()]
    stats["totals.csv"] = write_long(d / "totals.csv", rows)
    rows = [(p, "KOR", "export", "WLD", ITEMS[i][0], dtext(v)) for i in items for p, v in items[i].items()]
    stats["items.csv"] = write_long(d / "items.csv", rows)
    rows = [(p, "KOR", "export", "WLD", c, str(dd), dtext(v)) for (c, dd), s in partial.items()
            for p, v in s.items()]
    stats["items_10day.csv"] = write_long(d / "items_10day.csv", rows, HEADER[:5] + ["days", "value"])
    rows = [(p, "KOR", f, "WLD", c, dtext(v)) for f in mti for c in mti[f] for p, v in mti[f][c].items()]
    stats["items_mti.csv"] = write_long(d / "items_mti.csv", rows)
    rows = [(p, "KOR", "export", DESTS[c][0], "TOTAL", dtext(v)) for c in dests for p, v in dests[c].items()]
    rows += [(p, "KOR", f, c, "TOTAL", dtext(v)) for f in regions for c in regions[f]
             for p, v in regions[f][c].items()]
    stats["destinations.csv"] = write_long(d / "destinations.csv", rows)
    atomic_write(d / "working_days.csv", "period,days\n" + "".join(
        f"{p},{dtext(v)}\n" for p, v in sorted(days.items())))
    stats["working_days.csv"] = len(days)
    atomic_write(d / "working_days_daily.csv", "date,days\n" + "".join(
        f"{k},{dtext(v)}\n" for k, v in sorted(daily.items())))
    stats["working_days_daily.csv"] = len(daily)
    partners = {"WLD": ("World", "세계"), **{c: (en, ko) for c, en, ko in DESTS.values()},
                **{c: (en, rko[c]) for c, en, _ko in REGIONS.values()}}
    manifest = {
        "name": "korea",
        "title": {"en": "Korea: merchandise trade", "ko": "대한민국 수출입"},
        "reporter": "KOR",
        "unit": {"currency": "USD", "multiplier": 1000},
        "basis": {"en": "customs (KCS), not seasonally adjusted", "ko": "관세청 통관 기준, 계절조정 전"},
        "source": {"en": "Korea Customs Service, via Bank of Korea ECOS and KCS releases; World Bank GEM (1991-1999)",
                   "ko": "관세청(한국은행 ECOS 및 관세청 수출입 현황), 세계은행 GEM(1991~1999년)"},
        "names": {
            "reporters": {"KOR": {"en": "Korea", "ko": "한국"}},
            "flows": names(FLOW_NAMES),
            "partners": names(partners),
            "products": {"TOTAL": {"en": "All goods", "ko": "전체"},
                         **names({ITEMS[i][0]: (ITEMS[i][1], i) for i in order}),
                         **names({c: (MTI[c[4:]], mko[c]) for c in morder})},
        },
        "breakdowns": {
            "items": {"flow": "export", "partner": "WLD", "total": "TOTAL",
                      "products": [ITEMS[i][0] for i in order],
                      "groups": {"it": {"en": "IT items", "ko": "IT 품목",
                                        "products": ["SEMI", "COMPUTERS", "WIRELESS"]}}},
            "partners": {"flow": "export", "product": "TOTAL", "total": "WLD",
                         "partners": [DESTS[c][0] for c in DESTS]},
            "regions": {"flow": "export", "product": "TOTAL", "total": "WLD", "partners": rorder},
            "items_mti": {"flow": "export", "partner": "WLD", "total": "TOTAL", "products": morder},
            "items_mti_imports": {"flow": "import", "partner": "WLD", "total": "TOTAL", "products": morder},
            "partners_imports": {"flow": "import", "product": "TOTAL", "total": "WLD", "partners": rorder},
        },
        "files": [{"path": f, "format": "long"} for f in
                  ("totals.csv", "items.csv", "items_10day.csv", "items_mti.csv", "destinations.csv")],
        "working_days": {"file": "working_days.csv", "daily": "working_days_daily.csv"},
    }
    atomic_write(d / "dataset.yaml", "# Generated by tools/make_datasets.py; do not edit, run "
                 "`make datasets`.\n" + "\n".join(yaml(manifest)) + "\n")
    spans = {"totals.csv": f"{first}..{max(tot['export'])}", "items.csv": f"{ispan[0]}..{ispan[-1]}",
             "items_mti.csv": f"{min(b8tot['export'])}..{rp}",
             "destinations.csv": f"{dspan[0]}..{dspan[-1]}, {min(b8tot['export'])}..{rp}",
             "items_10day.csv": f"{min(partial[('TOTAL', 10)])}..{max(partial[('TOTAL', 20)])}",
             "working_days.csv": f"{min(days)}..{max(days)}",
             "working_days_daily.csv": f"{min(daily)}..{max(daily)}"}
    atomic_write(d / "SOURCES.md", korea_sources(stats, spans, order, last, year, origin, rorder, morder))
    return d, stats, spans


# ------------------------------------------------------------------ world ----
def read_gem(src, key):
    """{column name: {period: cell text}} of a GEM all-country file, NA dropped."""
    CTX[0] = F[key]
    with open(src / F[key], encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    hdr = rows[0]
    need(hdr[0] == "" and len(set(hdr)) == len(hdr), f"{F[key]}: unexpected header")
    for n in hdr[1:]:
        need(n in COUNTRIES or n in AGGREGATES, f"{F[key]}: unmapped column {n!r}")
    out, neg = {n: {} for n in hdr[1:]}, {}
    for i, r in enumerate(rows[1:], 2):
        need(len(r) == len(hdr), f"{F[key]}:{i}: {len(r)} fields")
        p = period(r[0], "YYYYMmm")
        for n, cell in zip(hdr[1:], r[1:]):
            if cell.startswith("-") and cell != "-":  # impossible for a trade flow: drop
                num(cell[1:], f"{F[key]}:{i} {n}")
                neg.setdefault(n, []).append(p)
            elif cell != "NA":
                num(cell, f"{F[key]}:{i} {n}")
                out[n][p] = cell
    for n, ps in neg.items():
        note("W0", f"{key} {n}: {len(ps)} negative cells ({ps[0]}..{ps[-1]}) treated as missing")
    return out


def consistent(new, old):
    """Whether the newer vintage may be extended backwards with the older one:
    at least 12 overlap months, median new/old ratio within 1 % over the whole
    overlap and within 2 % over its first 12 months (the splice point)."""
    ov = sorted(set(new) & set(old))
    if len(ov) < 12 or any(Decimal(old[p]) == 0 for p in ov):
        return False, len(ov), None, None
    r = [float(Decimal(new[p]) / Decimal(old[p])) for p in ov]
    med, head = statistics.median(r), statistics.median(r[:12])
    return abs(med - 1) <= 0.01 and abs(head - 1) <= 0.02, len(ov), med, head


def build_world(src, out, gem):
    print("world:")
    code_of = {n: v[0] for n, v in {**COUNTRIES, **AGGREGATES}.items()}
    ko_of = {v[0]: v[1] for v in {**COUNTRIES, **AGGREGATES}.values()}
    series, origin = {}, {}  # origin: which release(s) a written series comes from
    report = {"spliced": [], "refused": [], "no_fill": [], "old_only": [], "new_only": []}
    en_name = {}  # display name: the 2024 release's name where both releases have one
    for key in ("A3x", "A3m", "A4x", "A4m"):
        for n in gem[key]:
            en_name.setdefault(code_of[n], n)
    for flow, k3, k4 in (("export", "A3x", "A4x"), ("import", "A3m", "A4m")):
        by_code = {}
        for vint, key in (("new", k3), ("old", k4)):
            for n, obs in gem[key].items():
                c = code_of[n]
                need(vint not in by_code.get(c, {}), f"two {vint} columns map to {c}")
                by_code.setdefault(c, {})[vint] = obs
        for c, v in sorted(by_code.items()):
            new, old = v.get("new", {}), v.get("old", {})
            if not new:
                s, tag = dict(old), "old_only"
            elif not old:
                s, tag = dict(new), "new_only"
            else:
                s, earlier = dict(new), {p: x for p, x in old.items() if p < min(new)}
                tag = "no_fill"
                if earlier:
                    ok, nov, med, head = consistent(new, old)
                    if ok:
                        s.update(earlier)
                        tag = "spliced"
                    else:
                        tag = "refused"
                        report["refused"].append((c, flow, nov, med, head, len(earlier)))
            if s:
                if tag != "refused":
                    report[tag].append((c, flow))
                series[(c, flow)] = s
                origin[(c, flow)] = {"old_only": "2018", "spliced": "2024+2018"}.get(tag, "2024")
    aggs = sorted({v[0] for v in AGGREGATES.values()} & {c for c, _ in series})
    note("W1", f"{len({c for c, _ in series})} reporters ({len(aggs)} aggregates), "
         f"{len(series)} series: {len(report['spliced'])} newer vintage extended back with the "
         f"2018 vintage, {len(report['refused'])} not extended (vintages disagree), "
         f"{len(report['no_fill'])} need no fill (newer starts as early), "
         f"{len(report['new_only'])} newer vintage only, {len(report['old_only'])} 2018 vintage only")
    for c, flow, nov, med, head, ne in report["refused"]:
        note("W2", f"{c} {flow}: not extended back ({ne} earlier 2018-vintage months dropped); "
             f"overlap {nov} months, median newer/older ratio "
             + (f"{med:.4g} (first 12 months {head:.4g})" if med is not None else "n/a"), show=False)
    mixed = [c for c in sorted({c for c, _ in series}) if (c, "export") in series
             and (c, "import") in series and "2018" in {origin[(c, "export")], origin[(c, "import")]}
             and origin[(c, "export")] != origin[(c, "import")]]
    note("W5", f"{len(mixed)} reporters take exports and imports from different releases "
         f"(derived balances mix releases): {', '.join(mixed)}")
    single = sorted({c for c, _ in series} - {c for c, f in series if f == "import"}) + \
        sorted({c for c, _ in series} - {c for c, f in series if f == "export"})
    note("W5", f"{len(single)} reporters have one flow only (no balance): {', '.join(single)}")
    for c in sorted({c for c, _ in series}):  # export/import magnitude sanity (unit errors in source)
        x, m = series.get((c, "export"), {}), series.get((c, "import"), {})
        com = sorted(set(x) & set(m))
        if com:
            r = statistics.median(float(Decimal(x[p]) / Decimal(m[p])) for p in com if Decimal(m[p]))
            if not 0.1 <= r <= 10:
                note("W3", f"{c}: median exports/imports ratio {r:.4g} over {len(com)} months "
                     "(suspect unit in the source; values kept as published)", show=False)
    for (c, flow), s in sorted(series.items()):
        ps = sorted(s)
        for a, b in zip(ps, ps[1:]):
            va, vb = Decimal(s[a]), Decimal(s[b])
            if va > 0 and vb > 0 and not Decimal("0.02") < vb / va < 50:
                note("W4", f"{c} {flow}: jump x{float(vb / va):.4g} from {a} to {b} "
                     "(kept as published)", show=False)
    for k, what in (("W2", "series not extended back (vintages disagree)"),
                    ("W3", "reporters with a suspect export/import ratio"), ("W4", "jumps > x50")):
        print(f"  [{k}] {sum(key == k for key, _ in LOG)} {what}: "
              + ", ".join(m.split(":")[0] for key, m in LOG if key == k) + " (details in SOURCES.md)")
    d = out / "world"
    d.mkdir(parents=True, exist_ok=True)
    rows = [(period_, c, flow, "WLD", "TOTAL", v) for (c, flow), s in series.items()
            for period_, v in s.items()]
    n = write_long(d / "trade.csv", rows)
    allp = sorted({p for s in series.values() for p in s})
    manifest = {
        "name": "world",
        "title": {"en": "World: merchandise trade by country (World Bank GEM)",
                  "ko": "세계 각국 상품 수출입 (세계은행 GEM)"},
        "unit": {"currency": "USD", "multiplier": 1000000},
        "basis": {"en": "customs, not seasonally adjusted", "ko": "통관 기준, 계절조정 전"},
        "source": {"en": "World Bank Global Economic Monitor (GEM), DXGSRMRCHNSCD / DMGSRMRCHNSCD, "
                         "vintages 2024-11 and 2018",
                   "ko": "세계은행 GEM(Global Economic Monitor), DXGSRMRCHNSCD / DMGSRMRCHNSCD, "
                         "2024년 11월판 및 2018년판"},
        "names": {
            "reporters": {c: {"en": en_name[c], "ko": ko_of[c]} for c in sorted(en_name)
                          if any(k[0] == c for k in series)},
            "flows": names(FLOW_NAMES),
            "partners": {"WLD": {"en": "World", "ko": "세계"}},
            "products": {"TOTAL": {"en": "All goods", "ko": "전체"}},
        },
        "aggregates": aggs,
        "files": [{"path": "trade.csv", "format": "long"}],
    }
    atomic_write(d / "dataset.yaml", "# Generated by tools/make_datasets.py; do not edit, run "
                 "`make datasets`.\n# `aggregates` lists reporter codes that are country groups, "
                 "not countries.\n" + "\n".join(yaml(manifest)) + "\n")
    atomic_write(d / "SOURCES.md", world_sources(n, allp, series, en_name, ko_of, aggs, report))
    return d, {"trade.csv": n}, {"trade.csv": f"{allp[0]}..{allp[-1]}"}


# ------------------------------------------------------------- validation ----
def validate(d, expect_reporter=None):
    """Re-read every CSV written: header, periods, codes, duplicates, values."""
    seen, periods = set(), set()
    for path in sorted(d.glob("*.csv")):
        data = path.read_bytes()
        need(not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data, f"{path}: BOM or CR")
        rows = list(csv.reader(data.decode("utf-8").split("\n")[:-1]))
        if path.name == "working_days.csv":
            need(rows[0] == ["period", "days"], f"{path}: header")
            for p, v in rows[1:]:
                need(period(p, "YYYY-MM") == p and 0 < float(v) <= 31 and float(v) * 2 == int(float(v) * 2),
                     f"{path}: {p},{v}")
            continue
        if path.name == "working_days_daily.csv":
            need(rows[0] == ["date", "days"] and all(v in ("0", "0.5", "1") for _, v in rows[1:]),
                 f"{path}: header or values")
            continue
        partial = rows[0] == HEADER[:5] + ["days", "value"]
        need(rows[0] == HEADER or partial, f"{path}: header")
        prev = None
        for r in rows[1:]:
            if partial:  # key includes days
                need(len(r) == 7 and r[5] in ("10", "20"), f"{path}: bad row {r}")
                r = r[:4] + [r[4] + "/" + r[5], r[6]]
            need(len(r) == 6 and period(r[0], "YYYY-MM") == r[0] and r[2] in ("export", "import"),
                 f"{path}: bad row {r}")
            need(all(x and x == x.strip() for x in r[1:5]), f"{path}: bad code in {r}")
            need(expect_reporter is None or r[1] == expect_reporter, f"{path}: reporter {r[1]}")
            num(r[5], f"{path}: {r}")
            key = (r[1], r[2], r[3], r[4], r[0])
            need(key not in seen, f"{path}: duplicate observation {key}")
            need(prev is None or key > prev, f"{path}: not sorted at {r}")
            seen.add(key)
            periods.add(r[0])
            prev = key
    return len(seen), min(periods), max(periods)


# --------------------------------------------------------------- SOURCES ----
def checks_md(prefix):
    return "\n".join(f"- {m}" for k, m in LOG if k.startswith(prefix))


def korea_sources(stats, spans, order, last, order_year, origin, rorder, morder):
    files = "\n".join(f"| `{f}` | {stats[f]:,} | {spans[f]} |" for f in stats)
    items = ", ".join(f"{ITEMS[i][0]} ({i})" for i in order)
    rel = {k: (what, short) for k, what, short in TOTAL_RELEASES}
    fkey = {"A4": "A4k", "A3": "A3k", "A1": None, "A5": "A5", "A2": "A2", "B3": "B3", "B8": "B8t"}
    vint = "\n".join(f"  | {flow} | {a}..{b} | {rel[k][0]} | `{F[fkey[k] or ('A1x' if flow == 'export' else 'A1m')]}` |"
                     for flow in ("export", "import") for a, b, k in origin_spans(origin[flow]))
    regions = ", ".join(rorder)
    mti = ", ".join(f"{c} ({MTI[c[4:]]})" for c in morder)
    return f"""# Korea: merchandise trade (datasets/korea)

Generated by `tools/make_datasets.py` from the files in `../shared/real-data`
(see SOURCES.md there for the repository, path and commit of each). Do not edit
by hand; rerun from the repository root with

    make datasets        # = python3 tools/make_datasets.py ../shared/real-data datasets

Unit: **thousand US dollars**; customs basis (Korea Customs Service, KCS); not
seasonally adjusted. Reporter KOR. Balances are not stored: the loader derives
balance = exports - imports. One calendar: 1991-01 to {last}.

| file | rows | span |
|---|---|---|
{files}

## Sources (credit to the original statistical agencies)

- **Exports and imports to the world (`totals.csv`, partner WLD, product TOTAL)**
  are Korea Customs Service (KCS) customs statistics, as published in several
  releases. Where two releases give the same month, **the later release wins**
  (that is what a revision is); earlier releases are kept as vintage datasets
  in `datasets/vintages` for `tradebrief diff` and `report --revisions`. Each
  span below comes from the release named:

  | flow | months | release | input file |
  |---|---|---|---|
{vint}

  - **Bank of Korea, ECOS table 901Y118**, items T002 (수출금액) and T004
    (수입금액), publish KCS statistics in thousand USD (copied exactly); the
    ECOS-in-USD file is divided by 1000 (exact).
  - **World Bank, Global Economic Monitor (GEM)**, series DXGSRMRCHNSCD /
    DMGSRMRCHNSCD ("Exports/Imports Merchandise, Customs, current US$,
    millions, not seas. adj."), Korea, Rep. columns; million USD multiplied by
    1000 exactly. The 2018 release fills only 1991-01 to 1994-11.
  - The **KCS export release** (수출입 현황, whole-month `월전체` rows, item
    `전체`) and the **KCS 수출입총괄** totals (USD, divided by 1000, so one
    decimal remains) are the latest releases for the months they give.
- **Exports by item (`items.csv`, partner WLD):** **Korea Customs Service** export
  releases (수출입 현황), whole-month (`월전체`) rows only, thousand USD. Items and
  codes, largest first (by {order_year} value): {items}. KCS items are HS-based, not MOTIE's MTI-based
  "15 major items"; the figures differ slightly from MOTIE's press releases.
- **Partial periods (`items_10day.csv`, partner WLD, column `days`):** the same
  KCS releases' cumulative figures for days 1-10 (`01~10`, published on the
  11th) and days 1-20 (`01~20`, on the 21st) of each month, total (TOTAL) and
  the same items, thousand USD; the latest month may have only days 1-10 or
  1-20.  Whole-month rows stay in `items.csv`/`totals.csv`: monthly facts never
  read these.  `working_days_daily.csv` holds the working-day rule (below) day
  by day (1, 0.5 for a Saturday, 0) from 2018-01-01, so the working days of
  days 1..D are known from 2018 on and unknown (null) before.
- **Exports by destination (`destinations.csv`, product TOTAL):** KCS figures as
  served by KOSIS/ECOS: USA, CHN (China), EU (European Union, composition as in
  the source at each date) and ASEAN; thousand USD, 2000-01 to 2023-09.
- **Exports and imports by region, 2026-05 to 2026-07 (`destinations.csv`):**
  KCS 국가별 수출입실적 aggregated to the ministry's 9 regions ({regions}); USD
  divided by 1000. China, the United States and ASEAN continue the series of
  the destination file (same KCS concept); EU27 is a new code (the EU of the
  older file includes the United Kingdom before 2020). No region has a value
  a year earlier (2025-05..07) in any shipped file, so these months give levels
  and shares but **no growth rates**.
- **Exports and imports by the ministry's 20 major items (`items_mti.csv`),
  2026-05 to 2026-07:** KCS HSK data aggregated to the 2026 MTI list of 20
  items by the source repository (`MTI-HSK 연계 집계`); codes {mti}. These are
  MTI-based and differ from the HS-based KCS items above (e.g. MTI_SEMICON is
  not SEMI); levels and shares only (no year-earlier values).
- **Working days (`working_days.csv`):** 2018 on, computed with the official
  조업일수 rule used by KCS and MOTIE: weekdays, less legal holidays and 1 May
  (Labour Day), plus 0.5 for every Saturday that is not a holiday. Holidays from
  **KASI (한국천문연구원/우주항공청) 월력요항**, including substitute, election and
  temporary holidays. 2005-01 to 2017-12 (no holiday calendar found): backed out of
  **MOTIE (산업통상자원부)** average daily exports, days = exports (ECOS, k$) /
  (daily average (100 million $) x 100,000), rounded to the nearest 0.5 day.
  These earlier values are **approximate** (MOTIE's averages are preliminary
  figures, ECOS exports are final). Only months inside the dataset calendar are
  written (2005-01 to {last}); the rule covers the KASI calendar to 2027-12, so a
  rerun with longer data writes the later months too.

## Input files (in `../shared/real-data`, taken from public GitHub repositories)

| input | data from | repository, path, commit |
|---|---|---|
| `ecos_901Y118_T002/T004_korea_*_NSA_200001_202602_kusd.csv` | Bank of Korea ECOS 901Y118 | jeongyounghoon-star/bistro `data/kr/bok_exports_m.csv`, `bok_imports_m.csv` @ 5351eaf |
| `worldbank_gem_korea_exports_imports_NSA_monthly_199412_202411_musd.csv` | World Bank GEM, Nov 2024 | yslavcom-code/Project3 `ResourceIar/*Merchandise, Customs*.xlsx` @ 68901a6 |
| `worldbank_gem_vintage2018_korea_exports_imports_NSA_monthly_199101_201809_musd.csv` | World Bank GEM, 2018 | GokuT89/IntroDataScienceProject `GemDataEXTR/*Merchandise, Customs*.xlsx` @ f24433a |
| `kcs_korea_exports_10day_cumulative_by_item_201601_202608_kusd.csv` | Korea Customs Service | jroh7115-arch/macro-dashboard `data.js` (`export_10day`) @ ff8a799 |
| `korea_exports_by_destination_total_usa_china_eu_asean_monthly_200001_202309_kusd.csv` | KCS via KOSIS/ECOS | Seungwoo321/economy-trend-dashboard `src/data/exportsByLocation.ts` @ f841144 |
| `kasi_korea_public_holidays_2018_2027.csv` | KASI 월력요항 | hyunbinseo/holidays-kr `public/2018.csv`..`2027.csv` @ 342fbdc (MIT) |
| `motie_korea_average_daily_exports_monthly_200501_202310_100musd_per_day.csv` | MOTIE | Seungwoo321/economy-trend-dashboard `src/data/dailyExportAmount.ts` @ f841144 |
| checks only: `korea_ecos_total_trade_monthly_202407_202605_usd.csv` (ECOS, USD), `kosis_korea_to_china_monthly_2001_2019_kusd.csv` (KOSIS DT_1R11006_FRM101), `kcs_korea_exports_total_and_computed_daily_avg_202105_202607_kusd.csv` (KCS) | | fckintroller/main-analyst-report-dashboard @ 7464aa0; mizydorczyk/relationship-between-trade-and-the-exchange-rate @ a3807b5; jroh7115-arch/macro-dashboard @ ff8a799 |

## Choices

1. 1994-12 to 1999-12: the newer GEM release (2024) is preferred; it covers
   these months, and its annual import sums are closer to the official KCS
   totals (check K1). The 2018 release fills only 1991-01 to 1994-11. Exports
   agree in both; imports differ slightly (revision), see the checks.
2. Totals run to **{last}**: each month is taken from the latest release that
   gives it (table above; the size of every revision is in check K2). Exports
   and imports of one month may come from different releases (2026-03 and
   2026-04: exports from the KCS release of 2026-08, imports from ECOS of
   2026-07-04), because no later release of those imports was found.
3. The destination file's own total is the same concept as TOTAL; it is **not
   written** (a second TOTAL would be a duplicate observation), only compared.
4. Breakdowns in `dataset.yaml`: `items` (10 KCS items, exports), `partners`
   (exports to USA, CHN, EU, ASEAN, as before), `regions` (exports to the 9
   regions), `items_mti` and `items_mti_imports` (the 20 MTI items),
   `partners_imports` (imports from the 9 regions). Members without a value in a month are missing there, not zero.
5. Codes are ASCII: reporters and partners ISO 3166 alpha-3 (KOR, USA, CHN)
   plus EU, ASEAN and WLD (world); products TOTAL and the item codes above.
6. Rows are sorted by series (reporter, flow, partner, product), then period.
   UTF-8 without BOM, LF line ends.

## Checks made by the script (results of the last run)

{checks_md('K')}

Known differences from MOTIE press releases (preliminary figures) are 0.1-0.6 %
in levels; the files here are KCS final figures.
"""


def world_sources(n, allp, series, en_name, ko_of, aggs, report):
    codes = sorted({c for c, _ in series})
    spans = {}
    for (c, flow), s in series.items():
        spans.setdefault(c, {})[flow] = f"{min(s)}..{max(s)}"
    names_by_code = {}
    for n_, (c, _) in {**COUNTRIES, **AGGREGATES}.items():
        names_by_code.setdefault(c, []).append(n_)
    table = "\n".join(
        f"| {c} | {' / '.join(sorted(names_by_code[c]))} | {ko_of[c]} | "
        f"{'aggregate' if c in aggs else 'country'} | {spans[c].get('export', '-')} | "
        f"{spans[c].get('import', '-')} |" for c in codes)
    return f"""# World: merchandise trade by country (datasets/world)

Generated by `tools/make_datasets.py`; rerun with `make datasets` (= `python3
tools/make_datasets.py ../shared/real-data datasets`). Do not edit by hand.

Source: **World Bank, Global Economic Monitor (GEM)**, series DXGSRMRCHNSCD and
DMGSRMRCHNSCD, "Exports/Imports Merchandise, Customs, current US$, millions, not
seas. adj.", from two releases: November 2024 (1994-12 to 2024-10) and a 2018
release (1991-01 to 2018-08). The underlying figures are those of each
country's customs or statistics office as compiled by the World Bank.

Input files (in `../shared/real-data`): the 2024 release is
`worldbank_gem_{{exports,imports}}_merchandise_customs_current_usd_millions_NSA_monthly_all_countries_199412_202411.csv`,
converted cell by cell from the xlsx sheet `monthly` of yslavcom-code/Project3
`ResourceIar/` @ 68901a6 (World Bank GemDataEXTR.zip of 2024-11-28); the 2018
release is `worldbank_gem_vintage2018_{{exports,imports}}_..._199101_201809.csv`
from GokuT89/IntroDataScienceProject `GemDataEXTR/` @ f24433a.

Unit: **million US dollars**, not seasonally adjusted. One file, `trade.csv`
({n:,} rows, {allp[0]}..{allp[-1]}), partner WLD, product TOTAL, flows export and
import, reporter column always written (the manifest sets no default reporter).
`NA` cells are omitted (missing). Values are the cell text as published.

## Choices

1. **Newer release preferred.** For each reporter and flow the 2024 release is
   used for every month from its first observation on (its internal gaps stay
   gaps). Months **before** that first observation are filled from the 2018
   release **only if the two releases agree**: at least 12 overlapping months,
   median ratio new/old within 1 % over the whole overlap and within 2 % over its
   first 12 months. Otherwise the older months are dropped, because splicing
   would put an artificial level break (some series in one release are in a
   different unit, e.g. thousands instead of millions). Months after the newer
   release's last observation are never filled from the older one.
   Result: {len(report['spliced'])} series extended back, {len(report['refused'])}
   not extended, {len(report['no_fill'])} needing no fill (the 2024 release starts as
   early), {len(report['new_only'])} only in the 2024 release,
   {len(report['old_only'])} only in the 2018 release (used as they are).
2. **Codes.** Countries: ISO 3166-1 alpha-3. The two releases name some
   countries differently (Viet Nam / Vietnam, North Macedonia / Macedonia, FYR);
   these share a code. **Aggregates** get invented uppercase codes and are
   listed under `aggregates:` in `dataset.yaml`; differently named groups of the
   two releases (e.g. "Low Income" of 2018 vs "Low-Income Countries (LIC)" of
   2024) are different groups with different levels and get different codes
   (LIC_2018 vs LIC). English display names are the release's own (the 2024
   name where both exist); Korean names are given for every reporter.
3. A reporter with one flow only carries only that flow (see check W5); no
   balance can be derived for it. Taiwan, China has exports only in the 2024
   release but both flows in the 2018 one, so its imports (1991-01..2018-08)
   come from the 2018 release, its exports from the 2024 release.

## Checks made by the script (results of the last run)

{checks_md('W')}

The jump and ratio flags point at likely unit or coverage errors in the
published GEM files. The values are kept as published; do not read levels or
balances of the flagged reporters without checking them against the national
source.

## What `tradebrief check datasets/world` flags (the data-quality screen)

The screen (docs/dataset-format.md, "The data-quality screen") is general:
no reporter is named in it. On this dataset it prints 223 warnings: 27
ratio findings (12 reporters far outside the range across reporters, 15
runs of months off a reporter's own ratio), 33 level shifts and 2 unit jumps,
24 seasonal outliers,
4 runs and 133 stale flows (24 ending a year or more before the reporter's
other flow, 109 a year or more before the median end across reporters).
Among them:

- **India's exports are a fraction of the real figure**, flagged by the
  across-reporters ratio rule: exports 0.0345 times imports at the median of
  406 months, 5.4 MADs below the median across the 166 reporters (0.77).
  Checked by hand in the raw GEM files: 2017M03 exports 1,930.29 against
  imports 39,946.3 (both releases agree), 2024M10 3,293.58 against 66,337.72;
  India's official merchandise exports are about ten times that. The
  values are kept as published; a briefing of IND states a deficit of about
  $63 billion a month, which is wrong.
- **Exports a thousand times too small** (the same rule): Slovakia, Slovenia,
  Croatia, Uruguay, Paraguay and Kuwait; checked by hand: 2015M06 exports
  6.674531 (SVK), 2.408038 (SVN), 1.144277 (HRV), 0.716388 (URY), 0.975483
  (PRY), 5.246226 (KWT) against imports of 6,302.501, 2,235.305, 1,836.819,
  961.671, 881.254, 2,624.044: billions next to millions. Bahrain's imports
  are a thousand times too large (995,915.1 in 2015M06) and Nigeria's exports
  of the 2024 release are in billions (21.2607 in 2015M06, 4,194.902 in the
  2018 release).
- **Hungary's exports for 2019 repeat 2018 exactly** (run rule, 12 months;
  e.g. 2018M01 and 2019M01 both 10,263.7 in the raw file): last year's rows
  copied in the source.
- **Stale flows** (one flow ends 12 months or more before the other): e.g.
  Gambia's exports end in 2005-05 (imports 2016-01), Ethiopia's in 2006-07,
  Sierra Leone's imports in 2008-10 (exports 2021-02); Canada, Switzerland,
  the United Kingdom, Ecuador, Ghana, Guyana, Madagascar and Zambia have
  imports only to 2016-01/02 while exports run to 2022-2024. A balance is
  possible only to the earlier end. **Benin** has both flows end in 2016-01
  (it is only in the 2018 release), 101 and 104 months before the median
  end across reporters (2024-06 for exports, 2024-09 for imports): flagged
  by the rule across reporters, like 62 other reporters and groups whose
  series stop in 2016-2018 (most of the 2018 release's countries: Cote
  d'Ivoire, Iran, Venezuela, the DEV_ aggregates, ...). Checked by hand:
  the last BEN rows of `trade.csv` are 2016-01 for both flows, and Benin is
  not among the columns of the 2024 release's files.
- **Seasonal outliers** are mostly real: the COVID collapse of April-May 2020
  (Bangladesh, Botswana, Sri Lanka, North Macedonia, South Africa, the
  Philippines' imports), civil war and sanctions (Libya 2011), one-off ship or
  aircraft deliveries in small economies (Cabo Verde, Equatorial Guinea,
  Gabon). **Level shifts** cluster in 1991-1993 (new states of the former
  Soviet Union and Yugoslavia) and in small economies; Armenia's imports
  (x9.4 from 1992-09) and Kuwait's exports (x8.6 from 1992-02, after the war)
  are reported as unit jumps of about 10^1 and were not confirmed as unit
  errors.

Run `tradebrief check datasets/world` for the full list, each at the line
of `trade.csv` it points at.

## Reporter codes

| code | GEM name(s) | Korean | kind | exports | imports |
|---|---|---|---|---|---|
{table}
"""


# --------------------------------------------------------------- vintages ----
VINTAGES = (
    # (directory, source file, period column, period format, value column, vintage, note)
    ("korea-exports-2026-04", "ecos_901Y118_T002_korea_exports_NSA_200001_202602_kusd.csv", "", "YYYY-MM",
     "exports", "2026-04", "ECOS 901Y118/T002 as downloaded in April 2026 (jeongyounghoon-star/bistro)"),
    ("korea-exports-2026-07", "ecos_901Y118_T002_korea_exports_NSA_200001_202606_kusd_vintage2026-07.csv",
     "\ub0a0\uc9dc", "YYYYMM", "\uac12", "2026-07",
     "ECOS 901Y118/T002 as downloaded in July 2026 (olvenuslo-dotcom/etf-dividend-dashboard-public)"),
)


def build_vintages(src, out):
    """Two vintages of Korea's ECOS monthly exports, for `tradebrief diff`.

    The agency files are copied byte for byte and read as wide CSV through
    the manifest (their own headers, their own period formats), so these
    datasets also exercise the wide format on real files."""
    for name, f, pcol, pfmt, vcol, vintage, origin in VINTAGES:
        d = out / "vintages" / name
        d.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src / f, d / "exports.csv")
        manifest = {
            "name": name,
            "title": {"en": f"Korea: exports, ECOS vintage {vintage}", "ko": f"\ub300\ud55c\ubbfc\uad6d \uc218\ucd9c ({vintage} \uae30\uc900)"},
            "reporter": "KOR",
            "unit": {"currency": "USD", "multiplier": 1000},
            "basis": {"en": "customs (KCS), not seasonally adjusted", "ko": "관세청 통관 기준, 계절조정 전"},
            "source": {"en": f"Bank of Korea ECOS 901Y118 (T002), vintage {vintage}",
                       "ko": f"\ud55c\uad6d\uc740\ud589 ECOS 901Y118(T002), {vintage} \uae30\uc900"},
            "names": {"reporters": {"KOR": {"en": "Korea", "ko": "\ud55c\uad6d"}}, "flows": names(FLOW_NAMES), "partners": {"WLD": {"en": "World", "ko": "\uc138\uacc4"}},
                      "products": {"TOTAL": {"en": "All goods", "ko": "\uc804\uccb4"}}},
            "files": [{"path": "exports.csv", "format": "wide", "period": pcol, "period_format": pfmt,
                       "columns": {vcol: {"flow": "export", "partner": "WLD", "product": "TOTAL"}}}],
        }
        atomic_write(d / "dataset.yaml", "# Generated by tools/make_datasets.py; do not edit, run "
                     "`make datasets`.\n# " + origin + "; exports.csv is the agency file, unchanged.\n"
                     + "\n".join(yaml(manifest)) + "\n")
        print(f"  {d}: {f} as a wide file")


def main(argv):
    need(len(argv) == 3, "usage: make_datasets.py SRC_DIR OUT_DIR")
    src, out = Path(argv[1]), Path(argv[2])
    for f in F.values():
        need((src / f).is_file(), f"missing input {src / f}")
    print("reading the World Bank GEM files:")
    gem = {k: read_gem(src, k) for k in ("A3x", "A3m", "A4x", "A4m")}
    kd, kstats, kspans = build_korea(src, out, gem)
    wd, wstats, wspans = build_world(src, out, gem)
    print("vintages:")
    build_vintages(src, out)
    print("validation:")
    for d, st, sp, rep in ((kd, kstats, kspans, "KOR"), (wd, wstats, wspans, None)):
        nobs, p0, p1 = validate(d, rep)
        for f in st:
            print(f"  {d / f}: {st[f]:,} rows, {sp[f]}")
        print(f"  {d}: {nobs:,} observations, calendar {p0}..{p1}, no duplicates, all values >= 0")


if __name__ == "__main__":
    main(sys.argv)
