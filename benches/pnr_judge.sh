#!/usr/bin/env bash
# Judge-style PNR check (see benches/pnr_judge/gen.py): variants of listed people generated
# apart from benches/pnr_variants.py, and clean travellers of nine populations, screened by the
# release binary names only (run1), with DOB, nationality and gender (run2), and with a DOB
# entry error on the variants (run3). `bash benches/pnr_judge.sh` prints the summary;
# `bash benches/pnr_judge.sh full` prints every clean alert and miss too.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cargo build --locked --release --quiet
python3 benches/pnr_judge/gen.py --out "$dir" > /dev/null
for run in run1 run2 run3; do
  target/release/pnr-screen screen -c deploy/pnr-screen.example.toml \
    -i "$dir/$run.jsonl" -o "$dir/$run.out" 2>/dev/null
  if [ "${1:-}" = full ]; then
    target/release/pnr-screen screen -c "$dir/cfg_low.toml" \
      -i "$dir/$run.jsonl" -o "$dir/$run.low.out" 2>/dev/null
  fi
done
if [ "${1:-}" = full ]; then
  python3 benches/pnr_judge/score.py "$dir" run1 run2 run3
else
  python3 benches/pnr_judge/score.py "$dir" run1 run2 run3 | grep -E "=====|OVERALL|clean:"
fi
