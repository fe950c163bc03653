#!/bin/sh
# make bench: figures, not pass/fail.  Nothing in `make test` uses them.
#
# Builds the synthetic scale tiers once into bench/data/ (git-ignored) with
# gen_tier, runs every measurement in its own process (so each has its own
# peak RSS), prints one table, appends its rows to bench/history.tsv and
# prints the change of each row against the most recent earlier history row
# of the same benchmark and variant.
#
#   BENCH_TIERS="small large huge"   scale tiers (default: small large); huge
#                                    (200,000 series x 420 months, 3.2 GB of
#                                    CSV) is generated only with 10 GB free
#
# Per tier: load (MB/s), facts of one month, of every month (backfill), of
# every month without the trend, and the stats JSON.  Then, on
# datasets/korea 2024-03: the chart set per language and format, the
# English and Korean briefing (tradebrief report, and its stages in
# process).  Then `tradebrief batch datasets/world --by reporter` with
# --what report and --what charts into a fresh temporary directory: wall
# time and successful jobs per second (import-only reporters fail by
# design; failures are counted, not errors), peak RSS of the batch process
# and of its largest worker (bench/preload/rusage_preload.c).
#
# The bench programs print human lines and one machine line each:
#   row TAB benchmark TAB variant TAB time_s TAB throughput TAB unit TAB
#       peak_rss_mib TAB worker_peak_rss_mib TAB note
# history.tsv has a header line and those fields after date and rev
# (rev: git short hash of HEAD, "-dirty" when src/ or templates/ differ
# from it, as the measured binary then does).
set -eu
cd "$(dirname "$0")/.."
B=${TB_BENCHBIN:?set by make bench}
TB=${TB_BIN:?set by make bench}
tiers=${BENCH_TIERS:-small large}
hist=bench/history.tsv
header='date	rev	benchmark	variant	time_s	throughput	unit	peak_rss_mib	worker_peak_rss_mib	note'
rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ "$rev" != unknown ] && ! git diff --quiet HEAD -- src templates 2>/dev/null; then
    rev=$rev-dirty
fi
stamp=$(date -u +%Y-%m-%dT%H:%M:%SZ)
start=$(date +%s)
work=$(mktemp -d "${TMPDIR:-/tmp}/tb-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
rows=$work/rows
: >"$rows"
failures=0

cores=$(nproc 2>/dev/null || echo 1)
load0=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
echo "bench: $rev, tiers: $tiers; load average $load0 on $cores cores"
# Figures taken while other work keeps the cores busy are slow; say so.
busy() { awk -v l="$1" -v c="$cores" 'BEGIN { split(l, a, " "); exit !(a[1] + 0 > c * 0.5) }'; }
busy "$load0" && echo "bench: the machine is busy (load average $load0): figures will be noisy"

# measure CMD...: runs one bench program, shows its human lines, keeps its
# row lines; a failure is reported and counted, the others go on.
measure() {
    if "$@" >"$work/out"; then
        grep -v '^row	' "$work/out" || true
        grep '^row	' "$work/out" | cut -f2- >>"$rows" || true
    else
        cat "$work/out"
        echo "bench: FAILED: $*" >&2
        failures=$((failures + 1))
    fi
}

# --- scale tiers -------------------------------------------------------
mkdir -p bench/data
for t in $tiers; do
    case $t in
    small | large | huge) ;;
    *)
        echo "bench: unknown tier '$t' (small, large, huge); skipped" >&2
        continue
        ;;
    esac
    d=bench/data/$t
    if [ ! -f "$d/data.csv" ]; then
        if [ "$t" = huge ]; then
            kib=$(df -Pk bench/data | awk 'NR == 2 { print $4 }')
            if [ "$kib" -lt $((10 * 1024 * 1024)) ]; then
                echo "bench: tier huge skipped: $((kib / 1024 / 1024)) GB free under bench/data, it needs 10 GB (3.2 GB of CSV)"
                continue
            fi
        fi
        echo "bench: generating tier $t into $d ..."
        g0=$(date +%s)
        rm -rf "$d" "$d.partial"
        if ! "$B/gen_tier" "$t" "$d.partial"; then
            rm -rf "$d.partial"
            echo "bench: FAILED: gen_tier $t" >&2
            failures=$((failures + 1))
            continue
        fi
        mv "$d.partial" "$d"
        echo "bench: tier $t generated in $(($(date +%s) - g0)) s"
    fi
    measure "$B/bench_load" "$d"
    for mode in month backfill notrend json; do
        measure "$B/bench_facts" "$d" "$mode"
    done
done

# --- charts and briefings on datasets/korea ----------------------------
for lang in en ko; do
    for fmt in png svg pdf; do
        measure "$B/bench_charts" "$lang" "$fmt"
    done
done
for lang in en ko; do
    measure "$B/bench_report" process "$lang"
    measure "$B/bench_report" stages "$lang"
done

# --- batch briefings for datasets/world --------------------------------
for what in report charts; do
    out=$work/batch-$what
    "$B/runcmd" -p "$B/rusage_preload.so" "$work/ru" \
        "$TB" batch datasets/world --by reporter --out "$out" --what "$what" >"$work/out" 2>"$work/err" || true
    if [ ! -s "$work/ru" ]; then
        echo "bench: FAILED: could not run $TB batch" >&2
        failures=$((failures + 1))
        continue
    fi
    read -r wall status tree self kids <"$work/ru"
    rm -f "$work/ru"
    # batch: 180 report briefings by reporter in DIR: 176 ok, 4 failed
    set -- $(sed -n 's/^batch: \([0-9]*\) .*: \([0-9]*\) ok, \([0-9]*\) failed$/\1 \2 \3/p' "$work/out") '' '' ''
    jobs=$1 ok=$2 bad=$3
    if [ -z "$ok" ]; then # no summary (crashed): count what was made
        echo "bench: batch --what $what printed no summary (exit $status):" >&2
        tail -n 5 "$work/err" >&2
        if [ "$what" = report ]; then
            ok=$(find "$out" -maxdepth 1 -name '*.pdf' 2>/dev/null | wc -l)
        else
            ok=$(find "$out" -mindepth 2 -maxdepth 2 -name manifest.json 2>/dev/null | wc -l)
        fi
        jobs=? bad=?
    fi
    failed_codes=$(sed -n 's/^  failed \([^:]*\):.*/\1/p' "$work/out" | tr '\n' ' ' | sed 's/ $//')
    rm -rf "$out"
    if [ "$self" -ge 0 ] 2>/dev/null && [ "$kids" -ge 0 ]; then
        parent=$(awk -v k="$self" 'BEGIN { printf "%.1f", k / 1024 }')
        worker=$(awk -v k="$kids" 'BEGIN { printf "%.1f", k / 1024 }')
        rssnote=""
    else
        parent=$(awk -v k="$tree" 'BEGIN { printf "%.1f", k / 1024 }')
        worker=""
        rssnote="; peak RSS is the largest process of the batch (no per-process figures)"
    fi
    rate=$(awk -v n="$ok" -v s="$wall" 'BEGIN { printf "%.6g", (s > 0 ? n / s : 0) }')
    echo "batch $what world: $jobs jobs in $wall s, $ok ok, $bad failed${failed_codes:+ ($failed_codes)}, exit $status;" \
        "peak RSS batch $parent MiB, largest worker ${worker:-?} MiB"
    printf 'batch-%s\tworld\t%s\t%s\tjobs/s\t%s\t%s\t%s jobs by reporter, %s ok, %s failed%s, exit %s, %s workers%s\n' \
        "$what" "$wall" "$rate" "$parent" "$worker" "$jobs" "$ok" "$bad" "${failed_codes:+ ($failed_codes)}" \
        "$status" "$cores" "$rssnote" >>"$rows"
done

# --- the table, the history, the changes -------------------------------
echo
awk -F'\t' '
function t_fmt(s) {
    if (s >= 1) return sprintf("%.2f s", s)
    if (s >= 0.01) return sprintf("%.1f ms", s * 1e3)
    return sprintf("%.2f ms", s * 1e3)
}
function r_fmt(x, u) {
    if (x >= 1e6) return sprintf("%.2f M %s", x / 1e6, u)
    if (x >= 1e4) return sprintf("%.1f k %s", x / 1e3, u)
    if (x >= 100) return sprintf("%.0f %s", x, u)
    return sprintf("%.1f %s", x, u)
}
{
    n++
    c[n, 1] = $1; c[n, 2] = $2; c[n, 3] = t_fmt($3); c[n, 4] = r_fmt($4, $5)
    c[n, 5] = $7 == "" ? $6 : $6 " / " $7
    if ($7 != "") workers = 1
}
END {
    h[1] = "benchmark"; h[2] = "variant"; h[3] = "time"; h[4] = "throughput"; h[5] = "peak RSS MiB"
    for (j = 1; j <= 5; j++) {
        w[j] = length(h[j])
        for (i = 1; i <= n; i++) if (length(c[i, j]) > w[j]) w[j] = length(c[i, j])
    }
    fmt = "%-" w[1] "s  %-" w[2] "s  %" w[3] "s  %" w[4] "s  %" w[5] "s\n"
    printf fmt, h[1], h[2], h[3], h[4], h[5]
    line = ""
    for (j = 1; j <= 5; j++) { s = sprintf("%" w[j] "s", ""); gsub(/ /, "-", s); line = line (j > 1 ? "  " : "") s }
    print line
    for (i = 1; i <= n; i++) printf fmt, c[i, 1], c[i, 2], c[i, 3], c[i, 4], c[i, 5]
    if (workers) print "(batch peak RSS: the batch process / its largest worker)"
}' "$rows"

[ -s "$hist" ] || printf '%s\n' "$header" >"$hist"
echo
echo "change against the most recent earlier run in $hist:"
awk -F'\t' -v OFS='\t' '
function pct(new, old) { return sprintf("%+.1f%%", (new - old) / old * 100) }
FNR == NR {
    if (NF >= 9 && $5 ~ /^[0-9.eE+-]+$/ && $5 + 0 > 0) {
        k = $3 SUBSEP $4; t[k] = $5; r[k] = $8; wk[k] = $9; when[k] = $1 " " $2
    }
    next
}
{
    k = $1 SUBSEP $2
    if (!(k in t)) { printf "  %-24s %-14s (no earlier row)\n", $1, $2; next }
    s = "time " pct($3, t[k])
    if (r[k] != "" && r[k] + 0 > 0 && $6 != "") s = s ", peak RSS " pct($6, r[k])
    if (wk[k] != "" && wk[k] + 0 > 0 && $7 != "") s = s ", worker RSS " pct($7, wk[k])
    printf "  %-24s %-14s %s  (vs %s)\n", $1, $2, s, when[k]
}' "$hist" "$rows"

awk -F'\t' -v OFS='\t' -v d="$stamp" -v v="$rev" '{ print d, v, $0 }' "$rows" >>"$hist"
load1=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
echo
echo "bench: $(wc -l <"$rows") rows appended to $hist in $(($(date +%s) - start)) s; load average $load0 at the start, $load1 now"
if busy "$load0" || busy "$load1"; then
    echo "bench: the machine was busy: compare these figures with care, or rerun when it is idle"
fi
if [ "$failures" -gt 0 ]; then
    echo "bench: $failures measurement(s) failed, see above" >&2
    exit 1
fi
