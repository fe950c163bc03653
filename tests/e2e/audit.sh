# End-to-end: the sentence audit (tests/e2e/audit.py): every claim of the
# ledger (report --claims) against `tradebrief stats`, and every number of
# the briefings' sentences against the claims and the PDF's pages; every
# month of datasets/korea from 1993-01, item and partner selections, and
# the latest month of 23 world reporters (one imports-only), in English
# and Korean.  Known defects (issue #11 items being fixed) are listed in
# audit-known.txt.  Under TB_QUICK=1 a sample of a few months; under a
# TB_WRAP (valgrind) three briefings.
. "$TB_ROOT/tests/lib.sh"
cd "$TB_ROOT"
quick=""
[ -n "$TB_QUICK$TB_WRAP" ] && quick=--quick
# Under ASan the sample too: the release run covers every month.
ldd "$TB_BIN" 2>/dev/null | grep -q libasan && quick=--quick
if [ -n "$TB_WRAP" ]; then
    # every tradebrief run through the wrapper, its reports checked
    printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$TB_WRAP" "$TB_BIN" >"$WORK/tb"
    chmod +x "$WORK/tb"
    python3 tests/e2e/audit.py "$WORK/tb" tests/e2e/audit-known.txt --tiny
    exit
fi
python3 tests/e2e/audit.py "$TB_BIN" tests/e2e/audit-known.txt $quick
