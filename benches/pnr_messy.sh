#!/usr/bin/env bash
# Messy-input check (see benches/pnr_messy.py): listed travellers in bookings with the odd
# values real feeds carry, screened with the release binary; prints refusals, recall and
# unscreenable alerts per mess kind. PNR_SCREEN_BIN names another binary to compare.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
bin=${PNR_SCREEN_BIN:-target/release/pnr-screen}
if [ -z "${PNR_SCREEN_BIN:-}" ]; then
  cargo build --locked --release --quiet
fi
python3 benches/pnr_messy.py write "$dir"
"$bin" screen -c deploy/pnr-screen.example.toml -i "$dir/pnr.jsonl" -o "$dir/alerts.jsonl" \
  2> "$dir/errors.txt" || true
python3 benches/pnr_messy.py score "$dir"
