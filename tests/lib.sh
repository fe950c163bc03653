# Shared helpers for end-to-end tests (sourced).  Each `expect_*` is one
# test case; `finish NAME` prints "NAME: N passed, N failed, N skipped" and
# fails when nothing was checked.  A case whose tool is missing is skipped
# (counted, never passed); with CI=true, where every tool must be there, it
# fails: `need TOOL...` for a case, `require TOOL...` for a whole script.
TB_BIN=${TB_BIN:-$TB_ROOT/tradebrief}
PASS=0; FAIL=0; SKIP=0
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT

ok()   { PASS=$((PASS + 1)); }
bad()  { FAIL=$((FAIL + 1)); echo "FAIL: $*"; }
skip() { SKIP=$((SKIP + 1)); echo "SKIP: $*"; }

# need TOOL...: true when every TOOL is on the PATH; otherwise the case is
# skipped (CI=true: failed) and need is false.
need() {
    for t in "$@"; do
        command -v "$t" >/dev/null 2>&1 && continue
        if [ "${CI:-}" = true ]; then bad "required tool $t is missing (CI=true)"; else skip "no $t"; fi
        return 1
    done
}
# require TOOL...: the whole script needs them; without them it ends here.
require() {
    need "$@" && return 0
    finish "$(basename "$0" .sh)"
    exit
}

# TB_WRAP: a command every tradebrief run goes through (`make valgrind`
# sets valgrind memcheck with --error-exitcode=99 -q).  TB_QUICK=1: the
# heaviest cases run a reduced version.
TB_WRAP=${TB_WRAP:-}
TB_QUICK=${TB_QUICK:-}

# tb ARGS...: tradebrief through $TB_WRAP (split into words), for the
# places that redirect its output themselves; check its stderr with wrapcheck.
tb() { $TB_WRAP "$TB_BIN" "$@"; }
# wrapcheck STATUS ERR-FILE DESCRIPTION: under a wrapper, exit status 99 or
# its '==PID==' report lines on stderr are a failure, printed.
wrapcheck() {
    [ -n "$TB_WRAP" ] || return 0
    if [ "$1" -eq 99 ] || grep -qE '^==[0-9]+==' "$2"; then
        bad "$3: $(echo "$TB_WRAP" | cut -d' ' -f1) reports errors (exit $1)"
        grep -E '^==[0-9]+==' "$2" | head -60
    fi
}

# run CMD...: runs tradebrief, leaves $OUT, $ERR, $STATUS
run() {
    tb "$@" >"$WORK/out" 2>"$WORK/err"; STATUS=$?
    OUT=$(cat "$WORK/out"); ERR=$(cat "$WORK/err")
    wrapcheck "$STATUS" "$WORK/err" "tradebrief $*"
}
# sampled KEY CMD...: `run`, but under a wrapper only the first run of
# each KEY (one code path: command, language, kind of selection) goes
# through it; the later ones run the binary as it is, so that what they
# check is still checked (valgrind once per path, not once per month).
SAMPLED=""
sampled() {
    case " $SAMPLED " in
    *" $1 "*) shift; _wrap=$TB_WRAP; TB_WRAP=""; run "$@"; TB_WRAP=$_wrap ;;
    *) SAMPLED="$SAMPLED $1"; shift; run "$@" ;;
    esac
}
expect_status() { # WANT DESCRIPTION
    if [ "$STATUS" -eq "$1" ]; then ok; else bad "$2: status $STATUS, want $1"; echo "$ERR" | head -5; fi
}
expect_out() { # STRING DESCRIPTION: stdout contains the line fragment
    if printf '%s\n' "$OUT" | grep -qF -- "$1"; then ok; else bad "$2: stdout lacks '$1'"; printf '%s\n' "$OUT" | head -20; fi
}
expect_err() { # STRING DESCRIPTION: stderr contains it
    if printf '%s\n' "$ERR" | grep -qF -- "$1"; then ok; else bad "$2: stderr lacks '$1'"; printf '%s\n' "$ERR" | head -20; fi
}
expect_eq() { # GOT WANT DESCRIPTION
    if [ "$1" = "$2" ]; then ok; else bad "$3: got '$1', want '$2'"; fi
}
# expect_cmp FILE1 FILE2 DESCRIPTION: the two files have the same bytes
expect_cmp() {
    if cmp -s "$1" "$2"; then ok; else bad "$3: $1 and $2 differ"; fi
}
finish() {
    [ $((PASS + FAIL + SKIP)) -eq 0 ] && bad "$1 checked nothing"
    echo "$1: $PASS passed, $FAIL failed, $SKIP skipped"
    [ "$FAIL" -eq 0 ]
}
