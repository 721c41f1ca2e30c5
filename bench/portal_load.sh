#!/usr/bin/env bash
# The published snapshot under load (issue 13; docs/benchmarks.md, "The public site"): the same
# files of one version served by nginx with the configuration shipped in deploy/nginx/ and by
# `esep serve --site`, each hammered with wrk on loopback, in alternating order, file by file:
# current.json (revalidated), national.json, a territorial commission's file and a precincts
# file. Prints requests per second and latency for both side by side, and esep's share of
# nginx's throughput (the issue's target: at least half).
#
#   bench/portal_load.sh                         10,223 precincts, 64 connections, 3 rounds of 5 s
#   bench/portal_load.sh --precincts 500 --seconds 2 --rounds 1    a quick run
#
# Options: --precincts N (default 10223), --connections C (64), --threads T (2, wrk's),
# --seconds S (5, per run), --rounds R (3), --build-dir DIR (build), --work DIR (a new temporary
# directory, removed unless given), --nginx-site-conf FILE (deploy/nginx/esep-portal-site.conf).
# Needs esep built, nginx and wrk (scripts/setup.sh --bench). Both servers run as this user on
# 127.0.0.1; wrk sends no Accept-Encoding, so neither compresses.
set -euo pipefail
cd "$(dirname "$0")/.."

precincts=10223
connections=64
threads=2
seconds=5
rounds=3
build_dir=build
work=""
site_conf=deploy/nginx/esep-portal-site.conf
while [ $# -gt 0 ]; do
  case "$1" in
    --precincts) precincts="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --build-dir) build_dir="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --nginx-site-conf) site_conf="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "portal_load.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
esep="$(realpath "$build_dir/esep")"
site_conf="$(realpath "$site_conf")"
for tool in nginx wrk; do
  command -v "$tool" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin"
  command -v "$tool" >/dev/null 2>&1 || {
    echo "portal_load.sh: $tool is missing: scripts/setup.sh --bench installs it" >&2
    exit 2
  }
done
keep_work=1
if [ -z "$work" ]; then
  work="$(mktemp -d "${TMPDIR:-/tmp}/esep-portal-load.XXXXXX")"
  keep_work=0
fi
mkdir -p "$work"
work="$(realpath "$work")"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$work/nginx/nginx.pid" ] && kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null || true
  [ "$keep_work" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

echo "== a SYNTHETIC election of $precincts precincts, imported and published" >&2
"$esep" generate --precincts "$precincts" --seed 1 --summaries --out "$work/election" >/dev/null
"$esep" import --db "$work/results.db" "$work/election" >/dev/null
"$esep" publish --db "$work/results.db" --out "$work/site" --no-audit >/dev/null
version="$work/site/v/1"

nginx_port="$(free_port)"
mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/site;
    include $site_conf;
  }
}
CONF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf"

esep_port="$(free_port)"
"$esep" serve --db "$work/results.db" --listen "127.0.0.1:$esep_port" --site "$work/site" \
  >"$work/serve.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$esep_port/public/current.json" >/dev/null 2>&1 && break
  sleep 0.1
done

territorial="$(cd "$version" && ls territorial | head -1)"
precinct_file="$(cd "$version" && ls precincts | head -1)"
files=("current.json" "v/1/national.json" "v/1/territorial/$territorial" "v/1/precincts/$precinct_file")

# One wrk run: "REQUESTS_PER_SECOND P50 P99".
measure() {
  wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency "$1" | awk '
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = $2 }
    $1 == "99%" { p99 = $2 }
    END { print rps, p50, p99 }'
}

printf '%-34s %9s | %-28s | %-28s | %s\n' file bytes "nginx req/s (p50, p99)" \
  "esep serve req/s (p50, p99)" "esep/nginx"
for file in "${files[@]}"; do
  bytes="$(stat -c %s "$work/site/$file")"
  nginx_runs=()
  esep_runs=()
  for round in $(seq "$rounds"); do
    # Alternating order, so that neither server always runs on a warmer or quieter machine.
    if [ $((round % 2)) = 1 ]; then
      nginx_runs+=("$(measure "http://127.0.0.1:$nginx_port/$file")")
      esep_runs+=("$(measure "http://127.0.0.1:$esep_port/public/$file")")
    else
      esep_runs+=("$(measure "http://127.0.0.1:$esep_port/public/$file")")
      nginx_runs+=("$(measure "http://127.0.0.1:$nginx_port/$file")")
    fi
  done
  python3 - "$file" "$bytes" "${#nginx_runs[@]}" "${nginx_runs[@]}" "${esep_runs[@]}" <<'PY'
import statistics, sys
file, size, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
runs = [run.split() for run in sys.argv[4:]]
nginx, esep = runs[:count], runs[count:]
def median(rows):
    middle = sorted(rows, key=lambda row: float(row[0]))[len(rows) // 2]
    return float(middle[0]), middle[1], middle[2]
n, e = median(nginx), median(esep)
print(f"{file[:34]:<34} {size:>9,} | {n[0]:>10,.0f} ({n[1]}, {n[2]}) | {e[0]:>10,.0f} ({e[1]}, {e[2]}) | {e[0] / n[0]:.2f}"
      f"   [runs nginx {' '.join(f'{float(r[0]):,.0f}' for r in nginx)}; esep {' '.join(f'{float(r[0]):,.0f}' for r in esep)}]")
PY
done
