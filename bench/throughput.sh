#!/usr/bin/env bash
# bench/throughput.sh [N] [FILE]: documents per second end to end through a
# running service (file in -> records in PostgreSQL). Makes N distinct copies
# of FILE (a comment appended after %%EOF keeps a PDF valid), ingests them,
# and times until every job is done or failed. Uses DOCFLOW_HOME (default
# ./var) and starts the service there when it is not running.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100}
file=${2:-samples/invoice-fr.pdf}
docflow=${DOCFLOW_BUILD:-build}/docflow
export DOCFLOW_HOME=${DOCFLOW_HOME:-$PWD/var}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
stamp=$(date +%s%N)
for i in $(seq 1 "$n"); do
  { cat "$file"; printf '\n%% bench %s %s\n' "$stamp" "$i"; } >"$tmp/doc-$i.pdf"
done
if ! { [ -f "$DOCFLOW_HOME/run/serve.pid" ] && kill -0 "$(cat "$DOCFLOW_HOME/run/serve.pid")" 2>/dev/null; }; then
  echo "start the service first: ./docflow.sh demo (or docflow serve)" >&2
  exit 1
fi
start=$(date +%s.%N)
"$docflow" ingest "$tmp"/doc-*.pdf --wait --json >"$tmp/out.jsonl"
end=$(date +%s.%N)
python3 - "$tmp/out.jsonl" "$start" "$end" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
secs = float(sys.argv[3]) - float(sys.argv[2])
done = sum(r.get("state") == "done" for r in rows)
print(f"documents={len(rows)} done={done} failed={len(rows) - done} seconds={secs:.2f} documents_per_second={len(rows) / secs:.1f}")
PY
