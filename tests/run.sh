#!/bin/sh
# Runs every unit-test binary and every end-to-end script, adds up their
# "N passed, N failed" lines and ends with the total.  Exit 1 on any failure.
#   TB_BIN      the tradebrief binary under test
#   TB_TESTBIN  the directory of unit-test binaries
set -u
cd "$(dirname "$0")/.."
export TB_BIN TB_TESTBIN
export TB_ROOT="$(pwd)"
passed=0; failed=0; broken=""
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

count() { # NAME OUTPUT-FILE STATUS
    line=$(grep -E '^[A-Za-z0-9_./-]+: [0-9]+ passed, [0-9]+ failed$' "$2" | tail -n 1)
    if [ -z "$line" ]; then
        failed=$((failed + 1)); broken="$broken $1"
        echo "$1: no summary line (exit $3)"; tail -n 20 "$2"
        return
    fi
    p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed/\1/')
    f=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed/\2/')
    passed=$((passed + p)); failed=$((failed + f))
    if [ "$f" -ne 0 ] || [ "$3" -ne 0 ]; then
        [ "$f" -eq 0 ] && failed=$((failed + 1))
        broken="$broken $1"; cat "$2"
    else
        echo "$line"
    fi
}

for t in "$TB_TESTBIN"/test_*; do
    [ -x "$t" ] || continue
    n=$(basename "$t")
    "$t" >"$tmp/$n.out" 2>&1; st=$?
    count "$n" "$tmp/$n.out" $st
done
for t in tests/e2e/*.sh; do
    [ -f "$t" ] || continue
    n=$(basename "$t" .sh)
    sh "$t" >"$tmp/$n.out" 2>&1; st=$?
    count "$n" "$tmp/$n.out" $st
done
[ -n "$broken" ] && echo "failing:$broken"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
