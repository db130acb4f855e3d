#!/usr/bin/env python3
"""Scores `pnr-screen screen` outputs for the set `gen.py` wrote. Usage:
    python3 benches/pnr_judge/score.py DIR run1 [run2 ...]
It reads DIR/truth.jsonl, DIR/RUN.out (screened with the example configuration) and, when
present, DIR/RUN.low.out (screened with DIR/cfg_low.toml, thresholds 0.70, for the scores of
misses). Per run: recall per variant kind, clean travellers alerted per 1,000 (exact
namesakes, a name inside the other, the same name respelled, different names), the alerts
and the misses. A variant counts as found when an alert names its entry, or an entry of
the same person on the other list."""
import json, os, re, sys, unicodedata
from collections import Counter, defaultdict

def airline(s):
    s = unicodedata.normalize('NFKD', s or '')
    s = ''.join(c for c in s if not unicodedata.combining(c)).upper()
    s = re.sub(r"['\.\u2019]", '', s)
    return re.sub(r'\s+', ' ', re.sub(r'[^A-Z ]+', ' ', s)).strip()

TITLES = {'MR', 'MRS', 'MS', 'MISS', 'DR'}
def key(s):
    return ' '.join(sorted(t for t in airline(s).split() if t not in TITLES))

DIR = sys.argv[1]
T = [json.loads(l) for l in open(os.path.join(DIR, 'truth.jsonl'))]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen import CLASSES
EQ = {}
for o, cls in CLASSES.items():
    for c in cls:
        for m in c.split(): EQ.setdefault(m, set()).update(c.split())

def phon(t):
    t = re.sub(r'^YE', 'E', t)
    for x, y in [('KH', 'H'), ('PH', 'F'), ('Q', 'K'), ('DJ', 'J'), ('OU', 'U'), ('OO', 'U'), ('EE', 'I'), ('Y', 'I'),
                 ('W', 'V'), ('IE', 'I')]:
        t = t.replace(x, y)
    t = re.sub(r'(.)\1', r'\1', t)
    t = re.sub(r'(OV|EV|IN|SKI)A$', r'\1', t)      # Russian feminine surname form
    return re.sub(r'H$', '', t)

def same_tok(a, b):
    return a == b or b in EQ.get(a, ()) or phon(a) == phon(b) or {a, b} == {'AL', 'EL'}

def covered(small, big):
    pool = big[:]
    for t in small:
        hit = next((x for x in pool if same_tok(t, x)), None)
        if hit is None: return False
        pool.remove(hit)
    return True

def clean_class(booked, listed):
    """exact: same tokens; partial: one name's tokens all inside the other's (extra middle/patronymic/2nd surname);
    spelling: the same after romanisation-equivalence (MOHAMED=MUHAMMAD, AL=EL, -OVA=-OV, SERGEY=SERGEI);
    different: at least one token on each side has no counterpart"""
    bt = [t for t in airline(booked).split() if t not in TITLES]
    lt = [t for t in airline(listed).split() if t not in TITLES]
    if sorted(bt) == sorted(lt): return 'exact'
    if set(bt) <= set(lt) or set(lt) <= set(bt): return 'partial'
    if covered(bt, lt) or covered(lt, bt): return 'spelling'
    return 'different'

def load(path):
    out = defaultdict(list)
    rules = Counter()
    for l in open(path):
        a = json.loads(l)
        if a.get('rule_hits'): rules[a['record_locator']] += 1
        for m in a.get('matches') or []:
            out[a['record_locator']].append(m)
    return out, rules

def idmatch(eid, acc):
    return any(eid == x or re.search(r'[^A-Za-z0-9.]' + re.escape(x) + '$', eid) for x in acc)

def found(t, ms):
    how = None
    for m in ms:
        if idmatch(m['entry_id'], [t['id']]): return 'own'
        if idmatch(m['entry_id'], t['accept']): how = 'cross_id'
        elif how is None and (key(m['entry_name']) in t['accept_names'] or key(m['matched_name']) in t['accept_names']):
            how = 'name'
    return how

def best(t, ms):
    s = [m['score'] for m in ms if idmatch(m['entry_id'], t['accept']) or key(m['entry_name']) in t['accept_names']]
    return max(s) if s else None

for run in sys.argv[2:]:
    A, R = load(os.path.join(DIR, f'{run}.out'))
    low = os.path.join(DIR, f'{run}.low.out')
    L = load(low)[0] if os.path.exists(low) else {}
    print(f'\n==================== {run}')
    V = [t for t in T if t['type'] == 'variant']
    per = defaultdict(lambda: [0, 0]); hows = Counter(); misses = []
    orig = defaultdict(lambda: [0, 0])
    for t in V:
        h = found(t, A.get(t['loc'], []))
        per[t['kind']][1] += 1; per[t['kind']][0] += bool(h); hows[h] += 1
        if t['kind'] == 'translit': orig[t['origin']][1] += 1; orig[t['origin']][0] += bool(h)
        if not h:
            lo = L.get(t['loc'], [])
            top = max(lo, key=lambda m: m['score']) if lo else None
            misses.append((t, best(t, lo), top))
    tot = [0, 0]
    for k in sorted(per, key=lambda k: per[k][0] / per[k][1]):
        f, n = per[k]; print(f'  {k:18s} {f:4d}/{n:<4d} {100 * f / n:5.1f}%')
        if k != 'baseline': tot[0] += f; tot[1] += n
    print(f'  OVERALL (excl. baseline) {tot[0]}/{tot[1]} = {100 * tot[0] / tot[1]:.1f}%   how found: {dict(hows)}')
    print('  translit by origin:', {o: f'{a}/{b}' for o, (a, b) in orig.items()})
    # clean
    Cl = [t for t in T if t['type'] == 'clean']
    cls = defaultdict(list)
    for t in Cl:
        ms = A.get(t['loc'], [])
        if not ms: continue
        c = min((clean_class(t['booked'], m['matched_name']) for m in ms),
                key=['exact', 'partial', 'spelling', 'different'].index)
        cls[c].append((t, ms))
    n = sum(len(v) for v in cls.values())
    print(f'  clean: {len(Cl)} alerted {n} = {1000 * n / len(Cl):.1f}/1000; ' +
          ', '.join(f'{k} {len(cls[k])} ({1000 * len(cls[k]) / len(Cl):.1f}/1000)' for k in ['exact', 'partial', 'spelling', 'different']))
    print('  clean rule-only alerts (no name match):', sum(1 for t in Cl if R.get(t['loc']) and not A.get(t['loc'])))
    print('  alerted by population:', {k: dict(Counter(t['pop'] for t, _ in v)) for k, v in cls.items()})
    for k in ['exact', 'partial', 'spelling', 'different']:
        print(f'  --- clean alerts [{k}] (booked | matched | entry | score | band | n matches):')
        for t, ms in sorted(cls[k], key=lambda x: -max(m['score'] for m in x[1])):
            m = max(ms, key=lambda m: m['score'])
            print(f"    {t['booked']:32s} | {m['matched_name'][:40]:40s} | {m['entry_id']:8s} | {m['score']:.3f} | {m['band']:8s} | {len(ms)}")
    print(f'  --- misses ({len(misses)}), by kind:', Counter(t['kind'] for t, _, _ in misses))
    other = sum(1 for t, _, _ in misses if A.get(t['loc']))
    capped = sum(1 for t, b, _ in misses if b is not None and b >= 0.88)
    print(f'  misses that still raised an alert on some other entry: {other}; right entry scored >= 0.88 but cut by max_matches cap: {capped}')
    for t, b, top in misses:
        ts = f"{top['matched_name'][:30]}@{top['score']:.3f}" if top else '-'
        print(f"    [{t['kind']:16s}] {'ALERT-OTHER' if A.get(t['loc']) else '':11s} {t['booked']:40s} | {t['listed'][:45]:45s} | best={b if b is None else round(b, 3)} | top={ts} | {t['detail']} {t['origin']}")
