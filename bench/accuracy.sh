#!/usr/bin/env bash
# bench/accuracy.sh [CORPUS_DIR] [extra docflow extract options]
# Runs `docflow extract --json` over every document of a corpus (the format of
# shared/EVALUATION.md: CORPUS_DIR/truth.jsonl + files) and scores it with
# score.py (CORPUS_DIR/../tools/score.py when present). Prints the table.
# Default corpus: ../shared/corpus; `bench/accuracy.sh samples` scores the
# project's own samples.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus}
shift || true
docflow=${DOCFLOW_BUILD:-build}/docflow
scorer=${SCORER:-$corpus/../tools/score.py}
[ -f "$scorer" ] || scorer=../shared/tools/score.py
out=${PREDICTIONS:-/tmp/docflow-predictions.jsonl}
mapfile -t files < <(python3 -c '
import json, sys
for line in open(sys.argv[1] + "/truth.jsonl"):
    if line.strip():
        print(sys.argv[1] + "/" + json.loads(line)["file"])' "$corpus")
start=$(date +%s.%N)
"$docflow" extract "${files[@]}" --no-embedded --json "$@" >"$out" 2>/dev/null
end=$(date +%s.%N)
python3 "$scorer" "$corpus" "$out"
python3 -c "import sys; n=int(sys.argv[1]); s=float(sys.argv[3])-float(sys.argv[2]); print(f'files={n} seconds={s:.1f} files_per_second={n/s:.2f}')" "${#files[@]}" "$start" "$end"
