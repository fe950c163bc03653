# End-to-end: the data-quality screen of `tradebrief check` (issue 13).
# Errors are planted in copies of real series; each must be flagged at the
# file and line of the planted row, and the clean Korea totals must pass.
. "$TB_ROOT/tests/lib.sh"
cd "$TB_ROOT"

# A copy of datasets/korea whose totals.csv the caller then edits with awk.
korea_copy() { # NAME
    rm -rf "$WORK/$1"; cp -r datasets/korea "$WORK/$1"
}
edit_totals() { # NAME AWK-PROGRAM
    awk -F, -v OFS=, "$2" "$WORK/$1/totals.csv" >"$WORK/t.csv" && mv "$WORK/t.csv" "$WORK/$1/totals.csv"
}
line_of() { # NAME PERIOD FLOW: the line of that totals row
    grep -n "^$2,KOR,$3,WLD,TOTAL," "$WORK/$1/totals.csv" | cut -d: -f1
}

# Clean: no warning on Korea's totals (the one on auto parts in May 2020,
# -66% on a year earlier, is real and outside the totals).
run check datasets/korea
expect_status 0 "clean korea"
expect_eq "$(printf '%s\n' "$ERR" | grep -c 'WLD TOTAL [0-9-]*: ')" "0" "no warning on the Korea totals"
expect_out "screen: 1 warning" "korea: one warning in all"
expect_err "items.csv:435: warning: KOR export WLD PARTS 2020-05: outlier: 0.336 times" "the real auto-parts drop"
run check datasets/korea --strict
expect_status 2 "--strict fails on a warning"

# A value x1000 (thousands entered as units).
korea_copy x1000
L=$(line_of x1000 2019-06 export)
edit_totals x1000 '$1 == "2019-06" && $3 == "export" && $4 == "WLD" { $6 = $6 * 1000 } { print }'
run check "$WORK/x1000"
expect_status 0 "x1000: check still succeeds"
expect_err "$WORK/x1000/totals.csv:$L: warning: KOR export WLD TOTAL 2019-06: outlier: 923 times what the series' own seasonal pattern suggests" "x1000 flagged at its line"
expect_eq "$(printf '%s\n' "$ERR" | grep -c 'KOR export WLD TOTAL 2020-06')" "0" "the echo a year later is not reported"
run check "$WORK/x1000" --strict
expect_status 2 "x1000 --strict"

# A unit jump: from 2019-06 on, exports in units instead of thousands.
korea_copy unit
L=$(line_of unit 2019-06 export)
edit_totals unit '$1 >= "2019-06" && $3 == "export" && $4 == "WLD" { $6 = $6 * 1000 } { print }'
run check "$WORK/unit"
expect_err "$WORK/unit/totals.csv:$L: warning: KOR export WLD TOTAL 2019-06: unit jump: the level from here on is" "unit jump flagged"
expect_err "(about 10^3: values in another unit?)" "unit jump: the power of ten"
expect_eq "$(printf '%s\n' "$ERR" | grep -c 'outlier')" "1" "no outlier echo of the jump (only auto parts)"

# Last year's rows repeated: 2019's exports copied from 2018.
korea_copy repeat
L=$(line_of repeat 2019-01 export)
edit_totals repeat '$3 == "export" && $4 == "WLD" && $1 ~ /^2018-/ { keep[substr($1, 6)] = $6 }
    $3 == "export" && $4 == "WLD" && $1 ~ /^2019-/ { $6 = keep[substr($1, 6)] } { print }'
run check "$WORK/repeat"
expect_err "$WORK/repeat/totals.csv:$L: warning: KOR export WLD TOTAL 2019-01: run: 12 months in a row (2019-01 .. 2019-12) repeat the values of 12 months earlier" "repeated year flagged"

# A shifted month lands on a month the file already has: an error
# (file:line:column), not a warning, and nothing is loaded.
korea_copy shifted
L=$(line_of shifted 2019-07 export)
edit_totals shifted '$1 == "2019-07" && $3 == "export" && $4 == "WLD" { $1 = "2019-06" } { print }'
run check "$WORK/shifted"
expect_status 2 "shifted month: exit 2"
expect_err "$WORK/shifted/totals.csv:$L:6: duplicate observation of KOR export WLD TOTAL for 2019-06" "shifted month: the duplicate"

# A given balance with the sign reversed (the "US surplus with China" case).
korea_copy balance
edit_totals balance '{ print } $1 ~ /^2019-/ && $3 == "export" && $4 == "WLD" { x[$1] = $6 }
    $1 ~ /^2019-/ && $3 == "import" && $4 == "WLD" { m[$1] = $6 }
    END { for (p in x) print p, "KOR", "balance", "WLD", "TOTAL", m[p] - x[p] }'
run check "$WORK/balance"
expect_err "warning: KOR balance WLD TOTAL 2019-01: balance: the given balance" "reversed balance flagged"
expect_err "the sign is reversed in every such month; 12 months disagree" "reversed balance: the count"

# Swapped export/import columns for three years, in a copy of Jamaica's
# GEM series (exports about 0.28 times imports, so a swap shows).
mkdir -p "$WORK/jam"
sed -e 's/^name: world/name: jam/' datasets/world/dataset.yaml >"$WORK/jam/dataset.yaml"
awk -F, -v OFS=, 'NR == 1 || $2 == "JAM" || $2 == "KOR" || $2 == "JPN" { if ($2 == "JAM" && $1 >= "2010-01" && $1 <= "2012-12") $3 = ($3 == "export" ? "import" : "export"); print }' \
    datasets/world/trade.csv >"$WORK/jam/trade.csv"
L=$(grep -n '^2010-01,JAM,export,' "$WORK/jam/trade.csv" | cut -d: -f1)
run check "$WORK/jam"
expect_err "$WORK/jam/trade.csv:$L: warning: JAM export WLD TOTAL 2010-01: ratio: exports are" "swap flagged at its first month"
expect_err "(36 months in a row from 2010-01: columns swapped or a flow in other units?)" "swap: its length"

# The real data: India's exports (a twelfth of the official figure) and
# stale flows are flagged by the general rules.
run check datasets/world
expect_err "warning: IND export WLD TOTAL 1991-01: ratio: exports are 0.0345 times imports at the median of 406 months, far outside the range across the 166 reporters" "India's exports"
expect_err "warning: GMB export WLD TOTAL 2005-05: stale: exports end in 2005-05, 128 months before imports (2016-01)" "Gambia: stale exports"
expect_err "warning: HUN export WLD TOTAL 2019-01: run: 12 months in a row (2019-01 .. 2019-12) repeat the values of 12 months earlier" "Hungary: 2019 repeats 2018"

# Benin: both flows end in 2016-01, so the pair rule cannot see it; the
# stale rule across reporters does (most reporters run to 2024).
expect_err "warning: BEN export WLD TOTAL 2016-01: stale: exports end in 2016-01, 101 months before those of most of the 176 reporters (median end 2024-06)" "Benin: stale against the other reporters"
expect_err "warning: BEN import WLD TOTAL 2016-01: stale: imports end in 2016-01, 104 months before" "Benin: its imports too"
expect_eq "$(printf '%s\n' "$ERR" | grep -c 'GMB export WLD TOTAL 2005-05: stale')" "1" "Gambia's exports: one stale warning, not two"
expect_eq "$(printf '%s\n' "$ERR" | grep -c 'KOR .* stale')" "0" "Korea: not stale"

# The per-series rules run on every core, each on its own slice of the
# series: the findings and their order must not depend on how many.
ALL_CORES=$ERR
export TB_THREADS=1
run check datasets/world
unset TB_THREADS
expect_eq "$ERR" "$ALL_CORES" "world: the same findings on one thread as on every core"
expect_eq "$(printf '%s\n' "$ERR" | grep -c ': level shift\|: unit jump')" "35" "world: 35 level shifts and unit jumps"

# Planted: Korea's rows of the world dataset cut after 2015-12, both flows.
mkdir -p "$WORK/cut"
cp datasets/world/dataset.yaml "$WORK/cut/"
awk -F, 'NR == 1 || $2 != "KOR" || $1 <= "2015-12"' datasets/world/trade.csv >"$WORK/cut/trade.csv"
L=$(grep -n '^2015-12,KOR,export,' "$WORK/cut/trade.csv" | cut -d: -f1)
run check "$WORK/cut"
expect_err "$WORK/cut/trade.csv:$L: warning: KOR export WLD TOTAL 2015-12: stale: exports end in 2015-12, 102 months before those of most of the 176 reporters" "cut reporter: stale at its last row"

# Large revisions between vintages: none in the real ECOS vintages (the
# largest is +0.51%), and a planted one (2025-08 exports x1.2 in a copy of
# the new vintage) is flagged at its line.
OLD=datasets/vintages/korea-exports-2026-04 NEW=datasets/vintages/korea-exports-2026-07
run diff "$OLD" "$NEW"
expect_status 0 "diff of the real vintages"
expect_out "large revisions (more than 5%): 0" "real vintages: no large revision"
expect_eq "$(printf '%s\n' "$ERR" | grep -c 'revision:')" "0" "real vintages: no revision warning"
cp -r "$NEW" "$WORK/rev"
awk -F, -v OFS=, '$1 == "202508" { $2 = sprintf("%.0f", $2 * 1.2) } { print }' "$NEW/exports.csv" >"$WORK/rev/exports.csv"
L=$(grep -n '^202508,' "$WORK/rev/exports.csv" | cut -d: -f1)
run diff "$OLD" "$WORK/rev"
expect_out "large revisions (more than 5%): 1" "planted revision counted"
expect_err "$WORK/rev/exports.csv:$L: warning: KOR export WLD TOTAL 2025-08: revision: 58,272,144 -> 69,911,198 (+20.0%), more than 5% of the old value" "planted revision at its line"

# stats carries the warnings of the selected reporter.
run stats datasets/world --reporter IND
expect_eq "$(printf '%s' "$OUT" | python3 -c 'import json,sys; w=json.load(sys.stdin)["warnings"]; print(len(w), w[0]["series"], w[0]["rule"], w[0]["month"])')" \
    "1 IND export WLD TOTAL ratio 1991-01" "stats: India's warning"
run stats datasets/korea
expect_eq "$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["warnings"][0]["series"])')" \
    "KOR export WLD PARTS" "stats: Korea's one warning"

finish screen
