#!/usr/bin/env bash
# The benchmark of issue 3 §7 (docs/benchmarks.md): generate a synthetic election of N precincts
# (2 protocols each), then load and sum its protocols with esep (in memory, and into a store),
# with the sqlite3 shell (.import + GROUP BY) and with Python pandas, timing each step and its
# peak memory with /usr/bin/time, and check that every tool finds the same totals.
#
# Usage: bench/run.sh [PRECINCTS] [SEED]      (defaults: 1000000 7)
# Environment: ESEP (default build/esep, then build-rel/esep), PYTHON (default /usr/bin/python3),
#              SQLITE3 (default sqlite3), KEEP=1 to keep the temporary directory.
# Everything it generates is synthetic and is written to a fresh temporary directory.

set -euo pipefail

precincts="${1:-1000000}"
seed="${2:-7}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
esep="${ESEP:-}"
if [[ -z "$esep" ]]; then
  for candidate in "$root/build/esep" "$root/build-rel/esep"; do
    if [[ -x "$candidate" ]]; then
      esep="$candidate"
      break
    fi
  done
fi
python="${PYTHON:-/usr/bin/python3}"
sqlite="${SQLITE3:-sqlite3}"

die() {
  echo "bench/run.sh: $*" >&2
  exit 1
}
# What the benchmark needs beyond the build (pandas, the sqlite3 shell, /usr/bin/time): installed
# as root, or the apt-get command printed otherwise.
"$root/scripts/setup.sh" --bench || die "missing packages: see above (scripts/setup.sh --bench)"
[[ -n "$esep" && -x "$esep" ]] || die "no esep binary: build it (cmake --build build) or set ESEP"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (Debian package 'time'): run scripts/setup.sh --bench"
command -v "$sqlite" > /dev/null || die "the sqlite3 shell is missing (Debian package 'sqlite3'): run scripts/setup.sh --bench"
"$python" -c 'import pandas' 2> /dev/null ||
  die "$python cannot import pandas (Debian package 'python3-pandas'): run scripts/setup.sh --bench"

work="$(mktemp -d "${TMPDIR:-/tmp}/esep-bench.XXXXXX")"
if [[ "${KEEP:-0}" != 1 ]]; then
  trap 'rm -rf "$work"' EXIT
fi
election="$work/election"
protocols="$election/protocols.csv"
rows=()

# run NAME COMMAND...: runs the command under /usr/bin/time, stdout to $work/NAME.out, and
# records its wall time, processor time (user + system: what the step costs on a machine whose
# cores are shared) and peak resident memory. Fails loudly if the command does.
run() {
  local name="$1"
  shift
  if ! /usr/bin/time -f '%e %U %S %M' -o "$work/$name.time" "$@" > "$work/$name.out" \
    2> "$work/$name.err"; then
    cat "$work/$name.err" >&2
    die "'$name' failed: $*"
  fi
  local wall user system kib cpu
  read -r wall user system kib < <(tail -n 1 "$work/$name.time")
  cpu=$(awk -v u="$user" -v s="$system" 'BEGIN { printf "%.2f", u + s }')
  rows+=("$name|$wall|$cpu|$((kib / 1024))")
  echo "  $name: ${wall} s wall, ${cpu} s processor, $((kib / 1024)) MiB" >&2
}

echo "bench: $precincts precincts, seed $seed, esep $esep, in $work" >&2
run "esep generate" "$esep" generate --like kz-majilis-2023 --precincts "$precincts" --seed "$seed" \
  --out "$election"
protocol_rows=$(($(wc -l < "$protocols") - 1))
echo "  $protocol_rows protocols, $(du -m "$protocols" | cut -f1) MB of CSV" >&2

# esep, in memory: read, check against every control ratio, sum up the tree (one thread).
run "esep tally (in memory)" "$esep" tally "$election" --format json
tally_json="$work/esep tally (in memory).out"

# esep, into a store (the import command of issue 3 §8; skipped if this binary lacks it).
import_note=""
# (CLI11 answers `esep import --help` with the main help even without the command, so look for
# it in the list of subcommands.)
if "$esep" --help 2>&1 | grep -qE '^ +import +'; then
  run "esep import (store)" "$esep" import --db "$work/store.db" "$election"
else
  import_note="esep import: skipped, this esep binary has no 'import' command yet"
  echo "  $import_note" >&2
fi

# The sqlite3 shell: the bare import, then the sums by contest.
run "sqlite3 .import" "$sqlite" "$work/bare.db" ".import --csv $protocols protocols"
columns=$(head -n 1 "$protocols" | tr -d '\r' | tr ',' '\n' | grep -v -e '^commission$' -e '^contest$')
select="contest"
for column in $columns; do
  select+=", SUM(CAST(\"$column\" AS INTEGER)) AS \"$column\""
done
run "sqlite3 GROUP BY" "$sqlite" -csv -header "$work/bare.db" \
  "SELECT $select FROM protocols GROUP BY contest ORDER BY contest;"

# pandas: read the CSV and sum by contest.
cat > "$work/pandas_sum.py" << 'PY'
import sys
import pandas as pd

frame = pd.read_csv(sys.argv[1], dtype={"commission": str, "contest": str})
sums = frame.drop(columns=["commission"]).groupby("contest", sort=True).sum(min_count=0)
sums.astype("int64").to_csv(sys.stdout)
PY
run "pandas read_csv + groupby" "$python" "$work/pandas_sum.py" "$protocols"

# The same totals from all three: esep's JSON turned into the same CSV as the others.
cat > "$work/compare.py" << 'PY'
import csv, json, sys

def load_csv(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    return {row["contest"]: {k: int(float(v or 0)) for k, v in row.items() if k != "contest"}
            for row in rows}

def esep_rows(path, columns):
    data = json.load(open(path))
    out = {}
    for tally in [data["national"]] + data["districts"]:
        name = "list" if tally["contest"] == "list" else "district:%d" % tally["district"]
        row = {}
        for column in columns:
            if column.startswith("choice_"):
                k = int(column.split("_")[1]) - 1
                votes = tally["choice_votes"]
                row[column] = votes[k] if k < len(votes) else 0
            else:
                row[column] = tally[column] or 0
        out[name] = row
    return out, data

sqlite = load_csv(sys.argv[2])
pandas = load_csv(sys.argv[3])
columns = [c for c in next(iter(sqlite.values()))]
esep, data = esep_rows(sys.argv[1], columns)
if data["rejected"] != 0:
    sys.exit("esep rejected %d protocols" % data["rejected"])
problems = []
for name, other in (("sqlite3", sqlite), ("pandas", pandas)):
    if set(other) != set(esep):
        problems.append("%s has contests %s, esep %s" % (name, sorted(other), sorted(esep)))
        continue
    for contest in esep:
        for column in columns:
            if esep[contest][column] != other[contest][column]:
                problems.append("%s: %s %s: esep %d, %s %d" % (
                    contest, column, name, esep[contest][column], name, other[contest][column]))
if problems:
    print("TOTALS DIFFER:\n  " + "\n  ".join(problems[:20]), file=sys.stderr)
    sys.exit(1)
national = esep["list"]
print("%d contests, %d columns each: esep, sqlite3 and pandas agree. National party list: "
      "%d voters on the list, %d valid ballots, choices %s." % (
          len(esep), len(columns), national["voters_on_list"], national["valid_ballots"],
          [national[c] for c in columns if c.startswith("choice_")]))
print("esep tally: %d protocols/s on one thread (wall), %.2f s of processor time for the "
      "protocols." % (data["protocols_per_second"], data["protocol_cpu_seconds"]))
PY
if ! "$python" "$work/compare.py" "$tally_json" "$work/sqlite3 GROUP BY.out" \
  "$work/pandas read_csv + groupby.out" > "$work/compare.txt"; then
  die "the tools do not agree on the totals (see above); the benchmark is void"
fi

# The report: a Markdown table, then the checks.
echo
echo "Synthetic election: $precincts precincts, seed $seed, $protocol_rows protocols" \
  "($(du -m "$protocols" | cut -f1) MB of CSV). $(nproc) cores, $(date -u +%Y-%m-%d)."
echo
echo "| Step | Wall time (s) | Processor time (s) | Peak memory (MiB) |"
echo "|---|---:|---:|---:|"
for row in "${rows[@]}"; do
  IFS='|' read -r name wall cpu mib <<< "$row"
  echo "| $name | $wall | $cpu | $mib |"
done
echo
wall_of() {
  local row name wall cpu mib
  for row in "${rows[@]}"; do
    IFS='|' read -r name wall cpu mib <<< "$row"
    if [[ "$name" == "$1" ]]; then
      echo "$wall"
    fi
  done
}
if [[ -n "$import_note" ]]; then
  echo "$import_note."
else
  awk -v store="$(wall_of 'esep import (store)')" -v bare="$(wall_of 'sqlite3 .import')" \
    'BEGIN { printf "esep import into its store vs the sqlite3 shell'"'"'s bare .import: %.2fx as fast (target: 3x).\n", bare / store }'
fi
awk -v wall="$(wall_of 'esep tally (in memory)')" -v n="$protocol_rows" \
  'BEGIN { printf "esep tally, whole command (definition included): %d protocols/s.\n", n / wall }'
cat "$work/compare.txt"
