#!/usr/bin/python3
"""Writes a multi-page scanned PDF (image-only) built from the project's own
born-digital samples: each page rendered at 300 dpi in gray, rotated by up to
±1.5 degrees, given light noise, JPEG-compressed (q75) and wrapped in a PDF.
Deterministic (fixed seed). Usage: make_scan.py OUT.pdf [PAGES] [DPI]
"""
import glob
import io
import os
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image

out = sys.argv[1]
pages_wanted = int(sys.argv[2]) if len(sys.argv) > 2 else 10
dpi = int(sys.argv[3]) if len(sys.argv) > 3 else 300
here = os.path.dirname(os.path.abspath(__file__))
samples = os.path.join(here, "..", "samples")
rng = np.random.default_rng(20251125)

sources = sorted(f for f in glob.glob(os.path.join(samples, "*.pdf")) if "scan" not in os.path.basename(f))
with tempfile.TemporaryDirectory() as tmp:
    for i, pdf in enumerate(sources):
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", pdf, os.path.join(tmp, f"{i:02d}")], check=True)
    rendered = sorted(glob.glob(os.path.join(tmp, "*.png")))
    images = []
    for k in range(pages_wanted):
        img = Image.open(rendered[k % len(rendered)]).convert("L")
        img = img.rotate(float(rng.uniform(-1.5, 1.5)), resample=Image.BICUBIC, expand=False, fillcolor=255)
        a = np.asarray(img, dtype=np.float32) + rng.normal(0, 8, (img.height, img.width))
        img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=75)
        images.append(Image.open(io.BytesIO(buf.getvalue())))
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
print(out)
