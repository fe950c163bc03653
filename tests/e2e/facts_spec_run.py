"""Runs the assertions of tests/facts-spec.txt through the binary.

Usage: facts_spec_run.py SPEC TRADEBRIEF BASEDIR, where BASEDIR/exN holds
example N as a dataset directory (written by facts_spec2ds.awk).  Prints
each failing assertion and a summary line "facts_spec: N passed, N failed".
Under TB_WRAP (a command prefix, see tests/lib.sh) each run whose exit
status is 99 or whose stderr has '==PID==' report lines is one more failure,
and only every third example runs (examples 1, 4, 7...): memcheck costs a
second or more a process, and test_facts_spec runs them all under ASan.
"""
import json, os, re, shlex, subprocess, sys
binary, base = sys.argv[2], sys.argv[3]
wrap = shlex.split(os.environ.get('TB_WRAP', ''))
wrap_fails = 0
spec = open(sys.argv[1]).read().split('\n')
ex = 0; sec = None; month = None; fails = 0; total = 0; cache = {}
def lookup(d, path):
    toks = re.findall(r'[^.\[\]]+|\[[^\]]*\]', path)
    first = toks[0]
    if first not in d:
        if first in d.get('series', {}): d = d['series']
        elif first in d.get('breakdowns', {}): d = d['breakdowns']
    for t in toks:
        if t.startswith('['):
            k = t[1:-1]
            if not isinstance(d, list): raise KeyError(path)
            if k.isdigit():
                if int(k) >= len(d): raise KeyError(path)
                d = d[int(k)]
            else:
                d = [m for m in d if m.get('code') == k][0]
        else:
            if not isinstance(d, dict) or t not in d: raise KeyError(path)
            d = d[t]
    return d
def stats(n, m):
    global wrap_fails
    key = (n, m)
    if key not in cache:
        args = [binary, 'stats', '%s/ex%d' % (base, n)] + (['--month', m] if m else [])
        p = subprocess.run(wrap + args, capture_output=True, text=True)
        reports = re.findall(r'^==\d+==.*$', p.stderr, re.M)
        if wrap and (p.returncode == 99 or reports):
            wrap_fails += 1
            print('%s: %s reports errors (exit %d)' % (' '.join(args[1:]), wrap[0], p.returncode))
            print('\n'.join(reports[:60]))
        cache[key] = (p.returncode, json.loads(p.stdout) if p.returncode == 0 else None, p.stderr)
    return cache[key]
for i, line in enumerate(spec, 1):
    s = line.strip()
    if s.startswith('###'): ex += 1; sec = None; month = None; continue
    if not s or s.startswith('#'): continue
    if s in ('data:', 'csv:', 'expect:'): sec = s; continue
    if s.startswith('month:'): month = s[6:].strip(); continue
    if sec != 'expect:': continue
    if wrap and ex % 3 != 1: continue
    total += 1
    rc, d, err = stats(ex, month)
    path, rest = (s.split(None, 1) + [''])[:2]
    try:
        if path == 'error':
            want = json.loads(rest[1:].strip()); ok = rc == 2 and want in err
        elif rest == 'absent':
            try: lookup(d, path); ok = False
            except (KeyError, IndexError): ok = True
        elif rest.startswith('~'):
            num = rest[1:].strip(); dec = len(num.split('.')[1]) if '.' in num else 0
            ok = abs(lookup(d, path) - float(num)) <= 0.5 * 10 ** -dec
        else:
            ok = lookup(d, path) == json.loads(rest[1:].strip())
    except Exception as e:
        ok = False
    if not ok:
        fails += 1; print('line %d: %s (rc %d %s)' % (i, s, rc, err.strip()[:100]))
fails += wrap_fails
print('facts_spec: %d passed, %d failed' % (total - fails + wrap_fails, fails))
sys.exit(1 if fails else 0)
