#!/usr/bin/python3
"""Generate docflow's contact samples (business-card photos, letterheads,
e-mail signatures, cards with a MECARD / vCard QR code) and their truth.

Every printed value comes from the CONTACTS dictionaries below; the same
dictionaries write the truth lines, so the truth always matches the
documents. The lines of these files in samples/truth.jsonl are replaced (the
other lines are kept), so run this after make_samples.py (make_samples.sh
does). Deterministic: fixed seeds, reportlab invariant mode, fixed JPEG
settings. Everything (people, companies, addresses, numbers) is invented;
phone numbers are in the ranges reserved for fiction where one exists
(UK 020 7946 0xxx / 07700 900xxx, US 555-01xx).

Run through make_samples.sh (it installs the Debian packages this needs:
python3-pil, python3-numpy, python3-reportlab, python3-qrcode, poppler-utils).
"""
import io
import json
import os
import random
import subprocess
import sys
import tempfile

import numpy as np
import qrcode
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab import rl_config

rl_config.invariant = 1
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

OUT = os.path.dirname(os.path.abspath(__file__))
FONT_DIR = "/usr/share/fonts/truetype/dejavu"
SEED = 20250501

for name, fn in [("DV", "DejaVuSans.ttf"), ("DV-B", "DejaVuSans-Bold.ttf"),
                 ("DV-I", "DejaVuSans-Oblique.ttf"), ("DVS", "DejaVuSerif.ttf"),
                 ("DVS-B", "DejaVuSerif-Bold.ttf")]:
    pdfmetrics.registerFont(TTFont(name, os.path.join(FONT_DIR, fn)))


def font(name, px):
    return ImageFont.truetype(os.path.join(FONT_DIR, name), px)


# --------------------------------------------------------------------------
# The contacts (single source of truth for documents AND truth lines)
# --------------------------------------------------------------------------
CARD_FR = {  # photographed card, French
    "full_name": "Julien Moreau", "job_title": "Responsable des achats",
    "company": "Boulangeries Fournil & Cie", "phone": "06 48 27 91 35",
    "email": "j.moreau@fournil-cie.fr", "website": "www.fournil-cie.fr",
    "address_lines": ["8 rue du Vieux Marché", "35000 Rennes"],
}
CARD_EN = {  # photographed card, UK
    "full_name": "Olivia Hartley", "job_title": "Senior Architect",
    "company": "Hartley & Shaw Architects LLP", "phone": "+44 20 7946 0321",
    "email": "olivia.hartley@hartleyshaw.co.uk", "website": "www.hartleyshaw.co.uk",
    "address_lines": ["42 Clerkenwell Green", "London EC1R 0DU", "United Kingdom"],
}
CARD_US_QR = {  # card photo with a vCard QR code (same person as printed)
    "full_name": "Marcus Bell", "job_title": "VP of Sales", "company": "Lone Star Robotics Inc.",
    "phone": "(512) 555-0147", "phone_e164": "+15125550147",
    "email": "marcus.bell@lonestar-robotics.com", "website": "www.lonestar-robotics.com",
    "address_lines": ["600 Congress Ave, Suite 1400", "Austin, TX 78701"],
}
CARD_FR_QR = {  # minimal printed card; the MECARD QR code holds the details
    "full_name": "Camille Rousseau", "job_title": "Photographe", "company": "Studio Lumen",
    "phone": "+33 6 71 23 45 09", "email": "camille@studio-lumen.fr",
    "website": "https://studio-lumen.fr",
}
CARD_COLUMNS = {  # flat card in two columns, a thin rule between them
    "full_name": "Priya Raman", "job_title": "Data Protection Officer", "company": "Northgate Clinics",
    "phone": "+44 161 496 0812", "email": "priya.raman@northgate-clinics.co.uk",
    "website": "www.northgate-clinics.co.uk",
    "address_lines": ["Northgate House, 3 Quay Street,", "Manchester M3 3JE, United Kingdom"],
}
LETTER_FR = {  # born-digital French letter on letterhead
    "company": "Cabinet Delmas & Associés", "street": "24 cours Mirabeau",
    "city": "13100 Aix-en-Provence", "phone": "04 42 27 63 10",
    "email": "contact@delmas-associes.fr", "website": "www.delmas-associes.fr",
    "signer": "Hélène Delmas", "signer_title": "Avocate associée",
    "recipient": ["Monsieur Pierre Garnier", "Garnier Transports SARL", "17 avenue de la Gare",
                  "84000 Avignon"],
}
LETTER_EN = {  # scanned UK letter on letterhead (image-only PDF)
    "company": "Thornbury Logistics Ltd", "street": "Unit 7, Riverside Park",
    "city": "Bristol BS1 6QH", "phone": "0117 496 0723", "email": "enquiries@thornbury-logistics.co.uk",
    "website": "www.thornbury-logistics.co.uk", "signer": "David Okafor",
    "signer_title": "Operations Director",
    "recipient": ["Ms Rachel Green", "Greenfield Farms", "Old Mill Lane", "Bath BA2 4QT"],
}
SIG_EN = {  # e-mail with a signature, rendered as a screenshot
    "full_name": "James Whitfield", "job_title": "Head of Partnerships",
    "company": "Kestrel Digital Ltd", "phone": "+44 20 7946 0958", "mobile": "+44 7700 900123",
    "email": "james.whitfield@kestrel-digital.co.uk", "website": "www.kestrel-digital.co.uk",
    "address": "18 Curtain Road, London EC2A 3NQ",
    "to": "Sophie Laurent <s.laurent@atelier-lumiere.fr>",
}
SIG_FR = {  # e-mail signature, PDF (printed from a mail client)
    "full_name": "Sophie Laurent", "job_title": "Chargée d'affaires",
    "company": "Atelier Lumière SARL", "phone": "04 78 92 15 40",
    "email": "s.laurent@atelier-lumiere.fr", "website": "www.atelier-lumiere.fr",
    "address": "27 rue des Tanneurs, 69001 Lyon",
    "to": "James Whitfield <james.whitfield@kestrel-digital.co.uk>",
}


def truth(file, lang, kind, fields):
    return {"file": file, "class": "contact", "lang": lang, "kind": kind,
            "fields": {k: v for k, v in fields.items() if v}, "expect_state": "done"}


# --------------------------------------------------------------------------
# Photo simulation: card on a table, perspective, uneven light, JPEG
# --------------------------------------------------------------------------
def perspective_coeffs(dst, src):
    """Coefficients for PIL's PERSPECTIVE transform mapping output dst quad to input src quad."""
    a = []
    b = []
    for (x, y), (u, v) in zip(dst, src):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b += [u, v]
    return np.linalg.solve(np.array(a, dtype=np.float64), np.array(b, dtype=np.float64)).tolist()


def photograph(card, out_w, out_h, corners, rng, light=(0.75, 1.08), table=(132, 112, 92)):
    """Places `card` (RGB) with its corners at `corners` on a table, lit unevenly."""
    w, h = card.size
    big = Image.new("RGB", (out_w, out_h), table)
    # wood-ish table: horizontal streaks
    arr = np.asarray(big, dtype=np.float32)
    streaks = np.sin(np.linspace(0, 60, out_h))[:, None] * 10 + rng.normal(0, 6, (out_h, 1))
    arr = arr + streaks[:, :, None]
    coeffs = perspective_coeffs(corners, [(0, 0), (w, 0), (w, h), (0, h)])
    warped = card.transform((out_w, out_h), Image.PERSPECTIVE, coeffs, Image.BICUBIC)
    mask = Image.new("L", card.size, 255).transform((out_w, out_h), Image.PERSPECTIVE, coeffs, Image.BICUBIC)
    m = np.asarray(mask, dtype=np.float32)[:, :, None] / 255.0
    # soft shadow under the card
    shadow = np.asarray(mask.filter(ImageFilter.GaussianBlur(12)), dtype=np.float32)[:, :, None] / 255.0
    arr = arr * (1 - 0.35 * np.roll(np.roll(shadow, 10, 0), 8, 1))
    arr = arr * (1 - m) + np.asarray(warped, dtype=np.float32) * m
    # uneven light: a linear gradient plus a warm vignette
    yy, xx = np.mgrid[0:out_h, 0:out_w].astype(np.float32)
    grad = light[0] + (light[1] - light[0]) * (xx / out_w * 0.7 + yy / out_h * 0.3)
    vign = 1 - 0.18 * (((xx - out_w * 0.45) / out_w) ** 2 + ((yy - out_h * 0.4) / out_h) ** 2)
    arr = arr * (grad * vign)[:, :, None]
    arr[:, :, 2] *= 0.94  # warm indoor light
    arr += rng.normal(0, 3.0, arr.shape)
    im = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")
    return im.filter(ImageFilter.GaussianBlur(0.5))


def save_jpeg(im, path, quality):
    im.save(path, "JPEG", quality=quality, optimize=True, progressive=False, subsampling=2)


def qr_image(payload, box):
    q = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box, border=2)
    q.add_data(payload)
    q.make(fit=True)
    return q.make_image(fill_color="black", back_color="white").convert("RGB")


# --------------------------------------------------------------------------
# Cards
# --------------------------------------------------------------------------
def card_fr_photo(path, rng):
    d = CARD_FR
    card = Image.new("RGB", (1050, 600), (250, 247, 240))
    dr = ImageDraw.Draw(card)
    brown = (110, 62, 30)
    dr.rectangle([0, 0, 1050, 110], fill=brown)
    dr.text((60, 72), d["company"], font=font("DejaVuSerif-Bold.ttf", 44), fill=(250, 240, 220), anchor="ls")
    dr.text((60, 210), d["full_name"], font=font("DejaVuSans-Bold.ttf", 52), fill="black", anchor="ls")
    dr.text((60, 260), d["job_title"], font=font("DejaVuSans.ttf", 32), fill=brown, anchor="ls")
    f = font("DejaVuSans.ttf", 30)
    y = 360
    for s in [f"Tél. {d['phone']}", d["email"], d["website"]]:
        dr.text((60, y), s, font=f, fill=(40, 40, 40), anchor="ls")
        y += 48
    y = 360
    for s in d["address_lines"]:
        dr.text((1000, y), s, font=f, fill=(40, 40, 40), anchor="rs")
        y += 48
    im = photograph(card, 1400, 1000, [(170, 190), (1250, 240), (1220, 860), (150, 800)], rng)
    save_jpeg(im, path, 66)
    return truth(os.path.basename(path), "fr", "image",
                 {"full_name": d["full_name"], "company": d["company"], "job_title": d["job_title"],
                  "email": d["email"], "phone": d["phone"], "website": d["website"],
                  "address": ", ".join(line.rstrip(",") for line in d["address_lines"])})


def card_en_photo(path, rng):
    d = CARD_EN
    card = Image.new("RGB", (1050, 600), "white")
    dr = ImageDraw.Draw(card)
    teal = (0, 95, 105)
    dr.rectangle([700, 0, 1050, 600], fill=(232, 240, 241))
    dr.text((60, 110), d["full_name"].upper(), font=font("DejaVuSans-Bold.ttf", 50), fill=teal, anchor="ls")
    dr.text((60, 160), d["job_title"], font=font("DejaVuSans-Oblique.ttf", 32), fill=(60, 60, 60), anchor="ls")
    dr.text((60, 280), d["company"], font=font("DejaVuSans-Bold.ttf", 30), fill="black", anchor="ls")
    f = font("DejaVuSans.ttf", 27)
    y = 330
    for s in d["address_lines"]:
        dr.text((60, y), s, font=f, fill=(50, 50, 50), anchor="ls")
        y += 40
    y = 300
    for s in [f"T  {d['phone']}", "E  " + d["email"].split("@")[0] + "@", "   " + d["email"].split("@")[1],
              d["website"]]:
        pass
    # contact column on the tinted panel (e-mail on one line, small)
    fs = font("DejaVuSans.ttf", 24)
    dr.text((720, 330), f"T {d['phone']}", font=fs, fill=(30, 30, 30), anchor="ls")
    dr.text((720, 372), "olivia.hartley@", font=fs, fill=(30, 30, 30), anchor="ls")
    dr.text((720, 402), "hartleyshaw.co.uk", font=fs, fill=(30, 30, 30), anchor="ls")
    dr.text((720, 444), d["website"], font=fs, fill=(30, 30, 30), anchor="ls")
    im = photograph(card, 1350, 950, [(140, 150), (1210, 120), (1240, 760), (170, 790)], rng,
                    light=(1.05, 0.7), table=(70, 74, 82))
    save_jpeg(im, path, 66)
    return truth(os.path.basename(path), "en", "image",
                 {"full_name": d["full_name"], "company": d["company"], "job_title": d["job_title"],
                  "phone": d["phone"], "website": d["website"], "address": ", ".join(d["address_lines"])})


def card_us_qr(path, rng):
    d = CARD_US_QR
    vcard = ("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Bell;Marcus;;;\r\nFN:Marcus Bell\r\n"
             f"ORG:{d['company']}\r\nTITLE:{d['job_title']}\r\n"
             f"TEL;TYPE=WORK,VOICE:{d['phone_e164']}\r\nEMAIL;TYPE=WORK:{d['email']}\r\n"
             f"URL:https://{d['website']}\r\n"
             "ADR;TYPE=WORK:;Suite 1400;600 Congress Ave;Austin;TX;78701;USA\r\nEND:VCARD\r\n")
    card = Image.new("RGB", (1050, 600), (245, 245, 245))
    dr = ImageDraw.Draw(card)
    red = (170, 30, 40)
    dr.text((50, 90), d["company"], font=font("DejaVuSans-Bold.ttf", 38), fill=red, anchor="ls")
    dr.text((50, 220), d["full_name"], font=font("DejaVuSans-Bold.ttf", 48), fill="black", anchor="ls")
    dr.text((50, 268), d["job_title"], font=font("DejaVuSans.ttf", 30), fill=(80, 80, 80), anchor="ls")
    f = font("DejaVuSans.ttf", 26)
    y = 370
    for s in [f"Office {d['phone']}", d["email"]] + d["address_lines"]:
        dr.text((50, y), s, font=f, fill=(40, 40, 40), anchor="ls")
        y += 42
    qr = qr_image(vcard, 4)
    qr = qr.resize((300, 300), Image.NEAREST)
    card.paste(qr, (720, 250))
    im = photograph(card, 1300, 900, [(120, 130), (1180, 160), (1160, 780), (100, 740)], rng)
    save_jpeg(im, path, 66)
    return truth(os.path.basename(path), "en", "image",
                 {"full_name": d["full_name"], "company": d["company"], "job_title": d["job_title"],
                  "email": d["email"], "phone": d["phone"], "website": d["website"],
                  "address": "Suite 1400, 600 Congress Ave, Austin, TX 78701"})


def card_fr_qr(path, rng):
    d = CARD_FR_QR
    mecard = (f"MECARD:N:Rousseau,Camille;ORG:{d['company']};TEL:{d['phone'].replace(' ', '')};"
              f"EMAIL:{d['email']};URL:{d['website']};;")
    card = Image.new("RGB", (1050, 600), (24, 24, 28))
    dr = ImageDraw.Draw(card)
    dr.text((70, 200), d["company"].upper(), font=font("DejaVuSans-Bold.ttf", 40), fill=(230, 190, 90), anchor="ls")
    dr.text((70, 330), d["full_name"], font=font("DejaVuSans.ttf", 46), fill="white", anchor="ls")
    dr.text((70, 380), d["job_title"], font=font("DejaVuSans-Oblique.ttf", 30), fill=(200, 200, 200), anchor="ls")
    qr = qr_image(mecard, 6).resize((330, 330), Image.NEAREST)
    card.paste(qr, (660, 135))
    card.save(path, "PNG", optimize=True, dpi=(300, 300))
    return truth(os.path.basename(path), "fr", "image",
                 {"full_name": d["full_name"], "company": d["company"], "job_title": d["job_title"],
                  "email": d["email"], "phone": d["phone"], "website": d["website"]})


def card_columns(path):
    """Name and title on the left, the contact lines on the right of a thin
    grey rule that runs below the text (Tesseract once read such a card as
    "a OS BS Bn" through a content rectangle that cut the rule)."""
    d = CARD_COLUMNS
    card = Image.new("RGB", (1050, 600), (252, 251, 248))
    dr = ImageDraw.Draw(card)
    dr.text((50, 60), d["company"].upper(), font=font("DejaVuSans.ttf", 28), fill=(20, 40, 90))
    dr.text((50, 130), d["full_name"], font=font("DejaVuSans-Bold.ttf", 40), fill=(0, 0, 0))
    dr.text((50, 184), d["job_title"], font=font("DejaVuSans.ttf", 24), fill=(60, 60, 60))
    dr.line([(500, 60), (500, 540)], fill=(150, 150, 150), width=2)
    y = 70
    for line in [d["phone"], d["email"], d["website"]] + d["address_lines"]:
        dr.text((545, y), line, font=font("DejaVuSans.ttf", 24), fill=(0, 0, 0))
        y += 44
    card.save(path, "PNG", optimize=True, dpi=(300, 300))
    return truth(os.path.basename(path), "en", "image",
                 {"full_name": d["full_name"], "company": d["company"], "job_title": d["job_title"],
                  "email": d["email"], "phone": d["phone"], "website": d["website"],
                  "address": ", ".join(line.rstrip(",") for line in d["address_lines"])})


# --------------------------------------------------------------------------
# Letters on letterhead
# --------------------------------------------------------------------------
def draw_letter(c, d, lang):
    W, H = A4
    c.setFillColorRGB(0.13, 0.22, 0.38)
    c.setFont("DV-B", 18)
    c.drawString(22 * mm, H - 25 * mm, d["company"])
    c.setFont("DV", 9.5)
    c.setFillColorRGB(0.25, 0.25, 0.25)
    c.drawString(22 * mm, H - 31 * mm, d["street"])
    c.drawString(22 * mm, H - 35.5 * mm, d["city"])
    tel = "Tél." if lang == "fr" else "Tel"
    c.drawRightString(W - 22 * mm, H - 25 * mm, f"{tel} {d['phone']}")
    c.drawRightString(W - 22 * mm, H - 29.5 * mm, d["email"])
    c.drawRightString(W - 22 * mm, H - 34 * mm, d["website"])
    c.setStrokeColorRGB(0.13, 0.22, 0.38)
    c.setLineWidth(1.2)
    c.line(22 * mm, H - 40 * mm, W - 22 * mm, H - 40 * mm)
    # recipient block
    c.setFillColorRGB(0, 0, 0)
    c.setFont("DV", 10.5)
    x = 115 * mm if lang == "fr" else 22 * mm
    y = H - 58 * mm
    for s in d["recipient"]:
        c.drawString(x, y, s)
        y -= 5.2 * mm


def letter_fr(path):
    d = LETTER_FR
    c = canvas.Canvas(path, pagesize=A4, invariant=1)
    c.setTitle("Courrier")
    draw_letter(c, d, "fr")
    W, H = A4
    c.setFont("DV", 10.5)
    c.drawString(115 * mm, H - 88 * mm, "Aix-en-Provence, le 12 mai 2025")
    c.setFont("DV-B", 10.5)
    c.drawString(22 * mm, H - 102 * mm, "Objet : votre demande de rendez-vous")
    c.setFont("DV", 10.5)
    body = ["Monsieur,", "",
            "Nous avons bien reçu votre courrier du 5 mai et vous remercions de votre confiance.",
            "Comme convenu lors de notre entretien téléphonique, nous vous proposons de nous",
            "rencontrer à notre cabinet le mardi 20 mai à 10 heures afin d'examiner ensemble",
            "les documents relatifs à la cession de votre fonds de commerce.",
            "",
            "Nous vous remercions de bien vouloir vous munir des statuts de votre société et",
            "des trois derniers bilans. N'hésitez pas à nous contacter pour toute question.",
            "",
            "Nous vous prions d'agréer, Monsieur, l'expression de nos salutations distinguées."]
    y = H - 116 * mm
    for s in body:
        c.drawString(22 * mm, y, s)
        y -= 5.6 * mm
    y -= 12 * mm
    c.setFont("DV-B", 10.5)
    c.drawString(115 * mm, y, d["signer"])
    c.setFont("DV-I", 10)
    c.drawString(115 * mm, y - 5 * mm, d["signer_title"])
    c.setFont("DV", 7.5)
    c.setFillColorRGB(0.4, 0.4, 0.4)
    c.drawCentredString(W / 2, 14 * mm, f"{d['company']} – SELARL au capital de 20 000 € – RCS Aix-en-Provence 812 345 674")
    c.showPage()
    c.save()
    return truth(os.path.basename(path), "fr", "pdf-text",
                 {"full_name": d["signer"], "company": d["company"], "job_title": d["signer_title"],
                  "email": d["email"], "phone": d["phone"], "website": d["website"],
                  "address": f"{d['street']}, {d['city']}"})


def letter_en_scan(path, tmp, rng):
    d = LETTER_EN
    pdf = os.path.join(tmp, "letter-en.pdf")
    c = canvas.Canvas(pdf, pagesize=A4, invariant=1)
    draw_letter(c, d, "en")
    W, H = A4
    c.setFont("DV", 10.5)
    c.drawString(22 * mm, H - 88 * mm, "14 May 2025")
    body = ["Dear Ms Green,", "",
            "Thank you for meeting us at the Bath show last week. As promised, I am writing to",
            "confirm that we can collect your produce twice a week from the start of June, with",
            "refrigerated vans and a two-hour delivery window to your customers in Bristol.",
            "",
            "Our account manager will call you next week to agree the collection times. In the",
            "meantime, please do not hesitate to contact me directly with any questions.",
            "",
            "Yours sincerely,"]
    y = H - 100 * mm
    for s in body:
        c.drawString(22 * mm, y, s)
        y -= 5.6 * mm
    y -= 14 * mm
    c.setFont("DV-B", 10.5)
    c.drawString(22 * mm, y, d["signer"])
    c.setFont("DV", 10)
    c.drawString(22 * mm, y - 5 * mm, d["signer_title"])
    c.setFont("DV", 7.5)
    c.drawCentredString(W / 2, 14 * mm, f"{d['company']}. Registered in England and Wales No. 08123456.")
    c.showPage()
    c.save()
    png = os.path.join(tmp, "letter-en")
    subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", "-singlefile", pdf, png], check=True)
    im = Image.open(png + ".png").convert("L")
    im = im.rotate(-0.8, resample=Image.BICUBIC, fillcolor=255, expand=False)
    a = np.asarray(im, dtype=np.float32)
    a = a * 0.92 + 14 + rng.normal(0, 5, a.shape)
    im = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=45)
    jpg = os.path.join(tmp, "letter-en.jpg")
    with open(jpg, "wb") as fh:
        fh.write(buf.getvalue())
    import img2pdf
    with open(path, "wb") as fh:
        fh.write(img2pdf.convert(jpg, layout_fun=img2pdf.get_fixed_dpi_layout_fun((150, 150)),
                                 nodate=True, engine=img2pdf.Engine.internal))
    return truth(os.path.basename(path), "en", "pdf-image",
                 {"full_name": d["signer"], "company": d["company"], "job_title": d["signer_title"],
                  "email": d["email"], "phone": d["phone"], "website": d["website"],
                  "address": f"{d['street']}, {d['city']}"})


# --------------------------------------------------------------------------
# E-mail signatures
# --------------------------------------------------------------------------
def signature_en_png(path):
    d = SIG_EN
    W, H = 1400, 1000
    im = Image.new("RGB", (W, H), "white")
    dr = ImageDraw.Draw(im)
    dr.rectangle([0, 0, W, 70], fill=(238, 240, 244))
    dr.text((30, 46), "Re: Partnership proposal", font=font("DejaVuSans-Bold.ttf", 28), fill=(30, 30, 30), anchor="ls")
    f = font("DejaVuSans.ttf", 24)
    grey = (100, 100, 100)
    dr.text((30, 120), f"From: {d['full_name']} <{d['email']}>", font=f, fill=grey, anchor="ls")
    dr.text((30, 156), f"To: {d['to']}", font=f, fill=grey, anchor="ls")
    dr.text((30, 192), "Date: 15 May 2025, 09:42", font=f, fill=grey, anchor="ls")
    dr.line([30, 220, W - 30, 220], fill=(210, 210, 210), width=2)
    body = ["Hi Sophie,", "",
            "Thanks for sending the lighting samples over. The team loved them and we would",
            "like to feature your studio in our autumn campaign. Could we have a call on",
            "Thursday to go through the timeline?", "",
            "Best regards,"]
    y = 280
    for s in body:
        dr.text((30, y), s, font=f, fill=(20, 20, 20), anchor="ls")
        y += 38
    y += 20
    dr.text((30, y), d["full_name"], font=font("DejaVuSans-Bold.ttf", 26), fill=(20, 20, 20), anchor="ls")
    y += 38
    dr.text((30, y), f"{d['job_title']} | {d['company']}", font=f, fill=(0, 90, 140), anchor="ls")
    y += 38
    dr.text((30, y), f"T: {d['phone']}  |  M: {d['mobile']}", font=f, fill=(60, 60, 60), anchor="ls")
    y += 38
    dr.text((30, y), d["address"], font=f, fill=(60, 60, 60), anchor="ls")
    y += 38
    dr.text((30, y), d["website"], font=f, fill=(0, 90, 140), anchor="ls")
    im = im.crop((0, 0, W, y + 60))
    im = im.quantize(32, dither=Image.Dither.NONE).convert("RGB")
    im.save(path, "PNG", optimize=True)
    return truth(os.path.basename(path), "en", "image",
                 {"full_name": d["full_name"], "company": d["company"], "job_title": d["job_title"],
                  "email": d["email"], "phone": d["phone"], "website": d["website"],
                  "address": d["address"]})


def signature_fr_pdf(path):
    d = SIG_FR
    W, H = A4
    c = canvas.Canvas(path, pagesize=A4, invariant=1)
    c.setTitle("Re: Devis éclairage showroom")
    c.setFont("DV-B", 13)
    c.drawString(20 * mm, H - 22 * mm, "Re: Devis éclairage showroom")
    c.setFont("DV", 9.5)
    c.setFillColorRGB(0.35, 0.35, 0.35)
    c.drawString(20 * mm, H - 30 * mm, f"De : {d['full_name']} <{d['email']}>")
    c.drawString(20 * mm, H - 35 * mm, f"À : {d['to']}")
    c.drawString(20 * mm, H - 40 * mm, "Date : 16 mai 2025 à 11:05")
    c.setFillColorRGB(0, 0, 0)
    c.setFont("DV", 10.5)
    body = ["Bonjour James,", "",
            "Merci pour votre retour rapide. Je vous confirme notre disponibilité jeudi à 15 h",
            "pour faire le point sur le calendrier de la campagne d'automne.",
            "Je vous enverrai d'ici là les fiches techniques des suspensions retenues.", "",
            "Bien cordialement,"]
    y = H - 52 * mm
    for s in body:
        c.drawString(20 * mm, y, s)
        y -= 5.5 * mm
    y -= 5 * mm
    c.setFont("DV-B", 10.5)
    c.drawString(20 * mm, y, d["full_name"])
    c.setFont("DV", 9.5)
    c.setFillColorRGB(0.55, 0.3, 0.1)
    c.drawString(20 * mm, y - 5 * mm, f"{d['job_title']} – {d['company']}")
    c.setFillColorRGB(0.3, 0.3, 0.3)
    c.drawString(20 * mm, y - 10 * mm, f"{d['address']} · Tél. {d['phone']}")
    c.drawString(20 * mm, y - 15 * mm, d["website"])
    c.showPage()
    c.save()
    return truth(os.path.basename(path), "fr", "pdf-text",
                 {"full_name": d["full_name"], "company": d["company"], "job_title": d["job_title"],
                  "email": d["email"], "phone": d["phone"], "website": d["website"],
                  "address": d["address"]})


# --------------------------------------------------------------------------
def main():
    rng = np.random.default_rng(SEED)
    random.seed(SEED)
    rows = []
    with tempfile.TemporaryDirectory(prefix="docflow-contacts-") as tmp:
        rows.append(card_fr_photo(os.path.join(OUT, "contact-card-fr-photo.jpg"), rng))
        rows.append(card_en_photo(os.path.join(OUT, "contact-card-en-photo.jpg"), rng))
        rows.append(card_us_qr(os.path.join(OUT, "contact-card-us-qr.jpg"), rng))
        rows.append(card_fr_qr(os.path.join(OUT, "contact-card-fr-qr.png"), rng))
        rows.append(letter_fr(os.path.join(OUT, "contact-letter-fr.pdf")))
        rows.append(letter_en_scan(os.path.join(OUT, "contact-letter-en-scan.pdf"), tmp, rng))
        rows.append(signature_en_png(os.path.join(OUT, "contact-signature-en.png")))
        rows.append(signature_fr_pdf(os.path.join(OUT, "contact-signature-fr.pdf")))
        rows.append(card_columns(os.path.join(OUT, "contact-card-en-columns.png")))
    # Replace this script's lines in truth.jsonl, keep the others in place.
    truth_path = os.path.join(OUT, "truth.jsonl")
    mine = {r["file"] for r in rows}
    kept = []
    if os.path.exists(truth_path):
        with open(truth_path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip() and json.loads(line)["file"] not in mine:
                    kept.append(line.rstrip("\n"))
    with open(truth_path, "w", encoding="utf-8") as fh:
        for line in kept:
            fh.write(line + "\n")
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    for r in rows:
        print(f"{r['file']:30s} {os.path.getsize(os.path.join(OUT, r['file'])):8d} bytes")


if __name__ == "__main__":
    sys.exit(main())
