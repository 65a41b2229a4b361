#!/usr/bin/env bash
# bench/flows.sh [N_LATENCY] [N_RUNS]: the flow engine, in a private
# throw-away home and database, with `docflow flows` (flows.threads 2) on
# this machine's cores:
#   1. event -> webhook-delivered latency: N_LATENCY (default 300) events
#      committed one at a time (20 ms apart) for a flow that POSTs each to a
#      local HTTP receiver (python3 http.server recording arrival times):
#      p50 / p90 / p99 / max milliseconds from the event's commit time
#      (events.created_at) to the request's arrival;
#   2. simple-flow runs per second: N_RUNS (default 5000) events committed
#      at once for a flow of a condition and a transform, from the first
#      event to the last run finished (every run and step is recorded in
#      flow_runs / flow_steps); then the same for a flow that also writes a
#      row (item-create), whose write commits with its step.
# Prints the figures; asserts nothing (the targets: p50 <= 50 ms, >= 500
# simple runs/s on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
docflow=$root/${DOCFLOW_BUILD:-build}/docflow
n_latency=${1:-300}
n_runs=${2:-5000}
[ -x "$docflow" ] || { echo "build first: $docflow is missing" >&2; exit 1; }
unset DOCFLOW_DATABASE_URL DOCFLOW_CONFIG
home=$(mktemp -d /tmp/docflow-flows-bench-XXXXXX)
chmod 755 "$home"
export DOCFLOW_HOME=$home
export DOCFLOW_HTTP_LISTEN=auto  # the private home's own port, not 8080
cleanup() {
  [ -n "${worker:-}" ] && kill "$worker" 2>/dev/null && wait "$worker" 2>/dev/null
  "$docflow" db stop >/dev/null 2>&1 || true
  rm -rf "$home"
}
trap cleanup EXIT
"$docflow" db start >/dev/null
"$docflow" migrate >/dev/null
url=$("$docflow" db url)
mkdir -p "$home/flows"
cat >"$home/flows/bench-webhook.yaml" <<'YAML'
name: bench-webhook
trigger: {type: event, collection: bench_latency, actions: [create]}
operations:
  post:
    type: request
    url: "{{$settings.finance_webhook_url}}"
    body: {event: "{{$trigger.event_id}}", i: "{{$trigger.payload.i}}"}
YAML
cat >"$home/flows/bench-simple.yaml" <<'YAML'
name: bench-simple
trigger: {type: event, collection: bench_simple, actions: [create]}
operations:
  check: {type: condition, if: "{{$trigger.payload.i >= 0}}", resolve: shape}
  shape: {type: transform, value: {i: "{{$trigger.payload.i}}", double: "{{$trigger.payload.i * 2}}"}}
YAML
cat >"$home/flows/bench-write.yaml" <<'YAML'
name: bench-write
trigger: {type: event, collection: bench_write, actions: [create]}
operations:
  check: {type: condition, if: "{{$trigger.payload.i >= 0}}", resolve: note}
  note: {type: item-create, collection: tasks, data: {title: "bench {{$trigger.payload.i}}"}}
YAML
exec python3 "$root/bench/flows_bench.py" --docflow "$docflow" --url "$url" --home "$home" \
  --latency "$n_latency" --runs "$n_runs"
