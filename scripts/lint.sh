#!/usr/bin/env bash
# The house style, checked: clang-format (.clang-format) on every source file, then clang-tidy
# (.clang-tidy) on every .cc under src/ and tests/ with the build's compile_commands.json.
# Exits non-zero on any finding (clang-tidy has WarningsAsErrors: '*').
set -euo pipefail
build_dir="${1:-build}"
cd "$(dirname "$0")/.."
if [ ! -f "$build_dir/compile_commands.json" ]; then
  echo "lint: $build_dir/compile_commands.json is missing; run 'make configure' first" >&2
  exit 1
fi
mapfile -t sources < <(find src tests -name '*.h' -o -name '*.cc' | sort)
clang-format --dry-run --Werror "${sources[@]}"
echo "lint: clang-format: ${#sources[@]} files formatted"
mapfile -t files < <(find src tests -name '*.cc' | sort)
# One process per core; GCC's flags that clang does not know are dropped by clang-tidy itself.
printf '%s\n' "${files[@]}" |
  xargs -P "$(nproc)" -n 4 clang-tidy -p "$build_dir" --quiet 2>/dev/null
echo "lint: clang-tidy: ${#files[@]} files clean"
