#!/usr/bin/env bash
# Installs the system packages pnr-screen needs to build (bundled librdkafka via CMake) and
# to run its real-broker tests (Java 17 + Maven fetch and run Apache Kafka). Idempotent:
# only missing packages are installed. Needs root or sudo on Debian/Ubuntu.
set -euo pipefail

packages=(build-essential cmake pkg-config zlib1g-dev libcurl4-openssl-dev libssl-dev)
if [ "${1:-}" != "--build-only" ]; then
  command -v java >/dev/null || packages+=(openjdk-17-jre-headless)
  command -v mvn >/dev/null || packages+=(maven)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "[install-deps] installing: ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null; then
  echo "[install-deps] cargo (Rust >= 1.88) is required: https://rustup.rs" >&2
  exit 1
fi
