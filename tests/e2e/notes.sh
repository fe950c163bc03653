# End-to-end: the desk's notes file (datasets/korea/notes.yaml, --notes):
# commentary at @commentary marked as the desk's in the ledger, release
# metadata in the text and the PDF's dates, annotations on the charts over
# time, and bad notes files refused with file:line:column, nothing written.
. "$TB_ROOT/tests/lib.sh"
cd "$TB_ROOT"

# Commentary and release lines, both languages, in the release's month.
for l in en ko; do
    tb report datasets/korea --month 2026-07 --lang $l --format text >"$WORK/dump.$l" 2>"$WORK/err.$l"
    st=$?
    wrapcheck $st "$WORK/err.$l" "report --format text --lang $l"
    expect_eq "$st" 0 "notes: report text $l"
    expect_eq "$(grep -c '^\[desk\] ' "$WORK/dump.$l")" 2 "notes: two desk paragraphs ($l)"
done
grep -q '^## The desk.s view$' "$WORK/dump.en" && ok || bad "notes: commentary heading (en)"
grep -q '^\[desk\] In the desk.s view, July.s strength is narrow' "$WORK/dump.en" && ok || bad "notes: commentary text (en)"
grep -q '^## 분석 의견$' "$WORK/dump.ko" && ok || bad "notes: commentary heading (ko)"
grep -q '^\[source\] Embargoed until 09:00 KST, 1 August 2026. Published 1 August 2026.' "$WORK/dump.en" && ok ||
    bad "notes: release line (en)"
grep -q '^\[source\] 보도 시점: 2026년 8월 1일 09:00. 배포 2026년 8월 1일.' "$WORK/dump.ko" && ok || bad "notes: release line (ko)"
grep -q '^\*\*Contact.\*\* Trade statistics desk' "$WORK/dump.en" && ok || bad "notes: contact (en)"
grep -q '^% published: 2026-08-01$' "$WORK/dump.en" && ok || bad "notes: published metadata"

# Another month: no commentary, no release dates (they are July's), the
# contact stays.
run report datasets/korea --month 2026-06 --format text
expect_status 0 "notes: report text 2026-06"
case "$OUT" in *"[desk]"*|*"Embargoed"*|*"% published"*) bad "notes: July's commentary or dates in June" ;; *) ok ;; esac
expect_out "**Contact.** Trade statistics desk" "notes: contact in any month"

# The ledger marks the desk's sentences and gives them no claims.
run report datasets/korea --month 2026-07 --out "$WORK/k.pdf" --claims "$WORK/k.json"
expect_status 0 "notes: report with claims"
got=$(python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))["sentences"]
d = [x for x in s if x.get("by") == "desk"]
print(len(d), sum(len(x["claims"]) for x in d), d[0]["text"][:26] if d else "-")' "$WORK/k.json")
expect_eq "$got" "3 0 In the desk's view, July's" "notes: three desk sentences, no claims"
if need pdfinfo; then
    expect_eq "$(pdfinfo "$WORK/k.pdf" | sed -n 's/^CreationDate: *//p')" "Sat Aug  1 00:00:00 2026 UTC" \
        "notes: PDF creation date is the publication date"
    run report datasets/korea --month 2026-06 --out "$WORK/j.pdf"
    expect_eq "$(pdfinfo "$WORK/j.pdf" | sed -n 's/^CreationDate: *//p')" "Wed Jul  1 00:00:00 2026 UTC" \
        "notes: other months keep the date after the data month"
fi

# --notes FILE replaces the dataset's; an empty file gives no notes.
: >"$WORK/empty.yaml"
run report datasets/korea --month 2026-07 --notes "$WORK/empty.yaml" --format text
expect_status 0 "notes: empty notes file"
case "$OUT" in *"[desk]"*|*"Embargoed"*) bad "notes: empty --notes still shows notes" ;; *) ok ;; esac

# Annotations: drawn where the chart's months cover them, nowhere else.
run charts datasets/korea --month 2026-07 --out "$WORK/c1"
expect_status 0 "notes: charts with annotations"
run charts datasets/korea --month 2026-07 --out "$WORK/c2" --notes "$WORK/empty.yaml"
expect_status 0 "notes: charts without"
if cmp -s "$WORK/c1/exports-imports.png" "$WORK/c2/exports-imports.png"; then bad "notes: annotations not drawn"; else ok; fi
expect_cmp "$WORK/c1/items-share.png" "$WORK/c2/items-share.png" "notes: a chart not over time is unchanged"
run charts datasets/korea --month 2018-07 --out "$WORK/c3"
run charts datasets/korea --month 2018-07 --out "$WORK/c4" --notes "$WORK/empty.yaml"
expect_cmp "$WORK/c3/exports-imports.png" "$WORK/c4/exports-imports.png" "notes: no annotation in 2015-08..2018-07"

# Bad notes files: file:line:column, exit 2, nothing written.
printf 'commentary:\n  2026-13:\n    en: x\n' >"$WORK/n1.yaml"
printf 'release:\n  published: 2026-02-30\n  month: 2026-07\n' >"$WORK/n2.yaml"
printf 'release:\n  published: 2026-08-01\n' >"$WORK/n3.yaml"
printf 'annotations:\n  - month: 2020-04\n' >"$WORK/n4.yaml"
printf 'commentry:\n  2026-07: {en: a}\n' >"$WORK/n5.yaml"
printf 'commentary:\n  2026-07: {en: [a\n' >"$WORK/n6.yaml"
printf 'commentary:\n  2026-07: {en: a}\n  2026-07: {ko: b}\n' >"$WORK/n7.yaml"
printf 'annotations: 2020-04\n' >"$WORK/n8.yaml"
want1='n1.yaml:2:3: expected a month written YYYY-MM (found: "2026-13")'
want2='n2.yaml:2:14: published must be a date written YYYY-MM-DD (found: "2026-02-30")'
want3="n3.yaml:2:3: published, next_release and embargo belong to one month's release: add month: YYYY-MM"
want4='n4.yaml:2:5: an annotation needs a text: en: ... or ko: ...'
want5='n5.yaml:1:1: unknown key in the notes file: release, commentary or annotations (found: "commentry")'
want6="n6.yaml:3:1: invalid YAML in the notes file: did not find expected ',' or ']' while parsing a flow sequence"
want7='n7.yaml:3:3: a second commentary for the same month (found: "2026-07")'
want8='n8.yaml:1:14: annotations must be a list (lines starting with -)'
for i in 1 2 3 4 5 6 7 8; do
    eval "want=\$want$i"
    for cmd in report charts; do
        if [ $cmd = report ]; then dest="$WORK/bad$i.pdf"; else dest="$WORK/bad$i"; fi
        run $cmd datasets/korea --notes "$WORK/n$i.yaml" --out "$dest"
        expect_status 2 "notes: bad notes $i ($cmd)"
        expect_eq "$ERR" "$WORK/$want" "notes: bad notes $i message ($cmd)"
        [ -e "$dest" ] && bad "notes: bad notes $i wrote $dest ($cmd)" || ok
    done
done
# @commentary takes title= only; without it, the paragraphs come alone.
printf '@title T\n@commentary titel="x"\n@commentary "x"\n' >"$WORK/c.tmpl"
run report datasets/korea --template "$WORK/c.tmpl" --format text
expect_status 2 "notes: bad @commentary"
expect_err "c.tmpl:2:13: unknown argument for @commentary; did you mean \"title\"? (found: \"titel\")" "notes: @commentary key"
expect_err "c.tmpl:3:13: unexpected value; @commentary takes title= only (found: \"\\\"x\\\"\")" "notes: @commentary value"
printf '@title T\n@commentary\nText.\n' >"$WORK/c2.tmpl"
run report datasets/korea --template "$WORK/c2.tmpl" --format text
expect_eq "$(printf '%s\n' "$OUT" | grep -c '^\[desk\]\|^## ')" 2 "notes: @commentary without a title"

# A logo (a PNG) at the top of page 1; a missing or non-PNG logo is refused.
cp "$WORK/c1/balance.png" "$WORK/logo.png"
printf 'release:\n  logo: logo.png\n' >"$WORK/logo.yaml"
run report datasets/korea --month 2026-07 --notes "$WORK/logo.yaml" --out "$WORK/logo.pdf"
expect_status 0 "notes: report with a logo"
if need pdfimages; then
    expect_eq "$(pdfimages -f 1 -l 1 -list "$WORK/logo.pdf" | tail -n +3 | wc -l)" 1 "notes: the logo is on page 1"
    expect_eq "$(pdfimages -f 2 -l 2 -list "$WORK/logo.pdf" | tail -n +3 | wc -l)" 0 "notes: and only there"
fi
printf 'release:\n  logo: nope.png\n' >"$WORK/n9.yaml"
run report datasets/korea --notes "$WORK/n9.yaml" --out "$WORK/n9.pdf"
expect_eq "$ERR" "$WORK/n9.yaml:2:9: cannot open the logo: No such file or directory (found: \"nope.png\")" "notes: missing logo"
printf 'release:\n  logo: n9.yaml\n' >"$WORK/n10.yaml"
run report datasets/korea --notes "$WORK/n10.yaml" --out "$WORK/n10.pdf"
expect_eq "$ERR" "$WORK/n10.yaml:2:9: the logo must be a PNG image (found: \"n9.yaml\")" "notes: logo not a PNG"
[ -e "$WORK/n9.pdf" ] || [ -e "$WORK/n10.pdf" ] && bad "notes: a bad logo wrote a PDF" || ok

run report datasets/korea --notes "$WORK/none.yaml" --out "$WORK/none.pdf"
expect_status 2 "notes: missing notes file"
expect_err "none.yaml: cannot open the notes file: No such file or directory" "notes: missing notes file message"

finish notes
