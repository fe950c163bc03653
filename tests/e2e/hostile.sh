# End-to-end: hostile and odd input gets a clear message and exit 2, or
# works, and never crashes, hangs or grows without bound:
#   a 2 GB CSV streamed through a named pipe in bounded memory; 10^6
#   series; a breakdown of 10^5 members; lines of 100 MB and a quoted
#   field left open; values of 1e308, -0 and 5e-324; months from year 1 to
#   9999; names with spaces, quotes and Hangul; a read-only output
#   directory, a full disk and a file size limit; enormous, deeply nested
#   and runaway templates, and includes that try to leave their directory.
# The generated inputs are built here (tests/tools/gen_hostile.c), not
# shipped.  TB_QUICK=1 or an ASan binary shrink the largest inputs tenfold
# and skip the memory bounds, which only a plain build measures; under a
# wrapper (TB_WRAP, valgrind) the cases that are about volume are left to
# those two runs, and the rest run as they are.
. "$TB_ROOT/tests/lib.sh"
require python3 pdftotext pdfinfo qpdf cc
cd "$TB_ROOT"
unset SOURCE_DATE_EPOCH

QUICK=${TB_QUICK:-}
ldd "$TB_BIN" 2>/dev/null | grep -q libasan && QUICK=1
VOLUME=yes
[ -n "${TB_WRAP:-}" ] && VOLUME= QUICK=1

GEN="$WORK/gen_hostile"
cc -O2 -std=c17 -Wall -Wextra -Werror -o "$GEN" tests/tools/gen_hostile.c || { bad "cannot build gen_hostile"; finish hostile; exit 1; }

# peak CMD...: runs tradebrief (unwrapped: the bound is the program's own),
# leaves $STATUS, $OUT, $ERR and $RSS (peak resident set, MiB).
peak() {
    RSS=$(python3 - "$WORK/out" "$WORK/err" "$TB_BIN" "$@" <<'PY'
import resource, subprocess, sys
with open(sys.argv[1], "wb") as o, open(sys.argv[2], "wb") as e:
    st = subprocess.run(sys.argv[3:], stdout=o, stderr=e).returncode
print(st, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
PY
)
    STATUS=${RSS% *}; RSS=${RSS#* }
    OUT=$(cat "$WORK/out"); ERR=$(cat "$WORK/err")
}
expect_rss_below() { # MIB DESCRIPTION
    [ -n "$QUICK" ] && return 0
    if [ "$RSS" -lt "$1" ]; then ok; else bad "$2: peak RSS $RSS MiB, want < $1 MiB"; fi
}
expect_text_in() { # PDF TEXT DESCRIPTION
    if pdftotext "$1" - 2>/dev/null | grep -qF -- "$2"; then ok; else bad "$3"; fi; }
# expect_refused FILE MESSAGE DESCRIPTION: after `run`, exit 2, the
# message on stderr, and FILE not written.
expect_refused() {
    expect_status 2 "$3"
    expect_err "$2" "$3: message"
    if [ -e "$1" ]; then bad "$3: $1 written"; else ok; fi
}
# Files left in a directory besides the lock (temporary files, artifacts).
leftovers() { find "$1" -mindepth 1 ! -name .tradebrief.lock 2>/dev/null | wc -l; }

if [ -n "$VOLUME" ]; then
# ---- a 2 GB CSV through a named pipe: streamed once, memory bounded ----
# 2,000 products x 48 months of rows padded with a 22,400-byte note column:
# 2,155.9 MB for 96,096 observations.  Memory must not follow the bytes.
mkdir "$WORK/pipe"
"$GEN" manifest "$WORK/pipe" 2000
mkfifo "$WORK/pipe/data.csv"
if [ -n "$QUICK" ]; then PAD=2240 MB=218.6; else PAD=22400 MB=2155.9; fi
"$GEN" csv 2000 48 $PAD > "$WORK/pipe/data.csv" &
peak check "$WORK/pipe"
wait
expect_status 0 "2 GB CSV through a pipe"
expect_out "read: 1 files, 96097 rows, 96096 observations, $MB MB" "2 GB CSV read whole"
expect_out "series: 2003 (2002 given, 1 derived balances; 2003 with data)" "2 GB CSV series"
expect_rss_below 64 "2 GB CSV streamed"

# ---- 10^6 series (10^5 quick) -------------------------------------------
if [ -n "$QUICK" ]; then NS=100000; else NS=1000000; fi
mkdir "$WORK/million"
"$GEN" manifest "$WORK/million" 0
"$GEN" csv $NS 13 0 > "$WORK/million/data.csv"
peak check "$WORK/million"
expect_status 0 "$NS series: check"
expect_out "series: $((NS + 3)) ($((NS + 2)) given, 1 derived balances; $((NS + 3)) with data)" "$NS series counted"
expect_out "codes: 1 reporters, 1 partners, $((NS + 1)) products" "$NS product codes"
# 13 months of 8-byte values are 104 MB; the key tables about as much again
expect_rss_below 400 "$NS series"
run stats "$WORK/million" --product P0000777
expect_status 0 "$NS series: stats of one"
# (grep picks the product's rows out of the 13 million for Python)
grep -F ",P0000777," "$WORK/million/data.csv" >"$WORK/p777.csv"
python3 - "$WORK/out" "$WORK/p777.csv" <<'PY' && ok || bad "stats of P0000777 among $NS series"
import json, sys
d = json.load(open(sys.argv[1]))
want = {}
for line in open(sys.argv[2]):
    if ",P0000777," in line:
        p = line.split(",")
        want[p[0]] = float(p[4])
e = d["series"]["exports"]
assert d["month"] == "2021-01" and e["value"] == want["2021-01"], (d["month"], e["value"])
assert abs(e["yoy_pct"] - (want["2021-01"] / want["2020-01"] - 1) * 100) < 1e-9
PY
rm -rf "$WORK/million"

# ---- a breakdown of 10^5 members (10^4 quick) ---------------------------
if [ -n "$QUICK" ]; then NM=10000; else NM=100000; fi
mkdir "$WORK/members"
"$GEN" manifest "$WORK/members" $NM
"$GEN" csv $NM 13 0 > "$WORK/members/data.csv"
# (the facts of $NM members are 290 MB of JSON at 10^5: written to a file
# and read once, by the check that also gives the three largest)
tb stats "$WORK/members" >"$WORK/members.json" 2>"$WORK/err"; STATUS=$?
ERR=$(cat "$WORK/err"); wrapcheck "$STATUS" "$WORK/err" "tradebrief stats $WORK/members"
expect_status 0 "breakdown of $NM: stats"
TOP3=$(python3 - "$WORK/members.json" "$WORK/members/data.csv" $NM <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
b = d["breakdowns"]["items"]
jan = {}
for line in open(sys.argv[2]):
    p = line.split(",")
    if p[0] == "2021-01" and p[1] == "export":
        jan[p[3]] = float(p[4])
top = sorted((c for c in jan if c != "TOTAL"), key=lambda c: (-jan[c], c))
assert len(b["members"]) == int(sys.argv[3])
assert b["by_value"][:5] == top[:5], (b["by_value"][:5], top[:5])
assert abs(sum(m["share_pct"] for m in b["members"]) - 100) < 1e-6
print(" ".join(b["by_value"][:3]))
PY
) && ok || bad "breakdown of $NM: members, order, shares"
rm -f "$WORK/members.json"
mkdir "$WORK/members/tmpl"
cat > "$WORK/members/tmpl/loop.tmpl" <<'EOF'
@title Loop
{% for m in items sort value desc limit 3 %}{{ m.code }} {% endfor %}
{% for m in items where m.yoy_pct > 1000000 %}{{ m.code }}{% else %}None above a million percent.{% endfor %}
EOF
run report "$WORK/members" --template "$WORK/members/tmpl/loop.tmpl" --out "$WORK/members/loop.pdf"
expect_status 0 "loop over $NM members"
expect_text_in "$WORK/members/loop.pdf" "$TOP3" "loop over $NM members: the three largest, in order"
expect_text_in "$WORK/members/loop.pdf" "None above a million percent." "loop over $NM members: where, else"
# the default template: tables of the top 20, charts of the 20 largest
run report "$WORK/members" --out "$WORK/members/briefing.pdf"
expect_status 0 "briefing on $NM members"
pages=$(pdfinfo "$WORK/members/briefing.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
if [ "${pages:-0}" -ge 4 ] && [ "${pages:-0}" -le 10 ]; then ok; else bad "briefing on $NM members: $pages pages"; fi
of=$(python3 -c "print(f'{$NM:,}')")
if pdftotext "$WORK/members/briefing.pdf" - | grep -qF "the 20 largest of $of"; then ok; else
    bad "briefing on $NM members: charts say they show the 20 largest"; fi
# nested loops over the members end at the step budget, fast
printf '@title Nested\n{%% for a in items %%}{%% for b in items where b.value < 0 %%}x{%% endfor %%}{%% endfor %%}\n' \
    > "$WORK/members/tmpl/nested.tmpl"
run report "$WORK/members" --template "$WORK/members/tmpl/nested.tmpl" --out "$WORK/members/nested.pdf"
expect_refused "$WORK/members/nested.pdf" \
    "$WORK/members/tmpl/nested.tmpl:2:21: the template runs past 20 million loop steps (loops nested over long lists?)" \
    "nested loops over $NM members"
rm -rf "$WORK/members"

# ---- lines of 100 MB, and a quoted field left open ----------------------
mkdir "$WORK/lines"
cp tests/bad/duplicate/dataset.yaml "$WORK/lines/"
{ echo "period,flow,partner,product,value"; echo "2024-01,export,WLD,TOTAL,1"
  head -c 104857600 /dev/zero | tr '\0' 'x'; echo
  printf '2024-02,export,WLD,TOTAL,"'; head -c 104857600 /dev/zero | tr '\0' 'y'; echo '"'
  echo "2024-03,export,WLD,TOTAL,oops"; } > "$WORK/lines/data.csv"
peak check "$WORK/lines"
expect_status 2 "100 MB lines"
expect_eq "$ERR" "$WORK/lines/data.csv:3:1: line is longer than 1 MiB (104857600 bytes)
$WORK/lines/data.csv:4:1: line is longer than 1 MiB (104857627 bytes)
$WORK/lines/data.csv:5:5: expected a number in column \"value\" (found: \"oops\")" "100 MB lines: messages"
expect_rss_below 32 "100 MB lines are not held"
{ echo "period,flow,partner,product,value"; echo "2024-01,export,WLD,TOTAL,1"
  printf '2024-02,export,WLD,TOTAL,"'; yes 'a line inside a quoted field' | head -n 2000000; } > "$WORK/lines/data.csv"
peak check "$WORK/lines"
expect_status 2 "open quote"
expect_eq "$ERR" "$WORK/lines/data.csv:3:1: row runs on over more than 1 MiB, to line 36159 (a quoted field left open?)" \
    "open quote: message"
expect_rss_below 32 "open quote is not held"
rm -rf "$WORK/lines"

fi

# ---- values: 1e308 refused; -0, 5e-324 and 1e20 work --------------------
mkdir "$WORK/values"
cp tests/bad/duplicate/dataset.yaml "$WORK/values/"
python3 - "$WORK/values/data.csv" <<'PY'
import sys
vals = ["-0", "5e-324", "1e20", "0", "1e-300", "99999999999999999999", "1", "-0.0", "2.5e-310", "1e20", "0.0001", "7"]
with open(sys.argv[1], "w") as f:
    f.write("period,flow,partner,product,value\n")
    for i in range(26):
        p = "%d-%02d" % (2022 + i // 12, i % 12 + 1)
        f.write("%s,export,WLD,TOTAL,%s\n%s,import,WLD,TOTAL,%s\n" % (p, vals[i % 12], p, vals[(i + 5) % 12]))
PY
run stats "$WORK/values" --month 2022-01
expect_status 0 "-0: stats"
expect_out '"value": 0.0,' "-0 is 0"
if printf '%s' "$OUT" | grep -q -- '-0\.0[,}]\?$'; then bad "-0 printed with its sign"; else ok; fi
for fmt in png svg pdf; do
    run charts "$WORK/values" --out "$WORK/values/c-$fmt" --format $fmt
    expect_status 0 "subnormal and 1e20 values: charts $fmt"
done
run report "$WORK/values" --out "$WORK/values/r.pdf"
expect_status 0 "subnormal and 1e20 values: report"
if qpdf --check "$WORK/values/r.pdf" >/dev/null 2>&1; then ok; else bad "subnormal and 1e20 values: qpdf --check"; fi
printf '2024-03,export,WLD,TOTAL,1e308\n' >> "$WORK/values/data.csv"
run report "$WORK/values" --out "$WORK/values/r2.pdf"
expect_refused "$WORK/values/r2.pdf" \
    "$WORK/values/data.csv:54:5: number out of range in column \"value\": values are at most 1e20 in magnitude (found: \"1e308\")" \
    "1e308"
rm -rf "$WORK/values"

# ---- months from year 1 to 9999 -----------------------------------------
mkdir "$WORK/years"
cp tests/bad/duplicate/dataset.yaml "$WORK/years/"
awk 'BEGIN { print "period,flow,partner,product,value"
    for (y = 1; y <= 9999; y++) for (m = 1; m <= 12; m++) {
        v = 1000 + (y * 12 + m) % 97
        printf "%04d-%02d,export,WLD,TOTAL,%d\n%04d-%02d,import,WLD,TOTAL,%d\n", y, m, v, y, m, v + y % 5 - 2 } }' \
    > "$WORK/years/data.csv"
run check "$WORK/years"
expect_status 0 "years 1..9999"
expect_out "calendar: 0001-01 .. 9999-12 (119988 months)" "years 1..9999: calendar"
# (under a wrapper, one month: every run loads 120,000 months again)
for m in ${VOLUME:+0001-01} 0002-03 ${VOLUME:+9999-12}; do
    run report "$WORK/years" --month $m --out "$WORK/years/r-$m.pdf"
    expect_status 0 "report for $m"
    run charts "$WORK/years" --month $m --out "$WORK/years/c-$m"
    expect_status 0 "charts for $m"
done
[ -n "$VOLUME" ] && expect_text_in "$WORK/years/r-9999-12.pdf" "December 9999" "December 9999 named"
for p in 0000-12 10000-01; do
    printf 'period,flow,partner,product,value\n%s,export,WLD,TOTAL,1\n' "$p" > "$WORK/years/data.csv"
    run check "$WORK/years"
    expect_status 2 "month $p"
    expect_eq "$ERR" "$WORK/years/data.csv:2:1: invalid period, expected YYYY-MM (found: \"$p\")" "month $p refused"
done
rm -rf "$WORK/years"

# ---- names with spaces, quotes, '$' and Hangul --------------------------
D="$WORK/data set \$x 'q' 한국"
mkdir -p "$D" "$WORK/tmpl dir 템플릿"
cp datasets/korea/*.csv datasets/korea/dataset.yaml "$D/"
mv "$D/totals.csv" "$D/총계 파일.csv"
sed -i 's/path: totals.csv/path: "총계 파일.csv"/' "$D/dataset.yaml"
printf '@title {{ month | month }}\n@include "part 부분.tmpl"\n' > "$WORK/tmpl dir 템플릿/main t.tmpl"
printf 'Exports: {{ exports.value | money }}.\n' > "$WORK/tmpl dir 템플릿/part 부분.tmpl"
O="$WORK/out dir \$y 'q' 출력"
run check "$D"
expect_status 0 "odd names: check"
run report "$D" --month 2024-03 --template "$WORK/tmpl dir 템플릿/main t.tmpl" --out "$O/briefing 3월.pdf"
expect_status 0 "odd names: report"
expect_text_in "$O/briefing 3월.pdf" "Exports: \$56.5 billion." "odd names: the included part"
run charts "$D" --month 2024-03 --out "$O/charts x"
expect_status 0 "odd names: charts"
run verify "$O/manifest.json"
expect_status 0 "odd names: verify report"
run verify "$O/charts x/manifest.json"
expect_status 0 "odd names: verify charts"
run jobs "$D" --by product --out "$O/items" --make
expect_status 0 "odd names: jobs --make"
printf '%s\n' "$OUT" > "$WORK/jobs.mk"
if env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -j2 -f "$WORK/jobs.mk" TRADEBRIEF="$TB_BIN" >/dev/null 2>"$WORK/make.err"; then ok; else
    bad "odd names: make -f jobs.mk"; head -5 "$WORK/make.err"; fi
expect_eq "$(ls "$O/items" | grep -c '\.pdf$')" 10 "odd names: a briefing per item through make"
if env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -q -f "$WORK/jobs.mk" TRADEBRIEF="$TB_BIN" 2>/dev/null; then ok; else
    bad "odd names: make is up to date after the run"; fi
export TRADEBRIEF="$TB_BIN"
run jobs "$D" --by product --out "$O/sh"
unset TRADEBRIEF
printf '%s\n' "$OUT" | head -n 2 > "$WORK/jobs.sh"
if sh "$WORK/jobs.sh" >/dev/null 2>&1 && [ -f "$O/sh/SEMI.pdf" ] && [ -f "$O/sh/CARS.pdf" ]; then ok; else
    bad "odd names: job lines run by sh"; fi
# a name that is not UTF-8: manifest.json (JSON) cannot record it
L1=$(printf 'caf\351')
run report datasets/korea --out "$O/$L1.pdf"
expect_refused "$O/$L1.pdf" \
    "$O: the file name is not UTF-8, which manifest.json cannot record (found: \"caf\\xE9.pdf\")" \
    "a file name that is not UTF-8"
mkdir "$WORK/$L1"
cp templates/monthly-briefing.tmpl templates/notable.tmpl "$WORK/$L1/"
run report datasets/korea --template "$WORK/$L1/monthly-briefing.tmpl" --out "$O/latin.pdf"
expect_status 0 "a template path that is not UTF-8"
if grep -qF "\"template\": \"$WORK/caf?/monthly-briefing.tmpl\"" "$O/manifest.json"; then ok; else
    bad "a template path that is not UTF-8 is recorded with '?'"; fi
run verify "$O/manifest.json"
expect_status 0 "not UTF-8: the manifest still verifies"
run jobs "$D" --by product --out "$WORK/line
break"
expect_status 2 "a line break in a name"
expect_err "a job list cannot hold a name with a line break" "line break message"

# ---- output that cannot be written --------------------------------------
# read-only directory (as an unprivileged user when we are root; the
# binary and dataset are copied where that user can read them, wherever
# the checkout is)
RO=$(mktemp -d); chmod 755 "$RO"; cp "$TB_BIN" "$RO/tradebrief"; cp -r datasets/korea "$RO/korea"
chmod -R a+rX "$RO"; mkdir "$RO/ro"; chmod 555 "$RO/ro"
as_user() { if [ "$(id -u)" -eq 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"; else "$@"; fi; }
as_user "$RO/tradebrief" charts "$RO/korea" --out "$RO/ro" >"$WORK/out" 2>"$WORK/err"; STATUS=$?; ERR=$(cat "$WORK/err")
expect_status 2 "read-only directory"
expect_err "$RO/ro: cannot write in the output directory: Permission denied" "read-only message"
expect_eq "$(leftovers "$RO/ro")" 0 "read-only: nothing written"
rm -rf "$RO"
# stdout on a full device
${TB_WRAP:-} "$TB_BIN" stats datasets/korea >/dev/full 2>"$WORK/err"; STATUS=$?; ERR=$(cat "$WORK/err")
expect_status 75 "stats to /dev/full (transient)"
expect_err "cannot write the facts: No space left on device" "/dev/full message"
# a file size limit: EFBIG, the temporary file removed, exit 2
for what in report charts; do
    F="$WORK/fsize-$what"
    if [ $what = report ]; then target="$F/x.pdf"; else target="$F"; fi
    (ulimit -f 40; exec $TB_WRAP "$TB_BIN" $what datasets/korea --out "$target") >"$WORK/out" 2>"$WORK/err"; STATUS=$?
    ERR=$(cat "$WORK/err")
    expect_status 75 "$what under ulimit -f (transient)"
    expect_err "File too large" "$what under ulimit -f: message"
    expect_eq "$(leftovers "$F")" 0 "$what under ulimit -f: nothing left"
done
# a full file system (a 16 KiB tmpfs: less than any briefing or chart set
# needs), where this machine lets us mount one
FULL="$WORK/full"; mkdir "$FULL"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=16k tmpfs "$FULL" 2>/dev/null; then
    run report datasets/korea --out "$FULL/x.pdf"
    expect_status 75 "full disk: report (transient)"
    expect_err ": cannot write: No space left on device" "full disk: report message"
    run charts datasets/korea --out "$FULL/c"
    expect_status 75 "full disk: charts (transient)"
    expect_eq "$(leftovers "$FULL/c")" 0 "full disk: nothing left"
    umount "$FULL"
fi

# ---- templates: enormous, deep, runaway, escaping -----------------------
T="$WORK/tmpl"; mkdir -p "$T/sub" "$T/other"
head -c 5000000 /dev/zero | tr '\0' 'w' > "$T/big.tmpl"
run report datasets/korea --template "$T/big.tmpl" --out "$T/big.pdf"
expect_status 2 "5 MB template"
expect_eq "$ERR" "$T/big.tmpl: the template is larger than 4 MiB" "5 MB template message"
head -c 3000000 /dev/zero | tr '\0' 'w' > "$T/sub/part.tmpl"
printf '@title Parts\n@include part.tmpl\n@include part.tmpl\n' > "$T/sub/twice.tmpl"
run report datasets/korea --template "$T/sub/twice.tmpl" --out "$T/twice.pdf"
expect_status 2 "includes past 4 MiB"
expect_err "$T/sub/twice.tmpl:3:10: the included files take the template past 4 MiB (found: \"part.tmpl\")" "includes past 4 MiB message"
python3 -c "import sys; sys.stdout.write('@title Deep\n' + '{% if true %}' * 100000 + 'x' + '{% endif %}' * 100000 + '\n')" > "$T/deep.tmpl"
run report datasets/korea --template "$T/deep.tmpl" --out "$T/deep.pdf"
expect_status 2 "100,000 nested ifs"
expect_eq "$ERR" "$T/deep.tmpl:2:417: blocks are nested more than 32 deep (found: \"{% if true %}\")" "nesting message"
# 10^8 iterations: 8 MiB of text first (20 s under valgrind; left to the
# other runs there, the unit tests check the budgets too)
if [ -n "$VOLUME" ]; then
    python3 -c "import sys; sys.stdout.write('@title Runaway\n' + ''.join('{%% for m%d in items %%}' % i for i in range(8)) + 'x' + '{% endfor %}' * 8 + '\n')" > "$T/runaway.tmpl"
    peak report datasets/korea --template "$T/runaway.tmpl" --out "$T/runaway.pdf"
    expect_status 2 "10^8 iterations"
    expect_err "the briefing's text grows past 8 MiB (a loop or table over a long list without a limit?)" "runaway message"
    expect_rss_below 200 "runaway stops early"
fi
echo "secret" > "$T/other/secret.tmpl"
ln -s ../other/secret.tmpl "$T/sub/link.tmpl"
ln -s ../other "$T/sub/od"
ln -s /etc/passwd "$T/sub/pw.tmpl"
for inc in link.tmpl od/secret.tmpl pw.tmpl; do
    printf '@title T\n@include %s\n' "$inc" > "$T/sub/inc.tmpl"
    run report datasets/korea --template "$T/sub/inc.tmpl" --out "$T/inc.pdf"
    expect_status 2 "include through a symlink: $inc"
    expect_eq "$ERR" "$T/sub/inc.tmpl:2:10: @include needs a file in the template's own directory (this one is elsewhere) (found: \"$inc\")" \
        "include through a symlink: $inc refused"
done
expect_eq "$(ls "$T"/*.pdf 2>/dev/null)" "" "refused templates write nothing"

# ---- a path of 1,200 bytes and more in every message -------------------
# Messages are built in a growing buffer: a long directory name (here
# 6 x 200 bytes, and a 3,000-byte one) is printed whole, never cut or
# written past a fixed array (ASan catches the latter).
LONG="$WORK/$(printf 'd%.0s' $(seq 200))"
LONG="$LONG/$(basename "$LONG")/$(basename "$LONG")/$(basename "$LONG")/$(basename "$LONG")/$(basename "$LONG")"
mkdir -p "$LONG"
cp -r tests/bad/not-a-number "$LONG/"
run check "$LONG/not-a-number"
expect_status 2 "1,200-byte path: check"
expect_err "$LONG/not-a-number/data.csv:2:5: expected a number in column \"value\" (found: \"1234.5x\")" \
    "1,200-byte path: whole message"
run report "$LONG/not-a-number" --template "$LONG/missing-$(printf 'x%.0s' $(seq 3000)).tmpl" --out "$LONG/x.pdf"
expect_status 2 "3,000-byte template name"
# A template under that path whose message body is itself 4 KB (a
# 2,000-byte loop variable named twice) and a 2,000-byte word through
# plural(): both come out whole (they were cut at 767 and 63 bytes).
K=$(printf 'k%.0s' $(seq 2000))
printf '@title T\n{%% for %s in items.members %%}{{ %s.threshold_streaks.x }}{%% endfor %%}\n' "$K" "$K" > "$LONG/long.tmpl"
run report datasets/korea --month 2024-03 --template "$LONG/long.tmpl" --out "$LONG/x.pdf"
expect_status 2 "4 KB template message"
expect_eq "$ERR" "$LONG/long.tmpl:2:2031: $K.threshold_streaks is a list: go through it with {% for x in $K.threshold_streaks %} (found: \"$(printf 'k%.0s' $(seq 60))...\")" \
    "4 KB template message: whole"
printf '@title T\n{{ series.exports.yoy_streak.months | plural("%s", "%ss") }}\n' "$K" "$K" > "$LONG/plural.tmpl"
run report datasets/korea --month 2024-03 --template "$LONG/plural.tmpl" --format text
expect_status 0 "2,000-byte plural word"
expect_out "${K}s" "2,000-byte plural word: whole"
# A 2,000-byte product code in a duplicate-observation message (the
# series key was cut at 255 bytes).
mkdir "$LONG/dup"
cp tests/bad/duplicate/dataset.yaml "$LONG/dup/"
printf 'period,flow,partner,product,value\n2024-01,export,WLD,TOTAL,1\n2024-01,export,WLD,%s,1\n2024-01,export,WLD,%s,2\n' "$K" "$K" > "$LONG/dup/data.csv"
run check "$LONG/dup"
expect_status 2 "2,000-byte code: check"
expect_err "$LONG/dup/data.csv:4:5: duplicate observation of KOR export WLD $K for 2024-01" "2,000-byte code: whole message"
expect_eq "$(ls "$LONG"/*.pdf 2>/dev/null)" "" "long paths: nothing written"
rm -rf "$WORK/$(basename "$LONG")"

finish hostile
