# End-to-end: a long file large enough to be read in two halves on two
# threads (load.c) gives the stats and the messages one thread gives
# (TB_THREADS=1), in either row order; a hostile file with errors on both
# sides of its middle and a duplicate across it is reported in file order
# either way.  Full size: 17 MB, past the 16 MB at which a file is cut;
# TB_QUICK=1: 0.9 MB, cut all the same through TB_LOAD_SPLIT_MIN.
. "$TB_ROOT/tests/lib.sh"
cd "$TB_ROOT"

series=1000
if [ -n "$TB_QUICK" ]; then
    series=50
    TB_LOAD_SPLIT_MIN=100000
    export TB_LOAD_SPLIT_MIN
fi
manifest() { # DIR
    mkdir -p "$1"
    printf 'name: s\nreporter: KOR\nunit: {currency: USD, multiplier: 1000}\nfiles:\n  - {path: d.csv, format: long}\n' \
        >"$1/dataset.yaml"
}
# one_thread CMD...: run with TB_THREADS=1
one_thread() {
    TB_THREADS=1
    export TB_THREADS
    run "$@"
    unset TB_THREADS
}

# SERIES series x 480 months, ordered by series: exports and imports of
# TOTAL, then of products P0002...
manifest "$WORK/s"
awk -v n="$series" 'BEGIN {
    print "period,flow,partner,product,value"
    for (s = 0; s < n; s++)
        for (t = 0; t < 480; t++)
            printf "%04d-%02d,%s,WLD,%s,%d\n", 1990 + int(t / 12), t % 12 + 1, s % 2 ? "import" : "export",
                s < 2 ? "TOTAL" : sprintf("P%04d", s), s * 1000 + t + 1
}' >"$WORK/s/d.csv"
one_thread stats "$WORK/s"
expect_status 0 "one thread: stats"
want=$OUT
run stats "$WORK/s"
expect_status 0 "two threads: stats"
expect_eq "$OUT" "$want" "two threads: the stats of one thread"

# The same rows ordered by month (the order agencies publish in).
manifest "$WORK/m"
{ head -n 1 "$WORK/s/d.csv"; tail -n +2 "$WORK/s/d.csv" | LC_ALL=C sort -s -t, -k1,1; } >"$WORK/m/d.csv"
run stats "$WORK/m"
expect_status 0 "by month: stats"
expect_eq "$OUT" "$want" "by month, two threads: the stats of the file by series"

# Errors early, late and a duplicate of line 2 at the end: the messages of
# one thread, byte for byte, the late ones included.
manifest "$WORK/h"
rows=$((series * 480))
awk -F, -v OFS=, -v n="$rows" '
    NR == 5 || NR == int(n * 3 / 4) { $2 = "exprot" }
    NR == int(n / 4) || NR == n - 9 { $5 = "1x" }
    NR == 2 { first = $0 }
    { print }
    END { print first }' "$WORK/s/d.csv" >"$WORK/h/d.csv"
one_thread check "$WORK/h"
expect_status 2 "hostile, one thread: fails"
want=$ERR
run check "$WORK/h"
expect_status 2 "hostile, two threads: fails"
expect_eq "$ERR" "$want" "hostile: the messages of one thread"
expect_err "h/d.csv:$((rows - 9)):5: expected a number in column \"value\" (found: \"1x\")" "a late error"
expect_err "h/d.csv:$((rows + 2)):5: duplicate observation of KOR export WLD TOTAL for 1990-01" "the duplicate at the later line"

finish load_split
