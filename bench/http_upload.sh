#!/usr/bin/env bash
# bench/http_upload.sh [N] [CLIENTS]: HTTP acknowledgement latency and loss.
# Uploads N (default 1000) distinct small PDFs from CLIENTS (default 50)
# concurrent clients over loopback (docflow_http_bench, one kept-alive
# connection per client) to POST /api/v1/documents, each run in a private
# throw-away home and database, twice:
#   1. http-only: `docflow http` alone (the acknowledgement path by itself);
#   2. service:   `docflow serve` (broker + workers start processing the
#                 uploads while they arrive, on the same cores).
# Prints p50/p99/max acknowledgement latency, then from PostgreSQL the count
# of the run's documents and jobs, documents stored twice (same file name
# more than once) and receipts without a row. The bench token has no rate
# limit (DOCFLOW_HTTP_RATE_PER_MINUTE=0): 50 clients share it.
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

run() {
  local mode=$1
  local home
  home=$(mktemp -d /tmp/docflow-http-bench-XXXXXX)
  chmod 755 "$home"
  export DOCFLOW_HOME=$home
  "$docflow" db start >/dev/null
  "$docflow" migrate >/dev/null
  local token url port pid
  token=$("$docflow" token create --name bench --scopes upload | tail -n 1)
  url=$("$docflow" db url)
  port=$("$docflow" config --get http.listen | sed 's/.*://')
  export DOCFLOW_HTTP_RATE_PER_MINUTE=0 DOCFLOW_INBOX_ENABLED=false
  if [ "$mode" = http-only ]; then
    "$docflow" http >"$home/http.out" 2>&1 &
  else
    "$docflow" serve >"$home/serve.out" 2>&1 &
  fi
  pid=$!
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  [ "$mode" = service ] && sleep 2  # let the workers connect
  local run_id
  run_id=$(date +%s%N)
  echo "== $mode: $n uploads from $clients clients ($(nproc) cores)"
  "$client" --port "$port" --token "$token" --count "$n" --clients "$clients" --run "$run_id" \
    --ids "$home/ids.txt" || true
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
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  "$docflow" db stop >/dev/null
  rm -rf "$home"
}

run http-only
run service
