#!/usr/bin/env bash
# The house style, checked: clang-format (.clang-format) on every source file, then clang-tidy
# (.clang-tidy) on every .cc under src/ and tests/ with the build's compile_commands.json,
# skipping a file whose exact input was already found clean (see below).
# Exits non-zero on any finding (clang-tidy has WarningsAsErrors: '*').
#
# The static analyzer (clang-analyzer-*) runs on production code only: over GoogleTest's macro
# expansions it takes about a minute per test file (70 s against 10 s without it), which would
# make lint the slowest step of CI; every other check runs on the tests too. clang-tidy's time
# goes mostly to matching the checks over every template instantiated from the headers (CLI11,
# nlohmann-json, fmt, GoogleTest), not to the analyzer: on src/cli/audit_command.cc, 34 s of
# processor time with the analyzer, 27 s without, 10 s of it performance-unnecessary-value-param.
set -euo pipefail
build_dir="${1:-build}"
cd "$(dirname "$0")/.."
if [ ! -f "$build_dir/compile_commands.json" ]; then
  echo "lint: $build_dir/compile_commands.json is missing; run 'make configure' first" >&2
  exit 1
fi

# tests/layering/ holds fake source trees for the layering check's own test: formatted like the
# rest, but not compiled, so clang-tidy (which needs compile_commands.json) skips them.
mapfile -t sources < <(find src tests tools -name '*.h' -o -name '*.cc' | sort)
clang-format --dry-run --Werror "${sources[@]}"
echo "lint: clang-format: ${#sources[@]} files formatted"

# tests/fuzz/ is compiled only with clang and ESEP_FUZZ (scripts/fuzz.sh), so the Release
# build's compile_commands.json does not have it: clang-format checks it, clang-tidy cannot.
# The load tool's coroutines (tools/serve_load*.cc) go with the tests, without the static
# analyzer: clang 14's analyzer does not model C++20 coroutine frames and reports Boost.Asio's
# awaitable frame pointer as uninitialised at every co_await (docs/linting.md).
mapfile -t code < <(find src tools -name '*.cc' ! -name '*_test.cc' ! -name 'serve_load*.cc' | sort)
mapfile -t tests < <( (find src tests -path tests/layering -prune -o -path tests/fuzz -prune -o \
  \( -name '*_test.cc' -o -path 'tests/*.cc' \) -print; find tools -name 'serve_load*.cc') | sort -u)
# clang-tidy runs on every core, the largest files first, and skips a file whose exact input
# (the preprocessed file with its comments, flags, configuration and tool versions) is in the
# committed cache of clean results, .ci/clang-tidy-clean; the cache is rewritten with the keys
# of every file clean now (scripts/clang-tidy-files, docs/linting.md). ESEP_TIDY_NO_CACHE=1
# checks every file.
cache_options=(--record)
if [ "${ESEP_TIDY_NO_CACHE:-0}" = 1 ]; then
  cache_options=(--no-cache)
fi
scripts/clang-tidy-files "$build_dir" "${cache_options[@]}" --code "${code[@]}" \
  --tests "${tests[@]}"
echo "lint: clang-tidy: ${#code[@]} source and ${#tests[@]} test files clean"
