#!/usr/bin/env bash
# Installs radfed's build and test dependencies from Debian 12 packages.
# Idempotent: when every package is present it changes nothing and needs no privileges.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libssl-dev libeigen3-dev libdcmtk-dev zlib1g-dev
  libyaml-cpp-dev libcli11-dev libspdlog-dev nlohmann-json3-dev libsqlite3-dev libmicrohttpd-dev
  libqhull-dev libfftw3-dev
  jq  # scripts/demo.sh reads the study results
  libgtest-dev libgmock-dev libbenchmark-dev
)
# Extras for the test command: libFuzzer (clang runtime), systemd-analyze for unit files,
# headless chromium for the report's browser test.
if [[ "${1:-}" == "--test" ]]; then
  packages+=(clang libclang-rt-14-dev systemd chromium)
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install ${missing[*]}" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
