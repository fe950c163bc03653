# Shared helpers for end-to-end tests (sourced).  Each `expect_*` is one
# test case; `finish NAME` prints "NAME: N passed, N failed".
TB_BIN=${TB_BIN:-$TB_ROOT/tradebrief}
PASS=0; FAIL=0
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT

ok()   { PASS=$((PASS + 1)); }
bad()  { FAIL=$((FAIL + 1)); echo "FAIL: $*"; }

# run CMD...: runs tradebrief, leaves $OUT, $ERR, $STATUS
run() {
    "$TB_BIN" "$@" >"$WORK/out" 2>"$WORK/err"; STATUS=$?
    OUT=$(cat "$WORK/out"); ERR=$(cat "$WORK/err")
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
finish() { echo "$1: $PASS passed, $FAIL failed"; [ "$FAIL" -eq 0 ]; }
