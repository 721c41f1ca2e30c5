#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with Clang (ASan + UBSan, asserts on) in their own
# build directory and runs each one for a time or a number of executions (docs/fuzzing.md).
#
#   scripts/fuzz.sh                      every target for 10 seconds (the default)
#   scripts/fuzz.sh --seconds 60         every target for 60 seconds (CI)
#   scripts/fuzz.sh --runs 10000000 csv  one target for ten million executions
#
# The checked-in corpus (tests/fuzz/corpus/<target>/) is copied to a scratch directory first,
# so a run never changes the repository. Exits non-zero when any target reports a crash, a
# leak, a sanitizer error, a timeout or running out of memory; the input that did it is kept in
# the scratch directory, whose path is printed. Prints per target the executions, exec/s,
# coverage and corpus size.
set -euo pipefail
cd "$(dirname "$0")/.."

all_targets=(csv list_votes_csv protocol_csv protocol_jsonl turnout_csv commission_table election_data
             column_mapping observer_records signing_keys export_provenance store_rows
             http_parsing server_requests snapshot)
seconds=10
runs=""
build_dir=build-fuzz
keep=no
targets=()

usage() {
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
  echo "Options: --seconds N | --runs N, --build-dir DIR (default build-fuzz), --keep (keep the"
  echo "scratch directory), then target names (default: all of ${all_targets[*]})."
}

while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; runs=""; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --build-dir) build_dir="$2"; shift 2 ;;
    --keep) keep=yes; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
if [ ${#targets[@]} -eq 0 ]; then
  targets=("${all_targets[@]}")
fi

if ! command -v clang++ >/dev/null; then
  echo "fuzz.sh: clang++ not found; install the Debian packages clang and libclang-rt-14-dev" >&2
  exit 2
fi
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
# RelWithDebInfo: optimised, with line numbers in the sanitizers' stack traces; ESEP_FUZZ keeps
# the asserts on. Tests are off: this build directory holds only the fuzz targets.
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ "${launcher[@]}" -DESEP_FUZZ=ON -DESEP_BUILD_TESTS=OFF >/dev/null
ninja_targets=()
for target in "${targets[@]}"; do
  ninja_targets+=("${target}_fuzz")
done
cmake --build "$build_dir" --target "${ninja_targets[@]}" -- -j "$(nproc)"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/esep-fuzz.XXXXXX")
# A UBSan report aborts (the build has no recovery) with a stack trace; ASan looks for leaks.
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"

if [ -n "$runs" ]; then
  limit=(-runs="$runs")
else
  limit=(-max_total_time="$seconds")
fi

failed=()
printf '%-18s %12s %8s %6s %7s %14s %s\n' target executions exec/s cov ft corpus result
for target in "${targets[@]}"; do
  work="$scratch/$target"
  mkdir -p "$work/corpus"
  if [ -d "tests/fuzz/corpus/$target" ]; then
    cp -r "tests/fuzz/corpus/$target/." "$work/corpus/"
  fi
  dictionary=()
  if [ -f "tests/fuzz/$target.dict" ]; then
    dictionary=(-dict="tests/fuzz/$target.dict")
  fi
  # -timeout: an input that takes 10 s is a hang; -rss_limit_mb: 2 GB is running out of memory.
  status=0
  "$build_dir/tests/fuzz/${target}_fuzz" "${limit[@]}" "${dictionary[@]}" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$work/" "$work/corpus" \
    >"$work/log" 2>&1 || status=$?
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$work/log" | tail -1 || true)
  coverage=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  features=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corpus=$(sed -n 's/.* corp: \([^ ]*\).*/\1/p' <<<"$last")
  result=ok
  if [ "$status" -ne 0 ] || grep -qE '^(==[0-9]+== ?ERROR|SUMMARY: )|runtime error:' "$work/log"; then
    result="FAILED (exit $status): $work/log"
    failed+=("$target")
  fi
  printf '%-18s %12s %8s %6s %7s %14s %s\n' "$target" "${executions:-?}" "${speed:-?}" \
    "${coverage:-?}" "${features:-?}" "${corpus:-?}" "$result"
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: ${#failed[@]} target(s) failed: ${failed[*]}" >&2
  echo "The logs and the inputs that failed (crash-*, leak-*, timeout-*, oom-*) are in $scratch;" >&2
  echo "reproduce one with: $build_dir/tests/fuzz/<target>_fuzz <input>" >&2
  exit 1
fi
if [ "$keep" = yes ]; then
  echo "Scratch directory kept: $scratch"
else
  rm -rf "$scratch"
fi
