#!/usr/bin/env bash
# Builds radfed and runs every test (unit, integration, conformance, fuzz smoke runs).
# Installs missing Debian packages first. Usage: scripts/test.sh [extra ctest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh --test
jobs=$(nproc)
cmake --preset dev
cmake --build --preset dev -j "$jobs"
ctest --preset dev -j "$jobs" "$@"
