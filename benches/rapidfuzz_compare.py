#!/usr/bin/env python3
"""Brute-force baseline with RapidFuzz, on the same names and queries as `benches/scale.rs`.

    cargo bench --bench scale -- --dump /tmp/pnr-names      # writes <label>.names.txt / .queries.txt
    pip install rapidfuzz
    python3 benches/rapidfuzz_compare.py /tmp/pnr-names

For each dumped list: `rapidfuzz.process.cdist(queries, names, scorer=JaroWinkler,
workers=-1, score_cutoff=0.88)` over whole (normalised) names, the fastest brute force a user
would pick; reports queries per second. Compare with the indexed figures printed by the
scale bench in the same run (benches/compare.sh runs both)."""
import sys
import time
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler


def main(folder: str, max_queries: int = 2000) -> None:
    for names_file in sorted(Path(folder).glob("*.names.txt")):
        label = names_file.name.removesuffix(".names.txt")
        names = names_file.read_text().splitlines()
        queries = (names_file.parent / f"{label}.queries.txt").read_text().splitlines()
        # Bound the run: brute force at 1M names is slow.
        budget = max(10, min(max_queries, int(2e8 // max(len(names), 1))))
        queries = queries[:budget]
        t = time.perf_counter()
        process.cdist(queries, names, scorer=JaroWinkler.similarity, workers=-1, score_cutoff=0.88, dtype="float32")
        dt = time.perf_counter() - t
        print(f"{label:<22} names {len(names):>8}  rapidfuzz cdist JW brute force: {len(queries) / dt:>9.1f} queries/s ({len(queries)} queries, {dt:.1f} s)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/pnr-names")
