#!/usr/bin/env bash
# Side-by-side run on this machine: pnr-screen's indexed matcher (and its exhaustive
# reference) vs RapidFuzz brute force (cdist, Jaro-Winkler, all cores), same names/queries.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
python3 -c "import rapidfuzz, numpy" 2>/dev/null || pip install -q rapidfuzz numpy
cargo bench --locked --bench scale -- --dump "$dir" "$@"
python3 benches/rapidfuzz_compare.py "$dir"
rm -rf "$dir"
