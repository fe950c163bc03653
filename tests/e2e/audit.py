#!/usr/bin/env python3
"""The sentence audit: every claim in a briefing's ledger (report --claims)
checked against `tradebrief stats`, and the briefing's text against the
ledger.  Independent of the template code: it reads only the ledger, the
stats JSON, the PDF's text (pdftotext) and, for the numbers a template
author wrote by hand, the template's literal text.

Rules, per sentence of every briefing:
  value     each claim's value equals the stats JSON at its path (a path
            through a null is null); paths under "dataset." are the
            dataset's metadata, not facts, and are counted apart;
  text      each claim's text occurs in its sentence;
  number    each number in a sentence is inside a claim's text, or is a
            template constant (a number in the template's literal text:
            "last 36 months", "more than 20%");
  page      each sentence's numbers occur in the PDF's text of its page;
  figure    each figure in the PDF's text of a page (a number with a unit,
            a percent sign or a count of months: "$56.5bn", "+22.6%",
            "565억 달러", "12 months") occurs in a sentence of that page
            or the one before: chart labels that carry figures (bar
            values, end labels, streak brackets) are sentences of the
            ledger (block "chart N") with their claims, checked like the
            rest.
And rules for the defect kinds of issue #11:
  record    a record word ("highest ... on record", "역대 최대") is backed
            by a claim on a *_null_reason "... on record" or on a rank 1;
  complete  a list introduced as complete ("Large swings this month: ...",
            "20% 넘게 변동한 품목은 ...") names every item that qualifies;
  latin-ko  a Korean sentence has no Latin words but codes (upper case),
            the program's name and names from the data (source, dataset);
  gap       a run "in every month with data since <month>" ("자료가 있는
            모든 달") is a run across gaps in the facts, and where the
            sentence speaks of the months without data it names them: every
            period without data when the facts list them all (and their
            months add up to the count), else at least the latest one.
The desk's own commentary (sentences "by": "desk", from a notes file) is
counted apart and not checked: it states views, not computed facts; it
must carry no claims.
Structural, not checked: bare numbers that are in no sentence: the
running header and footer (the month, "Page 3 of 6"), axis ticks and
years, the heatmap's cells and legend (values of past months, for which
the stats of the month have no path).

A failure whose key is in the known-defects file (one key a line:
"RULE DATASET MONTH LANG SELECTION: sentence", # comments) is counted as
known, not failed.

Flash briefings (report --days D, templates/flash*.tmpl) are audited the
same way against `stats --days D`.

usage: audit.py TB_BIN KNOWN_FILE [--quick | --tiny]
(--quick: six Korean months, one selection of each kind and three world
reporters; --tiny, for valgrind: two months and one reporter)
Prints the counts and "audit: N passed, N failed".
"""
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

NUM = re.compile(r"\d+(?:[.,]\d+)*")
# a figure: a number with a currency, a unit, a percent sign or months
# (a space, never a line break, between number and unit: a page's running
# header "March 2018" above a line that begins "months" is no figure)
FIG = re.compile(r"[$€£¥]\d+(?:[.,]\d+)*(?:bn|tn|m)?|\d+(?:[.,]\d+)*(?:%|bn|tn| ?억| ?조|개월| months?\b)")


def months(first, last):
    y, m = map(int, first.split("-"))
    ly, lm = map(int, last.split("-"))
    while (y, m) <= (ly, lm):
        yield "%04d-%02d" % (y, m)
        m += 1
        if m > 12:
            y, m = y + 1, 1


def at_path(d, path):
    for seg in path.split("."):
        if d is None:
            return None
        if isinstance(d, list):
            i = int(seg)
            d = d[i] if i < len(d) else None
        elif isinstance(d, dict):
            if seg not in d:
                return KeyError
            d = d[seg]
        else:
            return KeyError
    return d


def same(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b or abs(a - b) <= 1e-9 * max(abs(a), abs(b))
    return a == b


def constants(path):
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " ", text, flags=re.S)
    return set(NUM.findall(text))


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


class Audit:
    def __init__(self, tb, known, tmp):
        self.tb, self.tmp = tb, tmp
        self.known = set()
        for line in open(known, encoding="utf-8"):
            line = line.strip()
            if line and not line.startswith("#"):
                self.known.add(line)
        self.const = {"en": constants("templates/monthly-briefing.tmpl"),
                      "ko": constants("templates/monthly-briefing.ko.tmpl"),
                      "flash en": constants("templates/flash.tmpl"),
                      "flash ko": constants("templates/flash.ko.tmpl")}
        self.counts = dict(briefings=0, sentences=0, claims=0, meta_claims=0, months=set(), known=0, pdf_numbers=0, unchecked=0, desk=0, figures=0)
        self.failures, self.known_seen, self.errors = [], set(), []

    def fail(self, rule, job, lang, sentence, detail):
        key = "%s %s %s %s %s: %s" % (rule, job[0], job[1], lang, job[2] or "-", sentence)
        if key in self.known:
            self.counts["known"] += 1
            self.known_seen.add(key)
        else:
            self.failures.append("%s (%s)" % (key, detail))

    def briefing(self, job, lang, stats):
        ds, month, sel = job
        base = os.path.join(self.tmp, "%s-%s-%s-%s" % (ds.replace("/", "_"), month, lang, (sel or "-").replace(" ", "_")))
        args = [self.tb, "report", ds, "--month", month, "--lang", lang, "--out", base + ".pdf",
                "--claims", base + ".json"] + (sel.split() if sel else [])
        r = run(args)
        if r.returncode != 0:
            return ("report", job, lang, r.stderr.strip()[:300])
        led = json.load(open(base + ".json", encoding="utf-8"))
        pages = run(["pdftotext", "-enc", "UTF-8", base + ".pdf", "-"]).stdout.split("\f")
        os.unlink(base + ".pdf")
        os.unlink(base + ".json")
        return (led, pages, stats)

    @staticmethod
    def structural(s):
        """The sentence's text without what is structural in a table: the
        sparkline column's header ("13 months") and the total row's share
        (100.0%)."""
        text = s["text"]
        if s["block"].startswith("table") and " | " in text:
            text = re.sub(r"\d+ months|\d+개월 추이", "", text)
            if any(".total." in c["path"] for c in s["claims"]):
                text = re.sub(r"\| 100\.0% \|", "|", text)
        return text

    RECORD = re.compile(r"(?<![-\w])(highest|largest|longest)\b[^.]*on record|역대 (최대|가장 긴|월간 최대)")
    LATIN_OK = ("dataset.source", "dataset.name", "dataset.release.contact", ".code")
    SWINGS = re.compile(r"^Large swings|20% 넘게 변동")
    GAP = re.compile(r"every month with data since|자료가 있는 모든 달")
    GAP_NAMED = re.compile(r"no data|자료 없는 달")
    GAP_PATH = "series.balance.sign_streak.across_gaps"

    def gap_rule(self, job, lang, text, claims, stats):
        ag = at_path(stats, self.GAP_PATH)
        if not isinstance(ag, dict):
            self.fail("gap", job, lang, text, "no run across gaps in the facts")
            return
        if not self.GAP_NAMED.search(text):
            return
        gaps = ag.get("gaps") or []
        named = set()
        for c in claims:
            m = re.fullmatch(re.escape(self.GAP_PATH) + r"\.gaps\.(\d+)\.from", c["path"])
            if m:
                named.add(int(m.group(1)))
        every = ag.get("periods") == len(gaps)
        want = set(range(len(gaps))) if every else {len(gaps) - 1}
        if not gaps or named != want:
            self.fail("gap", job, lang, text, "names the periods without data %s, not %s"
                      % (sorted(named), sorted(want)))
        elif every and sum(g["months"] for g in gaps) != ag.get("missing"):
            self.fail("gap", job, lang, text, "the periods without data do not add up to %s months"
                      % ag.get("missing"))

    def rules(self, job, lang, s, stats):
        text, claims = s["text"], s["claims"]
        if self.RECORD.search(text) and not any(
                (c["path"].endswith("_null_reason") and "record" in str(c["value"]))
                or (c["path"].endswith("same_month_rank.rank") and c["value"] == 1)
                or (re.fullmatch(r"notable\.\d+\.kind", c["path"]) and "record" in str(c["value"]))
                for c in claims):
            self.fail("record", job, lang, text, "a record word without a record claim")
        if self.SWINGS.search(text):
            bd = next((c["path"].split(".")[1] for c in claims if c["path"].startswith("breakdowns.")), None)
            named = {c["path"].rsplit(".", 1)[0] for c in claims if c["path"].endswith(".yoy_pct")}
            members = (stats.get("breakdowns", {}).get(bd) or {}).get("members", []) if bd else []
            want = sum(1 for m in members if m.get("yoy_pct") is not None and abs(m["yoy_pct"]) >= 20)
            if len(named) != want:
                self.fail("complete", job, lang, text, "names %d of the %d items that moved 20%% or more"
                          % (len(named), want))
        if self.GAP.search(text):
            self.gap_rule(job, lang, text, claims, stats)
        if lang == "ko":
            for c in claims:  # names from the data: sources, the dataset, codes
                if c["path"].startswith(self.LATIN_OK) or c["path"].endswith(self.LATIN_OK):
                    text = text.replace(c["text"], " ")
            words = [w for w in re.findall(r"[A-Za-z]{2,}", text) if not w.isupper() and w != "tradebrief"]
            if words:
                self.fail("latin-ko", job, lang, text, "Latin words %s" % ", ".join(words[:5]))

    def check(self, job, lang, led, pages, stats):
        c = self.counts
        c["briefings"] += 1
        c["months"].add(job[1])
        # the PDF's numbers that are in no sentence: structural (header,
        # footer, page numbers) or chart-internal labels; counted only
        left = Counter()
        for i, page in enumerate(pages):
            found = Counter(NUM.findall(page))
            c["pdf_numbers"] += sum(found.values())
            found.subtract(Counter(n for s in led["sentences"] if s["page"] == i + 1 for n in NUM.findall(s["text"])))
            left.update({k: v for k, v in found.items() if v > 0})
        c["unchecked"] += sum(left.values())
        for i, page in enumerate(pages):
            said = Counter(f for s in led["sentences"] if s["page"] in (i, i + 1)
                           for f in FIG.findall(re.sub(r"\s+", " ", s["text"])))
            for f, k in Counter(FIG.findall(page)).items():
                c["figures"] += k
                if k > said[f]:
                    self.fail("figure", job, lang, "page %d" % (i + 1), "figure %s is in no sentence" % f)
        for s in led["sentences"]:
            c["sentences"] += 1
            text = s["text"]
            if s.get("by") == "desk":  # the desk's commentary: its words, no computed facts to check
                if s["claims"]:
                    self.fail("desk", job, lang, text, "the desk's text carries claims")
                c["desk"] += 1
                continue
            for cl in s["claims"]:
                if cl["path"].startswith("dataset."):
                    c["meta_claims"] += 1
                else:
                    c["claims"] += 1
                    want = at_path(stats, cl["path"])
                    if want is KeyError or not same(cl["value"], want):
                        self.fail("value", job, lang, text, "%s: ledger %r, stats %r" % (cl["path"], cl["value"], want))
                if cl["text"] not in text:
                    self.fail("text", job, lang, text, "claim text %r" % cl["text"])
            self.rules(job, lang, s, stats)
            covered = "".join(" %s " % cl["text"] for cl in s["claims"])
            # a sentence starts on its page and may run onto the next one
            page = "".join(pages[s["page"] - 1:s["page"] + 1]) if 0 < s["page"] <= len(pages) else ""
            flat = re.sub(r"\s+", " ", page)
            for n in NUM.findall(self.structural(s)):
                tmpl = "flash " + lang if "--days" in (job[2] or "") else lang
                if n not in NUM.findall(covered) and n not in self.const[tmpl]:
                    self.fail("number", job, lang, text, "number %s is in no claim" % n)
                if n not in flat:
                    self.fail("page", job, lang, text, "number %s not on page %d" % (n, s["page"]))


def jobs(tb, quick, tiny):
    out = []
    last = json.loads(run([tb, "stats", "datasets/korea"]).stdout)["month"]
    ms = list(months("1993-01", last))
    if quick:
        ms = ["1993-01", "2001-06", "2016-01", "2023-04", "2024-03", last]
    if tiny:
        return [("datasets/korea", "2024-03", ""), ("datasets/korea", "2023-04", "--product SEMI"),
                ("datasets/world", "2017-09", "--reporter AGO"), ("datasets/korea", "2026-08", "--days 20")]
    out += [("datasets/korea", m, "") for m in ms]
    # flash briefings (partial periods, --days): 1-10 and 1-20, 2024-2026
    fm = ["2024-03", "2025-08", "2026-08"] if quick else list(months("2024-01", "2026-08"))
    out += [("datasets/korea", m, "--days %d" % d) for m in fm for d in (10, 20)]
    for m in (["2024-03"] if quick else ["2023-04", "2024-03", "2023-11"]):
        out += [("datasets/korea", m, "--product SEMI")]
    # destinations pause from 2023-10 to 2026-04 in datasets/korea
    for m in (["2023-04"] if quick else ["2023-04", "2023-09", last]):
        out += [("datasets/korea", m, "--partner CHN")]
    reporters = ["USA", "CHN", "DEU", "JPN", "KOR", "FRA", "GBR", "IND", "BRA", "MEX", "AUS", "CAN", "ZAF",
                 "NIC", "AGO", "ISL", "MLT", "CYP", "PRY", "BOL", "TON", "NPL", "KGZ"]
    if quick:
        reporters = ["USA", "NIC", "AGO"]
    for rep in reporters:
        r = run([tb, "stats", "datasets/world", "--reporter", rep])
        if r.returncode == 0:
            out.append(("datasets/world", json.loads(r.stdout)["month"], "--reporter " + rep))
        else:
            out.append(("datasets/world", "-", "--reporter " + rep))
    return out


def main():
    tb, known = sys.argv[1], sys.argv[2]
    tiny = "--tiny" in sys.argv
    quick = tiny or "--quick" in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        a = Audit(tb, known, tmp)
        js = jobs(tb, quick, tiny)

        def one(job):
            ds, month, sel = job
            if month == "-":
                return [("stats", job, "-", "no stats for this reporter")]
            r = run([tb, "stats", ds, "--month", month] + (sel.split() if sel else []))
            if r.returncode != 0:
                return [("stats", job, "-", r.stderr.strip()[:300])]
            stats = json.loads(r.stdout)
            return [(job, lang, a.briefing(job, lang, stats)) for lang in ("en", "ko")]

        with ThreadPoolExecutor(max_workers=int(os.environ.get("TB_AUDIT_JOBS", "2"))) as ex:
            for res in ex.map(one, js):
                for item in res:
                    if len(item) == 4:
                        a.fail(item[0], item[1], item[2], "-", item[3])
                        continue
                    job, lang, got = item
                    if len(got) == 4:
                        a.fail(got[0], got[1], got[2], "-", got[3])
                    else:
                        a.check(job, lang, *got)
    c = a.counts
    print("audit: %d briefings, %d months, %d sentences (%d the desk's own), %d claims on facts, %d on dataset metadata,"
          " %d known defects" % (c["briefings"], len(c["months"]), c["sentences"], c["desk"], c["claims"],
                                 c["meta_claims"], c["known"]))
    print("audit: %d numbers in the PDFs' text, %d of them in no sentence (running header and footer, axis ticks,"
          " heatmap cells: structural); %d figures, each in a sentence of its page" % (c["pdf_numbers"], c["unchecked"],
                                                                                   c["figures"]))
    if os.environ.get("TB_AUDIT_KEYS"):
        with open(os.environ["TB_AUDIT_KEYS"], "w", encoding="utf-8") as out:
            for f in a.failures:
                out.write(f.rsplit(" (", 1)[0] + "\n")
    for f in a.failures[:60]:
        print("FAIL: " + f)
    if len(a.failures) > 60:
        print("... and %d more" % (len(a.failures) - 60))
    stale = a.known - a.known_seen
    if stale and not quick:
        print("note: %d known defects are no longer found; remove them from %s:" % (len(stale), known))
        for k in sorted(stale)[:10]:
            print("  " + k)
    print("audit: %d passed, %d failed" % (c["briefings"], len(a.failures)))
    return 1 if a.failures else 0


if __name__ == "__main__":
    sys.exit(main())
