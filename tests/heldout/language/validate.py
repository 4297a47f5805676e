"""Validate dev.yaml and heldout.yaml: YAML loads, required keys, spans are exact substrings,
ids unique across both files, >=330 items per file; print counts per category."""
import yaml, sys, collections, re, difflib, itertools
SOURCES = {'police_log','missing_report','return_interview','school_concern','health_note','referral',
           'decision_reason','escalation','minutes','csc_case_note','youth_note'}
ok = True
def err(m):
    global ok; ok = False; print('ERROR', m)
data = {}
for fn in ('dev.yaml', 'heldout.yaml'):
    with open(fn, encoding='utf-8') as fh:
        first = fh.readline()
    if not first.startswith('# Held-out language set: written from the public guidance and seeds only'):
        err(f'{fn}: header comment missing')
    d = yaml.safe_load(open(fn, encoding='utf-8'))
    data[fn] = d['sentences']
allids = collections.Counter()
for fn, items in data.items():
    cats = collections.Counter(); flagged = 0; spans = 0; srcs = collections.Counter()
    for e in items:
        allids[e['id']] += 1
        if not re.fullmatch(r'LX\d{4}', e['id']): err(f"{fn}: bad id {e['id']}")
        if set(e) - {'id','text','child_age','source','flag','note'}: err(f"{fn} {e['id']}: extra keys")
        if not isinstance(e['text'], str) or not e['text']: err(f"{fn} {e['id']}: text")
        if e['source'] not in SOURCES: err(f"{fn} {e['id']}: source {e['source']}")
        if 'child_age' in e and not (isinstance(e['child_age'], int) and 0 <= e['child_age'] <= 17): err(f"{fn} {e['id']}: age")
        if not isinstance(e['flag'], list): err(f"{fn} {e['id']}: flag not list")
        srcs[e['source']] += 1
        if e['flag']: flagged += 1
        for f in e['flag']:
            spans += 1
            if set(f) != {'span','category','guidance'}: err(f"{fn} {e['id']}: flag keys {set(f)}")
            if f['span'] not in e['text']: err(f"{fn} {e['id']}: span not in text: {f['span']!r}")
            cats[f['category']] += 1
    n = len(items)
    if n < 330: err(f'{fn}: only {n} items')
    print(f"== {fn}: total {n}, flagged {flagged} ({100*flagged/n:.1f}%), not flagged {n-flagged}, spans {spans}")
    print('   sources:', dict(sorted(srcs.items())))
    for c, k in sorted(cats.items(), key=lambda x: -x[1]): print(f"   {k:4d}  {c}")
dups = [i for i, c in allids.items() if c > 1]
if dups: err(f'duplicate ids {dups[:5]}')
if len(data['dev.yaml']) != len(data['heldout.yaml']): err('files differ in size')
# cross-file lexical near-paraphrase check
STOP = set("the a an and of to in on at for with is was has have been by her his she he it this that as from be are yp child young person adult male female".split())
def toks(t): return set(w for w in re.findall(r"[a-z0-9']+", t.lower()) if w not in STOP)
D = [(e['text'], toks(e['text'])) for e in data['dev.yaml']]
H = [(e['text'], toks(e['text'])) for e in data['heldout.yaml']]
close = 0
for (ta, a), (tb, b) in itertools.product(D, H):
    if not a or not b: continue
    jac = len(a & b) / len(a | b)
    if jac < 0.3: continue
    r = max(difflib.SequenceMatcher(None, ta.lower(), tb.lower()).ratio(), difflib.SequenceMatcher(None, tb.lower(), ta.lower()).ratio())
    if jac >= 0.45 or r >= 0.65:
        close += 1; print('CLOSE PAIR:', ta, '||', tb)
if close: err(f'{close} cross-file near-duplicate pairs')
print('OK' if ok else 'FAILED')
sys.exit(0 if ok else 1)
