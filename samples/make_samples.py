#!/usr/bin/python3
"""Generate docflow's sample documents and their ground truth.

Every printed value comes from the DATA dictionaries below, and truth.jsonl is
written from the same dictionaries, so the truth always matches the documents.
Output is deterministic: fixed random seeds, reportlab "invariant" mode (no
timestamps / random document IDs), img2pdf without dates, fixed zip timestamps.

Run through make_samples.sh (it installs the Debian packages this needs):
    bash samples/make_samples.sh
"""
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import zipfile
from datetime import date
from decimal import Decimal, ROUND_HALF_UP

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab import rl_config

rl_config.invariant = 1  # no creation date, fixed document ID
from reportlab.lib import colors  # noqa: E402
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402
from reportlab.platypus import (KeepTogether, Paragraph, SimpleDocTemplate,  # noqa: E402
                                Spacer, Table, TableStyle)

import img2pdf  # noqa: E402

OUT = os.path.dirname(os.path.abspath(__file__))
OCR_DIR = "truth-ocr"  # ground-truth transcriptions of the image documents
FONT_DIR = "/usr/share/fonts/truetype/dejavu"
SEED = 20250314

for name, fn in [("DV", "DejaVuSans.ttf"), ("DV-B", "DejaVuSans-Bold.ttf"),
                 ("DV-I", "DejaVuSans-Oblique.ttf"), ("DVS", "DejaVuSerif.ttf"),
                 ("DVS-B", "DejaVuSerif-Bold.ttf"), ("DVS-I", "DejaVuSerif-Italic.ttf"),
                 ("DVC", "DejaVuSansCondensed.ttf"),
                 ("DVC-B", "DejaVuSansCondensed-Bold.ttf")]:
    pdfmetrics.registerFont(TTFont(name, os.path.join(FONT_DIR, fn)))
pdfmetrics.registerFontFamily("DVS", normal="DVS", bold="DVS-B", italic="DVS-I",
                              boldItalic="DVS-B")
pdfmetrics.registerFontFamily("DV", normal="DV", bold="DV-B", italic="DV-I",
                              boldItalic="DV-B")

D = Decimal
CENT = D("0.01")


def q(x):
    return D(x).quantize(CENT, rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------
# Identifiers with valid check digits (all invented)
# --------------------------------------------------------------------------
def _mod97(s):
    digits = "".join(str(int(c, 36)) for c in s)
    return int(digits) % 97


def make_iban(country, bban):
    check = 98 - _mod97(bban + country + "00")
    return f"{country}{check:02d}{bban}"


def fr_rib(bank, branch, account):
    conv = {c: str(v) for v, cs in enumerate(
        ["", "AJ", "BKS", "CLT", "DMU", "ENV", "FOW", "GPX", "HQY", "IRZ"]) for c in cs}
    acc = "".join(conv.get(c, c) for c in account)
    key = 97 - ((89 * int(bank) + 15 * int(branch) + 3 * int(acc)) % 97)
    return f"{bank}{branch}{account}{key:02d}"


def fr_siret(siren, nic):
    """Make a Luhn-valid SIRET by adjusting the last NIC digit."""
    for last in range(10):
        s = siren + nic[:-1] + str(last)
        tot = 0
        for i, c in enumerate(reversed(s)):
            d = int(c) * (2 if i % 2 else 1)
            tot += d - 9 if d > 9 else d
        if tot % 10 == 0:
            return s
    raise ValueError


def fr_tva(siren):
    return f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"


def gb_vat(seven):
    tot = sum(int(c) * w for c, w in zip(seven, [8, 7, 6, 5, 4, 3, 2]))
    chk = (97 - tot % 97) % 97
    return f"GB{seven}{chk:02d}"


def group(s, n=4):
    return " ".join(s[i:i + n] for i in range(0, len(s), n))


# --------------------------------------------------------------------------
# Formatting
# --------------------------------------------------------------------------
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July",
             "August", "September", "October", "November", "December"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet",
             "août", "septembre", "octobre", "novembre", "décembre"]


def fr_amount(x):
    """1234.56 -> '1 234,56' (plain spaces as thousands separator)."""
    s = f"{q(x):,.2f}"
    return s.replace(",", " ").replace(".", ",")


def en_amount(x):
    return f"{q(x):,.2f}"


def fr_date(d):
    return d.strftime("%d/%m/%Y")


def fr_date_long(d):
    day = "1er" if d.day == 1 else str(d.day)
    return f"{day} {MONTHS_FR[d.month - 1]} {d.year}"


def en_date_long(d):
    return f"{MONTHS_EN[d.month - 1]} {d.day}, {d.year}"


def fr_qty(x):
    x = D(x)
    return str(int(x)) if x == x.to_integral() else str(x).replace(".", ",")


def en_qty(x):
    x = D(x)
    return str(int(x)) if x == x.to_integral() else str(x)


def totals(items, rate):
    net = sum((q(D(qty) * D(pu)) for _, qty, pu in items), D(0))
    tax = q(net * D(rate) / 100)
    return q(net), tax, q(net + tax)


# --------------------------------------------------------------------------
# Canvas helper: coordinates in mm from the top-left corner; logs every
# string so that image documents get a ground-truth transcription.
# --------------------------------------------------------------------------
def transcript(log):
    """Reading-order text: blocks in order, lines top to bottom, words left to right."""
    lines = {}
    for blk, y, x, s in log:
        lines.setdefault((blk, y), []).append((x, s))
    return "\n".join(" ".join(s for _, s in sorted(v)) for _, v in sorted(lines.items())) + "\n"


class Page:
    def __init__(self, path, title, author):
        self.c = canvas.Canvas(path, pagesize=A4, invariant=1, pageCompression=1)
        self.c.setTitle(title)
        self.c.setAuthor(author)
        self.c.setCreator("docflow samples/make_samples.py")
        self.W, self.H = A4
        self.log = []
        self.log_block = 0  # reading-order block for the transcription

    def text(self, x, y, s, font="DV", size=10, align="left", color=colors.black, blk=None):
        blk = self.log_block if blk is None else blk
        c = self.c
        c.setFont(font, size)
        c.setFillColor(color)
        X, Y = x * mm, self.H - y * mm
        if align == "right":
            c.drawRightString(X, Y, s)
            x0 = x - pdfmetrics.stringWidth(s, font, size) / mm
        elif align == "center":
            c.drawCentredString(X, Y, s)
            x0 = x - pdfmetrics.stringWidth(s, font, size) / mm / 2
        else:
            c.drawString(X, Y, s)
            x0 = x
        self.log.append((blk, round(y, 1), x0, s))

    def rect(self, x, y, w, h, fill=None, stroke=None, width=0.5):
        c = self.c
        if fill is not None:
            c.setFillColor(fill)
        if stroke is not None:
            c.setStrokeColor(stroke)
            c.setLineWidth(width)
        c.rect(x * mm, self.H - (y + h) * mm, w * mm, h * mm,
               fill=1 if fill is not None else 0, stroke=1 if stroke is not None else 0)

    def line(self, x1, y1, x2, y2, color=colors.black, width=0.5):
        self.c.setStrokeColor(color)
        self.c.setLineWidth(width)
        self.c.line(x1 * mm, self.H - y1 * mm, x2 * mm, self.H - y2 * mm)

    def transcript(self):
        return transcript(self.log)

    def save(self):
        self.c.showPage()
        self.c.save()


# --------------------------------------------------------------------------
# Document data (single source of truth for documents AND truth.jsonl)
# --------------------------------------------------------------------------
ATELIER_SIREN = "812345674"
INV_FR = {
    "supplier": "Atelier Lumière SARL",
    "supplier_lines": ["27 rue des Tanneurs", "69001 Lyon, France"],
    "supplier_contact": ["Tél. : 04 78 12 34 56", "contact@atelier-lumiere.fr"],
    "siren": ATELIER_SIREN,
    "siret": fr_siret(ATELIER_SIREN, "00021"),
    "tva": fr_tva(ATELIER_SIREN),
    "capital": "10 000 €",
    "number": "FA-2025-0142",
    "issue": date(2025, 3, 14),
    "due": date(2025, 4, 13),
    "customer": "Hôtel Bellecour SAS",
    "customer_lines": ["Service comptabilité", "4 place Bellecour", "69002 Lyon"],
    "order_ref": "BC-7781",
    "items": [("Étude et conception d'éclairage – salle de réception", "1", "450.00"),
              ("Suspension laiton LX-12 (fourniture)", "3", "142.60"),
              ("Pose et raccordement (heures)", "2", "75.50")],
    "rate": "20",
    "iban": make_iban("FR", fr_rib("30004", "00825", "00012345678")),
    "bic": "BNPAFRPPXXX",
}

INV_EN = {
    "supplier": "Kestrel Digital Ltd",
    "supplier_lines": ["Unit 4, 18 Curtain Road", "London EC2A 3NQ", "United Kingdom"],
    "vat": gb_vat("2847193"),
    "company_no": "09876543",
    "email": "accounts@kestreldigital.co.uk",
    "number": "INV-2025-0087",
    "issue": date(2025, 3, 3),
    "due": date(2025, 4, 2),
    "po": "PO-55120",
    "customer": "Marlow & Finch Architects LLP",
    "customer_lines": ["Attn: Sarah Whitfield", "42 Canal Street", "Manchester M1 3HE"],
    "items": [("Website maintenance – March 2025", "1", "1200.00"),
              ("Cloud hosting – Pro plan (monthly)", "1", "348.97"),
              ("Technical support (hours)", "6.5", "75.80")],
    "rate": "20",
    "currency_symbol": "£",
    "bank": "Barclays Bank UK PLC",
    "sort_code": "20-46-78",
    "account": "53917284",
    "iban": make_iban("GB", "BARC" + "204678" + "53917284"),
    "bic": "BARCGB22",
}

SCAN = {
    "supplier": "Imprimerie Rousseau SAS",
    "supplier_lines": ["112 avenue Jean Jaurès", "33000 Bordeaux"],
    "siren": "532918406",
    "number": "2025-0319",
    "issue": date(2025, 2, 28),
    "due": date(2025, 3, 30),
    "customer": "Librairie Les Mots Passants",
    "customer_lines": ["9 rue Sainte-Catherine", "33000 Bordeaux"],
    "items": [("Cartes de visite 350 g (lot de 500)", "2", "89.00"),
              ("Flyers A5 recto-verso (2000 ex.)", "1", "312.00"),
              ("Brochures 8 pages A4 (100 ex.)", "1", "230.00")],
    "rate": "20",
    "iban": make_iban("FR", fr_rib("10057", "19042", "00020487101")),
}
SCAN["tva"] = fr_tva(SCAN["siren"])
SCAN["siret"] = fr_siret(SCAN["siren"], "00018")

CONTRACT_EN = {
    "title": "SERVICES AGREEMENT",
    "provider": "Northwind Analytics LLC",
    "provider_desc": "a Delaware limited liability company with its principal office at "
                     "1200 Market Street, Suite 400, Wilmington, DE 19801",
    "client": "Blue Harbor Logistics Inc.",
    "client_desc": "a New Jersey corporation with its principal office at "
                   "85 Harbor Drive, Newark, NJ 07114",
    "agreement": date(2025, 1, 15),
    "effective": date(2025, 2, 1),
    "expiration": date(2027, 1, 31),
    "law": "Delaware",
    "fee": "18,500.00",
    "signers": [("Daniel K. Mercer", "Chief Executive Officer"),
                ("Priya Raman", "Vice President, Operations")],
}

CONTRACT_FR = {
    "title": "CONTRAT DE PRESTATION DE SERVICES",
    "provider": "Atelier Lumière SARL",
    "provider_desc": f"société à responsabilité limitée au capital de 10 000 €, dont le siège "
                     f"social est situé 27 rue des Tanneurs, 69001 Lyon, immatriculée au RCS de "
                     f"Lyon sous le numéro {group(ATELIER_SIREN, 3)}, représentée par "
                     f"M. Julien Marchand, en sa qualité de gérant",
    "client": "Verdier & Associés SAS",
    "client_desc": "société par actions simplifiée au capital de 50 000 €, dont le siège "
                   "social est situé 15 quai Saint-Antoine, 69002 Lyon, immatriculée au RCS "
                   "de Lyon sous le numéro 901 234 567, représentée par Mme Hélène Verdier, "
                   "en sa qualité de présidente",
    "agreement": date(2025, 4, 2),
    "effective": date(2025, 5, 1),
    "expiration": date(2026, 4, 30),
    "law": "France",
    "fee": "2 400,00",
    "signers": [("Julien Marchand", "Gérant"), ("Hélène Verdier", "Présidente")],
}

CARD = {
    "full_name": "Claire Dubois",
    "job_title": "Directrice commerciale",
    "company": "Verdier & Associés",
    "email": "claire.dubois@verdier-associes.fr",
    "phone": "+33 6 12 34 56 78",
    "website": "www.verdier-associes.fr",
    "address_lines": ["15 quai Saint-Antoine", "69002 Lyon, France"],
}

RECEIPT = {
    "supplier": "Café des Arts",
    "supplier_lines": ["3 place des Terreaux", "69001 Lyon", "Tél. 04 78 28 91 11"],
    "siret": fr_siret("447281930", "00015"),
    "when": date(2025, 3, 22),
    "time": "12:47",
    "ticket": "004217",
    "items": [("Plat du jour", "1", "14.50"), ("Verre Côtes-du-Rhône", "1", "5.20"),
              ("Café", "1", "2.20"), ("Eau gazeuse 50 cl", "1", "1.50")],
    "rate": "10",
}

RECEIPT_EN = {
    "supplier": "CORNER HARDWARE",
    "supplier_lines": ["1420 Main St", "Springfield, IL 62701", "(217) 555-0143"],
    "when": date(2024, 3, 14),
    "items": [("HAMMER 16OZ", "12.99"), ("NAILS 1LB BOX", "4.49"), ("TAPE MEASURE 25FT", "9.99")],
    "rate": "6.25",
    "cash": "40.00",
}


# --------------------------------------------------------------------------
# invoice-fr.pdf
# --------------------------------------------------------------------------
def make_invoice_fr(path):
    d = INV_FR
    net, tax, gross = totals(d["items"], d["rate"])
    assert gross == D("1234.56"), gross
    p = Page(path, f"Facture {d['number']}", d["supplier"])
    accent = colors.HexColor("#8a5a00")
    # supplier block
    p.text(20, 25, d["supplier"], "DV-B", 16, color=accent)
    y = 32
    for ln in d["supplier_lines"] + d["supplier_contact"]:
        p.text(20, y, ln, "DV", 9.5)
        y += 5
    # invoice header, right
    p.text(190, 25, "FACTURE", "DV-B", 22, "right")
    p.text(190, 33, f"Facture N° {d['number']}", "DV-B", 11, "right")
    p.text(190, 39, f"Date : {fr_date(d['issue'])}", "DV", 10, "right")
    p.text(190, 45, f"Échéance : {fr_date(d['due'])}", "DV", 10, "right")
    p.text(190, 51, f"Réf. commande : {d['order_ref']}", "DV", 10, "right")
    # customer
    p.rect(112, 60, 78, 30, stroke=colors.grey)
    p.text(116, 66, "Facturé à :", "DV-I", 9, color=colors.grey)
    p.text(116, 72, d["customer"], "DV-B", 11)
    y = 77.5
    for ln in d["customer_lines"]:
        p.text(116, y, ln, "DV", 9.5)
        y += 4.8
    # table
    top = 102
    p.rect(20, top, 170, 8, fill=colors.HexColor("#efe6d6"))
    p.text(23, top + 5.5, "Désignation", "DV-B", 9.5)
    p.text(128, top + 5.5, "Qté", "DV-B", 9.5, "right")
    p.text(160, top + 5.5, "Prix unit. HT", "DV-B", 9.5, "right")
    p.text(187, top + 5.5, "Montant HT", "DV-B", 9.5, "right")
    y = top + 15
    for desc, qty, pu in d["items"]:
        amount = q(D(qty) * D(pu))
        p.text(23, y, desc, "DV", 9.5)
        p.text(128, y, fr_qty(qty), "DV", 9.5, "right")
        p.text(160, y, f"{fr_amount(pu)} €", "DV", 9.5, "right")
        p.text(187, y, f"{fr_amount(amount)} €", "DV", 9.5, "right")
        p.line(20, y + 3, 190, y + 3, colors.HexColor("#dddddd"), 0.4)
        y += 9
    # totals
    y += 6
    p.text(150, y, "Total HT", "DV", 10, "right")
    p.text(187, y, f"{fr_amount(net)} €", "DV", 10, "right")
    y += 6
    p.text(150, y, f"TVA {d['rate']} %", "DV", 10, "right")
    p.text(187, y, f"{fr_amount(tax)} €", "DV", 10, "right")
    y += 3
    p.rect(110, y, 80, 9, fill=colors.HexColor("#efe6d6"))
    y += 6.3
    p.text(150, y, "Total TTC", "DV-B", 11.5, "right")
    p.text(187, y, f"{fr_amount(gross)} €", "DV-B", 11.5, "right")
    # payment
    y += 18
    p.text(20, y, "Règlement", "DV-B", 10)
    y += 6
    p.text(20, y, f"Paiement par virement bancaire au plus tard le {fr_date(d['due'])}.", "DV", 9)
    y += 5
    p.text(20, y, f"IBAN : {group(d['iban'])}", "DV", 9)
    y += 5
    p.text(20, y, f"BIC : {d['bic']}", "DV", 9)
    y += 9
    for ln in ["En cas de retard de paiement, des pénalités égales à trois fois le taux d'intérêt légal",
               "seront appliquées, ainsi qu'une indemnité forfaitaire pour frais de recouvrement de 40 €.",
               "Pas d'escompte pour paiement anticipé."]:
        p.text(20, y, ln, "DV-I", 8, color=colors.HexColor("#444444"))
        y += 4.2
    # footer
    p.line(20, 275, 190, 275, colors.grey, 0.4)
    p.text(105, 280, f"{d['supplier']} au capital de {d['capital']} – SIRET {group(d['siret'][:9], 3)} "
           f"{d['siret'][9:]} – RCS Lyon {group(d['siren'], 3)}", "DV", 7.5, "center")
    p.text(105, 284, f"N° TVA intracommunautaire : {d['tva']}", "DV", 7.5, "center")
    p.save()
    return {"file": "invoice-fr.pdf", "class": "invoice", "lang": "fr", "kind": "pdf-text",
            "fields": {"invoice_number": d["number"], "issue_date": d["issue"].isoformat(),
                       "due_date": d["due"].isoformat(), "currency": "EUR",
                       "total_net": str(net), "total_tax": str(tax), "total_gross": str(gross),
                       "supplier_name": d["supplier"], "supplier_vat": d["tva"],
                       "supplier_address": ", ".join(d["supplier_lines"]),
                       "customer_name": d["customer"], "iban": d["iban"]},
            "expect_state": "done"}


# --------------------------------------------------------------------------
# invoice-en.pdf (different layout: colour band, bill-to left, details right)
# --------------------------------------------------------------------------
def make_invoice_en(path):
    d = INV_EN
    cur = d["currency_symbol"]
    net, tax, gross = totals(d["items"], d["rate"])
    assert gross == D("2450.00"), gross
    p = Page(path, f"Invoice {d['number']}", d["supplier"])
    band = colors.HexColor("#1f3b57")
    p.rect(0, 0, 210, 38, fill=band)
    p.text(18, 17, d["supplier"], "DV-B", 18, color=colors.white)
    p.text(18, 24, " · ".join(d["supplier_lines"]), "DV", 8.5, color=colors.white)
    p.text(18, 29, f"{d['email']}  ·  VAT Reg. No: {d['vat'][:2]} {d['vat'][2:5]} "
           f"{d['vat'][5:9]} {d['vat'][9:]}", "DV", 8.5, color=colors.white)
    p.text(192, 22, "INVOICE", "DV-B", 26, "right", color=colors.white)
    # bill to (left) / details (right)
    p.text(18, 52, "BILL TO", "DV-B", 8.5, color=colors.HexColor("#607d99"))
    p.text(18, 58, d["customer"], "DV-B", 11)
    y = 63.5
    for ln in d["customer_lines"]:
        p.text(18, y, ln, "DV", 9.5)
        y += 5
    labels = [("Invoice No:", d["number"]), ("Invoice date:", en_date_long(d["issue"])),
              ("Due date:", en_date_long(d["due"])), ("PO number:", d["po"]),
              ("Terms:", "Net 30")]
    y = 52
    for lab, val in labels:
        p.text(150, y, lab, "DV-B", 9.5, "right")
        p.text(153, y, val, "DV", 9.5)
        y += 6
    # table
    top = 95
    p.line(18, top, 192, top, band, 1.2)
    p.text(18, top + 6, "Description", "DV-B", 9.5)
    p.text(125, top + 6, "Qty", "DV-B", 9.5, "right")
    p.text(158, top + 6, "Unit price", "DV-B", 9.5, "right")
    p.text(192, top + 6, "Amount", "DV-B", 9.5, "right")
    p.line(18, top + 9, 192, top + 9, band, 0.6)
    y = top + 16
    for i, (desc, qty, pu) in enumerate(d["items"]):
        amount = q(D(qty) * D(pu))
        if i % 2 == 0:
            p.rect(18, y - 5, 174, 8, fill=colors.HexColor("#f1f4f7"))
        p.text(20, y, desc, "DV", 9.5)
        p.text(125, y, en_qty(qty), "DV", 9.5, "right")
        p.text(158, y, f"{cur}{en_amount(pu)}", "DV", 9.5, "right")
        p.text(192, y, f"{cur}{en_amount(amount)}", "DV", 9.5, "right")
        y += 8
    p.line(18, y - 3, 192, y - 3, band, 0.6)
    y += 6
    for lab, val, font in [("Subtotal", net, "DV"), (f"VAT ({d['rate']}%)", tax, "DV")]:
        p.text(158, y, lab, font, 10, "right")
        p.text(192, y, f"{cur}{en_amount(val)}", font, 10, "right")
        y += 6.5
    p.rect(118, y - 4, 74, 10, fill=band)
    p.text(158, y + 2.6, "Total due:", "DV-B", 11.5, "right", color=colors.white)
    p.text(190, y + 2.6, f"{cur}{en_amount(gross)}", "DV-B", 11.5, "right", color=colors.white)
    # payment details
    y += 24
    p.text(18, y, "PAYMENT DETAILS", "DV-B", 8.5, color=colors.HexColor("#607d99"))
    y += 6
    for ln in [f"Bank: {d['bank']}", f"Account name: {d['supplier']}",
               f"Sort code: {d['sort_code']}   Account number: {d['account']}",
               f"IBAN: {group(d['iban'])}   BIC: {d['bic']}",
               f"Please quote {d['number']} as the payment reference."]:
        p.text(18, y, ln, "DV", 9.5)
        y += 5.2
    p.text(105, 280, f"{d['supplier']} · Registered in England and Wales, company no. "
           f"{d['company_no']} · Thank you for your business.", "DV", 7.5, "center",
           color=colors.grey)
    p.save()
    return {"file": "invoice-en.pdf", "class": "invoice", "lang": "en", "kind": "pdf-text",
            "fields": {"invoice_number": d["number"], "issue_date": d["issue"].isoformat(),
                       "due_date": d["due"].isoformat(), "currency": "GBP",
                       "total_net": str(net), "total_tax": str(tax), "total_gross": str(gross),
                       "supplier_name": d["supplier"], "supplier_vat": d["vat"],
                       "supplier_address": ", ".join(d["supplier_lines"]),
                       "customer_name": d["customer"], "iban": d["iban"]},
            "expect_state": "done"}


# --------------------------------------------------------------------------
# invoice-scan.pdf: rendered, rotated, noisy, blurred, JPEG, image-only PDF
# --------------------------------------------------------------------------
SCAN_DPI = 200


def make_invoice_scan(path, tmp):
    d = SCAN
    net, tax, gross = totals(d["items"], d["rate"])
    src = os.path.join(tmp, "scan-src.pdf")
    p = Page(src, "scan", d["supplier"])
    p.text(20, 24, d["supplier"], "DVS-B", 17)
    y = 31
    for ln in d["supplier_lines"] + [f"SIRET {d['siret']}", f"TVA {d['tva']}"]:
        p.text(20, y, ln, "DVS", 10.5)
        y += 5.5
    p.text(20, 70, "FACTURE", "DVS-B", 20)
    p.text(20, 80, f"Facture N° {d['number']}", "DVS", 12)
    p.text(20, 87, f"Date : {fr_date(d['issue'])}", "DVS", 12)
    p.text(20, 94, f"Date d'échéance : {fr_date(d['due'])}", "DVS", 12)
    p.text(120, 70, "Client :", "DVS-B", 11, blk=1)
    p.text(120, 77, d["customer"], "DVS-B", 12, blk=1)
    y = 83.5
    for ln in d["customer_lines"]:
        p.text(120, y, ln, "DVS", 11, blk=1)
        y += 6
    top = 112
    p.log_block = 2
    p.line(20, top, 190, top, width=0.8)
    p.text(22, top + 6.5, "Désignation", "DVS-B", 11)
    p.text(124, top + 6.5, "Qté", "DVS-B", 11, "right")
    p.text(157, top + 6.5, "P.U. HT", "DVS-B", 11, "right")
    p.text(188, top + 6.5, "Total HT", "DVS-B", 11, "right")
    p.line(20, top + 10, 190, top + 10, width=0.8)
    y = top + 18
    for desc, qty, pu in d["items"]:
        p.text(22, y, desc, "DVS", 11)
        p.text(124, y, fr_qty(qty), "DVS", 11, "right")
        p.text(157, y, fr_amount(pu), "DVS", 11, "right")
        p.text(188, y, fr_amount(q(D(qty) * D(pu))), "DVS", 11, "right")
        y += 8.5
    p.line(20, y - 3, 190, y - 3, width=0.8)
    y += 7
    for lab, val, font, size in [("Total HT", net, "DVS", 12), (f"TVA {d['rate']} %", tax, "DVS", 12),
                                 ("Total TTC", gross, "DVS-B", 13.5)]:
        p.text(150, y, lab, font, size, "right")
        p.text(188, y, f"{fr_amount(val)} €", font, size, "right")
        y += 8
    y += 10
    p.text(20, y, "Règlement par virement à réception de facture.", "DVS", 11)
    p.text(20, y + 7, f"IBAN : {group(d['iban'])}", "DVS", 11)
    p.save()
    # render at SCAN_DPI in grey, then degrade deterministically
    base = os.path.join(tmp, "scan")
    subprocess.run(["pdftoppm", "-r", str(SCAN_DPI), "-gray", "-png", "-singlefile", src, base],
                   check=True)
    im = Image.open(base + ".png").convert("L")
    im = im.rotate(-2.0, resample=Image.BICUBIC, expand=False, fillcolor=255)
    im = im.filter(ImageFilter.GaussianBlur(radius=0.7))
    rng = np.random.default_rng(SEED)
    a = np.asarray(im, dtype=np.float32)
    a = a * 0.93 + 12  # slightly grey paper, weaker blacks
    a += rng.normal(0.0, 9.0, a.shape)
    im = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=55, optimize=True, dpi=(SCAN_DPI, SCAN_DPI))
    with open(path, "wb") as f:
        f.write(img2pdf.convert(buf.getvalue(), nodate=True, producer="docflow samples",
                                engine=img2pdf.Engine.internal))
    ocr = os.path.join(OCR_DIR, "invoice-scan.txt")
    with open(os.path.join(OUT, ocr), "w", encoding="utf-8") as f:
        f.write(p.transcript())
    return {"file": "invoice-scan.pdf", "class": "invoice", "lang": "fr", "kind": "pdf-image",
            "fields": {"invoice_number": d["number"], "issue_date": d["issue"].isoformat(),
                       "due_date": d["due"].isoformat(), "currency": "EUR",
                       "total_net": str(net), "total_tax": str(tax), "total_gross": str(gross),
                       "supplier_name": d["supplier"], "supplier_vat": d["tva"],
                       "supplier_address": ", ".join(d["supplier_lines"]),
                       "customer_name": d["customer"], "iban": d["iban"]},
            "ocr_text": ocr, "expect_state": "done"}


# --------------------------------------------------------------------------
# Contracts (platypus, flowing text)
# --------------------------------------------------------------------------
def _contract_pdf(path, d, paragraphs, footer_fmt, lang):
    body = ParagraphStyle("body", fontName="DVS", fontSize=10, leading=14.2, alignment=TA_JUSTIFY,
                          spaceAfter=6)
    head = ParagraphStyle("head", parent=body, fontName="DVS-B", spaceBefore=4, spaceAfter=3)
    title = ParagraphStyle("title", parent=body, fontName="DVS-B", fontSize=16, leading=20,
                           alignment=TA_CENTER, spaceAfter=14)
    story = [Paragraph(d["title"], title)]
    for kind, txt in paragraphs:
        story.append(Paragraph(txt, head if kind == "h" else body))
    cells = []
    lab = ("Signature : ", "Nom : ", "Titre : ", "Date : ") if lang == "fr" else \
          ("By: ", "Name: ", "Title: ", "Date: ")
    sig_date = fr_date_long(d["agreement"]) if lang == "fr" else en_date_long(d["agreement"])
    for party, (name, role) in zip([d["provider"], d["client"]], d["signers"]):
        cells.append([Paragraph(f"<b>{party}</b>", body),
                      Paragraph(lab[0] + "______________________", body),
                      Paragraph(lab[1] + name, body), Paragraph(lab[2] + role, body),
                      Paragraph(lab[3] + sig_date, body)])
    t = Table([[cells[0], cells[1]]], colWidths=[85 * mm, 85 * mm])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story += [Spacer(1, 10), KeepTogether([t])]

    def on_page(c, doc):
        c.setFont("DVS", 8)
        c.setFillColor(colors.grey)
        c.drawCentredString(A4[0] / 2, 12 * mm, footer_fmt.format(n=doc.page))

    doc = SimpleDocTemplate(path, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=20 * mm, bottomMargin=20 * mm, title=d["title"],
                            author=d["provider"], creator="docflow samples/make_samples.py")
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)


def make_contract_en(path):
    d = CONTRACT_EN
    ad, ed, xd = (en_date_long(d[k]) for k in ("agreement", "effective", "expiration"))
    P = [
        ("p", f"This Services Agreement (the “Agreement”) is entered into as of {ad} by and between "
              f"<b>{d['provider']}</b>, {d['provider_desc']} (“Provider”), and <b>{d['client']}</b>, "
              f"{d['client_desc']} (“Client”). Provider and Client are each referred to as a "
              f"“Party” and together as the “Parties”."),
        ("h", "RECITALS"),
        ("p", "Client operates a regional freight forwarding and warehousing business and wishes to "
              "improve the forecasting of shipment volumes across its network. Provider is in the "
              "business of designing, building and operating data analytics solutions. The Parties "
              "therefore agree as follows."),
        ("h", "1. Services"),
        ("p", "Provider shall perform the data analytics, demand forecasting and reporting services "
              "described in Exhibit A (the “Services”). Provider shall perform the Services in a "
              "professional and workmanlike manner, using personnel with the skills and experience "
              "reasonably required, and in accordance with the service levels set out in Exhibit A."),
        ("h", "2. Fees and Payment"),
        ("p", f"In consideration of the Services, Client shall pay Provider a fixed monthly fee of "
              f"US${d['fee']}, invoiced monthly in arrears. Invoices are payable within thirty (30) "
              f"days of receipt. Undisputed amounts not paid when due shall bear interest at the "
              f"rate of one percent (1%) per month or the maximum rate permitted by law, whichever "
              f"is lower. Fees are exclusive of applicable sales and use taxes."),
        ("h", "3. Term"),
        ("p", f"This Agreement shall become effective on {ed} (the “Effective Date”) and shall "
              f"remain in force until {xd}, unless terminated earlier in accordance with Section 4. "
              f"The Parties may renew this Agreement for successive periods of twelve (12) months "
              f"by written agreement signed by both Parties."),
        ("h", "4. Termination"),
        ("p", "Either Party may terminate this Agreement for convenience upon ninety (90) days’ prior "
              "written notice to the other Party. Either Party may terminate this Agreement "
              "immediately upon written notice if the other Party materially breaches this "
              "Agreement and fails to cure such breach within thirty (30) days after receiving "
              "written notice describing the breach. Upon termination, Client shall pay all fees "
              "accrued up to the effective date of termination, and Provider shall return or "
              "destroy all Client data in its possession."),
        ("h", "5. Confidentiality"),
        ("p", "Each Party shall keep confidential all non-public information disclosed by the other "
              "Party in connection with this Agreement and shall use such information only to "
              "perform its obligations or exercise its rights hereunder. These obligations survive "
              "for three (3) years after the termination or expiration of this Agreement."),
        ("h", "6. Intellectual Property"),
        ("p", "Client retains all rights in its data. Upon full payment, Provider assigns to Client "
              "all rights in the reports and forecasting models created specifically for Client "
              "under this Agreement, excluding Provider’s pre-existing tools, libraries and "
              "know-how, for which Provider grants Client a non-exclusive, perpetual licence to "
              "use them as part of the deliverables."),
        ("h", "7. Limitation of Liability"),
        ("p", "Except for breaches of Section 5, neither Party shall be liable for any indirect, "
              "incidental or consequential damages, and each Party’s total liability under this "
              "Agreement shall not exceed the fees paid or payable during the twelve (12) months "
              "preceding the event giving rise to the claim."),
        ("h", "8. Governing Law"),
        ("p", f"This Agreement shall be governed by and construed in accordance with the laws of "
              f"the State of {d['law']}, without regard to its conflict of laws principles. The "
              f"Parties submit to the exclusive jurisdiction of the state and federal courts "
              f"located in {d['law']}."),
        ("h", "9. Notices"),
        ("p", "All notices under this Agreement shall be in writing and delivered by hand, by "
              "courier or by e-mail with confirmation of receipt to the addresses set out above."),
        ("h", "10. Entire Agreement"),
        ("p", "This Agreement, including its Exhibit A, constitutes the entire agreement between the "
              "Parties regarding its subject matter and supersedes all prior proposals and "
              "agreements. It may be amended only by a written instrument signed by both Parties."),
        ("p", "IN WITNESS WHEREOF, the Parties have executed this Agreement as of the date first "
              "written above."),
    ]
    _contract_pdf(path, d, P, "Services Agreement – Page {n} of 2", "en")
    return {"file": "contract-en.pdf", "class": "contract", "lang": "en", "kind": "pdf-text",
            "fields": {"title": d["title"], "parties": [d["provider"], d["client"]],
                       "agreement_date": d["agreement"].isoformat(),
                       "effective_date": d["effective"].isoformat(),
                       "expiration_date": d["expiration"].isoformat(),
                       "governing_law": d["law"]},
            "expect_state": "done"}


def make_contract_fr(path):
    d = CONTRACT_FR
    ad, ed, xd = (fr_date_long(d[k]) for k in ("agreement", "effective", "expiration"))
    P = [
        ("p", "<b>ENTRE LES SOUSSIGNÉS :</b>"),
        ("p", f"<b>{d['provider']}</b>, {d['provider_desc']},<br/>ci-après dénommée « le Prestataire »,"),
        ("p", "<b>ET :</b>"),
        ("p", f"<b>{d['client']}</b>, {d['client_desc']},<br/>ci-après dénommée « le Client »."),
        ("p", "IL A ÉTÉ CONVENU CE QUI SUIT :"),
        ("h", "Article 1 – Objet"),
        ("p", "Le présent contrat a pour objet de définir les conditions dans lesquelles le "
              "Prestataire assure, pour le compte du Client, la conception, la fourniture et la "
              "maintenance de l'éclairage des locaux du Client situés 15 quai Saint-Antoine à Lyon."),
        ("h", "Article 2 – Durée"),
        ("p", f"Le présent contrat prend effet le {ed} et est conclu pour une durée de douze (12) "
              f"mois, soit jusqu'au {xd}. Il pourra être renouvelé par avenant écrit signé des deux "
              f"parties."),
        ("h", "Article 3 – Prix et modalités de paiement"),
        ("p", f"En contrepartie des prestations, le Client verse au Prestataire une redevance "
              f"forfaitaire de {d['fee']} € HT par trimestre, payable par virement à trente (30) "
              f"jours date de facture. Tout retard de paiement entraîne l'application de pénalités "
              f"égales à trois fois le taux d'intérêt légal."),
        ("h", "Article 4 – Résiliation"),
        ("p", "Chaque partie peut résilier le présent contrat en cas de manquement grave de l'autre "
              "partie à ses obligations, non réparé dans un délai de trente (30) jours suivant une "
              "mise en demeure adressée par lettre recommandée avec accusé de réception."),
        ("h", "Article 5 – Confidentialité"),
        ("p", "Les parties s'engagent à garder confidentielles les informations de toute nature "
              "échangées dans le cadre du présent contrat, pendant toute sa durée et deux (2) ans "
              "après son terme."),
        ("h", "Article 6 – Droit applicable et juridiction"),
        ("p", f"Le présent contrat est soumis aux lois en vigueur en {d['law']}. Tout litige relatif à son "
              "interprétation ou à son exécution relève de la compétence exclusive du Tribunal de "
              "commerce de Lyon."),
        ("p", f"Fait à Lyon, le {ad}, en deux exemplaires originaux."),
    ]
    _contract_pdf(path, d, P, "Contrat de prestation de services – page {n}", "fr")
    return {"file": "contrat-fr.pdf", "class": "contract", "lang": "fr", "kind": "pdf-text",
            "fields": {"title": d["title"], "parties": [d["provider"], d["client"]],
                       "agreement_date": d["agreement"].isoformat(),
                       "effective_date": d["effective"].isoformat(),
                       "expiration_date": d["expiration"].isoformat(),
                       "governing_law": d["law"]},
            "expect_state": "done"}


# --------------------------------------------------------------------------
# newsletter-en.pdf ("other")
# --------------------------------------------------------------------------
def make_newsletter(path):
    body = ParagraphStyle("b", fontName="DV", fontSize=10, leading=14, alignment=TA_JUSTIFY,
                          spaceAfter=7)
    h1 = ParagraphStyle("h1", parent=body, fontName="DV-B", fontSize=20, leading=24,
                        textColor=colors.HexColor("#2e6b30"), spaceAfter=2)
    sub = ParagraphStyle("s", parent=body, fontName="DV-I", textColor=colors.grey, spaceAfter=14)
    h2 = ParagraphStyle("h2", parent=body, fontName="DV-B", fontSize=12.5, leading=16,
                        textColor=colors.HexColor("#2e6b30"), spaceBefore=6, spaceAfter=4)
    story = [
        Paragraph("Riverside Community Garden", h1),
        Paragraph("Spring 2025 Newsletter · Issue 12", sub),
        Paragraph("Seed swap returns on April 12", h2),
        Paragraph("Our annual seed swap is back in the greenhouse. Bring labelled envelopes of "
                  "seeds you saved last season and leave with something new to try. Volunteers "
                  "will be on hand to help beginners pick varieties that suit our clay soil.", body),
        Paragraph("New raised beds for the east plot", h2),
        Paragraph("Thanks to a grant from the Riverside Neighbourhood Fund, six new raised beds "
                  "have been built along the east fence. They are wheelchair accessible and will "
                  "be allocated by lottery at the next members' meeting. Put your name on the list "
                  "in the tool shed before the end of the month.", body),
        Paragraph("Composting workshop", h2),
        Paragraph("Learn how to turn kitchen scraps into rich compost in our hands-on workshop led "
                  "by master gardener Tom Ellison. The session lasts about ninety minutes; gloves "
                  "and tools are provided. Tea and home-made biscuits will be served afterwards.", body),
        Paragraph("Volunteer corner", h2),
        Paragraph("We are looking for two volunteers to coordinate the Saturday watering rota over "
                  "the summer, and for anyone willing to help repaint the picnic benches. No "
                  "experience needed, just enthusiasm. Speak to any committee member or leave a "
                  "note on the notice board by the gate.", body),
        Paragraph("Harvest tip of the season", h2),
        Paragraph("Sow radishes and lettuces every two weeks rather than all at once: you will get a "
                  "steady supply instead of a glut. Keep the soil moist and shade young seedlings "
                  "on the hottest afternoons.", body),
        Spacer(1, 10),
        Paragraph("Happy gardening from the Riverside committee!", sub),
    ]
    doc = SimpleDocTemplate(path, pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm,
                            topMargin=22 * mm, bottomMargin=22 * mm,
                            title="Riverside Community Garden – Spring 2025 Newsletter",
                            author="Riverside Community Garden",
                            creator="docflow samples/make_samples.py")
    doc.build(story)
    return {"file": "newsletter-en.pdf", "class": "other", "lang": "en", "kind": "pdf-text",
            "fields": {}, "expect_state": "done"}


# --------------------------------------------------------------------------
# template-nda-en.pdf ("other", subtype template): a contract form whose
# parties and dates are still placeholders
# --------------------------------------------------------------------------
def make_template(path):
    body = ParagraphStyle("b", fontName="DV", fontSize=10, leading=14, alignment=TA_JUSTIFY,
                          spaceAfter=7)
    h1 = ParagraphStyle("h1", parent=body, fontName="DV-B", fontSize=16, leading=20,
                        alignment=TA_CENTER, spaceAfter=10)
    note = ParagraphStyle("n", parent=body, fontName="DV-I", textColor=colors.grey)
    story = [
        Paragraph("TEMPLATE – v2.1 – remove drafting notes before sending", note),
        Paragraph("MUTUAL NON-DISCLOSURE AGREEMENT", h1),
        Paragraph("THIS AGREEMENT is made on [insert date]", body),
        Paragraph("BETWEEN (1) [Party name], a company incorporated in [jurisdiction] under company "
                  "number [company number], whose registered office is at [registered address]; and "
                  "(2) [Counterparty name], a company incorporated in [jurisdiction] under company "
                  "number [company number], whose registered office is at [registered address].", body),
        Paragraph("[Drafting note: use the full legal names as they appear on the register.]", note),
        Paragraph("1. Confidential Information. Each party may disclose to the other information "
                  "relating to [describe the purpose] (the \"Purpose\"). The receiving party shall use "
                  "it only for the Purpose and keep it confidential.", body),
        Paragraph("2. Term. This Agreement shall commence on [Effective Date] and continue for "
                  "[two] years, and the obligations of confidentiality shall survive for [five] years.",
                  body),
        Paragraph("3. Governing law. This Agreement shall be governed by the laws of [England and "
                  "Wales].", body),
        Spacer(1, 18),
        Paragraph("Signed for and on behalf of [Party name] ____________________ Date: [date]", body),
        Paragraph("Signed for and on behalf of [Counterparty name] ____________________ Date: [date]", body),
    ]
    doc = SimpleDocTemplate(path, pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm,
                            topMargin=22 * mm, bottomMargin=22 * mm,
                            title="Mutual NDA – template", author="Legal",
                            creator="docflow samples/make_samples.py")
    doc.build(story)
    return {"file": "template-nda-en.pdf", "class": "other", "lang": "en", "kind": "pdf-text",
            "fields": {}, "expect_state": "done"}


# --------------------------------------------------------------------------
# Raster helpers (PIL)
# --------------------------------------------------------------------------
def font(name, px):
    return ImageFont.truetype(os.path.join(FONT_DIR, name), px)


class Raster:
    def __init__(self, w, h, mode="RGB", bg="white"):
        self.im = Image.new(mode, (w, h), bg)
        self.dr = ImageDraw.Draw(self.im)
        self.log = []

    def text(self, x, y, s, fnt, fill="black", anchor="ls", blk=0):
        self.dr.text((x, y), s, font=fnt, fill=fill, anchor=anchor)
        x0 = self.dr.textbbox((x, y), s, font=fnt, anchor=anchor)[0]
        self.log.append((blk, y, x0, s))

    def transcript(self):
        return transcript(self.log)


# --------------------------------------------------------------------------
# card-contact.png: 3.5 x 2 in at 300 dpi
# --------------------------------------------------------------------------
def make_card(path):
    d = CARD
    r = Raster(1050, 600)
    navy, teal, grey = (28, 45, 74), (0, 128, 128), (70, 70, 70)
    r.dr.rectangle([0, 0, 26, 600], fill=teal)
    # logo: two overlapping squares + company name
    r.dr.rectangle([70, 60, 118, 108], fill=navy)
    r.dr.rectangle([94, 84, 142, 132], outline=teal, width=6)
    r.text(165, 112, d["company"], font("DejaVuSans-Bold.ttf", 38), navy)
    r.text(70, 228, d["full_name"], font("DejaVuSans-Bold.ttf", 56), "black")
    r.text(70, 276, d["job_title"], font("DejaVuSans-Oblique.ttf", 34), teal)
    r.dr.line([70, 312, 980, 312], fill=(200, 200, 200), width=2)
    f = font("DejaVuSans.ttf", 31)
    y = 366
    for s in [f"Mobile : {d['phone']}", d["email"], d["website"]]:
        r.text(70, y, s, f, grey)
        y += 50
    y = 366
    for s in d["address_lines"]:
        r.text(1000, y, s, f, grey, anchor="rs", blk=1)
        y += 50
    r.im.save(path, "PNG", optimize=True, dpi=(300, 300))
    ocr = os.path.join(OCR_DIR, "card-contact.txt")
    with open(os.path.join(OUT, ocr), "w", encoding="utf-8") as fh:
        fh.write(r.transcript())
    return {"file": "card-contact.png", "class": "contact", "lang": "fr", "kind": "image",
            "fields": {"full_name": d["full_name"], "company": d["company"],
                       "job_title": d["job_title"], "email": d["email"], "phone": d["phone"],
                       "website": d["website"], "address": ", ".join(d["address_lines"])},
            "ocr_text": ocr, "expect_state": "done"}


# --------------------------------------------------------------------------
# receipt-fr.png: till receipt (ticket de caisse), light noise
# --------------------------------------------------------------------------
def make_receipt(path):
    d = RECEIPT
    gross = sum((q(D(n) * D(pu)) for _, n, pu in d["items"]), D(0))
    net = q(gross * 100 / (100 + D(d["rate"])))
    tax = gross - net
    W = 640
    r = Raster(W, 1180, mode="L", bg=255)
    mono, mono_b = font("DejaVuSansMono.ttf", 27), font("DejaVuSansMono-Bold.ttf", 27)
    big = font("DejaVuSansMono-Bold.ttf", 40)
    cols = 36  # characters per line at this size
    left = 28
    y = 80

    def line(s, f=mono, center=False, step=38):
        nonlocal y
        if center:
            r.text(W // 2, y, s, f, 0, anchor="ms")
        else:
            r.text(left, y, s, f, 0)
        y += step

    def lr(a, b, f=mono):
        line(a + " " * max(1, cols - len(a) - len(b)) + b, f)

    line(d["supplier"].upper(), big, center=True, step=52)
    for s in d["supplier_lines"]:
        line(s, center=True)
    line(f"SIRET {d['siret']}", center=True)
    line("-" * cols)
    lr(f"{fr_date(d['when'])}  {d['time']}", f"Ticket n° {d['ticket']}")
    line("Table 7    Serveur : Marc")
    line("-" * cols)
    for desc, n, pu in d["items"]:
        lr(f"{n} {desc}", fr_amount(q(D(n) * D(pu))))
    line("-" * cols)
    lr("TOTAL TTC EUR", fr_amount(gross), mono_b)
    y += 6
    lr("Total HT", fr_amount(net))
    lr(f"TVA {d['rate']} %", fr_amount(tax))
    line("-" * cols)
    lr("CB VISA **** 4821", fr_amount(gross))
    y += 20
    line("Merci de votre visite !", center=True)
    line("À bientôt au Café des Arts", center=True)
    im = r.im.crop((0, 0, W, y + 30))
    # thermal print look: slightly soft, grey paper, faint ink (no pixel noise,
    # which would bloat the PNG)
    im = im.filter(ImageFilter.GaussianBlur(radius=0.6))
    a = np.asarray(im, dtype=np.float32) * 0.82 + 36
    im = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")
    im = im.quantize(16, dither=Image.Dither.NONE).convert("L")  # keep the PNG small
    im.save(path, "PNG", optimize=True, dpi=(203, 203))
    ocr = os.path.join(OCR_DIR, "receipt-fr.txt")
    with open(os.path.join(OUT, ocr), "w", encoding="utf-8") as fh:
        fh.write(r.transcript())
    return {"file": "receipt-fr.png", "class": "invoice", "lang": "fr", "kind": "image",
            "fields": {"issue_date": d["when"].isoformat(), "currency": "EUR",
                       "total_net": str(net), "total_tax": str(tax), "total_gross": str(gross),
                       "supplier_name": d["supplier"],
                       "supplier_address": ", ".join(d["supplier_lines"][:2])},
            "ocr_text": ocr, "expect_state": "done"}


# --------------------------------------------------------------------------
# receipt-en.png: a US till receipt, clean, at 203 dpi: prices far right
# without a currency mark (Tesseract's automatic layout drops that column),
# sales tax on the subtotal, cash and change
# --------------------------------------------------------------------------
def make_receipt_en(path):
    d = RECEIPT_EN
    net = sum((D(p) for _, p in d["items"]), D(0))
    tax = q(net * D(d["rate"]) / 100)
    gross = net + tax
    cash = D(d["cash"])
    lines = [d["supplier"]] + d["supplier_lines"] + [""]
    lines += [f"{name:<25}{p:>8}" for name, p in d["items"]] + [""]
    lines += [f"{'SUBTOTAL':<25}{net:>8}", f"{'SALES TAX ' + d['rate'] + '%':<25}{tax:>8}",
              f"{'TOTAL':<25}{gross:>8}", f"{'CASH':<25}{cash:>8}", f"{'CHANGE':<25}{cash - gross:>8}", "",
              d["when"].strftime("%m/%d/%Y") + " 10:22 AM", "STORE 0042  REG 2"]
    r = Raster(620, 60 + 30 * len(lines), mode="L", bg=255)
    mono = font("DejaVuSansMono.ttf", 22)
    for i, s in enumerate(lines):
        if s:
            r.text(30, 52 + 30 * i, s, mono, 0)
    r.im.save(path, "PNG", optimize=True, dpi=(203, 203))
    ocr = os.path.join(OCR_DIR, "receipt-en.txt")
    with open(os.path.join(OUT, ocr), "w", encoding="utf-8") as fh:
        fh.write(r.transcript())
    return {"file": "receipt-en.png", "class": "invoice", "lang": "en", "kind": "image",
            "fields": {"issue_date": d["when"].isoformat(), "total_net": str(net), "total_tax": str(tax),
                       "total_gross": str(gross), "supplier_name": d["supplier"],
                       "supplier_address": ", ".join(d["supplier_lines"][:2])},
            "ocr_text": ocr, "expect_state": "done"}


# --------------------------------------------------------------------------
# unsupported.zip
# --------------------------------------------------------------------------
def make_zip(path):
    info = zipfile.ZipInfo("notes.txt", date_time=(2025, 3, 14, 9, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(info, "Meeting notes, 14 March 2025\n- review Q1 invoices\n"
                         "- renew hosting contract\n- order new business cards\n")
    return {"file": "unsupported.zip", "class": "other", "kind": "other",
            "expect_state": "failed", "expect_error": "unsupported type"}


def main():
    random.seed(SEED)
    os.makedirs(os.path.join(OUT, OCR_DIR), exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="docflow-samples-")
    try:
        rows = [
            make_invoice_fr(os.path.join(OUT, "invoice-fr.pdf")),
            make_invoice_en(os.path.join(OUT, "invoice-en.pdf")),
            make_invoice_scan(os.path.join(OUT, "invoice-scan.pdf"), tmp),
            make_contract_en(os.path.join(OUT, "contract-en.pdf")),
            make_contract_fr(os.path.join(OUT, "contrat-fr.pdf")),
            make_card(os.path.join(OUT, "card-contact.png")),
            make_receipt(os.path.join(OUT, "receipt-fr.png")),
            make_receipt_en(os.path.join(OUT, "receipt-en.png")),
            make_newsletter(os.path.join(OUT, "newsletter-en.pdf")),
            make_template(os.path.join(OUT, "template-nda-en.pdf")),
            make_zip(os.path.join(OUT, "unsupported.zip")),
        ]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    with open(os.path.join(OUT, "truth.jsonl"), "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    for row in rows:
        print(f"{row['file']:20s} {os.path.getsize(os.path.join(OUT, row['file'])):8d} bytes")


if __name__ == "__main__":
    sys.exit(main())
