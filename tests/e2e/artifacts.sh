# End-to-end: incremental regeneration, the artifact manifest, verify, the
# output-directory lock and atomic writes (issue 6).
. "$TB_ROOT/tests/lib.sh"
require python3
cd "$TB_ROOT"
OUTD="$WORK/charts"

run charts datasets/korea --month 2026-02 --out "$OUTD"
expect_status 0 "first build"
expect_out "charts: 15 written, 0 unchanged in $OUTD" "first build writes all (7 charts, their CSVs, charts.json)"
run verify "$OUTD/manifest.json"
expect_status 0 "verify"
expect_out "verified: 15 artifacts match $OUTD/manifest.json" "verify counts"
expect_eq "$(python3 -c "import json; e=json.load(open('$OUTD/manifest.json'))['artifacts'][1]; print(e['file'], e['kind'], e['dataset'], e['month'], e['data_last_month'], e['version'], len(e['sha256']))")" \
    "annual.png chart korea 2026-02 2026-07 0.1.0 64" "manifest entry fields"

# No change: nothing rewritten (files keep their inode and bytes).
ino=$(ls -i "$OUTD/balance.png" | cut -d' ' -f1)
run charts datasets/korea --month 2026-02 --out "$OUTD"
expect_out "charts: 0 written, 15 unchanged in $OUTD" "no-change rerun writes nothing"
expect_eq "$(ls -i "$OUTD/balance.png" | cut -d' ' -f1)" "$ino" "no-change rerun keeps the file"

# A new month appended after the reference month changes no chart of it.
cp -r datasets/korea "$WORK/korea"
printf '2026-08,KOR,export,WLD,TOTAL,70000000\n2026-08,KOR,import,WLD,TOTAL,60000000\n' >>"$WORK/korea/totals.csv"
run charts "$WORK/korea" --month 2026-02 --out "$OUTD"
expect_out "charts: 0 written, 15 unchanged in $OUTD" "appended month: charts of 2026-02 unchanged"
# The new month's charts: every window moved (2026-08 has no item or
# destination data, so only the five charts of the totals, their CSVs and
# charts.json).
run charts "$WORK/korea" --out "$WORK/charts-new"
expect_out "charts: 11 written, 0 unchanged" "charts of the new month"

# A revision inside the windows rewrites only the charts that show it.
sed -i 's/^2025-06,KOR,export,WLD,TOTAL,.*/2025-06,KOR,export,WLD,TOTAL,60500000/' "$WORK/korea/totals.csv"
cp "$OUTD/manifest.json" "$WORK/before.json"
run charts "$WORK/korea" --month 2026-02 --out "$OUTD"
expect_out "charts: 9 written, 6 unchanged in $OUTD" "revision rewrites only what changed"
changed=$(python3 - "$WORK/before.json" "$OUTD/manifest.json" <<'PY'
import json, sys
a = {e["file"]: e["sha256"] for e in json.load(open(sys.argv[1]))["artifacts"]}
b = {e["file"]: e["sha256"] for e in json.load(open(sys.argv[2]))["artifacts"]}
print(" ".join(sorted(f for f in b if a.get(f) != b[f])))
PY
)
expect_eq "$changed" "annual.csv annual.png balance.csv balance.png charts.json exports-imports.csv exports-imports.png exports-yoy.csv exports-yoy.png" "the revised charts"
run charts "$WORK/korea" --month 2026-02 --out "$OUTD" --force
expect_out "charts: 15 written, 0 unchanged" "--force rebuilds all"

# verify catches a changed or missing file.
printf 'x' >>"$OUTD/annual.png"
run verify "$OUTD/manifest.json"
expect_status 2 "verify a tampered file"
expect_out "$OUTD/annual.png: differs from the manifest" "verify names the file"
rm "$OUTD/annual.png"
run verify "$OUTD/manifest.json"
expect_out "$OUTD/annual.png: missing or unreadable" "verify a missing file"
run charts "$WORK/korea" --month 2026-02 --out "$OUTD"
expect_out "charts: 1 written, 14 unchanged" "a missing artifact is rebuilt"
run verify "$WORK/nothing.json"
expect_status 2 "verify without a manifest"

# One run at a time per output directory: the directory itself is locked
# (here on fd 9, for as long as the run takes, however slowly it starts: no
# race), so no lock file is left among the outputs.  Busy is transient: 75.
expect_eq "$(ls -A "$OUTD" | grep -c lock)" "0" "no lock file in the output directory"
exec 9<"$OUTD"
flock 9
run charts "$WORK/korea" --month 2026-02 --out "$OUTD" --force
expect_status 75 "second run while locked"
expect_err "$OUTD: another tradebrief run is writing here (the directory is locked)" "lock message"
flock -u 9; exec 9<&-
# A lock file an older version left is swept.
: >"$OUTD/.tradebrief.lock"
run charts "$WORK/korea" --month 2026-02 --out "$OUTD"
expect_eq "$(ls -A "$OUTD" | grep -c lock)" "0" "an old lock file is swept"

# A write that fails (file size limit) leaves the previous artifact intact,
# no temporary file behind, and exit 2.
before=$(sha256sum "$OUTD/items-heatmap.png")
(trap '' XFSZ; ulimit -f 40; tb charts "$WORK/korea" --month 2026-01 --out "$OUTD" >"$WORK/o" 2>"$WORK/e"; echo $? >"$WORK/st")
wrapcheck "$(cat "$WORK/st")" "$WORK/e" "charts past the file size limit"
expect_eq "$(cat "$WORK/st")" "75" "failed write exits 75 (transient)"
if grep -q "cannot write: File too large" "$WORK/e"; then ok; else bad "failed write message"; cat "$WORK/e"; fi
expect_eq "$(ls -A "$OUTD" | grep '^\.' | grep -v '^.tradebrief.lock$' | wc -l)" "0" "no temporary files left"
expect_eq "$(sha256sum "$OUTD/items-heatmap.png")" "$before" "previous artifact intact"
run verify "$OUTD/manifest.json"
expect_status 0 "manifest still consistent after the failed run"

# A read-only output directory: exit 2, a message.
mkdir -p "$WORK/ro"; chmod 555 "$WORK/ro"
if [ "$(id -u)" -ne 0 ]; then
    run charts datasets/korea --out "$WORK/ro"
    expect_status 2 "read-only output"
fi

# Another tool's manifest.json (a web app's) is never replaced: the run is
# refused with exit 2 and nothing is written there.
WEB="$WORK/web"; mkdir -p "$WEB"
printf '{"name": "My App", "icons": []}\n' >"$WEB/manifest.json"; cp "$WEB/manifest.json" "$WORK/web.json"
run charts datasets/korea --out "$WEB"
expect_status 2 "charts into a directory with a foreign manifest.json"
expect_err "$WEB/manifest.json: this manifest.json is not tradebrief's, so it is left alone and nothing is written; give --out a directory of its own" "foreign manifest message"
run report datasets/korea --out "$WEB/x.pdf"
expect_status 2 "report into a directory with a foreign manifest.json"
expect_cmp "$WEB/manifest.json" "$WORK/web.json" "the foreign manifest.json is untouched"
expect_eq "$(ls -A "$WEB")" "manifest.json" "nothing written beside it"
printf '{"name": ' >"$WEB/manifest.json"
run charts datasets/korea --out "$WEB"
expect_status 2 "a manifest.json that is not JSON is not ours either"
expect_eq "$(ls -A "$WEB")" "manifest.json" "nothing written beside the broken one"

# verify takes the directory (or its manifest.json); counts agree in number.
run verify "$OUTD"
expect_status 0 "verify DIR"
expect_out "verified: 15 artifacts match $OUTD" "verify DIR counts"
run report datasets/korea --month 2024-03 --out "$WORK/one/b.pdf"
run verify "$WORK/one"
expect_out "verified: 1 artifact matches $WORK/one" "verify: one artifact, singular"
run verify "$WEB"
expect_status 2 "verify a directory without a tradebrief manifest"

# --out must match the format; --out - is the PDF on stdout, no manifest.
run report datasets/korea --out "$WORK/ext/x.png"
expect_status 1 "report --out x.png"
expect_err "report --out must name a .pdf file, or - for standard output (found: \"$WORK/ext/x.png\")" "extension message"
run report datasets/korea --out "$WORK/ext/x.pdf" --claims "$WORK/ext/c.txt"
expect_status 1 "--claims c.txt"
run charts datasets/korea --out "$WORK/ext/c.png"
expect_status 1 "charts --out c.png"
expect_err "charts writes a set of files: --out must name a directory" "charts --out message"
run charts datasets/korea --out -
expect_status 1 "charts --out -"
expect_eq "$(ls "$WORK/ext" 2>/dev/null | wc -l)" "0" "refused --out: nothing written"
mkdir -p "$WORK/so"; cd "$WORK/so"
TRADEBRIEF_TEMPLATES="$TB_ROOT/templates" tb report "$TB_ROOT/datasets/korea" --month 2024-03 --out - >"$WORK/stdout.pdf" 2>"$WORK/err"; STATUS=$?; ERR=$(cat "$WORK/err")
cd "$TB_ROOT"
wrapcheck "$STATUS" "$WORK/err" "report --out -"
expect_status 0 "report --out -"
expect_eq "$(head -c 5 "$WORK/stdout.pdf")" "%PDF-" "a PDF on stdout"
expect_eq "$(ls -A "$WORK/so" | wc -l)" "0" "report --out -: no manifest, no file"
run report datasets/korea --month 2024-03 --out "$WORK/cmp/b.pdf"
expect_cmp "$WORK/stdout.pdf" "$WORK/cmp/b.pdf" "the same PDF as --out FILE"
finish artifacts
