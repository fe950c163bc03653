# End-to-end: command-line conventions (issue 15, item 8): help, "did you
# mean", the man page, bash completion, exit statuses.
. "$TB_ROOT/tests/lib.sh"
cd "$TB_ROOT"

# help CMD and CMD --help print the same text on stdout, exit 0.
run help report
expect_status 0 "help report"
expect_out "usage: tradebrief report DATASET" "help report: the synopsis"
expect_out "  --claims FILE.json          also write the claims ledger" "help report: an option with its help"
help_text=$OUT
run report --help
expect_status 0 "report --help"
expect_eq "$OUT" "$help_text" "report --help is help report"
run charts -h
expect_out "  --format NAME" "charts -h lists --format"
if printf '%s\n' "$OUT" | grep -q -- '--template'; then bad "charts -h lists --template, which charts does not take"; else ok; fi
for c in check stats charts report diff verify batch jobs; do
    run help $c
    expect_status 0 "help $c"
    expect_out "usage: tradebrief $c" "help $c: its usage"
done
run help
expect_status 0 "help"
expect_out "  verify DIR" "help lists the commands"
run --help
expect_eq "$OUT" "$(tb help)" "--help is help"

# "did you mean" for a mistyped command, option or help topic.
run reprot datasets/korea
expect_status 1 "a mistyped command"
expect_err "tradebrief: unknown command 'reprot'; did you mean 'report'?" "did you mean report"
run charts datasets/korea --out "$WORK/c" --fromat svg
expect_status 1 "a mistyped option"
expect_err "tradebrief: unknown option '--fromat'; did you mean '--format'?" "did you mean --format"
run stats datasets/korea --mon 2024-03
expect_err "did you mean '--month'?" "a prefix of an option"
run charts datasets/korea --out "$WORK/c" --template x.tmpl
expect_status 1 "an option of another command"
expect_err "tradebrief: option not used by this command: '--template'" "an option of another command: message"
run help repo
expect_status 1 "help for no command"
expect_err "did you mean 'report'?" "help repo"
run frobnicate
expect_err "unknown command 'frobnicate'" "nothing near: no suggestion"
if printf '%s\n' "$ERR" | grep -q "did you mean"; then bad "a suggestion for frobnicate"; else ok; fi
expect_eq "$(ls "$WORK")" "err
out" "refused runs wrote nothing"

# The man page renders with man -l, without warnings, and documents every
# command and the exit statuses.
if need man; then
    LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l docs/tradebrief.1 >"$WORK/man.txt" 2>"$WORK/man.err"
    expect_eq "$?" "0" "man -l docs/tradebrief.1"
    expect_eq "$(cat "$WORK/man.err")" "" "man page: no warnings"
    for c in check stats charts report diff verify batch jobs help; do
        if grep -qE "^ +tradebrief +$c" "$WORK/man.txt"; then ok; else bad "man page: no synopsis for $c"; fi
    done
    for s in 0 1 2 75; do
        if grep -qE "^       $s( |\$)" "$WORK/man.txt"; then ok; else bad "man page: exit status $s undocumented"; fi
    done
    if grep -q -- "--shard K/N" "$WORK/man.txt"; then ok; else bad "man page: --shard"; fi
fi

# bash completion: commands, a command's options (from its --help),
# values, dataset directories.
if need bash; then
    cat >"$WORK/comp.sh" <<'SH'
. tools/tradebrief.bash-completion
t() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _tradebrief; echo "${COMPREPLY[*]}"; }
t "$TB_BIN" re
t "$TB_BIN" report datasets/korea --cl
t "$TB_BIN" charts datasets/korea --format ""
t "$TB_BIN" report datasets/ko
t "$TB_BIN" help ch
t "$TB_BIN" batch datasets/world --by ""
SH
    TB_BIN=$TB_BIN bash "$WORK/comp.sh" >"$WORK/comp.out" 2>&1
    expect_eq "$(cat "$WORK/comp.out")" "report
--claims
png svg pdf
datasets/korea
check charts
reporter partner product" "bash completion"
fi

# --out patterns: {month} {reporter} {partner} {product} {lang}.
latest=$(tb stats datasets/korea | sed -n 's/^  "month": "\(.*\)",/\1/p')
run report datasets/korea --out "$WORK/pat/{reporter}-{month}.{lang}.pdf"
expect_status 0 "report --out with a pattern"
expect_out "report: $WORK/pat/KOR-$latest.en.pdf (" "the pattern expanded with the latest month"
run report datasets/korea --out "$WORK/pat/{reporter}-{month}.{lang}.pdf"
expect_out "report: $WORK/pat/KOR-$latest.en.pdf (" "a pattern's rerun"
expect_out " pages, unchanged)" "a pattern's rerun is unchanged"
run report datasets/korea --month 2024-03 --product SEMI --lang ko --out "$WORK/pat/{product}-{partner}-{month}.{lang}.pdf"
expect_out "report: $WORK/pat/SEMI-WLD-2024-03.ko.pdf (" "every field of a pattern"
run charts datasets/korea --month 2024-03 --out "$WORK/pat/charts-{month}"
expect_out "charts: 15 written, 0 unchanged in $WORK/pat/charts-2024-03" "charts --out with a pattern"
run report datasets/korea --out "$WORK/pat/{country}.pdf"
expect_status 1 "an unknown pattern field"
expect_err 'tradebrief: --out knows {month}, {reporter}, {partner}, {product} and {lang} (found: "{country}")' "unknown field message"

# Exit statuses: 1 usage, 2 bad input, 75 transient (out of memory here:
# 20,000 series x 420 months under a 45 MB address-space limit; not under
# a memory checker, whose shadow memory needs more).
run stats
expect_status 1 "no dataset: usage"
run stats "$WORK/none"
expect_status 2 "no such dataset: bad input"
case "$TB_BIN$TB_WRAP" in
*asan* | *valgrind*) skip "out of memory under a memory checker" ;;
*)
    mkdir -p "$WORK/big"
    printf 'name: big\nreporter: KOR\nunit: {currency: USD, multiplier: 1}\nfiles:\n  - {path: d.csv, format: long}\n' >"$WORK/big/dataset.yaml"
    awk 'BEGIN { print "period,flow,partner,product,value"
                 for (i = 0; i < 20000; i++) { print "1990-01,export,WLD,P" i ",1"; print "2024-12,export,WLD,P" i ",2" } }' >"$WORK/big/d.csv"
    (ulimit -v 45000; "$TB_BIN" stats "$WORK/big" >"$WORK/oom.out" 2>"$WORK/oom.err"; echo $? >"$WORK/oom.st")
    expect_eq "$(cat "$WORK/oom.st")" "75" "out of memory: exit 75"
    if grep -q "^tradebrief: out of memory (allocating" "$WORK/oom.err"; then ok; else bad "out of memory message"; cat "$WORK/oom.err"; fi
    expect_eq "$(wc -c <"$WORK/oom.out")" "0" "out of memory: nothing on stdout"
    ;;
esac
finish cli
