#!/usr/bin/env bash
# bench/line_items.sh [CORPUS_DIR]
# Line items read from the visible text, checked against the structured
# invoice XML the same PDFs embed (Factur-X / ZUGFeRD / XRechnung): every PDF
# of the corpus is extracted twice, with the XML (method embedded-xml) and
# with --no-embedded, and the rows of the two are matched by amount.
# Prints per document the rows missed or read differently, then the totals:
# rows in the XML, rows read, rows matched by amount, and of those the ones
# whose quantity, unit price and description agree. A unit price the page
# does not print (only quantity and amount columns) or prints before a
# discount counts as a disagreement, so 100 % is not the target.
# Default corpus: ../shared/corpus. DOCFLOW_BUILD selects the build directory.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus}
docflow=${DOCFLOW_BUILD:-build}/docflow
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mapfile -t pdfs < <(python3 -c '
import json, sys
for line in open(sys.argv[1] + "/truth.jsonl"):
    if line.strip():
        t = json.loads(line)
        if t["file"].lower().endswith(".pdf") and t["class"] == "invoice":
            print(sys.argv[1] + "/" + t["file"])' "$corpus")
"$docflow" extract "${pdfs[@]}" --json --threads 2 >"$tmp/xml.jsonl" 2>/dev/null
"$docflow" extract "${pdfs[@]}" --no-embedded --json --threads 2 >"$tmp/visible.jsonl" 2>/dev/null
python3 - "$tmp/xml.jsonl" "$tmp/visible.jsonl" <<'PY'
import json, sys
from decimal import Decimal, InvalidOperation

def load(path):
    return {json.loads(l)["file"]: json.loads(l) for l in open(path) if l.strip()}

def num(x):
    try:
        return Decimal(str(x))
    except (InvalidOperation, TypeError):
        return None

xml, vis = load(sys.argv[1]), load(sys.argv[2])
n = dict(documents=0, xml_rows=0, read_rows=0, matched=0, quantity=0, unit_price=0, description=0)
for f, e in sorted(xml.items()):
    ef = e.get("fields", {}).get("line_items")
    if not ef or ef.get("method") != "embedded-xml":
        continue
    n["documents"] += 1
    want = ef["value"]
    got = (vis.get(f, {}).get("fields", {}).get("line_items") or {}).get("value", [])
    n["xml_rows"] += len(want)
    n["read_rows"] += len(got)
    used, notes = set(), []
    for row in want:
        k = next((i for i, g in enumerate(got) if i not in used and num(g.get("amount")) == num(row.get("amount"))), None)
        if k is None:
            notes.append(f"missed {row.get('amount')} {row.get('description', '')[:30]!r}")
            continue
        used.add(k)
        g = got[k]
        n["matched"] += 1
        for key in ("quantity", "unit_price"):
            if num(g.get(key)) == num(row.get(key)):
                n[key] += 1
            else:
                notes.append(f"{key} {row.get(key)} read {g.get(key)}")
        a, b = (row.get("description") or "").lower(), (g.get("description") or "").lower()
        if a and (a in b or b in a):
            n["description"] += 1
        else:
            notes.append(f"description {a[:30]!r} read {b[:40]!r}")
    if notes or len(got) != len(want):
        print(f"{f.rsplit('/', 1)[-1]}: xml {len(want)} rows, read {len(got)}: " + "; ".join(notes[:4]))
print(" ".join(f"{k}={v}" for k, v in n.items()))
PY
