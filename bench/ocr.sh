#!/usr/bin/env bash
# bench/ocr.sh [PAGES_DIR | --corpus CORPUS_DIR | --scaling DIR] [options]
# OCR accuracy and cost of `docflow ocr` next to the plain tesseract CLI, on
# pages of known text: CER, WER, word error (1 - bag-of-words F1), seconds per
# page and peak RSS, per degradation group and overall, then name=value lines.
#   bench/ocr.sh                               # samples/ocr (samples/make_ocr_pages.py)
#   bench/ocr.sh --corpus ../shared/corpus     # corpus documents that have "ocr_text"
#   bench/ocr.sh --scaling samples/ocr         # pages/s, docflow ocr --threads 1 vs 2
# Options (see bench/ocr_bench.py): --no-tesseract --langs L --psm N --timeout S
#   --jsonl OUT --quiet. DOCFLOW_BIN overrides build/docflow.
# Files run one at a time (OMP_THREAD_LIMIT=1): do not run other loads meanwhile.
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian's interpreter: PIL (used to count image frames) lives there.
py=/usr/bin/python3
[ -x "$py" ] || py=python3
exec "$py" bench/ocr_bench.py "$@"
