#!/usr/bin/env bash
# The project's test command: installs build dependencies, starts a real single-node Apache
# Kafka (KRaft) on 127.0.0.1 from Maven Central jars, and runs every test against it,
# including the real-broker integration tests. Stops the broker on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

deploy/install-deps.sh
export KAFKA_PORT=${KAFKA_PORT:-39092}
deploy/kafka.sh start
trap 'deploy/kafka.sh stop' EXIT
export PNR_SCREEN_TEST_BOOTSTRAP="127.0.0.1:$KAFKA_PORT"
# The labelled evaluation sets are not part of the repository: by default the project's
# shared data folder beside it, when present; the quality regression test skips without.
eval_data=${PNR_SCREEN_EVAL_DATA:-../shared/data/watchlists/eval}
if [ -d "$eval_data" ]; then
  PNR_SCREEN_EVAL_DATA=$(cd "$eval_data" && pwd)
  export PNR_SCREEN_EVAL_DATA
fi

cargo test --locked
# Benches are type-checked by `cargo clippy --all-targets` in .ci/run; run them with cargo bench.
