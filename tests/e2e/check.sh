# End-to-end: `tradebrief check` on good and bad datasets.
. "$TB_ROOT/tests/lib.sh"
cd "$TB_ROOT"

# The bad-input corpus: exit 2, exact messages, nothing on stdout.
for d in tests/bad/*/; do
    n=$(basename "$d")
    run check "tests/bad/$n"
    expect_status 2 "bad/$n status"
    if [ "$ERR" = "$(cat "tests/bad/$n/expected.err")" ]; then ok; else
        bad "bad/$n messages differ:"; printf '%s\n' "$ERR" | diff "tests/bad/$n/expected.err" - | head -10; fi
    expect_eq "$OUT" "" "bad/$n prints nothing on stdout"
done

# A line over 1 MiB is reported with its line number and size, and the
# rows around it are still checked.
mkdir -p "$WORK/long"
cp tests/bad/duplicate/dataset.yaml "$WORK/long/"
{ echo "period,flow,partner,product,value"; echo "2024-01,export,WLD,TOTAL,1"
  head -c 1100000 /dev/zero | tr '\0' 'x'; echo
  echo "2024-02,export,WLD,TOTAL,oops"; } > "$WORK/long/data.csv"
run check "$WORK/long"
expect_status 2 "long line status"
expect_err "$WORK/long/data.csv:3:1: line is longer than 1 MiB (1100000 bytes)" "long line message"
expect_err "$WORK/long/data.csv:4:5: expected a number in column \"value\" (found: \"oops\")" "row after long line"

# Not a directory; usage errors exit 1.
run check "$WORK/nope"
expect_status 2 "missing dataset dir"
expect_err "$WORK/nope: not a dataset directory: No such file or directory" "missing dataset message"
run check
expect_status 1 "check without dataset"
run frobnicate
expect_status 1 "unknown command"
expect_err "unknown command 'frobnicate'" "unknown command message"

# Gaps are warnings: exit 0, NaN kept, summary counts them.
run check tests/data/gaps
expect_status 0 "gaps status"
expect_err "tests/data/gaps/dataset.yaml: warning: KOR export WLD TOTAL has 2 missing months inside its span, first 2024-02" "gap warning"
expect_out "gaps: 2 missing months inside 1 series" "gap summary"
expect_out "series: 3 (2 given, 1 derived balances; 3 with data)" "derived balance"
expect_out "working days: 2024-01 .. 2024-04" "working days span"

# CRLF, BOM, quoted fields, thousands separators, other delimiters and
# period formats all read the same numbers.
mkdir -p "$WORK/fmt"
cat > "$WORK/fmt/dataset.yaml" <<'YAML'
name: fmt
reporter: KOR
unit: {currency: USD, multiplier: 1}
files:
  - {path: a.csv, format: wide, period: month, period_format: YYYYMmm, delimiter: ";", decimal: ",", thousands: ".", columns: {x: {flow: export, partner: WLD, product: TOTAL}}}
  - {path: b.csv, format: long, period_format: "YYYY.MM"}
YAML
printf '\357\273\277month;x\r\n1994M12;"1.234,5"\r\n1995M1;2.000\r\n' > "$WORK/fmt/a.csv"
printf 'period,flow,partner,product,value\n1995.1,import,WLD,TOTAL,"7"\n1995.02,import,WLD,TOTAL,1e3\n' > "$WORK/fmt/b.csv"
run check "$WORK/fmt"
expect_status 0 "formats status"
expect_out "calendar: 1994-12 .. 1995-10 (11 months)" "formats calendar (1995.1 is October)"
expect_out "KOR export total: 1994-12 .. 1995-01" "formats export span"

finish check
