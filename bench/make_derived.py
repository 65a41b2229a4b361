#!/usr/bin/python3
"""Derives scanned and photographed documents from a corpus's own documents,
with the corpus's truth, into OUT (a scratch directory, never the project):

  OUT/scans    the born-digital invoices (kind pdf-text) printed and scanned:
               image-only PDFs at 150-300 dpi, turned up to 2 degrees, light
               blur, grain, JPEG q55-80;
  OUT/scans-lo the same at 120-150 dpi, turned up to 3 degrees, more blur,
               JPEG q40-60;
  OUT/photos   the one-page born-digital invoices printed and photographed
               with a phone on a desk: the page at 200-240 dpi, its corners
               moved (perspective), uneven light, a shadow, colour JPEG
               q70-85 of a 2400x3200 photo (samples/make_contacts.py's
               photograph());
  OUT/cards    the vCards (kind vcard) printed as business cards (company,
               name, title, phone, e-mail, web, address as a comma list; with
               and without "Tel:"/"Email:" labels) and photographed on a desk
               (samples/make_contacts.py's photograph());
  OUT/cards-flat the same cards as flat PNG images;
  OUT/cards-styled the vCards as flat cards of three other designs: every
               line centred, contact lines in a right-hand column, the
               company in white on a dark header band.

Each directory is a corpus (files/ + truth.jsonl) that score.py reads. The
documents nobody here has seen will include such derived scans and cards;
these sets measure the mechanism on layouts the project did not make.
Deterministic (fixed seeds). Usage: make_derived.py CORPUS OUT
"""
import glob
import io
import json
import os
import random
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "samples"))
from make_contacts import photograph, save_jpeg  # noqa: E402


def truth_lines(corpus):
    with open(os.path.join(corpus, "truth.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def born_digital_invoices(corpus):
    return [d for d in truth_lines(corpus) if d["class"] == "invoice" and d["kind"] == "pdf-text"]


def write_truth(out, rows):
    with open(os.path.join(out, "truth.jsonl"), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def scans(corpus, out, seed, dpis, turn, blur, quality):
    rng = np.random.default_rng(seed)
    os.makedirs(os.path.join(out, "files", "scans"), exist_ok=True)
    rows = []
    for d in born_digital_invoices(corpus):
        name = d["file"].replace("/", "_").replace(" ", "_")[:-4] + ".pdf"
        with tempfile.TemporaryDirectory() as t:
            dpi = int(rng.choice(dpis))
            subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", os.path.join(corpus, d["file"]),
                            os.path.join(t, "p")], check=True)
            pages = []
            for p in sorted(glob.glob(os.path.join(t, "p*.png")))[:4]:
                im = Image.open(p).convert("L")
                im = im.rotate(float(rng.uniform(-turn, turn)), resample=Image.BICUBIC, expand=False, fillcolor=255)
                if rng.random() < 0.5:
                    im = im.filter(ImageFilter.GaussianBlur(blur))
                a = np.asarray(im, dtype=np.float32) * float(rng.uniform(0.85, 1.0))
                a += rng.normal(0, 10, (im.height, im.width)) + float(rng.uniform(0, 20))
                im = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
                buf = io.BytesIO()
                im.save(buf, "JPEG", quality=int(rng.integers(*quality)))
                pages.append(Image.open(io.BytesIO(buf.getvalue())))
            pages[0].save(os.path.join(out, "files", "scans", name), "PDF", save_all=True,
                          append_images=pages[1:], resolution=dpi)
        rows.append(dict(d, file="files/scans/" + name, kind="pdf-image"))
    write_truth(out, rows)
    return len(rows)


def photos(corpus, out, seed):
    rng = np.random.default_rng(seed)
    os.makedirs(os.path.join(out, "files", "photos"), exist_ok=True)
    rows = []
    for d in born_digital_invoices(corpus):
        src = os.path.join(corpus, d["file"])
        info = subprocess.run(["pdfinfo", src], capture_output=True, text=True).stdout
        if "\nPages:           1\n" not in info:
            continue  # a photo shows one page: the truth may sit on another
        name = d["file"].replace("/", "_").replace(" ", "_")[:-4] + ".jpg"
        with tempfile.TemporaryDirectory() as t:
            dpi = int(rng.integers(200, 241))
            subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", src, os.path.join(t, "p")], check=True)
            page = Image.open(os.path.join(t, "p.png")).convert("RGB")
        out_w, out_h = 2400, 3200
        # The page fills most of the frame, held a little askew.
        scale = min(out_w * 0.86 / page.width, out_h * 0.86 / page.height)
        w, h = page.width * scale, page.height * scale
        x0, y0 = (out_w - w) / 2, (out_h - h) / 2
        jitter = lambda: float(rng.uniform(-0.035, 0.035)) * out_w  # noqa: E731
        corners = [(x0 + jitter(), y0 + jitter()), (x0 + w + jitter(), y0 + jitter()),
                   (x0 + w + jitter(), y0 + h + jitter()), (x0 + jitter(), y0 + h + jitter())]
        photo = photograph(page, out_w, out_h, corners, rng, light=(float(rng.uniform(0.7, 0.85)), 1.05))
        save_jpeg(photo, os.path.join(out, "files", "photos", name), int(rng.integers(70, 86)))
        rows.append(dict(d, file="files/photos/" + name, kind="image"))
    write_truth(out, rows)
    return len(rows)


FONTS = [("dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf"),
         ("liberation/LiberationSans-Regular.ttf", "liberation/LiberationSans-Bold.ttf"),
         ("liberation/LiberationSerif-Regular.ttf", "liberation/LiberationSerif-Bold.ttf"),
         ("lato/Lato-Regular.ttf", "lato/Lato-Bold.ttf")]


def contact_lines(f, labels, wrap):
    """A card's contact lines as (text, is_address): phone and e-mail (with
    "Tel: "/"Email: " labels or not), web address, then the address, wrapped
    at the comma nearest its middle when longer than `wrap` characters."""
    out = []
    if f.get("phone"):
        out.append((("Tel: " if labels else "") + f["phone"], False))
    if f.get("email"):
        out.append((("Email: " if labels else "") + f["email"], False))
    if f.get("website"):
        out.append((f["website"], False))
    if f.get("address"):
        a = f["address"]
        if len(a) <= wrap:
            out.append((a, True))
        else:
            k = min((i for i, c in enumerate(a) if c == ","), key=lambda i: abs(i - len(a) / 2))
            out += [(a[:k + 1].strip(), True), (a[k + 1:].strip(), True)]
    return out


def card_image(f, labels, fonts):
    regular, bold = (os.path.join("/usr/share/fonts/truetype", x) for x in fonts)
    w, h = 1050, 600
    card = Image.new("RGB", (w, h), (252, 251, 248))
    draw = ImageDraw.Draw(card)
    lines = []
    if f.get("company"):
        lines.append((f["company"].upper(), regular, 30, (20, 40, 90)))
    lines.append(("", regular, 26, None))
    lines.append((f["full_name"], bold, 46, (0, 0, 0)))
    if f.get("job_title"):
        lines.append((f["job_title"], regular, 30, (60, 60, 60)))
    lines.append(("", regular, 26, None))
    for text, is_address in contact_lines(f, labels, 48):
        lines.append((text, regular, 26, (40, 40, 40) if is_address else (0, 0, 0)))
    scale = min(1.0, (h - 60) / sum(size + 10 for _, _, size, _ in lines))
    y = 40
    for text, path, size, colour in lines:
        font = ImageFont.truetype(path, max(14, int(size * scale)))
        if text:
            while draw.textlength(text, font=font) > w - 100 and font.size > 14:
                font = ImageFont.truetype(path, font.size - 2)
            draw.text((60, y), text, font=font, fill=colour)
        y += int((size + 10) * scale)
    return card


def styled_card_image(f, labels, fonts, style):
    """Card designs other than the plain left column: "centered" (every line
    centred), "columns" (name and title on the left, the contact lines in a
    right column) and "band" (the company in white on a dark header band)."""
    regular, bold = (os.path.join("/usr/share/fonts/truetype", x) for x in fonts)
    w, h = 1050, 600
    card = Image.new("RGB", (w, h), (252, 251, 248))
    draw = ImageDraw.Draw(card)
    contact = [text for text, _ in contact_lines(f, labels, 40)]

    def put(text, path, size, colour, x, y, width, align="left"):
        font = ImageFont.truetype(path, size)
        while draw.textlength(text, font=font) > width and font.size > 14:
            font = ImageFont.truetype(path, font.size - 2)
        tw = draw.textlength(text, font=font)
        xx = x + (width - tw) / 2 if align == "center" else x
        draw.text((xx, y), text, font=font, fill=colour)

    if style == "band":
        draw.rectangle([0, 0, w, 120], fill=(24, 38, 84))
        if f.get("company"):
            put(f["company"].upper(), bold, 40, (255, 255, 255), 60, 38, w - 120)
        y = 150
        put(f["full_name"], bold, 42, (0, 0, 0), 60, y, w - 120)
        y += 56
        if f.get("job_title"):
            put(f["job_title"], regular, 28, (60, 60, 60), 60, y, w - 120)
            y += 44
        y += 10
        step = min(38, (h - 30 - y) // max(1, len(contact)))
        for line in contact:
            put(line, regular, min(26, step - 6), (0, 0, 0), 60, y, w - 120)
            y += step
    elif style == "centered":
        y = 40
        if f.get("company"):
            put(f["company"].upper(), regular, 30, (20, 40, 90), 50, y, w - 100, "center")
            y += 60
        put(f["full_name"], bold, 46, (0, 0, 0), 50, y, w - 100, "center")
        y += 60
        if f.get("job_title"):
            put(f["job_title"], regular, 28, (60, 60, 60), 50, y, w - 100, "center")
            y += 50
        y += 20
        step = min(38, (h - 30 - y) // max(1, len(contact)))
        for line in contact:
            put(line, regular, min(26, step - 6), (0, 0, 0), 50, y, w - 100, "center")
            y += step
    else:  # columns
        y = 60
        if f.get("company"):
            put(f["company"].upper(), regular, 28, (20, 40, 90), 50, y, 420)
            y += 70
        put(f["full_name"], bold, 40, (0, 0, 0), 50, y, 420)
        y += 54
        if f.get("job_title"):
            put(f["job_title"], regular, 26, (60, 60, 60), 50, y, 420)
        draw.line([(500, 60), (500, h - 60)], fill=(150, 150, 150), width=2)
        y = 70
        step = min(44, (h - 100) // max(1, len(contact)))
        for line in contact:
            put(line, regular, min(24, step - 8), (0, 0, 0), 530, y, w - 570)
            y += step
    return card


def styled_cards(corpus, out, seed):
    """The vCards as cards of the other designs (styled_card_image), flat."""
    pick = random.Random(seed)
    os.makedirs(os.path.join(out, "files", "cards"), exist_ok=True)
    rows = []
    n = 0
    for d in truth_lines(corpus):
        f = d["fields"]
        if d["class"] != "contact" or d["kind"] != "vcard" or not f.get("full_name") or len(f) < 3:
            continue
        for k, style in enumerate(("centered", "columns", "band")):
            card = styled_card_image(f, pick.random() < 0.5, pick.choice(FONTS), style)
            name = f"card{n:02d}_{style}"
            card.save(os.path.join(out, "files", "cards", name + ".png"))
            rows.append({"class": "contact", "lang": d.get("lang", "en"), "fields": f,
                         "file": f"files/cards/{name}.png", "kind": "image"})
        n += 1
    write_truth(out, rows)
    return len(rows)


def cards(corpus, out_photo, out_flat, seed):
    rng = np.random.default_rng(seed)
    pick = random.Random(seed)
    for o in (out_photo, out_flat):
        os.makedirs(os.path.join(o, "files", "cards"), exist_ok=True)
    photos, flats = [], []
    n = 0
    for d in truth_lines(corpus):
        f = d["fields"]
        if d["class"] != "contact" or d["kind"] != "vcard" or not f.get("full_name") or len(f) < 3:
            continue
        for variant in range(2):
            card = card_image(f, variant == 1, pick.choice(FONTS))
            name = f"card{n:02d}_{variant}"
            card.save(os.path.join(out_flat, "files", "cards", name + ".png"))
            jitter = lambda: float(rng.uniform(-40, 40))  # noqa: E731
            corners = [(180 + jitter(), 200 + jitter()), (1220 + jitter(), 190 + jitter()),
                       (1230 + jitter(), 790 + jitter()), (170 + jitter(), 800 + jitter())]
            save_jpeg(photograph(card, 1400, 1000, corners, rng), os.path.join(out_photo, "files", "cards", name + ".jpg"), 80)
            row = {"class": "contact", "lang": d.get("lang", "en"), "fields": f}
            photos.append(dict(row, file=f"files/cards/{name}.jpg", kind="image"))
            flats.append(dict(row, file=f"files/cards/{name}.png", kind="image"))
        n += 1
    write_truth(out_photo, photos)
    write_truth(out_flat, flats)
    return len(photos)


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    corpus, out = sys.argv[1], sys.argv[2]
    print("scans", scans(corpus, os.path.join(out, "scans"), 7, [150, 200, 300], 2, 0.6, (55, 80)))
    print("scans-lo", scans(corpus, os.path.join(out, "scans-lo"), 11, [120, 150], 3, 0.9, (40, 60)))
    print("photos", photos(corpus, os.path.join(out, "photos"), 13))
    print("cards", cards(corpus, os.path.join(out, "cards"), os.path.join(out, "cards-flat"), 5))
    print("cards-styled", styled_cards(corpus, os.path.join(out, "cards-styled"), 9))
    return 0


if __name__ == "__main__":
    sys.exit(main())
