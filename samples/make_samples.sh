#!/usr/bin/env bash
# Regenerate docflow's sample documents and samples/truth.jsonl.
# Idempotent: installs missing Debian packages, then rewrites every sample
# deterministically (same bytes on every run with the same package versions).
# Usage (from anywhere): bash samples/make_samples.sh
#        bash samples/make_samples.sh --deps   only install the packages (bench/derived.sh)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# Debian packages only (PyPI is not used). python3-img2pdf is the module,
# img2pdf the CLI; poppler-utils gives pdftoppm (used to rasterise the scan);
# fonts-dejavu-extra (serif) and fonts-liberation are the OCR pages' fonts.
pkgs=(python3 python3-reportlab python3-pil python3-numpy python3-img2pdf
      poppler-utils fonts-dejavu-core fonts-dejavu-extra fonts-liberation fonts-lato python3-qrcode)
missing=()
for p in "${pkgs[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}" >&2
  sudo_=""
  [ "$(id -u)" -ne 0 ] && sudo_="sudo"
  $sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" \
    || { $sudo_ apt-get update && $sudo_ env DEBIAN_FRONTEND=noninteractive \
           apt-get install -y --no-install-recommends "${missing[@]}"; }
fi

[ "${1:-}" = "--deps" ] && exit 0

# Use the system interpreter: the Debian python3-* modules live there, not in
# any pyenv/venv python that may come first on PATH.
/usr/bin/python3 "$here/make_samples.py" "$@"
# Contact samples (card photos, letterheads, signatures, QR cards); adds its
# lines to truth.jsonl, so it runs after make_samples.py.
/usr/bin/python3 "$here/make_contacts.py"
# The OCR benchmark pages (samples/ocr/, rewritten in place; bench/ocr.sh).
/usr/bin/python3 "$here/make_ocr_pages.py"
