#!/usr/bin/env bash
# bench/accuracy.sh [CORPUS_DIR] [extra docflow extract options]
# Runs `docflow extract --no-embedded --json` over every document of a corpus
# (the format of shared/EVALUATION.md: CORPUS_DIR/truth.jsonl + files) and
# scores it with score.py (CORPUS_DIR/../tools/score.py when present).
# Prints, from one run of the extractor:
#  1. the scorer's table on the whole corpus;
#  2. the figures per kind: born-digital (`pdf-text`) and scans/photos
#     (`pdf-image` + `image`), scored against filtered temporary truth files;
#  3. the figures on the held-out part, when a held-out list exists
#     (HOLDOUT_LIST, default var/holdout.txt: one path per line as written by
#     `docflow train ... --holdout 0.3 --holdout-list FILE`; matched by path
#     suffix). Without one nothing is printed for it;
#  4. the extract time per born-digital invoice: median over the invoices of
#     the median of REPEAT (default 7) runs in one warm process
#     (`docflow extract --repeat N`: text layer, classify, extract);
#  5. where the time goes on scans and photos: each stage's share of the
#     main run's time (`"stage_ms"` of `docflow extract`), and the files on
#     which a stage other than OCR took the most.
# Default corpus: ../shared/corpus; `bench/accuracy.sh samples` scores the
# project's own samples. DOCFLOW_BUILD selects the build directory.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus}
shift || true
docflow=${DOCFLOW_BUILD:-build}/docflow
scorer=${SCORER:-$corpus/../tools/score.py}
[ -f "$scorer" ] || scorer=../shared/tools/score.py
out=${PREDICTIONS:-/tmp/docflow-predictions.jsonl}
holdout=${HOLDOUT_LIST:-var/holdout.txt}
repeat=${REPEAT:-7}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# filter_truth KIND... : truth lines whose kind is one of KIND ("holdout"
# selects the files of the held-out list instead).
filter_truth() {
  python3 - "$corpus/truth.jsonl" "$holdout" "$@" <<'EOF'
import json, os, sys
truth, holdout, kinds = sys.argv[1], sys.argv[2], sys.argv[3:]
held = []
if kinds == ["holdout"]:
    held = [l.strip() for l in open(holdout) if l.strip()]
for line in open(truth):
    if not line.strip():
        continue
    t = json.loads(line)
    if kinds == ["holdout"]:
        if any(h == t["file"] or h.endswith("/" + t["file"]) for h in held):
            print(line.rstrip("\n"))
    elif t.get("kind") in kinds:
        print(line.rstrip("\n"))
EOF
}

mapfile -t files < <(python3 -c '
import json, sys
for line in open(sys.argv[1] + "/truth.jsonl"):
    if line.strip():
        print(sys.argv[1] + "/" + json.loads(line)["file"])' "$corpus")
start=$(date +%s.%N)
"$docflow" extract "${files[@]}" --no-embedded --json "$@" >"$out" 2>/dev/null
end=$(date +%s.%N)

echo "== whole corpus ($corpus) =="
python3 "$scorer" "$corpus" "$out"
python3 -c "import sys; n=int(sys.argv[1]); s=float(sys.argv[3])-float(sys.argv[2]); print(f'files={n} seconds={s:.1f} files_per_second={n/s:.2f}')" "${#files[@]}" "$start" "$end"

score_part() {  # score_part TITLE KIND...
  local title=$1
  shift
  mkdir -p "$tmp/$title"
  filter_truth "$@" >"$tmp/$title/truth.jsonl"
  local n
  n=$(grep -c . "$tmp/$title/truth.jsonl" || true)
  echo
  echo "== $title ($n documents) =="
  [ "$n" -gt 0 ] || return 0
  python3 "$scorer" "$tmp/$title" "$out" | sed -n '/^class /,$p'
}
score_part born-digital pdf-text
score_part scans-photos pdf-image image
if [ -f "$holdout" ]; then
  score_part held-out holdout
else
  echo
  echo "== held-out: no list at $holdout (docflow train CORPUS --holdout 0.3 --holdout-list $holdout) =="
fi

# Extract time per born-digital invoice, warm process.
mapfile -t invoices < <(python3 -c '
import json, sys
for line in open(sys.argv[1] + "/truth.jsonl"):
    if line.strip():
        t = json.loads(line)
        if t["class"] == "invoice" and t.get("kind") == "pdf-text":
            print(sys.argv[1] + "/" + t["file"])' "$corpus")
if [ "${#invoices[@]}" -gt 0 ]; then
  echo
  echo "== extract time, born-digital invoices (${#invoices[@]} files, $repeat runs each, warm, 1 thread) =="
  "$docflow" extract "${invoices[@]}" --no-embedded --json --threads 1 --repeat "$repeat" 2>/dev/null |
    python3 -c '
import json, math, statistics, sys
ms = [json.loads(l)["timing"]["median_ms"] for l in sys.stdin if l.strip() and "timing" in l]
if ms:
    ms.sort()
    print(f"extract_ms_median={statistics.median(ms):.1f} extract_ms_p90={ms[math.ceil(0.9 * (len(ms) - 1))]:.1f} extract_ms_max={ms[-1]:.1f}")'
fi

# Where the time goes on scans and photos (the "stage_ms" of the main run,
# files processed in parallel): per stage the total and its share, and the
# files on which a stage other than OCR took the most time.
echo
echo "== stage time, scans and photos (from the run above) =="
python3 - "$corpus/truth.jsonl" "$out" <<'PY'
import json, sys
kinds = {}
for line in open(sys.argv[1]):
    if line.strip():
        t = json.loads(line)
        kinds[t["file"]] = t.get("kind")
total, n, not_ocr = {}, 0, []
for line in open(sys.argv[2]):
    if not line.strip():
        continue
    p = json.loads(line)
    kind = next((k for f, k in kinds.items() if p["file"].endswith("/" + f)), None)
    if kind not in ("pdf-image", "image") or "stage_ms" not in p:
        continue
    n += 1
    st = p["stage_ms"]
    for k, v in st.items():
        total[k] = total.get(k, 0) + v
    top = max(st, key=st.get)
    if top != "ocr":
        not_ocr.append(f"{p['file'].rsplit('/', 1)[-1]}:{top}")
all_ms = sum(total.values()) or 1
print(f"files={n} " + " ".join(f"{k}_ms={v / max(n, 1):.1f}/file ({100 * v / all_ms:.1f} %)" for k, v in sorted(total.items())))
print(f"files_where_ocr_is_not_the_largest_stage={len(not_ocr)}" + (f" ({', '.join(not_ocr[:10])})" if not_ocr else ""))
PY
