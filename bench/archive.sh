#!/usr/bin/env bash
# bench/archive.sh [FILE...]: the searchable archive PDF (docflow ocr --pdf,
# the writer the store stage uses with ocr.archive_pdf) on each file, one
# thread: pages, input and archive size per page, milliseconds to build the
# PDF per page (OCR not included), and how many of the OCR'd words pdftotext
# finds again in the archive. Default files: samples/invoice-scan.pdf,
# samples/receipt-fr.png, samples/ocr/*, and the 10-page 300-dpi scan that
# bench/make_scan.py makes.
set -euo pipefail
cd "$(dirname "$0")/.."
docflow=$PWD/${DOCFLOW_BUILD:-build}/docflow
out=$(mktemp -d /tmp/docflow-archive-XXXXXX)
trap 'rm -rf "$out"' EXIT
if (($# == 0)); then
  scan=/tmp/docflow-scan10.pdf
  [ -f "$scan" ] || /usr/bin/python3 bench/make_scan.py "$scan" 10 300 >/dev/null
  set -- samples/invoice-scan.pdf samples/receipt-fr.png samples/ocr/*.png samples/ocr/*.jpg "$scan"
fi
mkdir -p "$out/pdf"
target=$out/pdf  # a directory for several files, the PDF itself for one
(($# == 1)) && target=$out/pdf/archive.pdf
"$docflow" ocr --threads 1 --pdf "$target" "$@" >"$out/ocr.jsonl"

python3 - "$out/ocr.jsonl" <<'EOF'
import collections, json, os, subprocess, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print(f"{'file':38} {'pages':>5} {'in KB/p':>8} {'pdf KB/p':>8} {'ms/p':>7} {'words found':>12}")
tot_ms = tot_pages = tot_bytes = 0
found_all = words_all = 0
for r in rows:
    name = os.path.basename(r["file"])
    if "error" in r or "pdf" not in r:
        print(f"{name:38} error: {r.get('error', 'no pdf')}")
        continue
    p = r["pdf"]
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", p["path"], "-"], capture_output=True, text=True).stdout
    have = collections.Counter(text.split())
    want = collections.Counter(w for pg in r["pages"] if pg["source"] == "ocr" for w in pg["text"].split())
    found = sum(min(n, have[w]) for w, n in want.items())
    total = sum(want.values())
    found_all += found
    words_all += total
    in_kb = os.path.getsize(r["file"]) / 1024 / p["pages"]
    tot_ms += p["ms"]; tot_pages += p["pages"]; tot_bytes += p["bytes"]
    share = f"{found}/{total}" if total else "-"
    print(f"{name:38} {p['pages']:5d} {in_kb:8.1f} {p['bytes'] / 1024 / p['pages']:8.1f} {p['ms_per_page']:7.1f} {share:>12}")
if tot_pages:
    print(f"all: {tot_pages} pages, {tot_ms / tot_pages:.1f} ms/page to build, {tot_bytes / 1024 / tot_pages:.1f} KB/page, "
          f"{found_all}/{words_all} OCR'd words found by pdftotext")
EOF
