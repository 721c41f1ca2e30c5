#!/usr/bin/env bash
# Installs the Debian 12 packages esep needs, and nothing else.
#   scripts/setup.sh           what `make run`, `make test`, `make test-sanitize`, `make lint`,
#                              `make layering` and the fuzz targets need
#   scripts/setup.sh --bench   also what bench/run.sh and bench/audit.sh need
#   scripts/setup.sh --web     also what `make web` and `make test-web` need
# As root it runs apt-get itself; otherwise it prints the exact command and stops.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config
  ccache  # the Makefile compiles through it when present: rebuilds and CI reruns recompile less
  libfmt-dev libcli11-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev
  libsqlite3-dev libssl-dev
  libsodium-dev  # Ed25519: signed chain heads and exports (src/base/ed25519.h)
  # Boost 1.81 (headers only): Math (the forensics' p-values), Beast and Asio (esep serve).
  # It replaces Debian's default 1.74 (libboost-dev), whose Beast is four years older.
  libboost1.81-dev
  python3  # scripts/module-graph (the layering check) and the tests' helper scripts
  python3-jsonschema  # the ERR export test validates against the NIST schema
  clang-format clang-tidy  # make lint (scripts/lint.sh)
  clang libclang-rt-14-dev  # the libFuzzer targets (clang's fuzzer and sanitizer runtimes)
)
bench_packages=(
  python3-pandas  # bench/run.sh sums the protocols with pandas too
  sqlite3  # bench/run.sh: the sqlite3 shell's .import + GROUP BY
  time  # /usr/bin/time: wall time and peak memory of every benchmark step
  wrk  # bench/portal_load.sh: the published snapshot under load, nginx beside esep serve
  nginx  # ... and the portal's browser tests: the snapshot served as a CDN would (deploy/)
)

case "${1:-}" in
  "") ;;
  --bench) packages+=("${bench_packages[@]}") ;;
  --web)
    # The web application (web/): Node.js and npm build it, chromium runs its browser tests.
    # Debian's packages only when the commands are missing: a machine with another Node.js (18
    # or newer) keeps it.
    command -v node >/dev/null 2>&1 || packages+=(nodejs)
    command -v npm >/dev/null 2>&1 || packages+=(npm)
    [ -x /usr/bin/chromium ] || packages+=(chromium)
    # The portal's browser tests serve a published snapshot with nginx (deploy/nginx/).
    [ -x /usr/sbin/nginx ] || packages+=(nginx)
    ;;
  *)
    echo "usage: scripts/setup.sh [--bench | --web]" >&2
    exit 2
    ;;
esac

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "esep needs these Debian packages: ${missing[*]}" >&2
  echo "Run as root:  apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "Installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
