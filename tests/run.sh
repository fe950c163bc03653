#!/bin/sh
# Runs every unit-test binary and every end-to-end script, adds up their
# "N passed, N failed[, N skipped]" lines and ends with the total.  Exit 1
# on any failure, and for a program or script that checked nothing.  A
# skipped case (a missing tool) is counted as skipped; with CI=true the
# scripts fail it instead (tests/lib.sh, tests/unit/tb_test.h).
#   TB_BIN      the tradebrief binary under test
#   TB_TESTBIN  the directory of unit-test binaries (empty: end-to-end only)
#   TB_WRAP     a command every tradebrief run goes through (tests/lib.sh)
#   TB_QUICK    1: the heaviest end-to-end cases run a reduced version
#   TB_E2E_JOBS end-to-end scripts run at a time (default 1)
# Each summary line ends with the seconds its program or script took, so a
# CI log shows where the time goes.
set -u
cd "$(dirname "$0")/.."
TB_TESTBIN=${TB_TESTBIN:-} TB_WRAP=${TB_WRAP:-} TB_QUICK=${TB_QUICK:-} TB_E2E_JOBS=${TB_E2E_JOBS:-1}
export TB_BIN TB_TESTBIN TB_WRAP TB_QUICK
export TB_ROOT="$(pwd)"
passed=0; failed=0; skipped=0; broken=""
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

count() { # NAME OUTPUT-FILE STATUS SECONDS
    secs=$4
    line=$(grep -E '^[A-Za-z0-9_./-]+: [0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$2" | tail -n 1)
    if [ -z "$line" ]; then
        failed=$((failed + 1)); broken="$broken $1"
        echo "$1: no summary line (exit $3)"; tail -n 20 "$2"
        return
    fi
    set -- "$1" "$2" "$3" "$4" $(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed(, ([0-9]+) skipped)?/\1 \2 \4/')
    p=$5 f=$6 s=${7:-0}
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
    if [ $((p + f + s)) -eq 0 ]; then
        failed=$((failed + 1)); broken="$broken $1"; echo "$line (checked nothing)"
    elif [ "$f" -ne 0 ] || [ "$3" -ne 0 ]; then
        [ "$f" -eq 0 ] && failed=$((failed + 1))
        broken="$broken $1"; cat "$2"
    else
        echo "$line ($secs s)"; grep '^SKIP' "$2" | sed "s|^|  $1: |"
    fi
}

# Each script has its own work directory, so several can run at once (the
# slowest started first, so that they end together), beside the unit
# tests; the results are still counted in order.
SLOWEST="hostile audit batch stats layout report sentences charts flash"
if [ "$TB_E2E_JOBS" -gt 1 ]; then
    { for n in $SLOWEST; do [ -f "tests/e2e/$n.sh" ] && echo "tests/e2e/$n.sh"; done
      for t in tests/e2e/*.sh; do
          case " $SLOWEST " in *" $(basename "$t" .sh) "*) ;; *) echo "$t" ;; esac
      done; } | xargs -P "$TB_E2E_JOBS" -I{} sh -c \
        'n=$(basename "$1" .sh); t0=$(date +%s); sh "$1" >"$2/$n.out" 2>&1; echo $? >"$2/$n.st"; echo $(($(date +%s) - t0)) >"$2/$n.sec"' sh {} "$tmp" &
    e2e=$!
fi
for t in ${TB_TESTBIN:+"$TB_TESTBIN"/test_*}; do
    [ -x "$t" ] || continue
    n=$(basename "$t")
    t0=$(date +%s)
    "$t" >"$tmp/$n.out" 2>&1; st=$?
    count "$n" "$tmp/$n.out" $st $(($(date +%s) - t0))
done
[ -n "${e2e:-}" ] && wait "$e2e"
for t in tests/e2e/*.sh; do
    [ -f "$t" ] || continue
    n=$(basename "$t" .sh)
    if [ -f "$tmp/$n.st" ]; then
        st=$(cat "$tmp/$n.st") secs=$(cat "$tmp/$n.sec")
    else
        t0=$(date +%s); sh "$t" >"$tmp/$n.out" 2>&1; st=$?; secs=$(($(date +%s) - t0))
    fi
    count "$n" "$tmp/$n.out" $st $secs
done
[ -n "$broken" ] && echo "failing:$broken"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
