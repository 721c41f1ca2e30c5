#!/usr/bin/env bash
# The load-and-fault test of the commission server (issue 12; docs/benchmarks.md): simulated
# typists double-enter a generated election through `esep serve` on loopback, the chair approves
# every protocol, and the server is killed with `kill -9` several times during the run and
# restarted. Afterwards:
#   - no acknowledged change was lost (esep_serve_load re-reads every protocol it touched and
#     compares its version with the highest the server acknowledged),
#   - nothing is half-applied and the chain holds: `esep verify --db` passes,
#   - the result equals that of the same protocols imported directly: `esep report` at the
#     precinct level (every figure of every precinct) and nationally, byte for byte.
#
#   bench/serve_fault.sh                             10,223 precincts, 64 typists, 3 kills
#   bench/serve_fault.sh --precincts 500 --kills 2   a quick run
#   bench/serve_fault.sh --kills 0                   the throughput benchmark (no faults)
#
# Options: --precincts N (default 10223), --typists T (64), --kills K (3), --kill-every S
# (seconds between kills, default 8), --build-dir DIR (build), --work DIR (a new temporary
# directory; kept, its path printed), --serve-arg ARG (one more argument of `esep serve`, e.g.
# --serve-arg --workers --serve-arg 8; repeatable). Needs a built tree: esep and esep_serve_load.
set -euo pipefail
cd "$(dirname "$0")/.."

precincts=10223
typists=64
kills=3
kill_every=8
build_dir=build
work=""
serve_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --precincts) precincts="$2"; shift 2 ;;
    --typists) typists="$2"; shift 2 ;;
    --kills) kills="$2"; shift 2 ;;
    --kill-every) kill_every="$2"; shift 2 ;;
    --build-dir) build_dir="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --serve-arg) serve_args+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "serve_fault.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
esep="$build_dir/esep"
load="$build_dir/tools/esep_serve_load"
for binary in "$esep" "$load"; do
  if [ ! -x "$binary" ]; then
    echo "serve_fault.sh: $binary is missing; build it: cmake --build $build_dir --target esep esep_serve_load" >&2
    exit 2
  fi
done
if [ -z "$work" ]; then
  work=$(mktemp -d /tmp/esep-serve-fault.XXXXXX)
fi
mkdir -p "$work"
echo "serve_fault: working in $work" >&2

# 1. A generated election; the store gets its definition and no protocol (they are typed in).
"$esep" generate --precincts "$precincts" --seed 1 --out "$work/election" --force >/dev/null
mkdir -p "$work/definition"
cp "$work/election/election.json" "$work/election/commissions.csv" "$work/definition/"
head -1 "$work/election/protocols.csv" >"$work/definition/protocols.csv"
rm -f "$work/served.db" "$work/direct.db"
"$esep" import --db "$work/served.db" --no-progress "$work/definition" >/dev/null
"$esep" import --db "$work/direct.db" --no-progress "$work/election" >/dev/null

# 2. The accounts: one chair and the typists, all of the Central Election Commission (they act
#    on every commission below it), each with a first password to change at the first login.
first_password="first password of the load test"
password="chosen password of the load test"
root=$(awk -F, 'NR > 1 && $3 == "" { print $1; exit }' "$work/election/commissions.csv")
add_user() {
  printf '%s\n' "$first_password" |
    "$esep" users add --db "$work/served.db" --login "$1" --name "$2" --role "$3" \
      --commission "$root" >/dev/null
}
add_user load-chair "Load test chair" chair
for ((t = 0; t < typists; t++)); do
  add_user "$(printf 'load-typist-%03d' "$t")" "Load test typist $t" typist
done

# 3. The server, on a free port; restarted after each kill.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
server_pid=""
start_server() {
  "$esep" serve --db "$work/served.db" --listen "127.0.0.1:$port" "${serve_args[@]}" >>"$work/serve.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 200); do
    if python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null; then
      return 0
    fi
    sleep 0.05
  done
  echo "serve_fault: the server did not start; see $work/serve.log" >&2
  exit 1
}
start_server
trap 'kill "$server_pid" 2>/dev/null || true' EXIT

# 4. The load, with kill -9 of the server every few seconds while it runs.
/usr/bin/time -v "$load" --port "$port" --store "$work/served.db" \
  --protocols "$work/election/protocols.csv" --typists "$typists" \
  --first-password "$first_password" --password "$password" --server-pid "$server_pid" \
  >"$work/load.out" 2>"$work/load.err" &
load_pid=$!
for ((k = 1; k <= kills; k++)); do
  sleep "$kill_every"
  if ! kill -0 "$load_pid" 2>/dev/null; then
    echo "serve_fault: the load finished before kill $k" >&2
    break
  fi
  kill -9 "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  echo "serve_fault: kill -9 number $k of the server" >&2
  start_server
done
load_status=0
wait "$load_pid" || load_status=$?
cat "$work/load.out"
grep -E "LOST|gave up|could not" "$work/load.err" || true
grep -E "Maximum resident|Elapsed" "$work/load.err" | sed 's/^\t*/load tool: /' || true
kill -TERM "$server_pid"
wait "$server_pid" 2>/dev/null || true
trap - EXIT

# 5. The store and the result.
status=$load_status
if "$esep" verify --db "$work/served.db" >"$work/verify.out" 2>&1; then
  echo "serve_fault: esep verify --db passed"
else
  echo "serve_fault: esep verify --db FAILED (see $work/verify.out)"
  status=1
fi
for level in national precinct; do
  "$esep" report --db "$work/served.db" --level "$level" --format csv >"$work/served-$level.csv"
  "$esep" report --db "$work/direct.db" --level "$level" --format csv >"$work/direct-$level.csv"
  if cmp -s "$work/served-$level.csv" "$work/direct-$level.csv"; then
    echo "serve_fault: the $level result equals that of the same protocols imported directly ($(wc -l <"$work/served-$level.csv") lines)"
  else
    echo "serve_fault: the $level result DIFFERS from the direct import: diff $work/served-$level.csv $work/direct-$level.csv"
    status=1
  fi
done
"$esep" tally "$work/election" --format json >"$work/tally.json"
echo "serve_fault: esep tally of the same protocols: $work/tally.json"
exit "$status"
