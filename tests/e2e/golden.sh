# End-to-end: the shipped templates' briefings as text (`tradebrief report
# --format text`, the document's text renderer) against the golden dumps in
# tests/golden/, one per line of tests/golden/cases.  An author's edit of a
# template shows here as a diff to accept, not as a broken test:
# `make golden` (TB_GOLDEN_ACCEPT=1) rewrites the dumps; review them with
# git diff and commit them with the template.  Under a wrapper (valgrind)
# only the first two cases run.
. "$TB_ROOT/tests/lib.sh"
cd "$TB_ROOT"
unset SOURCE_DATE_EPOCH TRADEBRIEF_TEMPLATES

n=0
while read -r name args; do
    case "$name" in '#'* | '') continue ;; esac
    n=$((n + 1))
    [ -n "$TB_WRAP" ] && [ "$n" -gt 2 ] && break
    # shellcheck disable=SC2086
    tb report $args --format text >"$WORK/$name.txt" 2>"$WORK/err"
    st=$?
    wrapcheck $st "$WORK/err" "report $args --format text"
    if [ "$st" -ne 0 ]; then bad "$name: report $args --format text: status $st"; head -5 "$WORK/err"; continue; fi
    if [ "${TB_GOLDEN_ACCEPT:-}" = 1 ]; then
        cp "$WORK/$name.txt" "tests/golden/$name.txt" && ok && echo "wrote tests/golden/$name.txt"
    elif [ ! -f "tests/golden/$name.txt" ]; then
        bad "$name: no tests/golden/$name.txt: run make golden to accept"
    elif diff -u "tests/golden/$name.txt" "$WORK/$name.txt" >"$WORK/diff"; then
        ok
    else
        bad "$name: the text differs from tests/golden/$name.txt (run make golden to accept):"
        cat "$WORK/diff"
    fi
done <tests/golden/cases
expect_eq "$([ "$n" -ge 2 ] && echo yes)" "yes" "tests/golden/cases lists cases"

finish golden
