#!/usr/bin/env bash
# PNR-shaped recall check (see benches/pnr_variants.py): writes variant bookings of OFAC SDN
# individuals, screens them with the release binary, and prints recall per variant.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cargo build --locked --release --quiet
# Clean travellers come from the labelled evaluation sets, by default the project's shared
# data folder beside the repository (skipped when absent).
eval_data=${PNR_SCREEN_EVAL_DATA:-../shared/data/watchlists/eval}
if [ -d "$eval_data" ]; then
  PNR_SCREEN_EVAL_DATA=$(cd "$eval_data" && pwd)
  export PNR_SCREEN_EVAL_DATA
fi
python3 benches/pnr_variants.py write "$dir"
target/release/pnr-screen screen -c deploy/pnr-screen.example.toml \
  -i "$dir/pnr.jsonl" -o "$dir/alerts.jsonl" 2>/dev/null
python3 benches/pnr_variants.py score "$dir" "${1:-0}"
