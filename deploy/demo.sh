#!/usr/bin/env bash
# The demo command: installs build dependencies, builds pnr-screen and runs
# `pnr-screen demo` on librdkafka's in-process mock cluster (no broker needed).
# Extra arguments go to `pnr-screen demo` (e.g. --messages 1000).
set -euo pipefail
cd "$(dirname "$0")/.."

deploy/install-deps.sh --build-only
cargo run --locked --release --quiet -- demo "$@"
