#!/usr/bin/env bash
# Builds radfed and runs every test (unit, integration, conformance), then the fuzz smoke runs
# (scripts/fuzz-smoke.sh: each reader's libFuzzer target for RADFED_FUZZ_SECONDS, default 60 s, so
# about 5 minutes plus the fuzz build). Installs missing Debian packages first.
# Usage: scripts/test.sh [extra ctest arguments]; with arguments (a selection of tests) the fuzz
# runs are skipped, and RADFED_FUZZ_SECONDS=0 skips them too.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh --test
jobs=$(nproc)
cmake --preset dev
cmake --build --preset dev -j "$jobs"
ctest --preset dev -j "$jobs" "$@"
if (($# == 0)) && [[ ${RADFED_FUZZ_SECONDS:-60} != 0 ]]; then
  RADFED_FUZZ_JOBS=$jobs scripts/fuzz-smoke.sh
fi
