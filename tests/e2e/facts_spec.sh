# The facts specification (tests/facts-spec.txt) through the binary: each
# example becomes a dataset directory, then every assertion is checked
# against `tradebrief stats`.  (test_facts_spec runs it on the library.)
cd "$TB_ROOT"
TB_BIN=${TB_BIN:-$TB_ROOT/tradebrief}
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
n=$(grep -c '^###' tests/facts-spec.txt)
i=1
while [ "$i" -le "$n" ]; do
    mkdir -p "$WORK/ex$i"
    awk -v want="$i" -v out="$WORK/ex$i" -f tests/e2e/facts_spec2ds.awk tests/facts-spec.txt
    i=$((i + 1))
done
python3 tests/e2e/facts_spec_run.py tests/facts-spec.txt "$TB_BIN" "$WORK"
