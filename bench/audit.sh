#!/usr/bin/env bash
# The benchmark of issue 4 §7 (docs/benchmarks.md): generate a synthetic election of N precincts,
# run `esep audit DIR --format json` on it end to end under /usr/bin/time (wall, processor time,
# peak memory), then break the precinct-level suite down with `esep_audit_validation --time DIR`:
# reading the protocols into the table, each section, and the Klimek model fit apart. Target:
# everything but the fit under 10 s on this 2-core machine.
#
# Usage: bench/audit.sh [PRECINCTS] [SEED] [RUNS]      (defaults: 1000000 7 3)
# Environment: SCALE (default 1): the generator keeps the 2023 regions' registered voters, so 1,000,000
#              precincts hold about 12 voters each; SCALE=100 generates from a copy of
#              kz-majilis-2023 with every registered, vote and ballot count of its regional table
#              multiplied by 100 (about 1,200 voters per precinct, the size of a real country
#              with a million polling stations). ESEP (default build/esep), VALIDATION (default
#              build/tools/esep_audit_validation), KEEP=1 to keep the temporary directory.
# Everything it generates is synthetic and is written to a fresh temporary directory.

set -euo pipefail

precincts="${1:-1000000}"
seed="${2:-7}"
runs="${3:-3}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
esep="${ESEP:-$root/build/esep}"
validation="${VALIDATION:-$root/build/tools/esep_audit_validation}"

die() {
  echo "bench/audit.sh: $*" >&2
  exit 1
}
# What the benchmark needs beyond the build (pandas, the sqlite3 shell, /usr/bin/time): installed
# as root, or the apt-get command printed otherwise.
"$root/scripts/setup.sh" --bench || die "missing packages: see above (scripts/setup.sh --bench)"
[[ -x "$esep" ]] || die "no esep binary at $esep: build it (ninja -C build esep) or set ESEP"
[[ -x "$validation" ]] ||
  die "no $validation: build it (ninja -C build esep_audit_validation) or set VALIDATION"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (Debian package 'time'): run scripts/setup.sh --bench"

work="$(mktemp -d "${TMPDIR:-/tmp}/esep-bench-audit.XXXXXX")"
if [[ "${KEEP:-0}" != 1 ]]; then
  trap 'rm -rf "$work"' EXIT
fi
election="$work/election"
scale="${SCALE:-1}"
like="kz-majilis-2023"
if [[ "$scale" != 1 ]]; then
  like="$work/like-x$scale"
  cp -r "$root/data/elections/kz-majilis-2023" "$like"
  python3 - "$like/party_list_by_region.csv" "$scale" << 'PY'
import csv, sys
path, scale = sys.argv[1], int(sys.argv[2])
rows = list(csv.reader(open(path, newline="")))
out = [rows[0]] + [[r[0]] + [str(int(x) * scale) if x.isdigit() else x for x in r[1:]]
                   for r in rows[1:]]
csv.writer(open(path, "w", newline=""), lineterminator="\n").writerows(out)
PY
fi

echo "bench/audit.sh: $precincts precincts, seed $seed, $runs runs, in $work" >&2
/usr/bin/time -f '%e %U %S %M' -o "$work/generate.time" "$esep" generate --like "$like" \
  --precincts "$precincts" --seed "$seed" --out "$election" > /dev/null
read -r gen_wall gen_user gen_system gen_kib < "$work/generate.time"
voters=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; ++i) if ($i == "voters_on_list") c = i }
  NR > 1 && $2 == "list" { s += $c; n += 1 } END { printf "%.1f", s / n }' \
  "$election/protocols.csv")
gen_cpu=$(awk -v u="$gen_user" -v s="$gen_system" 'BEGIN { print u + s }')
echo "  generated in ${gen_wall} s; mean voters on the list per precinct: $voters" >&2

echo
echo "Synthetic election: $precincts precincts (seed $seed, scale $scale; mean $voters voters on the list per" \
  "precinct), generated in $gen_wall s ($gen_cpu s processor, $((gen_kib / 1024)) MiB)." \
  "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start, $(date -u +%Y-%m-%d)."
echo
echo "| Run | esep audit --format json: wall (s) | its fit (s) | wall − fit (s) | processor (s) | peak memory (MiB) |" \
  "load (s) | additions | mobile | turnout_by_commission | integer_percentages | digits |" \
  "Klimek histogram | all but the fit (s) | Klimek fit (s) |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for ((run = 1; run <= runs; ++run)); do
  /usr/bin/time -f '%e %U %S %M' -o "$work/audit.time" "$esep" audit "$election" --format json \
    > "$work/audit.json" 2> "$work/audit.err" || {
    cat "$work/audit.err" >&2
    die "esep audit failed"
  }
  read -r wall user system kib < "$work/audit.time"
  audit_fit=$(python3 -c 'import json, sys
for s in json.load(open(sys.argv[1]))["precinct_suite"]["sections"]:
    if s["id"] == "klimek":
        print(s["result"]["seconds"]["fit"])' "$work/audit.json")
  "$validation" --time "$election" > "$work/time.txt" || die "esep_audit_validation --time failed"
  # "wall (processor)" of one step
  of() { awk -v k="$1" '$1 == k { printf "%.2f (%.2f)", $2, $3 }' "$work/time.txt"; }
  printf '| %d | %s | %.2f | %.2f | %.2f | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
    "$run" "$wall" "$audit_fit" "$(awk -v w="$wall" -v f="$audit_fit" 'BEGIN { print w - f }')" \
    "$(awk -v u="$user" -v s="$system" 'BEGIN { print u + s }')" $((kib / 1024)) "$(of load)" \
    "$(of additions)" "$(of mobile)" "$(of turnout_by_commission)" "$(of integer_percentages)" \
    "$(of digits)" "$(of klimek_histogram)" "$(of all_but_fit)" "$(of klimek_fit)"
done
echo
echo "'wall − fit': the whole esep audit command (process, reading, every section, the JSON)" \
  "less the Klimek fit it reports. The columns after the peak memory are wall (processor)" \
  "seconds from esep_audit_validation --time (the same library calls as esep audit, timed one" \
  "by one, in a separate run); 'all but the fit' = load + every section + the Klimek" \
  "histogram. Target: under 10 s."
