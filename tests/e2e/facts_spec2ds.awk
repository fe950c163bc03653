# awk -v want=N -v out=DIR -f facts_spec2ds.awk tests/facts-spec.txt: writes example N (1-based)
# of the facts specification as a dataset directory DIR (dataset.yaml, data.csv,
# working_days.csv), so the spec also runs through the binary (facts_spec.sh).
function addm(m, k,   y, mo) { y = substr(m,1,4)+0; mo = substr(m,6,2)+0 + k; y += int((mo-1)/12); mo = (mo-1)%12+1; return sprintf("%04d-%02d", y, mo) }
BEGIN { print "period,reporter,flow,partner,product,value" > (out "/data.csv") }
/^###/ { n++; sec=""; next }
n != want { next }
/^#/ || /^[ \t]*$/ { next }
/^data:/ { sec="data"; next } /^csv:/ { sec="csv"; hdr=1; next } /^expect:/ { sec="expect"; next }
/^month:/ { next }
/^breakdown:/ { bd[++nb]=$0; next }
sec=="data" { split($1, k, "/"); start=$2; sub(":","",start)
  for (i=3; i<=NF; i++) { v = ($i==".") ? "" : $i; p = addm(start, i-3)
    if (k[1]=="workdays") { if (!wdh++) print "period,days" > (out "/working_days.csv"); print p "," v > (out "/working_days.csv") }
    else print p ",KOR," k[1] "," (k[2]?k[2]:"WLD") "," (k[3]?k[3]:"TOTAL") "," v > (out "/data.csv") } next }
sec=="csv" { nf=split($0, f, ","); if (hdr) { for (i=1;i<=nf;i++) col[f[i]]=i; hdr=0; next }
  print f[col["period"]] ",KOR," f[col["flow"]] "," (col["partner"]?f[col["partner"]]:"WLD") "," (col["product"]?f[col["product"]]:"TOTAL") "," (nf>=col["value"]?f[col["value"]]:"") > (out "/data.csv"); next }
END {
  y = out "/dataset.yaml"
  print "name: spec\nreporter: KOR\nunit: {currency: USD, multiplier: 1000}\nfiles:\n  - path: data.csv\n    format: long" > y
  if (wdh) print "working_days: {file: working_days.csv}" > y
  if (nb) { print "breakdowns:" > y
    for (b=1; b<=nb; b++) { split(bd[b], w, " "); print "  " w[2] ":" > y
      ng = 0
      for (i=3; i in w; i++) { split(w[i], kv, "="); if (kv[1]=="products"||kv[1]=="partners") { lk = kv[1]; gsub(",", ", ", kv[2]); print "    " kv[1] ": [" kv[2] "]" > y } else if (kv[1]=="group") grp[++ng] = kv[2]; else print "    " kv[1] ": " kv[2] > y }
      if (ng) { print "    groups:" > y
        for (g=1; g<=ng; g++) { split(grp[g], gm, ":"); gsub(",", ", ", gm[2]); print "      " gm[1] ": {" lk ": [" gm[2] "]}" > y } } } }
}
