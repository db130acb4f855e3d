#!/usr/bin/env python3
"""PNR-shaped recall check: variants of OFAC SDN individuals, screened by `pnr-screen screen`.

For 600 individuals of the fixture SDN list (tests/data/watchlists/ofac_sdn.csv, public
domain) it writes bookings the way airlines send them, without DOB or nationality: the
listed name as is, a one-letter typo in the surname or in the first given name, surname
and given names swapped, the surname with the first given name only (middle names and
patronymics dropped), and that with a surname typo. It then reads the alerts and reports,
per variant, how many bookings hit their own entry.

    python3 benches/pnr_variants.py write DIR      # DIR/pnr.jsonl, DIR/labels.json
    pnr-screen screen -c deploy/pnr-screen.example.toml -i DIR/pnr.jsonl -o DIR/alerts.jsonl
    python3 benches/pnr_variants.py score DIR [N]   # recall per variant (N misses shown)

`bash benches/pnr_variants.sh` runs all three.
"""
import collections
import csv
import json
import pathlib
import random
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
KINDS = ["full", "typo_surname", "typo_given", "swap", "drop_middle", "drop_middle_typo"]


def edit(word, rng):
    """One random edit (delete, insert, substitute, swap) inside a word of 5+ letters."""
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    c = rng.choice("AEIOUNRSTLMKH")
    op = rng.randrange(4)
    if op == 0:
        return word[:i] + word[i + 1:]
    if op == 1:
        return word[:i] + c + word[i:]
    if op == 2:
        return word[:i] + c + word[i + 1:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def first_typo(text, rng):
    words = text.split()
    return " ".join([edit(words[0], rng)] + words[1:])


def write(out_dir):
    rng = random.Random(7)
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
            locator = "V%05d" % len(pnrs)
            pnrs.append({
                "record_locator": locator,
                "travellers": [{"surname": s, "given_names": g}],
                "segments": [{"origin": "CAI", "destination": "IST",
                              "departure": "2026-12-03T09:15",
                              "marketing_carrier": "PS", "flight_number": "724"}],
            })
            labels.append([locator, kind, r[0], r[1], f"{s}/{g}"])
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
    for locator, kind, entry, listed, booked in labels:
        total[kind] += 1
        if entry in hits[locator]:
            found[kind] += 1
        else:
            misses[kind].append((booked, listed))
    for kind in KINDS:
        if total[kind]:
            print(f"{kind:18} {found[kind]:4}/{total[kind]:<4} recall {found[kind] / total[kind]:.3f}")
    print(f"{'all':18} {sum(found.values()):4}/{sum(total.values()):<4}")
    for kind in KINDS:
        for booked, listed in misses[kind][:show]:
            print(f"  missed {kind}: {booked}  (listed {listed})")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "write":
        write(sys.argv[2])
    elif len(sys.argv) >= 3 and sys.argv[1] == "score":
        score(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 0)
    else:
        sys.exit(__doc__)
