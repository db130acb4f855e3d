#!/usr/bin/env python3
"""Messy-input check: listed travellers in bookings with the odd values real feeds carry.

For 600 individuals of the fixture SDN list (tests/data/watchlists/ofac_sdn.csv, public
domain) it writes one booking per mess kind: the listed traveller under their listed name,
travelling with a clean co-traveller, with one kind of mess in the booking. The messes are
values real PNR and API feeds carry (ICAO 9303 country codes, dates of birth at year or
month precision or as YYYYMMDD, impossible dates, IATA passenger types, PNRGOV contact and
payment codes, 4-letter ICAO airports, a departure without a time, unknown codes, wrong
JSON types), on the co-traveller, on the listed traveller or on the booking, and evasions
of the listed name (letters spaced or dotted, invisible characters, an emoji, a `name`
field that contradicts `surname`), and a placeholder co-traveller (`FNU/FNU`, `*`).

It then reads the alerts and the refused lines and reports, per mess kind, how many
bookings were refused, how many listed travellers were found, and how many travellers were
alerted as unscreenable.

    python3 benches/pnr_messy.py write DIR     # DIR/pnr.jsonl, DIR/labels.json
    pnr-screen screen -c deploy/pnr-screen.example.toml -i DIR/pnr.jsonl -o DIR/alerts.jsonl 2> DIR/errors.txt
    python3 benches/pnr_messy.py score DIR

`bash benches/pnr_messy.sh` runs all three.
"""
import collections
import csv
import json
import pathlib
import random
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent

CO = {"surname": "PETERSEN", "given_names": "ANNA", "date_of_birth": "1988-02-29",
      "gender": "F", "nationality": "DNK"}

# (kind, where, field, value): `where` is co (the co-traveller), listed, or pnr.
FIELD_MESSES = [
    ("stateless_document", "co", "nationality", "XXA"),
    ("refugee_document", "listed", "nationality", "XXB"),
    ("kosovo_unk", "co", "nationality", "UNK"),
    ("un_passport", "co", "nationality", "UNO"),
    ("british_overseas", "co", "nationality", "GBO"),
    ("german_d", "listed", "nationality", "D"),
    ("lowercase_alpha2", "co", "nationality", "dk"),
    ("empty_country", "co", "nationality", ""),
    ("unknown_country", "co", "nationality", "ZZZ"),
    ("country_number", "co", "nationality", 208),
    ("dob_year", "listed", "date_of_birth", "YEAR_OF_BIRTH"),
    ("dob_month", "co", "date_of_birth", "1988-02"),
    ("dob_compact", "co", "date_of_birth", "19880229"),
    ("dob_zeros", "co", "date_of_birth", "1988-00-00"),
    ("dob_impossible", "co", "date_of_birth", "1988-02-30"),
    ("dob_all_zero", "listed", "date_of_birth", "0000-00-00"),
    ("dob_slashes", "co", "date_of_birth", "29/02/1988"),
    ("passenger_adt", "co", "passenger_type", "ADT"),
    ("passenger_chd", "co", "passenger_type", "CHD"),
    ("passenger_unknown", "co", "passenger_type", "YTH"),
    ("gender_unknown", "co", "gender", "Q"),
    ("check_in_unknown", "co", "check_in", "LOST"),
    ("document_no_number", "co", "documents", [{"type": "P", "number": ""}]),
    ("document_not_a_list", "co", "documents", "P123456"),
    ("contact_fax", "pnr", "contacts", [{"type": "fax", "value": "+45 33 00 00 00"}]),
    ("contact_unknown", "pnr", "contacts", [{"type": "pager", "value": "5550100"}]),
    ("payment_cc", "pnr", "payments", [{"form": "CC", "card_number": "4111111111111111"}]),
    ("payment_unknown", "pnr", "payments", [{"form": "VOUCHER"}]),
    ("icao_airports", "segment", "origin", "HECA"),
    ("departure_day_only", "segment", "departure", "2026-12-03"),
    ("departure_garbage", "segment", "departure", "tomorrow"),
    ("airport_garbage", "segment", "destination", "IST AIRPORT"),
    ("booked_at_number", "pnr", "booked_at", 20261120),
    ("history_broken", "pnr", "history", [{"at": "yesterday", "action": "changed"}]),
]

NAME_MESSES = ["spaced_letters", "dotted_letters", "zero_width", "emoji", "name_contradicts",
               "placeholder_co", "star_co"]
KINDS = [k for k, *_ in FIELD_MESSES] + NAME_MESSES


def spaced(word, sep):
    return sep.join(word)


def write(out_dir):
    rng = random.Random(23)
    out = pathlib.Path(out_dir)
    path = ROOT / "tests/data/watchlists/ofac_sdn.csv"
    with open(path, encoding="latin-1") as f:
        rows = [r for r in csv.reader(f) if len(r) > 3 and r[2].strip() == "individual"]
    pnrs, labels = [], []
    for r in rng.sample(rows, min(600, len(rows))):
        if ", " not in r[1]:
            continue
        surname, given = (x.strip() for x in r[1].split(", ", 1))
        given = given.replace(".", "")
        if not given.split() or not re.fullmatch(r"[A-Z' -]+", surname):
            continue
        entry = r[0].strip()
        for kind in KINDS:
            locator = f"M{len(pnrs):06d}"
            listed = {"surname": surname, "given_names": given}
            co = dict(CO)
            pnr = {"record_locator": locator, "travellers": [co, listed],
                   "segments": [{"origin": "CAI", "destination": "IST",
                                 "departure": "2026-12-03T09:15", "marketing_carrier": "PS",
                                 "flight_number": "724"}]}
            expect_unscreenable = 0
            messes = {k: (w, f, v) for k, w, f, v in FIELD_MESSES}
            if kind in messes:
                where, field, value = messes[kind]
                if value == "YEAR_OF_BIRTH":
                    # The listed person's own year of birth, as the list gives it.
                    m = re.search(r"DOB[^;]*?(\d{4})", r[-1])
                    if not m:
                        continue
                    value = m.group(1)
                target = {"co": co, "listed": listed, "pnr": pnr,
                          "segment": pnr["segments"][0]}[where]
                target[field] = value
            elif kind == "spaced_letters":
                listed["surname"] = " ".join(spaced(w, " ") for w in surname.split())
            elif kind == "dotted_letters":
                listed["surname"] = " ".join(spaced(w, ".") for w in surname.split())
            elif kind == "zero_width":
                w = surname
                listed["surname"] = w[: len(w) // 2] + "\u200b" + w[len(w) // 2:]
            elif kind == "emoji":
                w = surname
                listed["surname"] = w[: len(w) // 2] + "\U0001F600" + w[len(w) // 2:]
            elif kind == "name_contradicts":
                listed["surname"], listed["given_names"] = "PETERSEN", "JOHN"
                listed["name"] = f"{surname}/{given} MR"
            elif kind == "placeholder_co":
                co["surname"], co["given_names"] = "FNU", "FNU"
                expect_unscreenable = 1
            elif kind == "star_co":
                co.pop("surname")
                co.pop("given_names")
                co["name"] = "*"
                expect_unscreenable = 1
            pnrs.append(pnr)
            labels.append((locator, kind, entry, expect_unscreenable))
    with open(out / "pnr.jsonl", "w") as f:
        for p in pnrs:
            f.write(json.dumps(p) + "\n")
    (out / "labels.json").write_text(json.dumps(labels))
    print(f"{len(pnrs)} bookings, {len(KINDS)} mess kinds", file=sys.stderr)


def score(out_dir):
    out = pathlib.Path(out_dir)
    labels = json.loads((out / "labels.json").read_text())
    hits = collections.defaultdict(set)
    unscreenable = collections.Counter()
    for line in (out / "alerts.jsonl").read_text().splitlines():
        alert = json.loads(line)
        for m in alert.get("matches", []):
            hits[alert["record_locator"]].add(m.get("entry_id"))
        if alert.get("unscreenable"):
            unscreenable[alert["record_locator"]] += 1
    refused_lines = set()
    errors = out / "errors.txt"
    if errors.exists():
        for line in errors.read_text().splitlines():
            m = re.match(r".*?:(\d+): ", line)
            if m:
                refused_lines.add(int(m.group(1)))
    total, found, refused = collections.Counter(), collections.Counter(), collections.Counter()
    unscreenable_found, unscreenable_expected = collections.Counter(), collections.Counter()
    for i, (locator, kind, entry, expect_unscreenable) in enumerate(labels):
        total[kind] += 1
        if i + 1 in refused_lines:
            refused[kind] += 1
        if entry in hits[locator]:
            found[kind] += 1
        unscreenable_expected[kind] += expect_unscreenable
        unscreenable_found[kind] += min(unscreenable[locator], expect_unscreenable)
    print(f"{'mess kind':20} {'refused':>9} {'found':>11} {'unscreenable alerted':>22}")
    for kind in KINDS:
        u = (f"{unscreenable_found[kind]}/{unscreenable_expected[kind]}"
             if unscreenable_expected[kind] else "-")
        print(f"{kind:20} {refused[kind]:4}/{total[kind]:<4} {found[kind]:5}/{total[kind]:<5} "
              f"{u:>22}")
    n = sum(total.values())
    print(f"{'all':20} {sum(refused.values()):4}/{n:<4} {sum(found.values()):5}/{n:<5} "
          f"recall {sum(found.values()) / n:.3f}")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "write":
        write(sys.argv[2])
    elif len(sys.argv) >= 3 and sys.argv[1] == "score":
        score(sys.argv[2])
    else:
        sys.exit(__doc__)
