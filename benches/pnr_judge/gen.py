#!/usr/bin/env python3
"""A judge-style PNR set, written apart from benches/pnr_variants.py to test what it does not:
variants of 300 OFAC SDN and 200 UN individuals generated another way (keyboard typos,
romanisations by origin, compound surnames, particles, nicknames, titles, truncation, two
changes at once) and 3,000 clean travellers drawn from common given names and surnames of
nine populations (Arabic, Russian, Chinese, Korean, Hispanic, Anglo, South Asian, West
African, European), so that clean travellers collide with listed names as real ones do.
`benches/pnr_judge.sh` generates, screens and scores it (see `score.py`).

Writes into --out:
  run1.jsonl   variants + clean travellers, names only
  run2.jsonl   same travellers; variants carry listed DOB/nationality/gender,
               clean travellers carry random DOB, plausible nationality, gender
  run3.jsonl   as run2 but each variant's DOB has a booking error (day/month swapped, else year +-1)
  truth.jsonl  one line per record_locator: kind, booked name, listed name, accepted ids
  cfg_low.toml copy of the example config with every threshold = 0.70 (absolute paths)
Run: python3 benches/pnr_judge/gen.py --out DIR [--seed 20261129]
"""
import argparse, csv, json, random, re, unicodedata, os
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WL = os.path.join(ROOT, 'tests/data/watchlists')
SDN, ALT, UNX = f'{WL}/ofac_sdn.csv', f'{WL}/ofac_alt.csv', f'{WL}/un_consolidated.xml'
EXAMPLE_CFG = os.path.join(ROOT, 'deploy/pnr-screen.example.toml')

# ---------------------------------------------------------------- helpers
def fold(s):
    s = unicodedata.normalize('NFKD', s or '')
    s = ''.join(c for c in s if not unicodedata.combining(c))
    s = s.replace('\u2019', "'").replace('`', "'")
    return s.upper()

def airline(s):
    """How a GDS stores a name: ASCII upper, apostrophes/dots dropped, other punct -> space."""
    s = fold(s)
    s = re.sub(r"['\.]", '', s)
    s = re.sub(r'[^A-Z ]+', ' ', s)
    return re.sub(r'\s+', ' ', s).strip()

def toks(s):
    return [t for t in airline(s).split() if t]

def tokkey(s):
    return tuple(sorted(toks(s)))

COUNTRY = {
 'afghanistan':'AFG','iraq':'IRQ',"democratic people's republic of korea":'PRK','korea, north':'PRK','korea, south':'KOR',
 'indonesia':'IDN','democratic republic of the congo':'COD','congo, democratic republic of the':'COD','congo':'COG',
 'tunisia':'TUN','pakistan':'PAK','algeria':'DZA','yemen':'YEM','philippines':'PHL','libya':'LBY','egypt':'EGY',
 'somalia':'SOM','saudi arabia':'SAU','rwanda':'RWA','russian federation':'RUS','russia':'RUS','sudan':'SDN',
 'guinea-bissau':'GNB','united kingdom of great britain and northern ireland':'GBR','united kingdom':'GBR',
 'morocco':'MAR','central african republic':'CAF','kuwait':'KWT','uganda':'UGA','south sudan':'SSD','haiti':'HTI',
 'france':'FRA','iran (islamic republic of)':'IRN','iran':'IRN','jordan':'JOR','united states of america':'USA',
 'united states':'USA','germany':'DEU','mali':'MLI','qatar':'QAT','syrian arab republic':'SYR','syria':'SYR',
 'mauritania':'MRT','state of palestine':'PSE','palestinian':'PSE','united republic of tanzania':'TZA','tanzania':'TZA',
 'chad':'TCD','eritrea':'ERI','malaysia':'MYS','georgia':'GEO','trinidad and tobago':'TTO','kenya':'KEN',
 'india':'IND','türkiye':'TUR','turkiye':'TUR','turkey':'TUR','china':'CHN','uzbekistan':'UZB','nigeria':'NGA',
 'norway':'NOR','senegal':'SEN','tajikistan':'TJK','bosnia and herzegovina':'BIH','sweden':'SWE','ethiopia':'ETH',
 'mexico':'MEX','colombia':'COL','lebanon':'LBN','belarus':'BLR','venezuela':'VEN','burma':'MMR','ukraine':'UKR',
 'nicaragua':'NIC','guatemala':'GTM','cyprus':'CYP','serbia':'SRB','israel':'ISR','maldives':'MDV','belgium':'BEL',
 'switzerland':'CHE','canada':'CAN','south africa':'ZAF','el salvador':'SLV','ireland':'IRL',
 'dominican republic':'DOM','bulgaria':'BGR','zimbabwe':'ZWE','bahrain':'BHR','italy':'ITA','paraguay':'PRY',
 'spain':'ESP','hong kong':'HKG','cuba':'CUB','honduras':'HND','finland':'FIN','kosovo':'XKX','argentina':'ARG',
 'netherlands':'NLD','taiwan':'TWN','australia':'AUS','latvia':'LVA','malta':'MLT','liberia':'LBR','bangladesh':'BGD',
 'brazil':'BRA','moldova':'MDA','azerbaijan':'AZE','cambodia':'KHM','albania':'ALB','guinea':'GIN','kyrgyzstan':'KGZ',
 'slovenia':'SVN','panama':'PAN','montenegro':'MNE','united arab emirates':'ARE','sierra leone':'SLE',
 'costa rica':'CRI','austria':'AUT','peru':'PER','slovakia':'SVK','angola':'AGO','ecuador':'ECU','singapore':'SGP',
 'djibouti':'DJI','poland':'POL','bolivia':'BOL','the gambia':'GMB','armenia':'ARM','greece':'GRC','niger':'NER',
 'estonia':'EST','hungary':'HUN','senegal ':'SEN','ghana':'GHA','kazakhstan':'KAZ','thailand':'THA','cameroon':'CMR',
 'oman':'OMN','sri lanka':'LKA','romania':'ROU','czech republic':'CZE','turkmenistan':'TKM','burkina faso':'BFA',
 'north macedonia, the republic of':'MKD','mozambique':'MOZ','equatorial guinea':'GNQ','comoros':'COM',
}

ORIGIN_BY_ISO = {}
for iso in 'IRQ EGY SAU YEM LBY TUN DZA MAR SYR JOR KWT QAT LBN PSE SOM SDN MRT ARE BHR OMN PAK MLI TCD DJI'.split(): ORIGIN_BY_ISO[iso] = 'arabic'
for iso in 'IRN AFG TJK'.split(): ORIGIN_BY_ISO[iso] = 'persian'
for iso in 'RUS BLR UKR KAZ KGZ UZB MDA AZE ARM GEO TKM LVA EST'.split(): ORIGIN_BY_ISO[iso] = 'russian'
for iso in 'CHN HKG TWN'.split(): ORIGIN_BY_ISO[iso] = 'chinese'
for iso in 'PRK KOR'.split(): ORIGIN_BY_ISO[iso] = 'korean'
for iso in 'MEX COL VEN NIC GTM SLV HND CUB PAN PRY PER ECU BOL ARG ESP DOM CRI'.split(): ORIGIN_BY_ISO[iso] = 'spanish'

ARABIC_HINT = {'MUHAMMAD','MOHAMMED','MOHAMED','MOHAMMAD','AHMAD','AHMED','ABD','ABDUL','ABDEL','AL','BIN','ABU','IBN',
               'ALI','HASSAN','HUSAYN','HUSSEIN','ABDULLAH','ABDALLAH','OMAR','UMAR','YUSUF','KHALID','SAID','SALEH','IBRAHIM'}

def iso_of(country):
    return COUNTRY.get((country or '').strip().lower())

MONTHS = {m: i + 1 for i, m in enumerate('Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split())}

# ---------------------------------------------------------------- load lists
def load_ofac():
    people = {}
    for row in csv.reader(open(SDN, encoding='utf-8', errors='replace')):
        if len(row) < 12 or row[2].strip() != 'individual':
            continue
        ent, name, rem = row[0].strip(), row[1], row[11]
        p = {'list': 'ofac', 'id': ent, 'listed': name, 'names': [name], 'remarks': rem}
        if ',' in name:
            sur, giv = name.split(',', 1)
        else:
            sur, giv = name, ''
        p['surname'], p['given'] = airline(sur), airline(re.sub(r'\b(Dr|Mr|Mrs|Sheikh|Mullah|Haji|Hajji|General|Colonel)\b\.?', '', giv, flags=re.I))
        # DOB
        m = re.search(r'DOB ([^;]+)', rem)
        p['dob'] = None
        if m:
            d = m.group(1).strip().rstrip('.')
            if re.fullmatch(r'\d{2} [A-Z][a-z]{2} \d{4}', d):
                dd, mm, yy = d.split(); p['dob'] = ('exact', f'{yy}-{MONTHS[mm]:02d}-{int(dd):02d}')
            elif re.fullmatch(r'\d{4}', d): p['dob'] = ('year', int(d), int(d))
            elif re.fullmatch(r'circa \d{4}', d): y = int(d[-4:]); p['dob'] = ('year', y, y)
            elif re.fullmatch(r'\d{4} to \d{4}', d): a, b = d.split(' to '); p['dob'] = ('year', int(a), int(b))
            elif re.fullmatch(r'[A-Z][a-z]{2} \d{4}', d): p['dob'] = ('month', int(d[-4:]), MONTHS[d[:3]])
        nat = None
        for m in re.finditer(r'(?:nationality|citizen) ([A-Z][A-Za-z ,\.\'\-]+?)(?:;|\.$|$)', rem):
            nat = nat or iso_of(m.group(1))
        p['nat'] = nat
        g = re.search(r'Gender (Male|Female)', rem)
        p['gender'] = {'Male': 'M', 'Female': 'F'}[g.group(1)] if g else None
        # origin: nationality, then any country mentioned in remarks (POB, passport), then name
        origin = ORIGIN_BY_ISO.get(nat) if nat else None
        if not origin:
            for cname, iso in COUNTRY.items():
                if re.search(r'\b' + re.escape(cname) + r'\b', rem, flags=re.I) and iso in ORIGIN_BY_ISO:
                    origin = ORIGIN_BY_ISO[iso]; break
        p['origin'] = origin
        people[ent] = p
    for row in csv.reader(open(ALT, encoding='utf-8', errors='replace')):
        if len(row) >= 4 and row[0].strip() in people:
            people[row[0].strip()]['names'].append(row[3])
    return people

def load_un():
    root = ET.parse(UNX).getroot()
    people = {}
    for i in root.find('INDIVIDUALS').findall('INDIVIDUAL'):
        g = lambda t: (i.findtext(t) or '').strip()
        ref = g('REFERENCE_NUMBER')
        parts = [g('FIRST_NAME'), g('SECOND_NAME'), g('THIRD_NAME'), g('FOURTH_NAME')]
        parts = [x for x in parts if x]
        if not ref or not parts:
            continue
        full = ' '.join(parts)
        p = {'list': 'un', 'id': ref, 'listed': full, 'names': [full], 'remarks': ''}
        for a in i.findall('INDIVIDUAL_ALIAS'):
            if (a.findtext('ALIAS_NAME') or '').strip():
                p['names'].append(a.findtext('ALIAS_NAME'))
        nats = [iso_of(v.text) for v in i.findall('NATIONALITY/VALUE') if v.text]
        nats = [n for n in nats if n]
        p['nat'] = nats[0] if nats else None
        p['gender'] = {'Male': 'M', 'Female': 'F'}.get(g('GENDER'))
        p['dob'] = None
        for d in i.findall('INDIVIDUAL_DATE_OF_BIRTH'):
            if d.findtext('DATE'): p['dob'] = ('exact', d.findtext('DATE')[:10]); break
            if d.findtext('YEAR'): y = int(d.findtext('YEAR')); p['dob'] = ('year', y, y); break
            if d.findtext('FROM_YEAR') and d.findtext('TO_YEAR'):
                p['dob'] = ('year', int(d.findtext('FROM_YEAR')), int(d.findtext('TO_YEAR'))); break
        ap = [airline(x) for x in parts]
        ap = [x for x in ap if x]
        if ref.startswith('KP'):                      # Korean: FIRST_NAME is the family name
            p['surname'], p['given'] = ap[0], ' '.join(ap[1:])
        elif ref.startswith('TA') and len(ap) >= 2:     # Taliban list: given, name, father, grandfather
            p['surname'], p['given'] = ap[1], ap[0]
        elif len(ap) == 1:   # one field holding the whole name: last word as surname
            w = ap[0].split()
            p['surname'], p['given'] = w[-1], ' '.join(w[:-1])
        else:
            p['surname'], p['given'] = ap[-1], ' '.join(ap[:-1])
        origin = ORIGIN_BY_ISO.get(p['nat']) if p['nat'] else None
        if not origin and ref[:2] in ('KP',): origin = 'korean'
        if not origin and ref[:2] in ('TA',): origin = 'persian'
        if not origin and ref[:2] in ('IQ', 'LY', 'YE', 'SO', 'SD'): origin = 'arabic'
        if not origin and ref[:2] in ('IR',): origin = 'persian'
        p['origin'] = origin
        people[ref] = p
    return people

def guess_origin(p):
    if p['origin']: return p['origin']
    t = set(toks(p['listed']))
    if t & ARABIC_HINT: return 'arabic'
    if re.search(r'(OV|EV|IN|SKIY|SKY|ENKO|OVA|EVA|INA)$', p['surname']) or re.search(r'(VICH|VNA)\b', p['given']):
        return 'russian'
    return 'other'

def year_range(p):
    if not p['dob']: return None
    if p['dob'][0] == 'exact': y = int(p['dob'][1][:4]); return (y, y)
    if p['dob'][0] == 'month': return (p['dob'][1], p['dob'][1])
    return (p['dob'][1], p['dob'][2])

def cross_links(ofac, un):
    """Same person on the other list: an identical name token set (>=2 tokens, any primary/alias) and,
    where both lists give a birth year, overlapping years; or one primary name's tokens contained in the
    other's (>=2 tokens) with overlapping birth years."""
    idx = {}
    for p in ofac.values():
        for n in p['names']:
            k = tokkey(n)
            if len(k) >= 2: idx.setdefault(k, set()).add(p['id'])
    def yr_ok(a, b, need):
        ra, rb = year_range(a), year_range(b)
        if not ra or not rb: return not need
        return ra[0] <= rb[1] + 1 and rb[0] <= ra[1] + 1
    links = {}
    for u in un.values():
        cands = set()
        for n in u['names']:
            cands |= idx.get(tokkey(n), set())
        ok = {c for c in cands if yr_ok(u, ofac[c], False)}
        if not ok and u['dob']:
            ut = set(toks(u['listed']))
            for o in ofac.values():
                ot = set(toks(o['listed']))
                if len(ot) >= 2 and len(ut) >= 2 and (ot <= ut or ut <= ot) and yr_ok(u, o, True):
                    ok.add(o['id'])
        for c in ok:
            links.setdefault(('un', u['id']), set()).add(c)
            links.setdefault(('ofac', c), set()).add(u['id'])
    return links

# ---------------------------------------------------------------- transformations
KB = {}
_rows = ['QWERTYUIOP', 'ASDFGHJKL', 'ZXCVBNM']
for r, row in enumerate(_rows):
    for c, ch in enumerate(row):
        nb = set()
        for dr in (-1, 0, 1):
            rr = r + dr
            if 0 <= rr < 3:
                for dc in (-1, 0, 1) if dr == 0 else ((0, 1) if dr < 0 else (-1, 0)):
                    cc = c + dc
                    if 0 <= cc < len(_rows[rr]) and (rr, cc) != (r, c): nb.add(_rows[rr][cc])
        KB[ch] = sorted(nb)

def _typo_pos(rng, w):
    if len(w) < 4: return None
    lo = 0 if rng.random() < 0.1 else 1
    return rng.randrange(lo, len(w))

def typo(rng, name, op):
    parts = name.split(' ')
    cand = [i for i, t in enumerate(parts) if len(t) >= 4]
    if not cand: return None
    i = rng.choice(cand); w = parts[i]
    k = _typo_pos(rng, w)
    if op == 'sub':
        w2 = w[:k] + rng.choice(KB[w[k]]) + w[k + 1:]
    elif op == 'omit':
        w2 = w[:k] + w[k + 1:]
    elif op == 'double':
        w2 = w[:k] + w[k] + w[k:]
    elif op == 'transpose':
        k = min(k, len(w) - 2)
        if w[k] == w[k + 1]: return None
        w2 = w[:k] + w[k + 1] + w[k] + w[k + 2:]
    parts[i] = w2
    return ' '.join(parts)

# whole-token equivalence classes by origin
CLASSES = {
 'arabic': [
  'MUHAMMAD MOHAMMED MOHAMED MOHAMMAD MUHAMMED MOHAMAD MOHAMMAED', 'AHMAD AHMED AHMET', 'MAHMOUD MAHMUD MAHMOOD',
  'MUSTAFA MOSTAFA MUSTAPHA', 'HUSSEIN HUSAYN HUSSAIN HUSEIN HOUSSEIN', 'HASAN HASSAN', 'HUSAIN HUSSAIN HUSAYN',
  'YUSUF YOUSSEF YOUSEF YOUSSOUF YUSSUF', 'ABDULLAH ABDALLAH ABDULLA ABDALLA', 'ABDUL ABDEL ABDOUL', 'OMAR UMAR OMER',
  'UTHMAN OTHMAN OSMAN OTMAN', 'KHALID KHALED', 'SAID SAEED SAYED SAEID', 'SALEH SALIH SALEEH', 'IBRAHIM IBRAHEEM EBRAHIM',
  'ISMAIL ISMAEL ESMAIL', 'YAHYA YEHIA YAHIA', 'ZAKARIYA ZAKARIA ZAKARIYYA', 'ABU ABOU', 'FAISAL FAYSAL FAYCAL',
  'JAMAL GAMAL DJAMEL', 'SHARIF CHERIF SHAREEF', 'ALI ALY', 'MUSA MOUSSA MOUSA', 'ISA ISSA EISA', 'NASIR NASSER NASER',
  'QASIM QASSEM KASSEM GASIM KASIM', 'AZIZ AZEEZ', 'RAHMAN REHMAN', 'HAMZA HAMZAH', 'ABUBAKAR ABUBAKER ABOUBAKAR',
  'TARIQ TAREK TARIK', 'WALID WALEED OUALID', 'KHALIL KHALEEL', 'JABIR JABER', 'SULAYMAN SULEIMAN SLIMANE SULAIMAN',
  'ABD ABDU', 'HAMID HAMED', 'MAJID MAJED MAGED', 'RASHID RASHED RACHID', 'SAMI SAMY', 'ADNAN ADNANE', 'AMIN AMEEN',
  'MUHAMMADU MOHAMADOU', 'ABDELKADER ABDULQADIR ABDULKADIR ABDELQADER', 'YASIN YASSIN YASEEN', 'ANWAR ANOUAR',
  'SAAD SAD', 'FAWZI FAWZY FAOUZI', 'FUAD FOUAD', 'ZUHAIR ZOUHAIR ZUHAYR', 'HAJI HAJJI HADJI'],
 'persian': [
  'MOHAMMAD MOHAMAD MUHAMMAD MOHAMMED', 'HOSSEIN HOSEIN HUSSEIN HOSEYN', 'REZA REZAH', 'ALI ALY', 'JAFAR JAAFAR JAFFAR',
  'MAHMOUD MAHMUD', 'HASSAN HASAN', 'MEHDI MAHDI', 'MOJTABA MUJTABA', 'GHOLAM GOLAM GHULAM', 'QASEM GHASEM GHASSEM QASSEM',
  'ABBAS ABASS', 'MORTEZA MURTAZA MORTEZAH', 'YOUSEF YUSEF YOUSSEF', 'ABDUL ABDOL', 'SAYED SAYYED SEYED SAYYID SEYYED',
  'MULLAH MULLA MOLLAH', 'MOHAMMADI MOHAMADI', 'RAHMAN RAHMON REHMAN', 'ULLAH OLLAH'],
 'russian': [
  'ALEKSANDR ALEXANDER ALEKSANDER OLEKSANDR', 'DMITRIY DMITRY DMITRI DMITRII', 'YURIY YURI IURII JURIJ', 'SERGEY SERGEI SERGII',
  'ANDREY ANDREI ANDRII', 'ALEKSEY ALEXEI ALEKSEI OLEKSII', 'MIKHAIL MICHAIL MIHAIL', 'YEVGENIY EVGENY EVGENII YEVGENY',
  'VIKTOR VICTOR', 'NIKOLAY NIKOLAI MYKOLA', 'ANATOLIY ANATOLY ANATOLII', 'VALERIY VALERY VALERII', 'GENNADIY GENNADY GENNADII',
  'VLADIMIR VOLODYMYR WLADIMIR', 'YELENA ELENA JELENA', 'TATYANA TATIANA TATJANA', 'NATALYA NATALIA NATALJA',
  'ARKADIY ARKADY ARKADII', 'VASILIY VASILY VASILII VASYL', 'PAVEL PAVLO', 'IGOR IHOR', 'OLEG OLEH', 'PETR PYOTR PETER',
  'FEDOR FYODOR FEODOR', 'SEMYON SEMEN SEMION', 'ARTYOM ARTEM ARTIOM', 'ILYA ILIA ILJA', 'KONSTANTIN CONSTANTIN'],
 'chinese': ['ZHANG CHANG', 'LI LEE', 'ZHOU CHOU CHOW', 'XU HSU', 'ZHAO CHAO', 'CHEN CHAN', 'HUANG WONG HWANG', 'WU WOO',
  'ZHENG CHENG', 'GUO KUO', 'LIU LAU', 'YANG YEUNG', 'JIANG CHIANG', 'XIE HSIEH', 'QIU CHIU', 'ZHU CHU'],
 'korean': ['PAK PARK BAK', 'KIM GIM', 'RI LI LEE YI', 'CHOE CHOI', 'CHON JEON JUN', 'CHONG JEONG JUNG', 'KANG GANG',
  'SIN SHIN', 'JO CHO', 'O OH', 'RYU YOO YU', 'YUN YOON', 'HYON HYUN', 'KIL GIL', 'KO GO', 'SO SEO', 'SONG SEONG',
  'CHOL CHEOL', 'JONG JEONG', 'YONG YEONG', 'HUI HEE', 'SU SOO', 'IL IL', 'HYOK HYEOK', 'CHUN JUN'],
 'spanish': ['JAVIER XAVIER', 'JIMENEZ XIMENEZ', 'MEJIA MEXIA', 'GONZALEZ GONSALEZ', 'VELAZQUEZ VELASQUEZ',
  'YSMAEL ISMAEL', 'HERNANDEZ HERNANDES', 'RODRIGUEZ RODRIGUES', 'ALVAREZ ALVARES'],
 'other': ['MAMADOU MAMADU MAMMADOU', 'MOUSSA MUSA', 'IBRAHIMA IBRAHIM', 'OUSMANE USMAN OUSMAN', 'ABDOULAYE ABDULAYE'],
}
# substring rewrites by origin (regex, replacement)
SUBS = {
 'arabic': [(r'OU', 'U'), (r'(?<=[^AEIOU])U(?=[^AEIOU])', 'OU'), (r'EE', 'I'), (r'(?<=[^AEIOU])I(?=[^AEIOU])', 'EE'),
            (r'Q', 'K'), (r'Q', 'G'), (r'DH', 'Z'), (r'(?<!D)J', 'DJ'), (r'SH', 'CH'), (r'AY', 'AI'), (r'AI', 'AY'),
            (r'EI', 'AY'), (r'AH$', 'A'), (r'(?<=[^AEIOUH])A$', 'AH'), (r'([BDFGKLMNRST])\1', r'\1'),
            (r'(?<=[AEIOU])([SLMN])(?=[AEIOU])', r'\1\1'), (r'^U', 'O'), (r'^O', 'U'), (r'I(?=[^AEIOU]+$)', 'E'),
            (r'^W', 'OU'), (r'KH', 'H'), (r'TH', 'T')],
 'persian': [(r'GH', 'Q'), (r'Q', 'GH'), (r'OU', 'U'), (r'(?<=[^AEIOU])U(?=[^AEIOU])', 'OU'), (r'OO', 'U'), (r'EE', 'I'),
             (r'(?<=[^AEIOU])I(?=[^AEIOU])', 'EE'), (r'ZADEH$', 'ZADE'), (r'ZADE$', 'ZADEH'), (r'EI$', 'EE'),
             (r'I$', 'Y'), (r'([BDFGKLMNRST])\1', r'\1'), (r'(?<=[^AEIOU])E(?=[^AEIOU])', 'A'),
             (r'(?<=[^AEIOU])O(?=[^AEIOU])', 'U')],
 'russian': [(r'^YU', 'IU'), (r'^YU', 'JU'), (r'^YA', 'IA'), (r'^YA', 'JA'), (r'^YE', 'E'), (r'IY$', 'Y'), (r'IY$', 'II'),
             (r'IY$', 'I'), (r'OV$', 'OFF'), (r'EV$', 'EFF'), (r'EV$', 'YEV'), (r'KH', 'H'), (r'KH', 'CH'), (r'ZH', 'J'),
             (r'ZH', 'Z'), (r'TS', 'C'), (r'TS', 'TZ'), (r'KS', 'X'), (r'X', 'KS'), (r'SHCH', 'SCH'), (r'SHCH', 'SH'),
             (r'YEV', 'EV'), (r'IYA$', 'IA'), (r'SKIY$', 'SKY'), (r'SKIY$', 'SKII'), (r'SKY$', 'SKI'),
             (r'(?<=[AEIOU])E', 'YE'), (r'(?<=[AEIOU])YE', 'E'), (r'OVA$', 'OWA'), (r'V$', 'W'), (r'YO', 'E'),
             (r'Y(?=[AEOU])', 'I'), (r'CH', 'TCH')],
 'chinese': [(r'ZH', 'CH'), (r'ZH', 'J'), (r'^X', 'HS'), (r'^Q', 'CH'), (r'^C(?!H)', 'TS'), (r'^Z(?!H)', 'TS'),
             (r'^R', 'J'), (r'ONG$', 'UNG'), (r'IAN$', 'IEN'), (r'^K', 'G'), (r'^G', 'K'), (r'^T', 'D'), (r'^B', 'P'),
             (r'^P', 'B'), (r'UO$', 'O'), (r'E$', 'O')],
 'korean': [(r'(?<![EY])O(?=[NLK])', 'EO'), (r'EO', 'O'), (r'(?<=[^AEIOUY])U(?=[NLM])', 'EU'), (r'^K', 'G'), (r'^G', 'K'),
            (r'^CH', 'J'), (r'^J', 'CH'), (r'^T', 'D'), (r'^P', 'B'), (r'OO', 'U'), (r'^S(?=[IH])', 'SH'),
            (r'^R', 'L'), (r'I$', 'EE')],
 'spanish': [(r'Z', 'S'), (r'LL', 'Y'), (r'(?<=[AEIOU])Y(?=[AEIOU])', 'LL'), (r'V', 'B'), (r'(?<=[AEIOU])B(?=[AEIOU])', 'V'),
             (r'CE', 'SE'), (r'CI', 'SI'), (r'(?<=[AEIOU])S(?=[AEIOU])', 'Z'), (r'^H(?=[AEIOU])', ''), (r'Y$', 'I'),
             (r'GUE', 'GE'), (r'QU', 'K')],
 'other': [(r'IC$', 'ICH'), (r'IC$', 'ITCH'), (r'PH', 'F'), (r'CK', 'K'), (r'^C(?=[AOU])', 'K'), (r'OU', 'U'), (r'W', 'V'),
           (r'^J(?=[AEOU])', 'Y'), (r'([BDFGKLMNRST])\1', r'\1'), (r'Y', 'I'), (r'I(?=[AEOU])', 'Y')],
}

def translit_token(rng, tok, origin):
    opts = []
    for cl in CLASSES.get(origin, []):
        members = cl.split()
        if tok in members:
            opts += [('class', m) for m in members if m != tok]
    for pat, rep in SUBS.get(origin, []):
        ms = list(re.finditer(pat, tok))
        if ms:
            m = rng.choice(ms)
            new = tok[:m.start()] + m.expand(rep) + tok[m.end():]
            if new != tok and len(new) >= 2: opts.append(('sub', new))
    if not opts: return None
    # class substitutions are the "canonical" spellings; prefer them when available
    cl = [o for o in opts if o[0] == 'class']
    return rng.choice(cl if cl and rng.random() < 0.7 else opts)[1]

def translit(rng, sur, giv, origin):
    """1-2 token respellings following the origin's romanisation habits."""
    names = [('s', i, t) for i, t in enumerate(sur.split())] + [('g', i, t) for i, t in enumerate(giv.split())]
    rng.shuffle(names)
    s, g = sur.split(), giv.split()
    changed = 0
    want = 1 if rng.random() < 0.6 else 2
    for which, i, t in names:
        n = translit_token(rng, t, origin)
        if n:
            (s if which == 's' else g)[i] = n
            changed += 1
            if changed >= want: break
    if not changed: return None
    # Chinese / Korean given names: syllables joined, split or hyphenated differently
    return ' '.join(s), ' '.join(g)

PARTICLES = {'AL', 'EL', 'BIN', 'BEN', 'IBN', 'ABU', 'ABOU', 'DE', 'DEL', 'LA', 'VAN', 'VON', 'DER', 'DA', 'DOS', 'DI',
             'BINT', 'OULD', 'ULD', 'UL', 'UD', 'ABD', 'ABDUL', 'ABDEL'}
PART_CHANGE = {'AL': ['EL', 'UL'], 'EL': ['AL'], 'BIN': ['BEN', 'IBN'], 'BEN': ['BIN'], 'IBN': ['BIN'], 'ABU': ['ABOU'],
               'ABOU': ['ABU'], 'DE': ['DI'], 'OULD': ['ULD'], 'UL': ['AL', 'UL-'], 'UD': ['AD', 'UDDIN']}

def particle(rng, sur, giv):
    fields = {'s': sur.split(), 'g': giv.split()}
    spots = [(f, i) for f in 'sg' for i, t in enumerate(fields[f]) if t in PARTICLES - {'ABD', 'ABDUL', 'ABDEL'}
             and i + 1 < len(fields[f])]
    # also a surname starting with ALxxxx (already attached) can be detached
    att = [(f, i) for f in 'sg' for i, t in enumerate(fields[f]) if re.match(r'^(AL|EL)[A-Z]{4,}$', t)
           and not re.match(r'^(ALI|ALEX|ALEK|ALBERT|ALFRED|ALLA|ALAN|ELEN|ELIZ|ELI)', t)]
    ops = []
    for f, i in spots:
        ops += [('drop', f, i), ('attach', f, i)]
        if fields[f][i] in PART_CHANGE: ops.append(('change', f, i))
    if guess_origin_cache.get('o') in ('arabic', 'persian'):
        for f, i in att:
            ops.append(('detach', f, i))
    if not ops: return None
    op, f, i = rng.choice(ops)
    L = fields[f]
    if op == 'drop': del L[i]
    elif op == 'attach': L[i:i + 2] = [L[i] + L[i + 1]]
    elif op == 'change': L[i] = rng.choice(PART_CHANGE[L[i]]).rstrip('-')
    elif op == 'detach': L[i:i + 1] = [L[i][:2], L[i][2:]]
    if not fields['s']:       # surname was only "AL X" and we dropped... keep something
        return None
    return ' '.join(fields['s']), ' '.join(fields['g']), op

def surname_units(sur):
    t, out, i = sur.split(), [], 0
    while i < len(t):
        j = i
        while j < len(t) - 1 and t[j] in PARTICLES:
            j += 1
        out.append(' '.join(t[i:j + 1])); i = j + 1
    return out

def compound(rng, sur, giv, origin):
    s, g = sur.split(), giv.split()
    ops = []
    if len(surname_units(sur)) >= 2:
        s = surname_units(sur)
        ops += ['s_first_only', 's_last_only']
        if origin == 'spanish': ops += ['s_first_only', 's_first_only']
    if len(sur.split()) >= 2:
        ops += ['s_join', 's_hyphen_join']
    if len(g) >= 2:
        ops += ['g_join']
    if not ops: return None
    op = rng.choice(ops)
    if op == 'g_join':
        pref = [k for k in range(len(g) - 1) if g[k] in PREFIX_GIVEN | {'AL', 'EL', 'UL', 'UD', 'UR'}]
        ok = [k for k in range(len(g) - 1) if g[k + 1] not in PARTICLES]
        k = rng.choice(pref) if pref else (rng.choice(ok) if ok else None)
        if k is None: return None
        g[k:k + 2] = [g[k] + g[k + 1]]
    if op == 's_join': s = [''.join(sur.split())]
    elif op == 's_hyphen_join': s = ['-'.join(sur.split())]
    elif op == 's_first_only': s = s[:1]
    elif op == 's_last_only': s = s[-1:]
    return ' '.join(s), ' '.join(g), op

PREFIX_GIVEN = {'ABDUL', 'ABD', 'ABDEL', 'ABU', 'ABOU', 'SAYED', 'SAYYID', 'SEYED', 'MULLAH', 'HAJI', 'SHEIKH'}

def given_units(giv):
    t = giv.split(); out = []
    i = 0
    while i < len(t):
        if t[i] in PREFIX_GIVEN and i + 2 < len(t) and t[i + 1] in ('AL', 'EL', 'UL', 'UR'):
            out.append(' '.join(t[i:i + 3])); i += 3
        elif t[i] in PREFIX_GIVEN and i + 1 < len(t):
            out.append(t[i] + ' ' + t[i + 1]); i += 2
        else:
            out.append(t[i]); i += 1
    return out

NICK = {'WILLIAM': ['BILL', 'WILL'], 'ROBERT': ['BOB', 'ROB'], 'JAMES': ['JIM', 'JIMMY'], 'MICHAEL': ['MIKE'],
        'ALEXANDER': ['ALEX'], 'ALEKSANDR': ['ALEX'], 'ALEJANDRO': ['ALEX'], 'JOSEPH': ['JOE'],
        'THOMAS': ['TOM'], 'RICHARD': ['RICK', 'DICK'], 'CHRISTOPHER': ['CHRIS'], 'DANIEL': ['DAN', 'DANNY'],
        'ANTHONY': ['TONY'], 'EDWARD': ['ED', 'TED'], 'NICHOLAS': ['NICK'], 'STEVEN': ['STEVE'],
        'STEPHEN': ['STEVE'], 'JOHN': ['JACK'], 'CHARLES': ['CHARLIE'], 'PATRICK': ['PAT'], 'FRANCISCO': ['FRANK'],
        'MANUEL': ['MANNY'], 'JOSE': ['JOSEPH'], 'ANTONIO': ['TONY'], 'ROBERTO': ['ROBERT'],
        
        'SAMUEL': ['SAM'], 'BENJAMIN': ['BEN'], 'DAVID': ['DAVE'], 
         'GREGORY': ['GREG'],
        'PETER': ['PETE'], 'KENNETH': ['KEN'], 'DONALD': ['DON'], 'RONALD': ['RON'], 'TIMOTHY': ['TIM'],
        'ELIZABETH': ['LIZ', 'BETH'], 'KATHERINE': ['KATE'], 'MARGARET': ['MAGGIE', 'PEGGY'], 'JENNIFER': ['JENNY'],
        'SUSAN': ['SUE'], 'PHILIP': ['PHIL'], 'MATTHEW': ['MATT'], 'ANDREW': ['ANDY'], 'JONATHAN': ['JON'],
        'FREDERICK': ['FRED'], 'LAWRENCE': ['LARRY'], 'RAYMOND': ['RAY'], 'GERALD': ['JERRY'], 'WALTER': ['WALT'],
        'HENRY': ['HANK'], 'LEONARD': ['LEO'], 'VINCENT': ['VINCE'], 'DOUGLAS': ['DOUG'], 'SEBASTIAN': ['SEB']}

def truncate(rng, sur, giv):
    full = f'{sur}/{giv}' if giv else sur
    lim = rng.choice([20, 25, 29])
    if len(full) <= lim: return None
    cut = full[:lim]
    if '/' not in cut: return None
    s, g = cut.split('/', 1)
    g = g.strip()
    if not g: return None
    return s, g, lim

guess_origin_cache = {}

def apply_kind(rng, kind, p, sur, giv):
    """returns (surname, given, detail) or None if not applicable"""
    origin = guess_origin(p)
    guess_origin_cache['o'] = origin
    if kind.startswith('typo_'):
        op = kind[5:]
        if rng.random() < 0.55 or not giv:
            r = typo(rng, sur, op); return (r, giv, 'surname') if r else None
        r = typo(rng, giv, op); return (sur, r, 'given') if r else None
    if kind == 'translit':
        r = translit(rng, sur, giv, origin)
        return (r[0], r[1], origin) if r and (r[0], r[1]) != (sur, giv) else None
    if kind == 'syllables':   # Chinese/Korean/other given-name syllable joins/splits/hyphens
        g = giv.split()
        if origin in ('korean', 'chinese') and len(g) == 2:
            return sur, rng.choice([''.join(g), '-'.join(g)]), 'join'
        if origin in ('korean', 'chinese') and len(g) == 1 and 5 <= len(g[0]) <= 9:
            w = g[0]
            m = re.match(r'^([^AEIOU]*[AEIOU]+(?:NG|N|L|K|M|P)?)([^AEIOU].*)$', w)
            if m and len(m.group(2)) >= 2: return sur, m.group(1) + ' ' + m.group(2), 'split'
        return None
    if kind == 'order_swap':
        return (giv, sur, 'swap') if giv else None
    if kind == 'first_given_only':
        u = given_units(giv)
        return (sur, u[0], 'drop_middle') if len(u) >= 2 else None
    if kind == 'middle_initials':
        u = given_units(giv)
        if len(u) < 2: return None
        return sur, u[0] + ' ' + ' '.join(x[0] for x in u[1:]), 'initials'
    if kind == 'particle':
        return particle(rng, sur, giv)
    if kind == 'compound':
        return compound(rng, sur, giv, origin)
    if kind == 'title':
        t = rng.choice(['MR', 'MR', 'MR', 'DR'] if p.get('gender') != 'F' else ['MRS', 'MS', 'MS', 'DR'])
        return (sur, (giv + ' ' + t).strip(), t)
    if kind == 'title_glued':
        t = 'MR' if p.get('gender') != 'F' else 'MS'
        return (sur, giv + t, t) if giv else None
    if kind == 'truncation':
        return truncate(rng, sur, giv)
    if kind == 'nickname':
        g = giv.split()
        for i, t in enumerate(g):
            if t in NICK:
                g[i] = rng.choice(NICK[t]); return sur, ' '.join(g), t
        return None
    if kind == 'combo':
        # the realistic stack: respelled name + dropped middle names + title, or typo + title
        k1 = rng.choice(['translit', 'typo_sub', 'typo_omit', 'particle'])
        r1 = apply_kind(rng, k1, p, sur, giv)
        if not r1: return None
        k2 = rng.choice(['first_given_only', 'title', 'order_swap'])
        r2 = apply_kind(rng, k2, p, r1[0], r1[1])
        if not r2: return None
        return r2[0], r2[1], f'{k1}+{k2}'
    raise ValueError(kind)

KINDS = ['typo_sub', 'typo_omit', 'typo_double', 'typo_transpose', 'translit', 'syllables', 'order_swap',
         'first_given_only', 'middle_initials', 'particle', 'compound', 'title', 'title_glued', 'truncation',
         'nickname', 'combo']
# how often a kind is tried relative to others (rare real-world ones lower)
KIND_W = {'typo_sub': 3, 'typo_omit': 3, 'typo_double': 2, 'typo_transpose': 2, 'translit': 6, 'syllables': 3,
          'order_swap': 2, 'first_given_only': 3, 'middle_initials': 2, 'particle': 4, 'compound': 3, 'title': 2,
          'title_glued': 1, 'truncation': 3, 'nickname': 3, 'combo': 3}

# ---------------------------------------------------------------- clean population names
POP = {
 'arabic': dict(m='MOHAMMED MOHAMED AHMED ALI OMAR KHALED YOUSSEF HASSAN IBRAHIM ABDULLAH MAHMOUD MUSTAFA TAREK KARIM SAMI '
                  'WALID NABIL RAMI FADI HAMZA BILAL ZIAD AMR SHERIF HISHAM FAHAD SULTAN NASSER MAJED RAYAN ADEL YASSER',
                f='FATIMA AISHA MARYAM NOUR LAYLA SARA HANA RANIA DINA YASMIN SALMA REEM LINA MONA HIBA NADA AMAL',
                s='HASSAN ALI IBRAHIM MANSOUR SALEH HADDAD KHOURY NASSAR AL HASHIMI AL MANSOORI EL SAYED ABDEL AZIZ FARAH '
                  'HAMDAN SHAHIN OTHMAN MAHMOUD YOUSSEF SAAD KHALIL ISSA AWAD SALEM JABER HAMAD DARWISH QASSEM '
                  'ZAKI RASHED AL OTAIBI AL QAHTANI AL GHAMDI EL MASRI BAKR NAJJAR TAHA SABRY',
                nat='EGY SAU JOR LBN ARE MAR TUN DZA KWT QAT IRQ SYR'),
 'russian': dict(m='ALEKSANDR SERGEY DMITRY ANDREY ALEKSEY IVAN MAXIM ARTEM NIKITA PAVEL ROMAN OLEG VLADIMIR EGOR KIRILL '
                   'MIKHAIL DENIS ANTON KONSTANTIN STANISLAV',
                 f='ANNA ELENA OLGA TATIANA NATALIA MARIA EKATERINA IRINA SVETLANA YULIA DARIA ANASTASIA POLINA KSENIA',
                 s='IVANOV SMIRNOV KUZNETSOV POPOV VASILIEV PETROV SOKOLOV MIKHAILOV NOVIKOV FEDOROV MOROZOV VOLKOV '
                   'ALEKSEEV LEBEDEV SEMENOV EGOROV PAVLOV KOZLOV STEPANOV NIKOLAEV ORLOV ANDREEV MAKAROV NIKITIN '
                   'ZAKHAROV ZAITSEV SOLOVIEV BORISOV YAKOVLEV GRIGORIEV ROMANOV VOROBIEV SERGEEV KUZMIN FROLOV '
                   'SHEVCHENKO KOVALENKO BONDARENKO TKACHENKO',
                 nat='RUS RUS RUS UKR BLR KAZ'),
 'chinese': dict(m='WEI JUN HAO MING LEI JIAN TAO YONG QIANG BIN CHAO GANG PENG XIAOMING ZHIWEI JIANGUO HAOYU ZIHAO YUCHEN',
                 f='FANG LI NA JING YING XIU HUI YAN MEI LING XIAOYAN JIAYI YUXIN SHUFEN LIHUA XINYI',
                 s='WANG LI ZHANG LIU CHEN YANG HUANG ZHAO WU ZHOU XU SUN MA ZHU HU GUO HE GAO LIN LUO ZHENG LIANG '
                   'XIE SONG TANG XU HAN FENG DENG CAO PENG ZENG XIAO TIAN DONG PAN YUAN CAI JIANG',
                 nat='CHN CHN CHN CHN HKG TWN SGP'),
 'korean': dict(m='MINJUN SEOJUN JIHOON HYUNWOO JUNHO SUNGMIN DONGHYUN JAEHYUN YOUNGSOO SANGWOO MIN JUN JI HOON SEUNG HO',
                f='JIYEON SEOYEON MINJI SOYEON HYEJIN EUNJI YUNA JIWOO SUJIN HYUNJOO',
                s='KIM LEE PARK CHOI JUNG KANG CHO YOON JANG LIM HAN OH SEO SHIN KWON HWANG AHN SONG JEON HONG',
                nat='KOR KOR KOR KOR'),
 'hispanic': dict(m='JOSE LUIS CARLOS JUAN JORGE MIGUEL PEDRO ALEJANDRO FERNANDO DIEGO JAVIER RICARDO ANDRES SANTIAGO '
                    'MATEO DANIEL SERGIO RAUL OSCAR FRANCISCO ANTONIO MANUEL EDUARDO',
                  f='MARIA ANA LUCIA SOFIA CAMILA VALENTINA GABRIELA ISABEL CARMEN ROSA PAULA DANIELA ANDREA LAURA ELENA',
                  s='GARCIA RODRIGUEZ MARTINEZ HERNANDEZ LOPEZ GONZALEZ PEREZ SANCHEZ RAMIREZ TORRES FLORES RIVERA '
                    'GOMEZ DIAZ REYES MORALES CRUZ ORTIZ GUTIERREZ CHAVEZ RAMOS VARGAS CASTILLO JIMENEZ MORENO ROMERO '
                    'HERRERA MEDINA AGUILAR VEGA CASTRO MENDOZA RUIZ ALVAREZ FERNANDEZ SUAREZ DOMINGUEZ NAVARRO',
                  nat='MEX MEX COL ESP ARG PER VEN CHL ECU GTM DOM'),
 'anglo': dict(m='JAMES JOHN ROBERT MICHAEL WILLIAM DAVID RICHARD JOSEPH THOMAS CHARLES DANIEL MATTHEW ANTHONY MARK '
                 'PAUL STEVEN ANDREW JOSHUA KEVIN BRIAN GEORGE EDWARD RYAN JACOB',
              f='MARY PATRICIA JENNIFER LINDA ELIZABETH BARBARA SUSAN JESSICA SARAH KAREN LISA NANCY EMILY EMMA OLIVIA '
                'SOPHIE CHARLOTTE HANNAH',
              s='SMITH JOHNSON WILLIAMS BROWN JONES MILLER DAVIS WILSON ANDERSON TAYLOR THOMAS MOORE JACKSON MARTIN '
                'THOMPSON WHITE HARRIS CLARK LEWIS ROBINSON WALKER YOUNG ALLEN KING WRIGHT SCOTT HILL GREEN ADAMS '
                'BAKER NELSON CAMPBELL MITCHELL ROBERTS EVANS MURPHY OCONNOR KELLY WALSH HUGHES',
              nat='USA USA GBR GBR CAN AUS IRL NZL'),
 'southasian': dict(m='RAHUL AMIT RAJESH SURESH VIKRAM ARJUN ROHAN SANJAY ANIL DEEPAK IMRAN USMAN BILAL FAISAL ASIF '
                      'KAMRAN SHAHID TARIQ RAVI KUMAR NAVEEN PRAKASH MANOJ HARPREET GURPREET',
                   f='PRIYA ANJALI SUNITA POOJA NEHA KAVITA AYESHA SANA FATIMA ZAINAB HINA RIYA DIVYA MEERA',
                   s='PATEL SHARMA SINGH KUMAR GUPTA KHAN REDDY RAO IYER NAIR JOSHI MEHTA SHAH CHOUDHARY MALIK '
                     'HUSSAIN QURESHI BUTT CHAUDHRY AHMED SIDDIQUI MISHRA VERMA BANERJEE DAS MUKHERJEE PILLAI DESAI',
                   nat='IND IND IND PAK PAK BGD LKA GBR'),
 'westafrican': dict(m='CHINEDU EMEKA OLUWASEUN TUNDE KWAME KOFI YAW IBRAHIMA MAMADOU OUSMANE MOUSSA SEYDOU AMADOU '
                       'CHUKWUEMEKA ADEBAYO OLUMIDE SAMUEL EMMANUEL',
                    f='NGOZI CHIAMAKA FUNMILAYO ADWOA AMA AISSATOU FATOUMATA MARIAMA AMINATA BLESSING',
                    s='OKAFOR OKONKWO ADEYEMI OLAWALE BELLO MENSAH OWUSU ASANTE BOATENG DIALLO TRAORE KEITA COULIBALY '
                      'CISSE SOW BA NDIAYE DIOP FALL OBI EZE NWOSU ABUBAKAR MUSA',
                    nat='NGA NGA GHA SEN MLI CIV GIN'),
 'european': dict(m='HANS PETER MARCO LUCA GIOVANNI PIERRE JEAN NICOLAS THOMAS LUKAS JAN PIOTR TOMASZ MATTEO FRANCESCO '
                    'STEFAN KLAUS ANDREAS JOAO PEDRO NIKOS DIMITRIOS',
                  f='ANNA MARIA SOPHIE CLAIRE GIULIA FRANCESCA KATARZYNA AGNIESZKA LAURA JULIA ELENI INES',
                  s='MUELLER SCHMIDT SCHNEIDER FISCHER WEBER MEYER WAGNER BECKER ROSSI RUSSO FERRARI ESPOSITO BIANCHI '
                    'ROMANO MARTIN BERNARD DUBOIS THOMAS ROBERT PETIT NOWAK KOWALSKI WISNIEWSKI WOJCIK SILVA SANTOS '
                    'FERREIRA PEREIRA JANSEN DE JONG VAN DIJK BAKKER PAPADOPOULOS NIELSEN HANSEN',
                  nat='DEU FRA ITA POL PRT NLD GRC DNK ESP'),
}
POP_W = {'arabic': 15, 'russian': 10, 'chinese': 12, 'korean': 5, 'hispanic': 15, 'anglo': 15, 'southasian': 10,
         'westafrican': 6, 'european': 12}

def split_names(s):
    # "AL HASHIMI" etc are two-word surnames in the lists above; keep them together
    out, t = [], s.split()
    i = 0
    while i < len(t):
        if t[i] in ('AL', 'EL', 'ABDEL', 'DE', 'VAN') and i + 1 < len(t):
            out.append(t[i] + ' ' + t[i + 1]); i += 2
        else:
            out.append(t[i]); i += 1
    return out

def clean_traveller(rng, pop):
    d = POP[pop]
    sex = 'M' if rng.random() < 0.6 else 'F'
    first = rng.choice((d['m'] if sex == 'M' else d['f']).split())
    sur = rng.choice(split_names(d['s']))
    giv = first
    r = rng.random()
    if pop == 'hispanic' and r < 0.5:
        sur = sur + ' ' + rng.choice(split_names(d['s']))
        if rng.random() < 0.3: giv += ' ' + rng.choice((d['m'] if sex == 'M' else d['f']).split())
    elif pop == 'arabic' and r < 0.45 and sex == 'M':
        giv += ' ' + rng.choice(d['m'].split())           # father's name in given names
    elif pop == 'anglo' and r < 0.3:
        giv += ' ' + rng.choice((d['m'] if sex == 'M' else d['f']).split())
    elif pop == 'southasian' and r < 0.2:
        giv += ' ' + rng.choice(d['m'].split() if sex == 'M' else d['f'].split())
    if rng.random() < 0.2:
        giv += ' ' + (rng.choice(['MR', 'MR', 'DR']) if sex == 'M' else rng.choice(['MRS', 'MS', 'MISS']))
    nat = rng.choice(d['nat'].split())
    return sur, giv, sex, nat

# ---------------------------------------------------------------- main
AIRPORTS = 'FRA CDG AMS LHR MAD FCO IST DXB DOH CAI AMM JFK ORD MEX BOG GRU PEK PVG ICN NRT SVO DEL BOM LOS ACC DKR KHI'.split()

def pnr(loc, trav, rng):
    o, d = rng.sample(AIRPORTS, 2)
    return {'record_locator': loc, 'travellers': [trav],
            'segments': [{'origin': o, 'destination': d,
                          'departure': f'2026-12-{rng.randint(1, 28):02d}T{rng.randint(6, 22):02d}:{rng.choice(["05", "20", "40", "55"])}',
                          'marketing_carrier': rng.choice(['LH', 'AF', 'KL', 'TK', 'EK', 'QR', 'BA', 'IB']),
                          'flight_number': str(rng.randint(10, 2999))}]}

def dob_of(rng, p):
    if not p['dob']: return None
    if p['dob'][0] == 'exact':
        d = p['dob'][1]
        if re.fullmatch(r'\d{4}-\d{2}-\d{2}', d): return d
        return None
    if p['dob'][0] == 'month':
        return f"{p['dob'][1]}-{p['dob'][2]:02d}-{rng.randint(1, 28):02d}"
    y = rng.randint(p['dob'][1], p['dob'][2])
    return f'{y}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}'

def make_low_cfg(out):
    txt = open(EXAMPLE_CFG).read()
    base = os.path.dirname(EXAMPLE_CFG)
    txt = re.sub(r'^(default_threshold|threshold)\s*=\s*[0-9.]+', r'\1 = 0.70', txt, flags=re.M)
    txt = re.sub(r'^max_matches_per_traveller\s*=\s*\d+', 'max_matches_per_traveller = 50', txt, flags=re.M)
    txt = re.sub(r'^((?:alt_)?path|dir)\s*=\s*"(\.\./[^"]+)"',
                 lambda m: f'{m.group(1)} = "{os.path.normpath(os.path.join(base, m.group(2)))}"', txt, flags=re.M)
    # UN and national lists inherit default_threshold (already 0.70); make it explicit too
    txt = re.sub(r'(format = "un_xml"\n)', r'\1threshold = 0.70\n', txt)
    txt = re.sub(r'(format = "jsonl"\n)', r'\1threshold = 0.70\n', txt)
    open(os.path.join(out, 'cfg_low.toml'), 'w').write(txt)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--seed', type=int, default=20261129)
    ap.add_argument('--out', required=True)
    ap.add_argument('--n-ofac', type=int, default=300)
    ap.add_argument('--n-un', type=int, default=200)
    ap.add_argument('--n-clean', type=int, default=3000)
    ap.add_argument('--per-person', type=int, default=5)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    ofac, un = load_ofac(), load_un()
    links = cross_links(ofac, un)
    # index of all listed name token-sets -> for namesake detection of clean travellers
    listed_keys = set()
    for P in (ofac, un):
        for p in P.values():
            for n in p['names']:
                listed_keys.add(tokkey(n))
    ok = lambda p: p['surname'] and len(toks(p['listed'])) >= 2 and len(p['listed']) < 80
    o_s = rng.sample(sorted([p for p in ofac.values() if ok(p)], key=lambda p: int(p['id'])), a.n_ofac)
    u_s = rng.sample(sorted([p for p in un.values() if ok(p)], key=lambda p: p['id']), a.n_un)
    rows1, rows2, rows3, truth = [], [], [], []
    n = 0
    for p in o_s + u_s:
        sur, giv = p['surname'], p['given']
        acc = sorted({p['id']} | links.get((p['list'], p['id']), set()))
        other_names = []
        for oid in links.get((p['list'], p['id']), set()):
            q = (un if p['list'] == 'ofac' else ofac)[oid]; other_names += q['names']
        variants = [('baseline', sur, giv, '')]
        kinds = KINDS[:]
        used = set()
        tries = 0
        while len(variants) < 1 + a.per_person and tries < 60:
            tries += 1
            avail = [k for k in kinds if k not in used]
            if not avail: break
            k = rng.choices(avail, weights=[KIND_W[x] for x in avail])[0]
            r = apply_kind(rng, k, p, sur, giv)
            if not r or (r[0], r[1]) == (sur, giv) or not r[0].strip():
                if tries > 30: used.add(k)
                continue
            used.add(k)
            variants.append((k, r[0].strip(), re.sub(r'\s+', ' ', r[1]).strip(), str(r[2])))
        dob = dob_of(rng, p)
        for k, s, g, det in variants:
            n += 1
            loc = f'V{n:05d}'
            t1 = {'surname': s, 'given_names': g}
            t2 = dict(t1)
            if dob: t2['date_of_birth'] = dob
            if p['nat']: t2['nationality'] = p['nat']
            if p['gender']: t2['gender'] = p['gender']
            seg_rng = random.Random(n)
            rows1.append(pnr(loc, t1, seg_rng)); rows2.append(pnr(loc, t2, random.Random(n)))
            # run3: same as run2 but the booked DOB carries a realistic entry error (day/month swapped, else year +-1)
            t3 = dict(t2)
            if dob:
                y, mo, d = dob.split('-')
                t3['date_of_birth'] = f'{y}-{d}-{mo}' if int(d) <= 12 and d != mo else f'{int(y) + rng.choice([-1, 1])}-{mo}-{d}'
            rows3.append(pnr(loc, t3, random.Random(n)))
            truth.append({'loc': loc, 'type': 'variant', 'kind': k, 'detail': det, 'list': p['list'], 'id': p['id'],
                          'accept': acc, 'accept_names': sorted({' '.join(tokkey(x)) for x in p['names'] + other_names}),
                          'booked': f'{s}/{g}', 'listed': p['listed'], 'base': f'{sur}/{giv}', 'origin': guess_origin(p),
                          'dob': dob, 'nat': p['nat']})
    pops = list(POP_W)
    for i in range(a.n_clean):
        n += 1
        loc = f'C{i + 1:05d}'
        pop = rng.choices(pops, weights=[POP_W[x] for x in pops])[0]
        s, g, sex, nat = clean_traveller(rng, pop)
        t1 = {'surname': s, 'given_names': g}
        y = rng.randint(1945, 2008)
        t2 = dict(t1, date_of_birth=f'{y}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}', nationality=nat, gender=sex)
        rows1.append(pnr(loc, t1, random.Random(n))); rows2.append(pnr(loc, t2, random.Random(n)))
        rows3.append(pnr(loc, t2, random.Random(n)))
        gt = [x for x in g.split() if x not in ('MR', 'MRS', 'MS', 'MISS', 'DR')]
        truth.append({'loc': loc, 'type': 'clean', 'pop': pop, 'booked': f'{s}/{g}',
                      'namesake': tuple(sorted(s.split() + gt)) in listed_keys})
    with open(os.path.join(a.out, 'run1.jsonl'), 'w') as f:
        for r in rows1: f.write(json.dumps(r) + '\n')
    with open(os.path.join(a.out, 'run2.jsonl'), 'w') as f:
        for r in rows2: f.write(json.dumps(r) + '\n')
    with open(os.path.join(a.out, 'run3.jsonl'), 'w') as f:
        for r in rows3: f.write(json.dumps(r) + '\n')
    with open(os.path.join(a.out, 'truth.jsonl'), 'w') as f:
        for t in truth: f.write(json.dumps(t) + '\n')
    make_low_cfg(a.out)
    from collections import Counter
    print('persons', len(o_s) + len(u_s), 'rows', len(rows1), 'kinds', Counter(t['kind'] for t in truth if t['type'] == 'variant'))
    print('cross-linked persons', sum(1 for t in truth if t.get('kind') == 'baseline' and len(t['accept']) > 1))
    print('clean exact namesakes (by list tokens)', sum(1 for t in truth if t['type'] == 'clean' and t['namesake']))

if __name__ == '__main__':
    main()
