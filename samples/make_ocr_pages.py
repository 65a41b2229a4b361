#!/usr/bin/python3
"""Generate the OCR benchmark pages: samples/ocr/*.png|jpg and samples/ocr/truth.jsonl.

A few A4 pages of known text (French and English, invoice- and contract-like,
set in DejaVu and Liberation fonts) are drawn with Pillow at 300 dpi, line by
line, so the ground truth is exactly the list of drawn lines. Each base page is
then degraded the way real inputs are: turned by 90/180/270 degrees, skewed,
blurred, noisy, heavily JPEG-compressed, scanned at a lower resolution.

truth.jsonl has one line per image:
  {"file": "invoice-fr-skew5.png", "text": "<lines joined by \\n>",
   "degradation": "skew5", "base": "invoice-fr", "lang": "fr"}

Deterministic: every random draw comes from a numpy Generator seeded from SEED
and the file name, and PNG/JPEG are written without timestamps, so re-running
rewrites the same bytes (with the same Pillow/numpy/font versions).
Used by bench/ocr.sh. Run through make_samples.sh, or directly:
    /usr/bin/python3 samples/make_ocr_pages.py [OUT_DIR]
"""
import json
import os
import sys
import zlib

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20250401
DPI = 300
A4 = (2480, 3508)          # A4 at 300 dpi, portrait
MARGIN_X, MARGIN_TOP = 220, 260

FONT_DIRS = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation"]


def font_path(*names):
    """The first of `names` found in FONT_DIRS (fonts-liberation is optional:
    DejaVu is the fallback, so the pages can always be drawn)."""
    for n in names:
        for d in FONT_DIRS:
            p = os.path.join(d, n)
            if os.path.exists(p):
                return p
    raise SystemExit(f"none of the fonts {names} is installed (apt-get install fonts-dejavu-core)")


def pt(size):
    """Font size in points -> pixels at 300 dpi."""
    return round(size * DPI / 72)


# --------------------------------------------------------------------------
# Base pages. Each is a list of blocks; a block is (style, lines) where lines
# are drawn one under the other. Paragraph blocks are word-wrapped to the page
# width first, so the truth holds the lines as they are printed.
# --------------------------------------------------------------------------
INVOICE_FR = {
    "name": "invoice-fr", "lang": "fr",
    "fonts": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"), "size": 10,
    "blocks": [
        ("title", ["ATELIER LUMIÈRE SARL"]),
        ("body", ["12 rue des Tanneurs, 69002 Lyon",
                  "Tél. 04 72 41 18 30 · contact@atelier-lumiere.fr",
                  "SIRET 532 418 997 00027 · TVA FR 47 532418997"]),
        ("gap", []),
        ("head", ["FACTURE N° FA-2025-0217"]),
        ("body", ["Date de facture : 18/04/2025",
                  "Date d'échéance : 18/05/2025",
                  "Référence client : CL-0093"]),
        ("gap", []),
        ("bold", ["Facturé à"]),
        ("body", ["Verdier & Associés SAS",
                  "Service comptabilité",
                  "45 avenue Jean Jaurès, 69007 Lyon"]),
        ("gap", []),
        ("table", [("Désignation", "Qté", "Prix unitaire HT", "Montant HT"),
                   ("Étude d'éclairage du hall", "1", "1 250,00 €", "1 250,00 €"),
                   ("Luminaires suspendus LED", "6", "189,50 €", "1 137,00 €"),
                   ("Pose et raccordement (heures)", "14", "62,00 €", "868,00 €"),
                   ("Déplacement Lyon intra-muros", "2", "35,00 €", "70,00 €")]),
        ("gap", []),
        ("totals", [("Total HT", "3 325,00 €"),
                    ("TVA 20 %", "665,00 €"),
                    ("Total TTC", "3 990,00 €")]),
        ("gap", []),
        ("para", ["Conditions de paiement : virement à 30 jours à réception de facture. "
                  "En cas de retard de paiement, une pénalité égale à trois fois le taux "
                  "d'intérêt légal sera appliquée, ainsi qu'une indemnité forfaitaire de 40 € "
                  "pour frais de recouvrement. Pas d'escompte pour paiement anticipé.",
                  "IBAN FR76 3000 4008 2800 0112 3456 789 · BIC BNPAFRPPXXX"]),
        ("gap", []),
        ("small", ["Atelier Lumière SARL au capital de 20 000 € · RCS Lyon 532 418 997",
                   "Merci de rappeler le numéro de facture lors de votre règlement."]),
    ],
}

CONTRACT_EN = {
    "name": "contract-en", "lang": "en",
    "fonts": ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
              "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"), "size": 11,
    "blocks": [
        ("title", ["CONSULTING SERVICES AGREEMENT"]),
        ("gap", []),
        ("para", ["This Consulting Services Agreement (the \"Agreement\") is entered into as of "
                  "June 2, 2025 by and between Harbor Point Analytics LLC, a Delaware limited "
                  "liability company with offices at 200 Clarendon Street, Boston, MA 02116 "
                  "(the \"Consultant\"), and Meridian Freight Inc., a Texas corporation with "
                  "offices at 4100 Main Street, Houston, TX 77002 (the \"Client\")."]),
        ("bold", ["1. Services"]),
        ("para", ["The Consultant shall provide the data engineering and reporting services "
                  "described in Exhibit A (the \"Services\"). The Consultant shall perform the "
                  "Services in a professional manner and in accordance with generally accepted "
                  "industry standards."]),
        ("bold", ["2. Term"]),
        ("para", ["This Agreement takes effect on July 1, 2025 and remains in force until "
                  "June 30, 2026, unless terminated earlier in accordance with Section 5. The "
                  "parties may extend the term by written amendment signed by both parties."]),
        ("bold", ["3. Fees and Payment"]),
        ("para", ["The Client shall pay the Consultant a monthly fee of $18,500.00, invoiced at "
                  "the end of each calendar month. Invoices are payable within thirty (30) days "
                  "of receipt. Late payments bear interest at 1.5% per month or the maximum rate "
                  "permitted by law, whichever is lower."]),
        ("bold", ["4. Confidentiality"]),
        ("para", ["Each party shall keep the other party's Confidential Information in strict "
                  "confidence and shall not disclose it to any third party without prior written "
                  "consent, except to its employees and advisers who need to know it for the "
                  "purposes of this Agreement."]),
        ("bold", ["5. Termination"]),
        ("para", ["Either party may terminate this Agreement for convenience on sixty (60) days' "
                  "written notice, or immediately if the other party materially breaches this "
                  "Agreement and fails to cure the breach within fifteen (15) days of notice."]),
        ("bold", ["6. Governing Law"]),
        ("para", ["This Agreement is governed by the laws of the State of New York, without "
                  "regard to its conflict of laws rules."]),
    ],
}

INVOICE_EN = {
    "name": "invoice-en", "lang": "en",
    "fonts": ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf",
              "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"), "size": 9,
    "blocks": [
        ("title", ["KESTREL DIGITAL LTD"]),
        ("body", ["Unit 4, Canal Wharf, Leeds LS11 5PS, United Kingdom",
                  "VAT Reg. No. GB 284 5731 06 · accounts@kestrel-digital.co.uk"]),
        ("gap", []),
        ("head", ["INVOICE INV-2025-0412"]),
        ("body", ["Invoice date: April 22, 2025",
                  "Due date: May 22, 2025",
                  "Purchase order: PO-77810"]),
        ("gap", []),
        ("bold", ["Bill to"]),
        ("body", ["Northgate Retail Group plc",
                  "Attn: Finance Department",
                  "18 King Street, Manchester M2 4LQ"]),
        ("gap", []),
        ("table", [("Description", "Qty", "Unit price", "Amount"),
                   ("Website maintenance (April)", "1", "£1,200.00", "£1,200.00"),
                   ("Cloud hosting, 3 servers", "3", "£145.00", "£435.00"),
                   ("Support hours", "9", "£75.00", "£675.00"),
                   ("SSL certificate renewal", "2", "£49.50", "£99.00")]),
        ("gap", []),
        ("totals", [("Subtotal", "£2,409.00"),
                    ("VAT (20%)", "£481.80"),
                    ("Total due", "£2,890.80")]),
        ("gap", []),
        ("para", ["Payment terms: 30 days net. Please pay by bank transfer to Kestrel Digital Ltd, "
                  "sort code 20-45-77, account 53081142, quoting the invoice number. Overdue "
                  "amounts may incur interest under the Late Payment of Commercial Debts "
                  "(Interest) Act 1998."]),
        ("gap", []),
        ("small", ["Registered in England and Wales, company no. 09876543.",
                   "Thank you for your business."]),
    ],
}

CONTRAT_FR = {
    "name": "contrat-fr", "lang": "fr",
    "fonts": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"), "size": 10,
    "blocks": [
        ("title", ["CONTRAT DE MAINTENANCE"]),
        ("gap", []),
        ("para", ["Entre les soussignés : la société Imprimerie Rousseau SAS, au capital de "
                  "50 000 €, dont le siège est situé 8 quai de la Fosse, 44000 Nantes, "
                  "ci-après dénommée « le Client », et la société Techniparc SARL, 17 rue de "
                  "Strasbourg, 44000 Nantes, ci-après dénommée « le Prestataire »."]),
        ("bold", ["Article 1 - Objet"]),
        ("para", ["Le présent contrat a pour objet la maintenance préventive et corrective des "
                  "presses numériques du Client, telles que décrites à l'annexe 1."]),
        ("bold", ["Article 2 - Durée"]),
        ("para", ["Le contrat prend effet le 1er septembre 2025 pour une durée de deux ans. Il "
                  "se renouvelle ensuite par tacite reconduction pour des périodes d'un an, sauf "
                  "dénonciation par lettre recommandée trois mois avant l'échéance."]),
        ("bold", ["Article 3 - Prix"]),
        ("para", ["En contrepartie des prestations, le Client verse une redevance annuelle de "
                  "9 600,00 € HT, payable par trimestre à terme échu. Les interventions hors "
                  "contrat sont facturées 85,00 € HT de l'heure."]),
        ("bold", ["Article 4 - Droit applicable"]),
        ("para", ["Le présent contrat est soumis au droit français. Tout litige relève de la "
                  "compétence exclusive du tribunal de commerce de Nantes."]),
        ("gap", []),
        ("body", ["Fait à Nantes, le 28 juillet 2025, en deux exemplaires originaux."]),
    ],
}

BASES = [INVOICE_FR, CONTRACT_EN, INVOICE_EN, CONTRAT_FR]


class Page:
    """Draws lines on a white 300-dpi A4 page and records them as the truth."""

    def __init__(self, spec):
        fonts = spec["fonts"]
        regular = font_path(fonts[0], *fonts[2::2])
        bold = font_path(fonts[1], *fonts[3::2])
        size = spec["size"]
        self.fonts = {
            "body": ImageFont.truetype(regular, pt(size)),
            "para": ImageFont.truetype(regular, pt(size)),
            "small": ImageFont.truetype(regular, pt(size - 1.5)),
            "bold": ImageFont.truetype(bold, pt(size + 0.5)),
            "head": ImageFont.truetype(bold, pt(size + 3)),
            "title": ImageFont.truetype(bold, pt(size + 6)),
        }
        self.im = Image.new("L", A4, 255)
        self.draw = ImageDraw.Draw(self.im)
        self.y = MARGIN_TOP
        self.lines = []
        self.width = A4[0] - 2 * MARGIN_X
        self.step = round(pt(size) * 1.5)

    def line(self, text, fnt, x=MARGIN_X):
        self.y += round(fnt.size * 1.45)
        self.draw.text((x, self.y), text, font=fnt, fill=0, anchor="ls")
        self.lines.append(text)

    def row(self, cells, fnt, stops):
        """One table row: the first cell left-aligned, the others right-aligned
        on their tab stops. The truth is the cells joined by one space."""
        self.y += round(fnt.size * 1.6)
        for i, (cell, stop) in enumerate(zip(cells, stops)):
            anchor = "ls" if i == 0 else "rs"
            self.draw.text((stop, self.y), cell, font=fnt, fill=0, anchor=anchor)
        self.lines.append(" ".join(cells))

    def wrap(self, text, fnt):
        words, out, cur = text.split(), [], ""
        for w in words:
            trial = f"{cur} {w}" if cur else w
            if fnt.getlength(trial) <= self.width:
                cur = trial
            else:
                out.append(cur)
                cur = w
        if cur:
            out.append(cur)
        return out

    def render(self, blocks):
        right = A4[0] - MARGIN_X
        for style, lines in blocks:
            if style == "gap":
                self.y += self.step
            elif style == "para":
                for p in lines:
                    for ln in self.wrap(p, self.fonts["para"]):
                        self.line(ln, self.fonts["para"])
                    self.y += self.step // 3
            elif style == "table":
                f, fb = self.fonts["body"], self.fonts["bold"]
                stops = [MARGIN_X, right - 1050, right - 420, right]
                self.row(lines[0], fb, stops)
                self.draw.line((MARGIN_X, self.y + 20, right, self.y + 20), fill=0, width=3)
                self.y += 10
                for r in lines[1:]:
                    self.row(r, f, stops)
            elif style == "totals":
                stops = [right - 900, right]
                for i, r in enumerate(lines):
                    self.row(r, self.fonts["bold" if i == len(lines) - 1 else "body"], stops)
            else:
                for ln in lines:
                    self.line(ln, self.fonts[style])
            if style == "bold":
                self.y += 6
        return self.im, "\n".join(self.lines)


# --------------------------------------------------------------------------
# Degradations. Each takes the clean 300-dpi page and a seeded Generator and
# returns (image, dpi, format, save options).
# --------------------------------------------------------------------------
PNG = ("png", {"optimize": True})


def rng_for(name):
    return np.random.default_rng([SEED, zlib.crc32(name.encode())])


def to_img(a):
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")


def skew(im, degrees):
    # Positive = counter-clockwise; white fill, page grows to keep the corners.
    return im.rotate(degrees, resample=Image.BICUBIC, expand=True, fillcolor=255)


def speckle(im, rng, density):
    """Salt-and-pepper dust of a photocopier/fax: isolated black and white pixels."""
    a = np.asarray(im).copy()
    r = rng.random(a.shape)
    a[r < density / 2] = 0
    a[r > 1 - density / 2] = 255
    return Image.fromarray(a, "L")


def scan(im, rng, angle):
    """A cheap office scan: 200 dpi, a few degrees off, soft, grainy, JPEG."""
    w, h = im.size
    im = im.resize((w * 2 // 3, h * 2 // 3), Image.LANCZOS)
    im = skew(im, angle).filter(ImageFilter.GaussianBlur(0.8))
    a = np.asarray(im, dtype=np.float32) * 0.92 + 12          # grey paper, weaker ink
    return to_img(a + rng.normal(0, 10, a.shape))


def photo(im, rng, angle):
    """A phone photo of the sheet: ~200 dpi, a little turned, lit from one side
    (the far corner in shadow at under half the light), weak contrast, soft,
    grainy, JPEG."""
    w, h = im.size
    im = im.resize((w * 2 // 3, h * 2 // 3), Image.LANCZOS)
    im = skew(im, angle).filter(ImageFilter.GaussianBlur(1.0))
    a = np.asarray(im, dtype=np.float32)
    hh, ww = a.shape
    y, x = np.mgrid[0:hh, 0:ww].astype(np.float32)
    light = 1.0 - 0.55 * (x / ww * 0.6 + y / hh * 0.4)             # shadow towards one corner
    light *= 1.0 - 0.25 * (((x - ww * 0.3) / ww) ** 2 + ((y - hh * 0.3) / hh) ** 2)   # vignetting
    a = (a * 0.75 + 40) * light                                      # grey ink, dim paper
    return to_img(a + rng.normal(0, 6, a.shape))


DEGRADATIONS = {
    # name: (function(img, rng, base_index) -> img, dpi, (format, options))
    "clean":    (lambda im, rng, i: im, 300, PNG),
    "rotate90": (lambda im, rng, i: im.transpose(Image.ROTATE_270), 300, PNG),   # turned clockwise
    "rotate180": (lambda im, rng, i: im.transpose(Image.ROTATE_180), 300, PNG),
    "rotate270": (lambda im, rng, i: im.transpose(Image.ROTATE_90), 300, PNG),   # counter-clockwise
    "skew2":    (lambda im, rng, i: skew(im, 2.0 if i % 2 == 0 else -2.0), 300, PNG),
    "skew5":    (lambda im, rng, i: skew(im, -5.0 if i % 2 == 0 else 5.0), 300, PNG),
    "skew8":    (lambda im, rng, i: skew(im, 8.0 if i % 2 == 0 else -8.0), 300, PNG),
    "blur":     (lambda im, rng, i: im.filter(ImageFilter.GaussianBlur(2.5)), 300, PNG),
    "noise":    (lambda im, rng, i: speckle(im, rng, 0.03), 300, PNG),
    "jpeg40":   (lambda im, rng, i: im, 300, ("jpeg", {"quality": 40})),
    "dpi150":   (lambda im, rng, i: im.resize((A4[0] // 2, A4[1] // 2), Image.LANCZOS), 150, PNG),
    "scan200":  (lambda im, rng, i: scan(im, rng, 3.0 if i % 2 == 0 else -3.0), 200,
                 ("jpeg", {"quality": 60})),
    "photo":    (lambda im, rng, i: photo(im, rng, 1.5 if i % 2 == 0 else -1.5), 200,
                 ("jpeg", {"quality": 70})),
}

# Which degradations each base page gets: the first two bases (French invoice,
# English contract) get all of them; the others a clean page and one more, so the
# folder stays small and a full benchmark run stays within a few minutes.
PLAN = {
    "invoice-fr": list(DEGRADATIONS),
    "contract-en": list(DEGRADATIONS),
    "invoice-en": ["clean", "skew5"],
    "contrat-fr": ["clean", "rotate90"],
}


def save(im, path, dpi, fmt):
    kind, opts = fmt
    if kind == "jpeg":
        # Baseline JPEG, no EXIF/timestamps: the bytes depend only on the pixels.
        im.save(path, "JPEG", dpi=(dpi, dpi), **opts)
    else:
        # 16 grey levels (a 4-bit grey scan): a third to half the PNG size,
        # no visible change to anti-aliased text.
        a = np.asarray(im, dtype=np.float32)
        im = Image.fromarray((np.round(a / 17) * 17).astype(np.uint8), "L")
        im.save(path, "PNG", dpi=(dpi, dpi), **opts)


def main():
    out = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(HERE, "ocr")
    os.makedirs(out, exist_ok=True)
    # Drop stale images from an earlier plan so the folder matches truth.jsonl.
    for f in os.listdir(out):
        if f.endswith((".png", ".jpg")):
            os.remove(os.path.join(out, f))
    rows = []
    for i, spec in enumerate(BASES):
        clean, text = Page(spec).render(spec["blocks"])
        for deg in PLAN[spec["name"]]:
            fn, dpi, fmt = DEGRADATIONS[deg]
            ext = "jpg" if fmt[0] == "jpeg" else "png"
            name = f"{spec['name']}-{deg}.{ext}"
            save(fn(clean, rng_for(name), i), os.path.join(out, name), dpi, fmt)
            rows.append({"file": name, "text": text, "degradation": deg,
                         "base": spec["name"], "lang": spec["lang"], "dpi": dpi})
    with open(os.path.join(out, "truth.jsonl"), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    total = sum(os.path.getsize(os.path.join(out, r["file"])) for r in rows)
    print(f"samples/ocr: {len(rows)} pages, {total / 1e6:.1f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
