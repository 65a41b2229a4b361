#!/usr/bin/env bash
# bench/scan.sh [PDF]: a multi-page scanned PDF end to end (file in -> fields
# in PostgreSQL) through the real service, with 1 and then 2 OCR workers, each
# in a private throw-away home and database; then the same file through
# `ocrmypdf -l eng+fra --jobs 2 --output-type pdf` when it is installed
# (apt-get install ocrmypdf). Default PDF: a 10-page 300-dpi scan made by
# bench/make_scan.py from the project's samples.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
docflow=$root/${DOCFLOW_BUILD:-build}/docflow
pdf=${1:-/tmp/docflow-scan10.pdf}
[ -f "$pdf" ] || /usr/bin/python3 bench/make_scan.py "$pdf" 10 300 >/dev/null
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
unset DOCFLOW_DATABASE_URL

now() { date +%s.%N; }
declare -A secs ocr_secs
for workers in 1 2; do
  home=$(mktemp -d /tmp/docflow-bench-XXXXXX)
  chmod 755 "$home"
  export DOCFLOW_HOME=$home
  export DOCFLOW_HTTP_LISTEN=auto  # the private home's own port, not 8080
  "$docflow" db start >/dev/null
  "$docflow" migrate >/dev/null
  DOCFLOW_WORKERS_OCR=$workers DOCFLOW_INBOX_ENABLED=false "$docflow" serve >"$home/serve.out" 2>&1 &
  serve=$!
  sleep 2  # let every worker connect and load its engine
  t0=$(now)
  "$docflow" ingest "$pdf" --wait --json >"$home/result.json"
  t1=$(now)
  state=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["state"])' "$home/result.json")
  secs[$workers]=$(python3 -c "print(f'{$t1 - $t0:.2f}')")
  echo "docflow, $workers OCR worker(s): ${secs[$workers]} s for $pages pages ($state)"
  # Where the time went, from the job's own record: the preprocess stage, and
  # the OCR stage from its first page dispatch to the merge of the last page.
  url=$("$docflow" db url)
  read -r pre_s ocr_s ocr_busy_s < <(psql -qtA -F' ' "$url" -c "
    SELECT round((SELECT elapsed_ms FROM stage_results WHERE stage = 'preprocess' LIMIT 1)::numeric / 1000, 2),
           round(extract(epoch FROM max(at) FILTER (WHERE message LIKE 'ocr done%')
                                  - min(at) FILTER (WHERE message LIKE 'page % dispatched%'))::numeric, 2),
           round((SELECT sum(elapsed_ms) FROM ocr_tasks)::numeric / 1000, 2)
    FROM job_events")
  ocr_secs[$workers]=$ocr_s
  echo "  preprocess stage ${pre_s} s; OCR stage ${ocr_s} s (first page dispatched -> last page merged; engines busy ${ocr_busy_s} s)"
  kill "$serve"
  wait "$serve" 2>/dev/null || true
  "$docflow" db stop >/dev/null
  rm -rf "$home"
done
python3 -c "
p=$pages; a=${secs[1]}; b=${secs[2]}
print(f'pages_per_second_1_worker={p/a:.2f}')
print(f'pages_per_second_2_workers={p/b:.2f}')
print(f'scaling_2_vs_1={a/b:.2f}')
oa=${ocr_secs[1]}; ob=${ocr_secs[2]}
print(f'ocr_stage_pages_per_second_1_worker={p/oa:.2f}')
print(f'ocr_stage_pages_per_second_2_workers={p/ob:.2f}')
print(f'ocr_stage_scaling_2_vs_1={oa/ob:.2f}')"
if command -v ocrmypdf >/dev/null; then
  out=$(mktemp /tmp/ocrmypdf-XXXXXX.pdf)
  t0=$(now)
  ocrmypdf -q -l eng+fra --jobs 2 --output-type pdf --force-ocr "$pdf" "$out" || true
  t1=$(now)
  rm -f "$out"
  python3 -c "o=$t1-$t0; d=${secs[2]}; print(f'ocrmypdf_seconds={o:.2f}'); print(f'docflow_vs_ocrmypdf={d/o:.3f}')"
else
  echo "ocrmypdf not installed: apt-get install ocrmypdf to compare"
fi
