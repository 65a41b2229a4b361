#!/bin/bash
# bench/derived.sh [CORPUS_DIR] [extra docflow extract options]
# Accuracy on documents derived from a corpus's own (make_derived.py): its
# born-digital invoices printed and scanned (two qualities) or photographed, its vCards
# printed as business cards (photographed, and flat). The derived files are
# written to a scratch directory ($DERIVED_DIR, default a new temporary one),
# never into the project. Prints score.py's figures for each set.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus}
shift || true
docflow=${DOCFLOW_BUILD:-build}/docflow
out=${DERIVED_DIR:-$(mktemp -d /tmp/docflow-derived.XXXXXX)}
score=$corpus/../tools/score.py
[ -f "$score" ] || { echo "no score.py next to $corpus (expected $score)" >&2; exit 2; }
[ -x "$docflow" ] || { echo "no $docflow: build first (./docflow.sh build)" >&2; exit 2; }
# make_derived.py draws with the samples' Python modules and fonts (Debian
# packages, installed when missing).
bash samples/make_samples.sh --deps

echo "== deriving from $corpus into $out =="
/usr/bin/python3 bench/make_derived.py "$corpus" "$out"
for set in scans scans-lo photos cards cards-flat cards-styled; do
  echo "== $set =="
  mapfile -d '' files < <(find "$out/$set/files" -type f -print0 | sort -z)
  "$docflow" extract "${files[@]}" --no-embedded --json --threads 2 "$@" >"$out/$set.predictions.jsonl" 2>/dev/null
  python3 "$score" "$out/$set" "$out/$set.predictions.jsonl" | grep -E '^(invoice|contact) |\.f1=|^accuracy='
done
