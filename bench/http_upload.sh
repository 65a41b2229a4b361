#!/usr/bin/env bash
# bench/http_upload.sh [N] [CLIENTS]: HTTP acknowledgement latency and loss.
# Uploads N (default 1000) distinct small PDFs from CLIENTS (default 50)
# concurrent clients over loopback (docflow_http_bench, one kept-alive
# connection per client) to POST /api/v1/documents, each run in a private
# throw-away home and database, twice:
#   1. http-only: `docflow http` alone (the acknowledgement path by itself);
#   2. service:   `docflow serve` (broker + workers start processing the
#                 uploads while they arrive, on the same cores).
# Prints p50/p99/max acknowledgement latency, the CPU the HTTP process and
# PostgreSQL spent per upload and the machine's load (the figures depend on
# what else runs), then from PostgreSQL the count of the run's documents and
# jobs, documents stored twice (same file name more than once) and receipts
# without a row. The bench token has no rate limit
# (DOCFLOW_HTTP_RATE_PER_MINUTE=0): the clients share it.
# The homes are made in DOCFLOW_BENCH_TMP (default /var/tmp, not /tmp) and
# removed at the end only: on ext4 without a journal, creating a file skips
# every inode freed in the last seconds to minutes, and /tmp, where test
# suites create and delete thousands of files, made each blob's creation
# several times dearer (38 % of the HTTP process's CPU in openat, measured).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=$root/${DOCFLOW_BUILD:-build}
docflow=$build/docflow
client=$build/docflow_http_bench
n=${1:-1000}
clients=${2:-50}
[ -x "$client" ] || { echo "build first: $client is missing" >&2; exit 1; }
unset DOCFLOW_DATABASE_URL DOCFLOW_CONFIG
homes=()
cleanup() { for h in "${homes[@]}"; do rm -rf "$h"; done; }
trap cleanup EXIT

ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

run() {
  local mode=$1
  local home
  home=$(mktemp -d "${DOCFLOW_BENCH_TMP:-/var/tmp}/docflow-http-bench-XXXXXX")
  homes+=("$home")
  chmod 755 "$home"
  export DOCFLOW_HOME=$home
  export DOCFLOW_HTTP_LISTEN=auto  # the private home's own port, not 8080
  "$docflow" db start >/dev/null
  "$docflow" migrate >/dev/null
  local token url port pid http_pid
  token=$("$docflow" token create --name bench --scopes upload | tail -n 1)
  url=$("$docflow" db url)
  port=$("$docflow" config --get http.listen | sed 's/.*://')
  export DOCFLOW_HTTP_RATE_PER_MINUTE=0 DOCFLOW_INBOX_ENABLED=false
  if [ "$mode" = http-only ]; then
    "$docflow" http >"$home/http.out" 2>&1 &
    pid=$!
    http_pid=$pid
  else
    "$docflow" serve >"$home/serve.out" 2>&1 &
    pid=$!
  fi
  local up=0
  for _ in $(seq 1 100); do
    if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then up=1; break; fi
    sleep 0.1
  done
  if [ $up = 0 ]; then
    echo "$mode: the HTTP API did not come up on port $port:" >&2
    tail -n 5 "$home"/*.out "$home"/logs/http.log 2>/dev/null >&2 || true
    kill "$pid" 2>/dev/null || true
    "$docflow" db stop >/dev/null
    return 1
  fi
  if [ "$mode" = service ]; then
    sleep 2  # let the workers connect
    http_pid=$(pgrep -P "$pid" -f "docflow.* http --listen" | head -n 1)
  fi
  local postmaster pg0 pg1 h0 h1 run_id
  postmaster=$(head -n 1 "$home/pg/postmaster.pid")
  pgcpu() { local t=0 p; for p in $postmaster $(pgrep -P "$postmaster"); do t=$((t + $(ticks "$p"))); done; echo $t; }
  run_id=$(date +%s%N)
  echo "== $mode: $n uploads from $clients clients ($(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg))"
  h0=$(ticks "$http_pid"); pg0=$(pgcpu)
  "$client" --port "$port" --token "$token" --count "$n" --clients "$clients" --run "$run_id" \
    --ids "$home/ids.txt" || true
  h1=$(ticks "$http_pid"); pg1=$(pgcpu)
  local hz
  hz=$(getconf CLK_TCK)
  python3 -c "n=$n; hz=$hz; print(f'cpu_ms_per_upload: http={($h1-$h0)*1000/hz/n:.2f} postgresql={($pg1-$pg0)*1000/hz/n:.2f}')"
  psql -qtA -F' ' "$url" -c "
    SELECT 'documents_in_postgresql=' || count(*),
           'jobs=' || (SELECT count(*) FROM jobs j JOIN documents d ON d.id = j.document_id
                       WHERE d.filename LIKE 'bench-$run_id-%'),
           'stored_twice=' || (count(*) - count(DISTINCT filename)),
           'distinct_sha256=' || count(DISTINCT sha256)
    FROM documents WHERE filename LIKE 'bench-$run_id-%'"
  sort -u "$home/ids.txt" >"$home/ids.sorted"
  psql -qtA "$url" -c "SELECT id FROM documents WHERE filename LIKE 'bench-$run_id-%' ORDER BY id" | sort -u >"$home/db.sorted"
  echo "receipts_without_a_row=$(comm -23 "$home/ids.sorted" "$home/db.sorted" | wc -l)"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  "$docflow" db stop >/dev/null
}

run http-only
run service
