#!/usr/bin/env bash
# Rewrites the expected files of every golden case (tests/golden/<area>/<case>/) from the
# current `esep` binary: builds esep and the golden runner, runs every case with
# ESEP_GOLDEN_UPDATE=1, then runs them again normally to show that they pass.
#
# Use it after an intended change of output, and review `git diff tests/golden` before
# committing: the diff is the change users will see. docs/testing.md explains the cases.
#
#   scripts/regenerate-golden.sh [BUILD_DIR] [GTEST_FILTER]
#   scripts/regenerate-golden.sh build 'Cases/GoldenTest.OutputMatches/export_*'
set -euo pipefail
build_dir="${1:-build}"
filter="${2:-Cases/GoldenTest.*}"
cd "$(dirname "$0")/.."
if [ ! -f "$build_dir/build.ninja" ] && [ ! -f "$build_dir/Makefile" ]; then
  echo "regenerate-golden: $build_dir is not configured; run 'make configure' first" >&2
  exit 1
fi
cmake --build "$build_dir" --target esep golden_test
ESEP_GOLDEN_UPDATE=1 "$build_dir/tests/golden_test" --gtest_filter="$filter" --gtest_brief=1
"$build_dir/tests/golden_test" --gtest_filter="$filter" --gtest_brief=1
git status --short tests/golden
echo "regenerate-golden: review 'git diff tests/golden' before committing"
