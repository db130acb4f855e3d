#!/usr/bin/env python3
"""PNR-shaped recall check: variants of OFAC SDN and UN individuals, screened by `pnr-screen screen`.

For 600 individuals of the fixture SDN list (tests/data/watchlists/ofac_sdn.csv, public
domain) it writes bookings the way airlines send them, without DOB or nationality: the
listed name as is, a one-letter typo in the surname or in the first given name, surname
and given names swapped, the surname with the first given name only (middle names and
patronymics dropped), and that with a surname typo; a transliteration respelling of one
token (OU/U, KH/H, J/DJ, ...), a particle joined to its name or two given names joined, a
particle dropped or written another way (AL/EL, BIN/BEN), a title glued to or after the
given names, an extra given name the list lacks, middle names as initials, the name
cut to 24 characters as reservation systems do; a typo in both surname and given name, a
letter doubled or undoubled, an inner vowel changed, a surname particle glued and written
another way (ELASSAD), the given names in reverse order, and one edit (letter dropped,
added, replaced, or two neighbours swapped) anywhere in any token of 3+ letters, short
tokens and first and last letters included, and that edit with the first given name only.
For every individual of the fixture UN list (no surname marked) it writes the name as a
passport would (a Korean's family name first, anyone else's last word as the surname), that
with the first given name only, with an edit anywhere, and with both. It adds 2 x 10,000 clean travellers (the
yente synthetic negatives, MIT, read from the folder named by PNR_SCREEN_EVAL_DATA when set)
and counts their alerts.
It then reads the alerts and reports, per variant, how many bookings hit their own entry.

    python3 benches/pnr_variants.py write DIR      # DIR/pnr.jsonl, DIR/labels.json
    pnr-screen screen -c deploy/pnr-screen.example.toml -i DIR/pnr.jsonl -o DIR/alerts.jsonl
    python3 benches/pnr_variants.py score DIR [N]   # recall per variant (N misses shown)

`bash benches/pnr_variants.sh` runs all three.
"""
import collections
import csv
import json
import os
import pathlib
import random
import re
import sys
import xml.etree.ElementTree as ET

ROOT = pathlib.Path(__file__).resolve().parent.parent
KINDS = ["full", "typo_surname", "typo_given", "swap", "drop_middle", "drop_middle_typo",
         "translit", "merged", "particle", "title", "extra_given", "initials", "truncated",
         "double_typo", "doubled", "vowel", "glued_particle", "given_order", "typo_anywhere",
         "first_given_typo", "un_listed", "un_first_given", "un_typo_anywhere", "un_first_typo"]
# Kinds drawn from their own random stream, so adding them left the others unchanged.
LATER_KINDS = {"double_typo", "doubled", "vowel", "glued_particle", "given_order"}
VOWELS = "AEIOU"
GLUED = {"AL": "EL", "EL": "AL", "BIN": "BEN", "ABU": "ABOU"}
CLEAN_PER_FILE = 10000
# Respellings that transliteration systems and airline agents produce (one is applied).
RESPELL = [("OU", "U"), ("U", "OU"), ("EE", "I"), ("I", "EE"), ("KH", "H"), ("Q", "K"),
           ("K", "Q"), ("J", "DJ"), ("Y", "I"), ("I", "Y"), ("PH", "F"), ("W", "V"),
           ("V", "W"), ("SH", "SCH"), ("CH", "TCH"), ("Z", "S"), ("A", "E"), ("E", "A"),
           ("O", "U"), ("AI", "AY"), ("DH", "D"), ("TH", "T"), ("GH", "G"), ("X", "KS")]
PARTICLES = ["AL", "EL", "BIN", "BINT", "ABU", "ABD", "ABDUL", "ABDEL", "DE", "VAN", "VON"]
HEADS = ["ABDEL", "ABDOUL", "ABDU", "UMM", "QARI", "MAULAWI", "MULLAH", "HAJI", "SHEIKH"]
SUFFIXES = ["JR", "SR", "II", "III"]
EXTRA = ["MOHAMMED", "ALI", "AHMED", "HASSAN", "MARIA", "JOHN", "ANNA", "IVAN", "JOSE"]


def apply_edit(word, i, c, op):
    """Edit `op` at position `i`: 0 drops the letter, 1 inserts `c`, 2 replaces it with `c`,
    3 swaps it with its neighbour (the one before, at the last position)."""
    if op == 0:
        return word[:i] + word[i + 1:]
    if op == 1:
        return word[:i] + c + word[i:]
    if op == 2:
        return word[:i] + c + word[i + 1:]
    i = min(i, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def edit(word, rng):
    """One random edit (delete, insert, substitute, swap) inside a word of 5+ letters."""
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    c = rng.choice("AEIOUNRSTLMKH")
    return apply_edit(word, i, c, rng.randrange(4))


def edit_anywhere(word, rng):
    """One random edit at any position of a word of 3+ letters, first and last included."""
    if len(word) < 3:
        return word
    i = rng.randrange(len(word))
    c = rng.choice("ABCDEFGHIJKLMNOPRSTUVWYZ")
    return apply_edit(word, i, c, rng.randrange(4))


def typo_anywhere(surname, given, rng):
    """`edit_anywhere` in one random token of 3+ letters of surname or given names."""
    words = [(w, True) for w in surname.split()] + [(w, False) for w in given.split()]
    options = [i for i, (w, _) in enumerate(words) if len(w) >= 3]
    if not options:
        return None
    i = rng.choice(options)
    changed = edit_anywhere(words[i][0], rng)
    if changed == words[i][0]:
        return None
    words[i] = (changed, words[i][1])
    return (" ".join(w for w, sur in words if sur), " ".join(w for w, sur in words if not sur))


def un_people():
    """UN consolidated list individuals (fixture) as (reference number, name words,
    whether a Korean national: family name first)."""
    path = ROOT / "tests/data/watchlists/un_consolidated.xml"
    out = []
    for ind in ET.parse(path).getroot().iter("INDIVIDUAL"):
        ref = (ind.findtext("REFERENCE_NUMBER") or "").strip()
        parts = [(ind.findtext(p) or "").strip()
                 for p in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
        words = " ".join(p for p in parts if p).replace("-", " ").replace(",", " ").split()
        words = [w for w in words if w.upper().rstrip(".") not in SUFFIXES]
        korean = any("Korea" in (v.text or "") for v in ind.iter("VALUE"))
        if ref and len(words) >= 2:
            out.append((ref, words, korean))
    return out


def un_booking(words, korean):
    """A UN name as a passport gives it: Korean family name first, any other the last word
    (with a particle before it) as the surname. The given names open with a whole name
    (ABDUL KABIR, ABU UBAYDAH, not ABDUL alone)."""
    if korean:
        return words[0], " ".join(words[1:])
    cut = len(words) - 1
    if cut > 1 and words[cut - 1].upper() in PARTICLES:
        cut -= 1
    return " ".join(words[cut:]), " ".join(words[:cut])


def first_given(given):
    """The first given name of `given`, with the particle or initial it opens with."""
    words = given.split()
    n = 1
    while n < len(words) and (words[n - 1].upper() in PARTICLES + HEADS
                              or len(words[n - 1].rstrip(".")) == 1):
        n += 1
    return " ".join(words[:n])


def first_typo(text, rng):
    words = text.split()
    return " ".join([edit(words[0], rng)] + words[1:])


def respell(text, rng):
    """One transliteration respelling of one token of 4+ letters, if any rule applies."""
    words = text.split()
    order = list(range(len(words)))
    rng.shuffle(order)
    for w in order:
        if len(words[w]) < 4:
            continue
        rules = [(a, b) for a, b in RESPELL if a in words[w][1:]]
        if rules:
            a, b = rng.choice(rules)
            i = words[w].find(a, 1)
            words[w] = words[w][:i] + b + words[w][i + len(a):]
            return " ".join(words)
    return None


def merge(s, g):
    """Join a particle to the next token, or two given names, as one token."""
    for text, is_surname in ((s, True), (g, False)):
        words = re.split(r"[ -]", text)
        for i, w in enumerate(words[:-1]):
            if w.upper() in PARTICLES:
                joined = words[:i] + [w + words[i + 1]] + words[i + 2:]
                return (" ".join(joined), g) if is_surname else (s, " ".join(joined))
    words = g.split()
    if len(words) >= 2:
        return s, " ".join([words[0] + words[1]] + words[2:])
    return None


def particle(s, g):
    """Drop a particle, or write it another way (AL- / EL, BIN / BEN)."""
    swaps = {"AL": "EL", "EL": "AL", "BIN": "BEN", "ABD": "ABDUL", "ABDUL": "ABD", "DE": "DI"}
    for text, is_surname in ((s, True), (g, False)):
        words = re.split(r"[ -]", text)
        for i, w in enumerate(words):
            if w.upper() in PARTICLES and len(words) > 1:
                rest = words[:i] + words[i + 1:] if i % 2 else \
                    words[:i] + [swaps.get(w.upper(), "")] + words[i + 1:]
                text2 = " ".join(x for x in rest if x)
                return (text2, g) if is_surname else (s, text2)
    return None


def in_one_word(text, change, rng):
    """`change` applied to one random word of 4+ letters, if it changes anything."""
    words = text.split()
    order = [i for i, w in enumerate(words) if len(w) >= 4]
    if not order:
        return None
    i = rng.choice(order)
    changed = change(words[i], rng)
    if not changed or changed == words[i]:
        return None
    return " ".join(words[:i] + [changed] + words[i + 1:])


def doubled(word, rng):
    """A doubled letter written once, or a consonant doubled (ASSAD / ASAD, OMAR / OMMAR)."""
    for i in range(1, len(word)):
        if word[i] == word[i - 1] and word[i].isalpha():
            return word[:i] + word[i + 1:]
    inner = [i for i in range(1, len(word) - 1) if word[i].isalpha() and word[i].upper() not in VOWELS]
    if not inner:
        return None
    i = rng.choice(inner)
    return word[:i] + word[i] + word[i:]


def vowel(word, rng):
    """One inner vowel written as another (HABIBI / HIBIBI)."""
    inner = [i for i in range(1, len(word) - 1) if word[i].upper() in VOWELS]
    if len(word) < 5 or not inner:
        return None
    i = rng.choice(inner)
    return word[:i] + rng.choice([v for v in VOWELS if v != word[i].upper()]) + word[i + 1:]


def glued_particle(s):
    """A surname particle glued to its name and written another way (AL-ASSAD / ELASSAD)."""
    m = re.match(r"^(AL|EL|BIN|ABU)[- ](\S+)(.*)$", s, re.I)
    if not m:
        return None
    return GLUED[m.group(1).upper()] + m.group(2) + m.group(3)


def booking(locator, surname, given):
    """A one-traveller PNR on one flight, as the JSON decoder takes it."""
    return {
        "record_locator": locator,
        "travellers": [{"surname": surname, "given_names": given}],
        "segments": [{"origin": "CAI", "destination": "IST", "departure": "2026-12-03T09:15",
                      "marketing_carrier": "PS", "flight_number": "724"}],
    }


def write(out_dir):
    rng = random.Random(7)
    later = random.Random(11)
    anywhere = random.Random(13)
    first_typo_rng = random.Random(19)
    path = ROOT / "tests/data/watchlists/ofac_sdn.csv"
    with open(path, encoding="latin-1") as f:
        rows = [r for r in csv.reader(f) if len(r) > 3 and r[2].strip() == "individual"]
    pnrs, labels = [], []
    for r in rng.sample(rows, min(600, len(rows))):
        if ", " not in r[1]:
            continue
        surname, given = (x.strip() for x in r[1].split(", ", 1))
        given = given.replace(".", "")
        if not given.split():
            continue
        for kind in KINDS:
            s, g = surname, given
            if kind.startswith("drop_middle"):
                if len(given.split()) < 2:
                    continue
                g = given.split()[0]
                if kind == "drop_middle_typo":
                    s = first_typo(s, rng)
            elif kind == "typo_surname":
                s = first_typo(s, rng)
            elif kind == "typo_given":
                g = first_typo(g, rng)
            elif kind == "swap":
                s, g = given, surname
            elif kind == "translit":
                if rng.random() < 0.5:
                    s = respell(s, rng) or s
                else:
                    g = respell(g, rng) or g
                if (s, g) == (surname, given):
                    continue
            elif kind == "merged":
                if not merge(s, g):
                    continue
                s, g = merge(s, g)
            elif kind == "particle":
                if not particle(s, g):
                    continue
                s, g = particle(s, g)
            elif kind == "title":
                g = g + rng.choice(["MR", "MRS", " MR", " MRS"])
            elif kind == "extra_given":
                words = g.split()
                g = " ".join(words[:1] + [rng.choice(EXTRA)] + words[1:])
            elif kind == "initials":
                words = g.split()
                if len(words) < 2:
                    continue
                g = " ".join(words[:1] + [w[0] for w in words[1:]])
            elif kind == "double_typo":
                s, g = first_typo(s, later), first_typo(g, later)
            elif kind in ("doubled", "vowel"):
                s = in_one_word(s, doubled if kind == "doubled" else vowel, later)
                if not s:
                    continue
            elif kind == "glued_particle":
                s = glued_particle(s)
                if not s:
                    continue
            elif kind == "typo_anywhere":
                changed = typo_anywhere(s, g, anywhere)
                if not changed:
                    continue
                s, g = changed
            elif kind == "first_given_typo":
                if first_given(given) == given:
                    continue
                changed = typo_anywhere(s, first_given(given), first_typo_rng)
                if not changed:
                    continue
                s, g = changed
            elif kind.startswith("un_"):
                continue
            elif kind == "given_order":
                words = g.split()
                if len(words) < 2:
                    continue
                g = " ".join(reversed(words))
            elif kind == "truncated":
                if len(s) + len(g) + 1 <= 24:
                    continue
                cut = f"{s}/{g}"[:24]
                s, _, g = cut.partition("/")
                if not g.strip():
                    continue
            locator = "V%05d" % len(pnrs)
            pnrs.append(booking(locator, s, g))
            labels.append([locator, kind, r[0], r[1], f"{s}/{g}"])
    # UN consolidated list individuals (no surname marked), as a passport writes them (see
    # `un_booking`): as listed, with the first given name only, and with a typo anywhere.
    un = random.Random(17)
    un_first = random.Random(23)
    for ref, words, korean in un_people():
        listed = " ".join(words)
        s, g = un_booking(words, korean)
        variants = [("un_listed", s, g)]
        if first_given(g) != g:
            variants.append(("un_first_given", s, first_given(g)))
        changed = typo_anywhere(s, g, un)
        if changed:
            variants.append(("un_typo_anywhere", *changed))
        if first_given(g) != g:
            changed = typo_anywhere(s, first_given(g), un_first)
            if changed:
                variants.append(("un_first_typo", *changed))
        for kind, vs, vg in variants:
            locator = "V%05d" % len(pnrs)
            pnrs.append(booking(locator, vs, vg))
            labels.append([locator, kind, ref, listed, f"{vs}/{vg}"])
    # Clean travellers: the yente synthetic negatives (MIT; the folder PNR_SCREEN_EVAL_DATA
    # names, skipped if unset or absent), split into surname and given names as bookings
    # carry them, without DOB or nationality.
    eval_data = os.environ.get("PNR_SCREEN_EVAL_DATA")
    for name in ("yente_negatives_global.csv", "yente_negatives_us.csv"):
        path = pathlib.Path(eval_data, name) if eval_data else None
        if path is None or not path.exists():
            print(f"skipping clean travellers: {name} not found (PNR_SCREEN_EVAL_DATA)")
            continue
        with open(path, encoding="utf-8") as f:
            rows = [r for r in csv.DictReader(f) if r["last_name"].strip()]
        for r in rng.sample(rows, min(CLEAN_PER_FILE, len(rows))):
            s = r["last_name"].strip()
            g = " ".join(x.strip() for x in (r["first_name"], r["middle_name"]) if x.strip())
            locator = "C%05d" % len(pnrs)
            pnrs.append(booking(locator, s, g))
            labels.append([locator, "clean", None, None, f"{s}/{g}"])
    out = pathlib.Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "pnr.jsonl").write_text("".join(json.dumps(p) + "\n" for p in pnrs))
    (out / "labels.json").write_text(json.dumps(labels))
    print(f"{len(pnrs)} bookings written to {out / 'pnr.jsonl'}")


def score(out_dir, show):
    out = pathlib.Path(out_dir)
    labels = json.loads((out / "labels.json").read_text())
    hits = collections.defaultdict(set)
    for line in (out / "alerts.jsonl").read_text().splitlines():
        alert = json.loads(line)
        for m in alert.get("matches", []):
            hits[alert["record_locator"]].add(m.get("entry_id"))
    total, found = collections.Counter(), collections.Counter()
    misses = collections.defaultdict(list)
    clean = alerted = 0
    false_alerts = []
    for locator, kind, entry, listed, booked in labels:
        if kind == "clean":
            clean += 1
            if hits[locator]:
                alerted += 1
                false_alerts.append(booked)
            continue
        total[kind] += 1
        if entry in hits[locator]:
            found[kind] += 1
        else:
            misses[kind].append((booked, listed))
    for kind in KINDS:
        if total[kind]:
            print(f"{kind:18} {found[kind]:4}/{total[kind]:<4} recall {found[kind] / total[kind]:.3f}")
    print(f"{'all':18} {sum(found.values()):4}/{sum(total.values()):<4}")
    if clean:
        print(f"{'clean travellers':18} {alerted:4}/{clean:<4} alerted "
              f"= {1000 * alerted / clean:.2f} per 1,000")
    for kind in KINDS:
        for booked, listed in misses[kind][:show]:
            print(f"  missed {kind}: {booked}  (listed {listed})")
    for booked in false_alerts[:show]:
        print(f"  false alert: {booked}")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "write":
        write(sys.argv[2])
    elif len(sys.argv) >= 3 and sys.argv[1] == "score":
        score(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 0)
    else:
        sys.exit(__doc__)
