#!/usr/bin/env python3
"""Writes classifiers/model/synthetic/truth.jsonl: project-made training texts
for the classifier (inline-text corpus lines {"id", "class", "pages", "text"}).

The public corpus is narrow (Malaysian receipts, German e-invoices, US
contracts, vCard files); these texts add the French and English documents a
business receives (invoices, receipts, credit notes, contracts and leases,
business cards, e-mail signatures, letterheads, and the "other" paperwork that
resembles them: quotes, purchase orders, delivery notes, statements,
newsletters, minutes, manuals; and priced purchase orders, order
confirmations and quotes with line items, VAT and totals, which differ from
an invoice only by their title and wording). Some are degraded like OCR output.

Deterministic (fixed seed): `python3 classifiers/model/make_synthetic.py`.
"""
import json
import os
import random

R = random.Random(20250301)

FIRST = ["Claire", "Julien", "Sophie", "Marc", "Nadia", "Thomas", "Emma", "Lucas", "Amélie", "Hugo",
         "Olivia", "James", "Sarah", "David", "Priya", "Michael", "Laura", "Daniel", "Chloé", "Pierre"]
LAST = ["Dubois", "Martin", "Lefèvre", "Moreau", "Garcia", "Bernard", "Nguyen", "Roux", "Fournier",
        "Smith", "Johnson", "Taylor", "Brown", "Walker", "Patel", "Wilson", "Clarke", "Evans", "Faure"]
COMPANY_FR = ["Atelier Lumière SARL", "Verdier & Associés SAS", "Boulangerie du Parc", "Transports Girard SA",
              "Imprimerie Rousseau SAS", "Cabinet Leroy", "Nexora Solutions SAS", "Menuiserie Caron EURL",
              "Garage des Alpes SARL", "Domaine Fabre SCEA"]
COMPANY_EN = ["Kestrel Design Ltd", "Northwind Analytics LLC", "Blue Harbor Logistics Inc.", "Acme Tools Inc.",
              "Greenfield Consulting Ltd", "Brightline Media LLC", "Harbour & Co. Solicitors",
              "Summit Software Corp.", "Oakridge Supplies Ltd", "Redwood Labs Inc."]
CITY_FR = ["12 rue des Tanneurs, 69002 Lyon", "8 place du Marché, 38000 Grenoble", "45 avenue Jean Jaurès, 33000 Bordeaux",
           "3 boulevard Haussmann, 75009 Paris", "17 quai de la Fosse, 44000 Nantes", "5 rue Pasteur, 59000 Lille"]
CITY_EN = ["221 King Street, Manchester M2 4LQ", "500 Market Street, San Francisco, CA 94105",
           "14 Baker Lane, Bristol BS1 5TR", "77 Harbor Road, Boston, MA 02110", "9 Queen's Walk, London SE1 9PX"]
TITLES_FR = ["Directrice commerciale", "Gérant", "Ingénieur d'études", "Responsable des achats", "Avocate associée",
             "Chargée de communication", "Directeur technique", "Comptable"]
TITLES_EN = ["Sales Director", "Chief Executive Officer", "Senior Software Engineer", "Head of Procurement",
             "Marketing Manager", "Partner", "Account Executive", "Operations Lead"]
ITEMS_FR = ["Maintenance four à sole", "Pièces détachées", "Étude d'éclairage", "Pose et raccordement",
            "Déplacement", "Impression flyers A5", "Conseil stratégique (jours)", "Location nacelle",
            "Abonnement logiciel mensuel", "Formation sécurité"]
ITEMS_EN = ["Website redesign", "Hosting (12 months)", "Consulting hours", "Cordless drill", "Office chairs",
            "Annual support plan", "Logo design", "Delivery charge", "Printer toner", "Training session"]
GROCERIES = ["PAIN COMPLET", "LAIT DEMI-ECREME 1L", "POMMES GOLDEN 1KG", "CAFE MOULU 250G", "BEURRE DOUX",
             "EAU MINERALE 6X1.5L", "YAOURT NATURE X4", "JAMBON BLANC", "COFFEE LATTE", "CROISSANT",
             "SANDWICH CLUB", "ORANGE JUICE", "CHICKEN WRAP", "MINERAL WATER"]


def money_fr(v):
    s = f"{v:,.2f}".replace(",", " ").replace(".", ",")
    return s + " €"


def money_en(v, cur="£"):
    return f"{cur}{v:,.2f}"


def person():
    return R.choice(FIRST) + " " + R.choice(LAST)


def phone_fr():
    return "+33 " + R.choice("1234567") + " " + " ".join(f"{R.randint(0, 99):02d}" for _ in range(4))


def phone_en():
    return R.choice(["+44 20 ", "+1 (415) ", "+44 161 "]) + f"{R.randint(100, 999)} {R.randint(1000, 9999)}"


def email(name, company):
    dom = "".join(c for c in company.lower().split()[0] if c.isalnum()) or "example"
    first, last = name.lower().split()[0], name.lower().split()[-1]
    return f"{first}.{last}@{dom}.{R.choice(['fr', 'com', 'co.uk', 'eu'])}".replace("é", "e").replace("è", "e")


def date_fr():
    return f"{R.randint(1, 28):02d}/{R.randint(1, 12):02d}/202{R.randint(3, 5)}"


def date_en():
    return R.choice(["March 3, 2025", "14 January 2024", "2024-11-05", "June 30, 2023", "02/07/2025"])


def ocr_noise(text, rate):
    """Character-level damage similar to a poor scan."""
    subs = {"e": "c", "l": "1", "o": "0", "i": "l", "rn": "m", "a": "o", "s": "5", "t": "f", "u": "v"}
    out = []
    for ch in text:
        r = R.random()
        if ch.isalpha() and r < rate:
            out.append(subs.get(ch.lower(), ch))
        elif ch == " " and r < rate / 2:
            continue
        elif r < rate / 6:
            out.append(R.choice(".,'|"))
            out.append(ch)
        else:
            out.append(ch)
    return "".join(out)


# ---------------------------------------------------------------- invoices
def invoice_fr():
    sup, cli = R.sample(COMPANY_FR, 2)
    lines, net = [], 0.0
    for it in R.sample(ITEMS_FR, R.randint(2, 5)):
        q, pu = R.randint(1, 12), R.randint(20, 900) + R.choice([0, 0.5, 0.9])
        net += q * pu
        lines.append(f"{it:<32} {q:>3}   {money_fr(pu):>12}   {money_fr(q * pu):>12}")
    tva = round(net * 0.2, 2)
    head = R.choice(["FACTURE", "Facture", "FACTURE N°", "Facture n°"])
    return f"""{sup}
{R.choice(CITY_FR)}
SIRET {R.randint(100, 999)} {R.randint(100, 999)} {R.randint(100, 999)} 000{R.randint(10, 99)} - TVA FR{R.randint(10, 99)}{R.randint(100000000, 999999999)}
{head} {R.choice(['FA-2025-', 'F', '2024-'])}{R.randint(10, 9999):04d}
Date : {date_fr()}
{R.choice(["Date d'échéance", 'Échéance', 'À régler avant le'])} : {date_fr()}
{R.choice(['Client', 'Facturé à', 'Destinataire'])} : {cli}
{R.choice(CITY_FR)}

Désignation                      Qté   Prix unitaire HT   Montant HT
{chr(10).join(lines)}

Total HT {money_fr(net)}
TVA 20 % {money_fr(tva)}
Total TTC {money_fr(net + tva)}
{R.choice(['Net à payer', 'Montant à régler', 'Reste dû'])} {money_fr(net + tva)}
{R.choice(['Paiement par virement à 30 jours.', 'Conditions de paiement : 45 jours fin de mois.', 'Pénalités de retard : 3 fois le taux légal.'])}
IBAN FR76 {R.randint(1000, 9999)} {R.randint(1000, 9999)} {R.randint(1000, 9999)} {R.randint(1000, 9999)} {R.randint(1000, 9999)} {R.randint(100, 999)}
"""


def invoice_en():
    sup, cli = R.sample(COMPANY_EN, 2)
    cur = R.choice(["£", "$", "€"])
    lines, net = [], 0.0
    for it in R.sample(ITEMS_EN, R.randint(2, 5)):
        q, pu = R.randint(1, 10), R.randint(15, 1200) + R.choice([0, 0.5, 0.99])
        net += q * pu
        lines.append(f"{it:<28} {q:>3}  {money_en(pu, cur):>11}  {money_en(q * pu, cur):>11}")
    tax = round(net * R.choice([0.2, 0.085, 0.07]), 2)
    return f"""{sup}
{R.choice(CITY_EN)}
{R.choice(['VAT Reg No GB', 'Tax ID: US', 'VAT: GB'])}{R.randint(100000000, 999999999)}

{R.choice(['INVOICE', 'Invoice', 'TAX INVOICE', 'Sales Invoice'])}
{R.choice(['Invoice #', 'Invoice No.', 'Invoice number'])}: {R.choice(['INV-', 'SI-', ''])}{R.randint(100, 99999)}
{R.choice(['Invoice Date', 'Date of issue', 'Date'])}: {date_en()}
{R.choice(['Due Date', 'Payment due', 'Due'])}: {date_en()}
{R.choice(['Bill To', 'Billed to', 'Customer'])}: {cli}
{R.choice(CITY_EN)}

Description                   Qty   Unit Price     Amount
{chr(10).join(lines)}

Subtotal {money_en(net, cur)}
{R.choice(['VAT 20%', 'Sales Tax', 'Tax'])} {money_en(tax, cur)}
{R.choice(['Total', 'Total Due', 'Amount Due', 'Balance Due'])} {money_en(net + tax, cur)}
{R.choice(['Payment terms: 30 days.', 'Please pay by bank transfer within 14 days.', 'Thank you for your business!'])}
"""


def invoice_de_nl():
    sup, cli = R.sample(COMPANY_FR + COMPANY_EN, 2)
    net = R.randint(100, 5000) + 0.5
    if R.random() < 0.5:
        return f"""{sup}
Rechnung Nr. {R.randint(1000, 99999)}
Rechnungsdatum: {date_fr().replace('/', '.')}
Kunde: {cli}
Pos. Bezeichnung Menge Einzelpreis Gesamt
1 Beratung {R.randint(1, 9)} {net:.2f} EUR
Nettobetrag {net:.2f} EUR
MwSt. 19 % {net * 0.19:.2f} EUR
Gesamtbetrag {net * 1.19:.2f} EUR
Zahlbar innerhalb von 14 Tagen ohne Abzug. IBAN DE02 1203 0000 0000 2020 51
"""
    return f"""{sup}
Factuur {R.randint(1000, 99999)}
Factuurdatum: {date_fr().replace('/', '-')}
Klant: {cli}
Omschrijving Aantal Prijs Bedrag
Advies {R.randint(1, 9)} {net:.2f}
Subtotaal € {net:.2f}
BTW 21% € {net * 0.21:.2f}
Totaal € {net * 1.21:.2f}
Gelieve te betalen binnen 30 dagen op rekening NL91 ABNA 0417 1643 00
"""


def receipt():
    shop = R.choice(["SUPERMARCHE DU CENTRE", "CARREFOUR CITY", "BOULANGERIE PAUL", "MONOPRIX", "PRET A MANGER",
                     "TESCO EXPRESS", "STARBUCKS COFFEE", "PHARMACIE DU LAC", "STATION TOTAL"])
    fr = R.random() < 0.6
    items, tot = [], 0.0
    for it in R.sample(GROCERIES, R.randint(2, 6)):
        p = R.randint(50, 1500) / 100
        tot += p
        items.append(f"{it:<26}{p:>7.2f}".replace(".", "," if fr else "."))
    paid = round(tot + R.randint(0, 10), 0)
    if fr:
        return f"""{shop}
{R.choice(CITY_FR)}
{R.choice(['Ticket de caisse', 'TICKET', 'Reçu', ''])}
Caisse {R.randint(1, 9)}  {R.choice(['Caissier', 'Caissière', 'Hôtesse'])} : {R.choice(FIRST)}
{date_fr()} {R.randint(8, 20)}:{R.randint(10, 59)}
{chr(10).join(items)}
TOTAL {tot:.2f} EUR
{R.choice(['ESPECES', 'CB', 'CARTE BANCAIRE'])} {paid:.2f}
RENDU {paid - tot:.2f}
TVA 5,5% {tot * 0.055:.2f}
{R.choice(['Merci de votre visite !', 'A bientôt', 'Conservez ce ticket'])}
""".replace(".", ",")
    return f"""{shop}
{R.choice(CITY_EN)}
{R.choice(['RECEIPT', 'Sales Receipt', 'TAX INVOICE', ''])}
Till {R.randint(1, 9)}  Cashier: {R.choice(FIRST)}
{date_en()} {R.randint(8, 20)}:{R.randint(10, 59)}
{chr(10).join(items)}
SUBTOTAL {tot:.2f}
VAT {tot * 0.2:.2f}
TOTAL {tot * 1.2:.2f}
{R.choice(['CASH', 'VISA', 'MASTERCARD', 'CONTACTLESS'])} {paid:.2f}
CHANGE {max(0, paid - tot * 1.2):.2f}
{R.choice(['Thank you for shopping with us', 'Please keep your receipt', 'See you soon!'])}
"""


def credit_note():
    if R.random() < 0.5:
        v = R.randint(20, 800) + 0.35
        return f"""{R.choice(COMPANY_FR)}
{R.choice(CITY_FR)}
{R.choice(['AVOIR', "Facture d'avoir", 'AVOIR N°'])} AV-{R.randint(100, 999)}
Date : {date_fr()}
Référence facture : FA-{R.randint(1000, 9999)}
Client : {R.choice(COMPANY_FR)}
Remboursement {R.choice(ITEMS_FR).lower()}  1  -{money_fr(v)}
Total HT -{money_fr(v)}
TVA 20 % -{money_fr(v * 0.2)}
Total TTC -{money_fr(v * 1.2)}
"""
    v = R.randint(20, 800) + 0.4
    return f"""{R.choice(COMPANY_EN)}
{R.choice(CITY_EN)}
CREDIT NOTE
Credit Note No: CN-{R.randint(100, 999)}
Date: {date_en()}
Original invoice: INV-{R.randint(1000, 9999)}
Customer: {R.choice(COMPANY_EN)}
Refund for returned goods   -{money_en(v)}
VAT 20%                     -{money_en(v * 0.2)}
Total credit                -{money_en(v * 1.2)}
"""


# ---------------------------------------------------------------- contracts
def contract_fr():
    a, b = R.sample(COMPANY_FR, 2)
    kind = R.choice(["CONTRAT DE PRESTATION DE SERVICES", "CONTRAT DE BAIL COMMERCIAL", "CONTRAT DE TRAVAIL À DURÉE INDÉTERMINÉE",
                     "ACCORD DE CONFIDENTIALITÉ", "CONTRAT DE LICENCE DE LOGICIEL", "CONVENTION DE PARTENARIAT"])
    arts = R.sample([
        ("Objet", "Le présent contrat a pour objet de définir les conditions dans lesquelles le Prestataire réalise les prestations décrites en annexe."),
        ("Durée", "Le contrat est conclu pour une durée de douze mois à compter de sa signature, renouvelable par tacite reconduction."),
        ("Prix et modalités de paiement", "En contrepartie, le Client versera une rémunération forfaitaire payable à trente jours."),
        ("Résiliation", "Chacune des parties pourra résilier le présent contrat par lettre recommandée avec un préavis de trois mois."),
        ("Confidentialité", "Les parties s'engagent à garder confidentielles les informations échangées pendant toute la durée du contrat."),
        ("Responsabilité", "La responsabilité du Prestataire est limitée aux dommages directs et prévisibles."),
        ("Droit applicable et juridiction", "Le présent contrat est soumis au droit français. Tout litige sera porté devant le tribunal de commerce de Lyon."),
        ("Loyer", "Le bail est consenti moyennant un loyer annuel payable trimestriellement et d'avance."),
        ("Période d'essai", "Le salarié est soumis à une période d'essai de deux mois, renouvelable une fois."),
    ], R.randint(4, 6))
    body = "\n".join(f"Article {i + 1} - {t}\n{x}" for i, (t, x) in enumerate(arts))
    return f"""{kind}

Entre les soussignés :
{a}, dont le siège social est situé {R.choice(CITY_FR)}, représentée par {person()}, ci-après dénommée « {R.choice(['le Prestataire', 'le Bailleur', "l'Employeur", 'la Partie divulgatrice'])} », d'une part,
Et
{b}, dont le siège social est situé {R.choice(CITY_FR)}, ci-après dénommée « {R.choice(['le Client', 'le Preneur', 'le Salarié', 'la Partie réceptrice'])} », d'autre part,

Il a été convenu et arrêté ce qui suit :
{body}

Fait à {R.choice(['Lyon', 'Paris', 'Nantes', 'Bordeaux'])}, le {date_fr()}, en deux exemplaires originaux.
Lu et approuvé, bon pour accord
Signature des parties
"""


def contract_en():
    a, b = R.sample(COMPANY_EN, 2)
    kind = R.choice(["SERVICES AGREEMENT", "MUTUAL NON-DISCLOSURE AGREEMENT", "COMMERCIAL LEASE AGREEMENT",
                     "EMPLOYMENT AGREEMENT", "SOFTWARE LICENSE AGREEMENT", "CONSULTING AGREEMENT", "SUPPLY AGREEMENT"])
    secs = R.sample([
        ("Services", "Provider shall perform the services described in Schedule 1 with due care and skill."),
        ("Term", "This Agreement commences on the Effective Date and continues for an initial term of two (2) years."),
        ("Fees and Payment", "Client shall pay the fees set out in Schedule 2 within thirty (30) days of receipt of each invoice."),
        ("Termination", "Either party may terminate this Agreement for convenience on ninety (90) days' prior written notice."),
        ("Confidentiality", "Each party shall hold the other party's Confidential Information in strict confidence."),
        ("Limitation of Liability", "In no event shall either party be liable for any indirect or consequential damages."),
        ("Governing Law", "This Agreement shall be governed by and construed in accordance with the laws of England and Wales."),
        ("Notices", "All notices under this Agreement shall be in writing and delivered to the addresses set forth above."),
        ("Assignment", "Neither party may assign this Agreement without the prior written consent of the other party."),
        ("Rent", "Tenant shall pay the annual rent in equal quarterly instalments in advance."),
    ], R.randint(4, 7))
    body = "\n".join(f"{i + 1}. {t}. {x}" for i, (t, x) in enumerate(secs))
    return f"""{kind}

This {kind.title()} (the "Agreement") is made and entered into as of {date_en()} (the "Effective Date") by and between {a} ("{R.choice(['Provider', 'Landlord', 'Company', 'Licensor'])}") and {b} ("{R.choice(['Client', 'Tenant', 'Employee', 'Licensee'])}").

{R.choice(['WHEREAS, the parties wish to set out the terms of their relationship;', 'RECITALS', 'Background'])}
NOW, THEREFORE, in consideration of the mutual covenants herein, the parties agree as follows:
{body}

IN WITNESS WHEREOF, the parties hereto have executed this Agreement as of the Effective Date.
By: ____________________   By: ____________________
Name: {person()}          Name: {person()}
"""


# ---------------------------------------------------------------- contacts
def card():
    fr = R.random() < 0.5
    name = person()
    co = R.choice(COMPANY_FR if fr else COMPANY_EN)
    parts = [name, R.choice(TITLES_FR if fr else TITLES_EN), co,
             (R.choice(["Tél. : ", "Mobile : ", "Tel ", "Port. "]) if fr else R.choice(["Tel: ", "Mobile: ", "M ", "T "])) + (phone_fr() if fr else phone_en()),
             email(name, co), "www." + co.lower().split()[0].strip(",&") + R.choice([".fr", ".com", ".co.uk"])]
    if R.random() < 0.6:
        parts.append(R.choice(CITY_FR if fr else CITY_EN))
    if R.random() < 0.3:
        R.shuffle(parts)
    return "\n".join(parts) + "\n"


def signature():
    fr = R.random() < 0.5
    name = person()
    co = R.choice(COMPANY_FR if fr else COMPANY_EN)
    if fr:
        msg = R.choice(["Bonjour,\n\nVeuillez trouver ci-joint les documents demandés.\nJe reste à votre disposition pour tout complément.\n\nCordialement,",
                        "Bonjour Madame,\n\nMerci pour votre retour, je vous rappelle demain matin.\n\nBien à vous,"])
        return f"""{msg}
--
{name}
{R.choice(TITLES_FR)}
{co}
{R.choice(CITY_FR)}
Tél. {phone_fr()} | Mob. {phone_fr()}
{email(name, co)}
"""
    msg = R.choice(["Hi Mark,\n\nThanks for the call earlier. Please find the updated deck attached.\n\nBest regards,",
                    "Hello,\n\nI am following up on our meeting last week. Let me know a good time to talk.\n\nKind regards,"])
    return f"""{msg}
{name}
{R.choice(TITLES_EN)} | {co}
{R.choice(CITY_EN)}
Direct: {phone_en()}  Mobile: {phone_en()}
{email(name, co)} | www.{co.lower().split()[0]}.com
"""


def letterhead():
    fr = R.random() < 0.5
    co = R.choice(COMPANY_FR if fr else COMPANY_EN)
    name = person()
    if fr:
        return f"""{co}
{R.choice(CITY_FR)}
Tél. {phone_fr()} - {email('contact x', co).replace('contact.x', 'contact')}
www.{co.lower().split()[0]}.fr

{R.choice(COMPANY_FR)}
À l'attention de {person()}
{R.choice(CITY_FR)}

Lyon, le {date_fr()}
Objet : {R.choice(['suite à notre entretien', 'votre demande du mois dernier', 'nouvelle adresse de nos bureaux'])}

Madame, Monsieur,
Nous vous informons que nos bureaux déménagent à compter du mois prochain. Vos interlocuteurs restent inchangés.
Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.

{name}
{R.choice(TITLES_FR)}
"""
    return f"""{co}
{R.choice(CITY_EN)}
T {phone_en()}  E info@{co.lower().split()[0]}.com  W www.{co.lower().split()[0]}.com

{date_en()}

{person()}
{R.choice(COMPANY_EN)}
{R.choice(CITY_EN)}

Dear {R.choice(['Ms', 'Mr', 'Dr'])} {R.choice(LAST)},
Thank you for your letter. We are pleased to confirm our new contact details above; please update your records.
Yours sincerely,

{name}
{R.choice(TITLES_EN)}
"""


def qr_payload():
    """The text of a decoded QR code on a card (MECARD or vCard)."""
    name = person()
    first, last = name.split(" ", 1)
    co = R.choice(COMPANY_FR + COMPANY_EN)
    tel = phone_fr() if R.random() < 0.5 else phone_en()
    if R.random() < 0.6:
        return f"MECARD:N:{last},{first};ORG:{co};TEL:{tel.replace(' ', '')};EMAIL:{email(name, co)};URL:http://www.{co.lower().split()[0]}.com;;"
    return f"BEGIN:VCARD\nVERSION:3.0\nN:{last};{first}\nFN:{name}\nORG:{co}\nTEL:{tel}\nEMAIL:{email(name, co)}\nEND:VCARD\n"


def card_columns():
    """A card read by OCR: two columns merged line by line, a name in capitals
    or a logo line misread, the e-mail sometimes split or missing, a street and
    a postcode line, a country; photos lose pieces."""
    fr = R.random() < 0.5
    name = person()
    co = R.choice(COMPANY_FR if fr else COMPANY_EN)
    street, city = (R.choice(CITY_FR if fr else CITY_EN)).split(", ", 1)
    left = [name.upper() if R.random() < 0.4 else name, R.choice(TITLES_FR if fr else TITLES_EN), "", co, street, city]
    if R.random() < 0.5:
        left.append("France" if fr else R.choice(["United Kingdom", "USA"]))
    mail = email(name, co)
    right = [(R.choice(["Tél. ", "T ", "Mob. ", "Port. "]) if fr else R.choice(["T ", "M ", "Tel ", "Office "])) +
             (phone_fr() if fr else phone_en())]
    r = R.random()
    if r < 0.4:
        right += [mail.split("@")[0] + "@", mail.split("@")[1]]
    elif r < 0.8:
        right.append(mail)
    right.append("www." + mail.split("@")[1])
    lines = []
    for i in range(max(len(left), len(right))):
        a = left[i] if i < len(left) else ""
        b = right[i - 2] if 2 <= i < len(right) + 2 else ""
        lines.append((a + "   " + b).strip())
    if R.random() < 0.3:
        lines.insert(0, R.choice(["Bam E", "| |", "ee", "~"]))
    return "\n".join(lines) + "\n"


def card_plain():
    """A card printed from an address book entry and read by OCR: a company
    or logo word on top, the name (a courtesy title or a suffix sometimes),
    a title or not, then some of: a phone (labelled or not, North American
    or German), an e-mail (labelled or not), a web address with its scheme,
    an address as a comma list ending in a country. Cards with few fields (one
    at least), names alone or in lower case."""
    name = person()
    if R.random() < 0.3:
        name = R.choice(["Mr. ", "Mrs. ", "Dr. ", "Ms. "]) + name + R.choice(["", "", " Jr.", " Sr."])
    if R.random() < 0.15:
        first, last = name.split(" ", 1)
        name = f"{last}, {first}"
    co = R.choice(COMPANY_EN + ["KDE", "IBM", "Open Source Lab", "Northwind", "TheCompany"])
    shape = R.random()
    if shape < 0.1:
        name = name.split()[-1]  # a surname alone
    elif shape < 0.2:
        name = name.lower()
    lines = [co.upper() if R.random() < 0.4 else co, "", name]
    if R.random() < 0.2:
        lines = [name]  # no company or logo line
    if R.random() < 0.6:
        lines.append(R.choice(TITLES_EN + ["Accountant", "Consultant", "Developer", "Projektleiter"]))
    lines.append("")
    labels = R.random() < 0.5
    num = R.choice([f"({R.randint(200, 989)}) 555-{R.randint(1000, 9999)}", f"{R.randint(200, 989)}-{R.randint(200, 999)}-{R.randint(1000, 9999)}",
                    f"0{R.randint(30, 89)} {R.randint(100000, 999999)}", f"+1-800-{R.randint(100000, 999999)}",
                    f"0{R.randint(30, 89)}{R.randint(10000000, 99999999)}"])
    dom = "".join(c for c in co.lower().split()[0] if c.isalnum()) or "example"
    fields = []
    if R.random() < 0.8:
        fields.append(("Tel: " if labels else "") + num)
    if R.random() < 0.8:
        fields.append(("Email: " if labels else "") + email(name.replace(",", "").replace(".", ""), co))
    if R.random() < 0.7:
        fields.append(R.choice(["http://www.", "https://", "www.", "http://"]) + dom + R.choice([".com", ".org", ".de", ".net"]) + R.choice(["", "/"]))
    if R.random() < 0.7:
        addr = R.choice(["222 Broadway, New York, NY, 10001, USA", "Buehlauer Strasse 45, Dresden, Sachsen, 01327, Germany",
                         "Suite 400, 2875 Laurier, Quebec, QC, G1V 2M2, Canada", "Lindenallee 12, Hamburg, 20259, Deutschland",
                         "111 Main St, Springfield, IL 62701", "Silicon Alley 5, New York, New York, 10013, United States of America"])
        if len(addr) > 40 and R.random() < 0.6:
            k = addr.index(",", len(addr) // 2 - 6) if "," in addr[len(addr) // 2 - 6:] else len(addr)
            fields += [addr[:k + 1], addr[k + 1:].strip()]
        else:
            fields.append(addr)
    if len(fields) > 1 and R.random() < 0.2:
        fields = [R.choice(fields)]  # a sparse entry: one detail only
    if not fields or (len(fields) < 2 and R.random() < 0.5):
        fields.append(("Email: " if labels else "") + email(name.replace(",", "").replace(".", ""), co))
    return "\n".join(lines + fields) + "\n"


# ---------------------------------------------------------------- other
def other():
    k = R.choice(["quote", "po", "delivery", "statement", "newsletter", "minutes", "manual", "article",
                  "payslip", "form", "notice", "recipe", "devis", "bon_commande", "compte_rendu", "article_fr"])
    co, co2 = R.sample(COMPANY_FR + COMPANY_EN, 2)
    if k == "quote":
        return f"""{co}
QUOTATION Q-{R.randint(100, 999)}
Date: {date_en()}  Valid for 30 days
Prepared for: {co2}
Description Qty Unit price
{R.choice(ITEMS_EN)} {R.randint(1, 9)} {R.randint(50, 900)}.00
Estimated total {R.randint(500, 9000)}.00
This quotation is not an invoice. Prices may change after the validity date.
"""
    if k == "devis":
        return f"""{co}
DEVIS N° D-{R.randint(100, 999)}
Date : {date_fr()} - Validité : 1 mois
Client : {co2}
{R.choice(ITEMS_FR)} {R.randint(1, 9)} {money_fr(R.randint(50, 900))}
Montant estimé HT {money_fr(R.randint(500, 9000))}
Bon pour accord, date et signature du client :
"""
    if k == "po":
        return f"""PURCHASE ORDER
PO Number: PO-{R.randint(10000, 99999)}
Vendor: {co}
Ship to: {co2}, {R.choice(CITY_EN)}
Item Qty
{R.choice(ITEMS_EN)} {R.randint(1, 50)}
{R.choice(ITEMS_EN)} {R.randint(1, 50)}
Requested delivery date: {date_en()}
Authorised by: {person()}
"""
    if k == "bon_commande":
        return f"""BON DE COMMANDE N° {R.randint(1000, 9999)}
Fournisseur : {co}
Livrer à : {co2}
Référence Désignation Quantité
A-{R.randint(10, 99)} {R.choice(ITEMS_FR)} {R.randint(1, 20)}
Date de livraison souhaitée : {date_fr()}
"""
    if k == "delivery":
        return f"""{co}
{R.choice(['DELIVERY NOTE', 'BON DE LIVRAISON', 'Packing slip'])} {R.randint(1000, 9999)}
Date: {date_en()}
Deliver to: {co2}
Item Ordered Delivered
{R.choice(ITEMS_EN)} {R.randint(1, 9)} {R.randint(1, 9)}
Received in good condition. Signature of recipient: ________
"""
    if k == "statement":
        return f"""{R.choice(['Bank statement', 'Relevé de compte'])}
Account holder: {person()}
Period: {date_en()} to {date_en()}
Opening balance 1,204.33
{date_fr()} Card payment GROCERY -45.20
{date_fr()} Salary +2,350.00
{date_fr()} Direct debit ELECTRICITY -78.90
Closing balance 3,430.23
"""
    if k == "newsletter":
        return f"""{co} Newsletter - {R.choice(['Spring', 'Autumn', 'Winter'])} edition
In this issue: our new offices, the team's charity run and upcoming webinars.
We are delighted to welcome three new colleagues this quarter. Our community day raised
funds for the local food bank, and we thank everyone who took part. Subscribe to our blog for more stories.
To unsubscribe from this newsletter, click here.
"""
    if k == "minutes":
        return f"""Minutes of the {R.choice(['board', 'project', 'team'])} meeting
Date: {date_en()}
Present: {person()}, {person()}, {person()}
1. Approval of the previous minutes.
2. Budget review: the team discussed the total budget for the spring event.
3. Actions: {person()} to circulate the revised plan before Friday.
Next meeting on Thursday.
"""
    if k == "compte_rendu":
        return f"""Compte rendu de réunion du {date_fr()}
Participants : {person()}, {person()}, {person()}
Ordre du jour : point sur le projet, planning, questions diverses.
Le planning est confirmé pour la fin du trimestre. Les équipes présenteront un bilan lors de la prochaine réunion.
Prochaine réunion : mardi à 10 h.
"""
    if k == "manual":
        return f"""User guide - Model {R.randint(100, 999)}
Chapter 1. Getting started
Unpack the device and check that all parts are present. Connect the power cable and press the ON button.
Chapter 2. Safety instructions
Do not expose the device to water. Keep out of the reach of children.
Chapter 3. Troubleshooting
If the display stays blank, contact your retailer.
"""
    if k == "article":
        return """Researchers report progress on battery recycling
A study published this week describes a process that recovers most of the lithium from used batteries.
The authors argue that the method could reduce costs and environmental impact. Further trials are planned
with industrial partners over the next two years, according to the university.
"""
    if k == "article_fr":
        return """La ville inaugure un nouveau parc
Après deux ans de travaux, le parc des Berges a ouvert ses portes samedi. Les habitants ont découvert
des jardins partagés, une aire de jeux et une piste cyclable le long de la rivière. La mairie prévoit
d'organiser des animations tout l'été.
"""
    if k == "payslip":
        return f"""BULLETIN DE PAIE
Période : {R.choice(['janvier', 'mars', 'juin'])} 2025
Employeur : {co}
Salarié : {person()}
Salaire de base 2 450,00
Cotisations salariales -540,12
Net à payer avant impôt 1 909,88
Net payé 1 850,20
"""
    if k == "form":
        return f"""{R.choice(['Registration form', "Formulaire d'inscription"])}
Last name / Nom : ______________
First name / Prénom : ______________
Date of birth : ___ / ___ / ______
Address : ____________________________
I agree to the privacy policy [ ]
Signature :
"""
    if k == "notice":
        return f"""{R.choice(['Avis de passage', 'Notice to residents'])}
Water supply will be interrupted on {date_en()} from 9 am to 5 pm for maintenance works.
We apologise for the inconvenience. For more information call the service desk.
"""
    return """Tarte aux pommes
Ingrédients : 4 pommes, 1 pâte brisée, 50 g de sucre, 30 g de beurre.
Préchauffer le four à 180 °C. Éplucher les pommes, les couper en lamelles et les disposer sur la pâte.
Cuire 35 minutes.
"""


# Business documents with every part of an invoice but the claim: purchase
# orders (Order-X), order confirmations, quotes and pro-forma offers print
# parties, line items, VAT and totals too; their title and wording decide.
def priced_lines(items, money):
    lines, net = [], 0.0
    for it in R.sample(items, R.randint(2, 4)):
        q, pu = R.randint(1, 20), R.randint(5, 900) + R.choice([0, 0.5, 0.9])
        net += q * pu
        lines.append(f"{it:<32} {q:>3}   {money(pu):>12}   {money(q * pu):>12}")
    return "\n".join(lines), net


def hard_negative():
    k = R.choice(["po_en", "po_de", "commande_fr", "confirmation_en", "confirmation_fr", "quote_en", "devis_fr",
                  "paper", "angebot_de"])
    buyer, seller = R.sample(COMPANY_FR + COMPANY_EN, 2)
    if k == "paper":
        # A paper's author block (name, e-mail, web site) over its abstract is
        # not a business card.
        name = person()
        return f"""{R.choice(['A Survey of Distributed Ledgers', 'Efficient Text Detection in Scanned Documents',
                     'On the Convergence of Stochastic Gradient Methods', 'Une méthode robuste de segmentation de pages'])}
{name}
{email(name, R.choice(COMPANY_EN))}
www.{R.choice(['example.org', 'lab.example.edu', 'research.example.com'])}

Abstract. {R.choice(['We study', 'This paper presents', 'Nous proposons'])} a method that improves the state of the art
on several benchmarks. Our experiments show that the approach scales to large collections and remains
accurate under noise. We discuss limitations and directions for future work.
1. Introduction
Previous work has addressed this problem with hand-written rules; we instead learn the model from data.
"""
    if k in ("po_en", "confirmation_en", "quote_en"):
        cur = R.choice(["£", "$", "€"])
        lines, net = priced_lines(ITEMS_EN, lambda v: money_en(v, cur))
        tax = round(net * 0.2, 2)
        title = {"po_en": R.choice(["PURCHASE ORDER", "Purchase Order", "ORDER"]),
                 "confirmation_en": R.choice(["ORDER CONFIRMATION", "Order acknowledgement"]),
                 "quote_en": R.choice(["QUOTATION", "Quote", "Sales quote"])}[k]
        ref = {"po_en": "Order number", "confirmation_en": "Confirmation of order", "quote_en": "Quote number"}[k]
        closing = {"po_en": "Please confirm this order and quote the order number on your invoice and delivery note.",
                   "confirmation_en": "Thank you for your order. It will be shipped on the date above; the invoice follows with the goods.",
                   "quote_en": "This quote is valid for 30 days. To accept it, sign and return a copy."}[k]
        return f"""{buyer if k == 'po_en' else seller}
{R.choice(CITY_EN)}
{title}
{ref}: {R.choice(['PO-', 'ORD-', 'Q-'])}{R.randint(1000, 99999)}
{R.choice(['Order date', 'Date'])}: {date_en()}
{R.choice(['Requested delivery date', 'Delivery date', 'Valid until'])}: {date_en()}
{R.choice(['Buyer', 'Customer', 'Ship to'])}: {buyer}
{R.choice(['Seller', 'Supplier', 'Vendor'])}: {seller}

Description                      Qty   Unit price   Amount
{lines}

Subtotal {money_en(net, cur)}
VAT 20% {money_en(tax, cur)}
{R.choice(['Order total', 'Total amount', 'Total'])} {money_en(net + tax, cur)}
{closing}
"""
    if k in ("po_de", "angebot_de"):
        lines, net = priced_lines(ITEMS_FR, money_fr)
        tax = round(net * 0.19, 2)
        if k == "angebot_de":
            return f"""{seller}
Musterstraße {R.randint(1, 90)}, {R.randint(10000, 99999)} {R.choice(['Berlin', 'München', 'Köln'])}
{R.choice(['ANGEBOT', 'Angebot', 'Kostenvoranschlag'])} Nr. A-{R.randint(1000, 99999)}
Datum: {date_fr().replace('/', '.')}  Gültig bis: {date_fr().replace('/', '.')}
An: {buyer}

Pos  Bezeichnung                 Menge   Einzelpreis   Gesamt
{lines}

Nettobetrag {money_fr(net)}
zzgl. 19 % MwSt. {money_fr(tax)}
Gesamtbetrag {money_fr(net + tax)}
{R.choice(['Wir freuen uns auf Ihren Auftrag.', 'Dieses Angebot ist freibleibend.', 'Bitte bestätigen Sie das Angebot schriftlich.'])}
"""
        return f"""{buyer}
Musterstraße {R.randint(1, 90)}, {R.randint(10000, 99999)} {R.choice(['Berlin', 'München', 'Köln'])}
BESTELLUNG Nr. {R.randint(1000, 99999)}
Bestelldatum: {date_fr()}
Liefertermin: {date_fr()}
Lieferant: {seller}

Bezeichnung                      Menge   Einzelpreis   Gesamtpreis
{lines}

Summe netto {money_fr(net)}
MwSt. 19 % {money_fr(tax)}
Gesamtbetrag {money_fr(net + tax)}
Bitte geben Sie unsere Bestellnummer auf Lieferschein und Rechnung an.
"""
    lines, net = priced_lines(ITEMS_FR, money_fr)
    tva = round(net * 0.2, 2)
    title = {"commande_fr": R.choice(["BON DE COMMANDE", "Bon de commande"]),
             "confirmation_fr": R.choice(["CONFIRMATION DE COMMANDE", "Accusé de réception de commande"]),
             "devis_fr": R.choice(["DEVIS", "Devis", "PROPOSITION COMMERCIALE"])}[k]
    closing = {"commande_fr": "Merci de rappeler le numéro de commande sur la facture et le bon de livraison.",
               "confirmation_fr": "Nous vous remercions de votre commande. La facture suivra la livraison.",
               "devis_fr": "Devis valable 30 jours. Bon pour accord : date, signature et cachet du client."}[k]
    return f"""{buyer if k == 'commande_fr' else seller}
{R.choice(CITY_FR)}
{title} N° {R.choice(['BC-', 'CMD-', 'D-'])}{R.randint(1000, 99999)}
Date : {date_fr()}
{R.choice(['Date de livraison souhaitée', 'Livraison prévue le', 'Valable jusqu’au'])} : {date_fr()}
{R.choice(['Fournisseur', 'Client', 'Destinataire'])} : {seller if k == 'commande_fr' else buyer}

Désignation                      Qté   Prix unitaire HT   Montant HT
{lines}

Total HT {money_fr(net)}
TVA 20 % {money_fr(tva)}
Total TTC {money_fr(net + tva)}
{closing}
"""


def invoice_short():
    """Short invoices of every kind (deposit invoices, fee notes, German and
    English one-liners), made after the priced hard negatives so that an
    invoice's title keeps outweighing the totals an order shares with it."""
    sup, cli = R.sample(COMPANY_FR + COMPANY_EN, 2)
    net = R.randint(80, 4000) + R.choice([0, 0.5, 0.9])
    k = R.choice(["fr", "acompte", "honoraires", "de", "en", "tax"])
    if k in ("fr", "acompte", "honoraires"):
        title = {"fr": "FACTURE N°", "acompte": "FACTURE D'ACOMPTE N°", "honoraires": "NOTE D'HONORAIRES N°"}[k]
        return f"""{sup}
{R.choice(CITY_FR)}
{title} {R.choice(['FA-', 'AC-', '2025-'])}{R.randint(10, 9999)}
Date : {date_fr()}
Client : {cli}
{R.choice(ITEMS_FR)} {money_fr(net)}
Total HT {money_fr(net)}  TVA 20 % {money_fr(net * 0.2)}  Total TTC {money_fr(net * 1.2)}
{R.choice(['Règlement à réception.', 'Paiement par virement sous 30 jours.', 'Échéance : ' + date_fr()])}
"""
    if k == "de":
        return f"""{sup}
Rechnung {R.randint(2024, 2025)}-{R.randint(10, 999)}
Datum: {date_fr().replace('/', '.')}
An: {cli}
{R.choice(ITEMS_FR)} {money_fr(net)}
zzgl. 19 % MwSt. {money_fr(net * 0.19)}
Gesamt {money_fr(net * 1.19)}
Zahlbar bis {date_fr().replace('/', '.')}
"""
    return f"""{sup}
{R.choice(CITY_EN)}
{'TAX INVOICE' if k == 'tax' else R.choice(['INVOICE', 'Invoice'])} {R.choice(['INV-', '#', ''])}{R.randint(100, 99999)}
Date: {date_en()}
Bill to: {cli}
{R.choice(ITEMS_EN)} {money_en(net)}
Subtotal {money_en(net)}  VAT 20% {money_en(net * 0.2)}  Total due {money_en(net * 1.2)}
Payment due within 30 days.
"""


def receipt_de_nl():
    """German and Dutch till receipts (Kassenbon, kassabon): their words are
    none of the French and English receipts'."""
    items, tot = [], 0.0
    de = R.random() < 0.5
    m = lambda v: f"{v:.2f}".replace(".", ",")  # noqa: E731
    names = (["Brezel", "Roggenbrot", "Vollmilch 1L", "Kaffee", "Butter 250g", "Aepfel lose", "Mineralwasser",
              "Kaesebroetchen", "Pfand"] if de else
             ["BANANEN", "KAAS JONG BELEGEN", "MELK HALFVOL", "BROOD VOLKOREN", "EIEREN 10 ST", "KOFFIE",
              "APPELS ELSTAR", "STATIEGELD", "HAGELSLAG"])
    for it in R.sample(names, R.randint(2, 6)):
        p = R.randint(30, 900) / 100
        tot += p
        items.append(f"{it:<24}{m(p):>7}")
    paid = round(tot + R.randint(0, 10), 0)
    rate = R.choice([7, 19]) if de else R.choice([9, 21])
    tax = tot * rate / (100 + rate)
    if de:
        return f"""{R.choice(['Baeckerei Schmidt', 'EDEKA Markt Huber', 'REWE Markt GmbH', 'Kiosk am Bahnhof'])}
{R.choice(['Hauptstr. 5, 80331 Muenchen', 'Bahnhofstrasse 12, 50667 Koeln', 'Marktplatz 3, 10115 Berlin'])}
{R.choice(['Kassenbon', 'Bon-Nr. ' + str(R.randint(100, 9999)), ''])}
{chr(10).join(items)}
{R.choice(['Summe', 'SUMME EUR', 'Zu zahlen', 'Gesamt'])} {m(tot)}
{R.choice(['Bar', 'EC-Karte', 'Girocard', 'Kartenzahlung'])} {m(paid)}
{R.choice(['Rueckgeld', 'Zurueck'])} {m(paid - tot)}
MwSt {rate}% Netto {m(tot - tax)} MwSt {m(tax)} Brutto {m(tot)}
{date_fr().replace('/', '.')} {R.randint(8, 20)}:{R.randint(10, 59)} Kasse {R.randint(1, 6)}
{R.choice(['Vielen Dank fuer Ihren Einkauf', 'Danke und auf Wiedersehen', 'St-Nr. 143/123/45678'])}
"""
    return f"""{R.choice(['Albert Heijn 1234', 'Jumbo Supermarkten', 'Bakkerij de Vries', 'HEMA Utrecht'])}
{R.choice(['Kalverstraat 10, 1012 PC Amsterdam', 'Oudegracht 45, 3511 AB Utrecht', 'Markt 7, 5611 EB Eindhoven'])}
{R.choice(['Kassabon', 'Bonnummer ' + str(R.randint(100, 9999)), ''])}
{chr(10).join(items)}
{R.choice(['TOTAAL', 'Te betalen', 'Totaal EUR'])} {m(tot)}
{R.choice(['PINNEN', 'Contant', 'Betaald met PIN', 'Maestro'])} {m(paid)}
{R.choice(['Wisselgeld', 'Terug'])} {m(paid - tot)}
BTW {rate}% over {m(tot - tax)} {m(tax)}
{date_fr().replace('/', '-')} {R.randint(8, 20)}:{R.randint(10, 59)} Kassa {R.randint(1, 6)}
{R.choice(['Bedankt en tot ziens', 'Bedankt voor uw bezoek', 'Bewaar uw kassabon'])}
"""


def credit_note_more():
    """More credit notes, made after the priced hard negatives: a credit note
    has an invoice's totals without its title, like an order."""
    return credit_note()


def bank_statement():
    """Bank and card statements (French, English, German): IBANs, dates and
    amounts in columns, balances, card payments and transfers that name
    invoices - an invoice's vocabulary without being one."""
    lang = R.choice(["fr", "en", "de"])
    holder = R.choice([person(), R.choice(COMPANY_FR + COMPANY_EN)])
    iban = R.choice(["FR76", "GB29", "DE89", "BE68", "NL91"]) + " " + " ".join(
        str(R.randint(1000, 9999)) for _ in range(5))
    bank = {"fr": R.choice(["Banque Populaire du Sud", "Crédit Mutuel de Bretagne", "Caisse d'Épargne Rhône Alpes"]),
            "en": R.choice(["Northern Savings Bank", "Harbour Bank plc", "First Coast Credit Union"]),
            "de": R.choice(["Sparkasse Freiburg", "Volksbank Mittelhessen", "Stadtsparkasse Rosenheim"])}[lang]
    labels = {"fr": ["PRLV SEPA EDF", "VIR SALAIRE", "CB CARREFOUR", "CB SNCF", "VIR FACTURE F-{n}", "PRLV ORANGE",
                     "RETRAIT DAB", "COTISATION CARTE", "VIR RECU CLIENT {n}"],
              "en": ["DIRECT DEBIT COUNCIL TAX", "SALARY", "CARD PAYMENT TESCO", "CARD PAYMENT SHELL",
                     "TRANSFER INVOICE INV-{n}", "STANDING ORDER RENT", "ATM WITHDRAWAL", "MONTHLY FEE"],
              "de": ["LASTSCHRIFT STADTWERKE", "GEHALT", "KARTENZAHLUNG REWE", "UEBERWEISUNG RECHNUNG {n}",
                     "DAUERAUFTRAG MIETE", "BARGELDAUSZAHLUNG", "KONTOFUEHRUNG"]}[lang]
    money = money_fr if lang in ("fr", "de") else (lambda v: f"{v:,.2f}")
    rows, balance = [], R.randint(200, 5000) + R.randint(0, 99) / 100
    opening = balance
    for _ in range(R.randint(4, 9)):
        label = R.choice(labels).format(n=R.randint(100, 9999))
        v = R.randint(5, 900) + R.randint(0, 99) / 100
        credit = R.random() < 0.3
        balance += v if credit else -v
        d = date_fr() if lang != "en" else date_en()
        rows.append(f"{d}   {label:<32} {'' if credit else money(v):>12} {money(v) if credit else '':>12}")
    head = {"fr": ("RELEVÉ DE COMPTE", "Titulaire", "Période du", "au", "Date   Libellé   Débit   Crédit",
                   "Ancien solde", "Nouveau solde"),
            "en": ("STATEMENT OF ACCOUNT", "Account holder", "Period from", "to", "Date   Description   Paid out   Paid in",
                   "Opening balance", "Closing balance"),
            "de": ("KONTOAUSZUG", "Kontoinhaber", "Zeitraum vom", "bis", "Datum   Buchungstext   Soll   Haben",
                   "Alter Kontostand", "Neuer Kontostand")}[lang]
    period = (date_fr(), date_fr()) if lang != "en" else (date_en(), date_en())
    table = "\n".join(rows)
    return f"""{bank}
{head[0]} {R.choice(['N°', 'No.', 'Nr.'])} {R.randint(1, 12)}
{head[1]}: {holder}
IBAN {iban}   BIC {R.choice(['CCBPFRPP', 'NWBKGB2L', 'SOLADES1FRB', 'GEBABEBB'])}
{head[2]} {period[0]} {head[3]} {period[1]}
{head[5]} {money(opening)}
{head[4]}
{table}
{head[6]} {money(balance)}
"""


# Contracts that do not follow the US "made and entered into ... by and
# between" template: UK-style agreements (PARTIES (1) (2), BACKGROUND, AGREED
# TERMS), memoranda of understanding, statements of work under a master
# agreement, amendments, engagement letters, and French avenants, protocoles
# d'accord, CDD and leases. Without them a short MoU or SOW read as minutes
# or a quote.
def contract_more():
    lang = R.choice(["en", "en", "fr"])
    if lang == "en":
        a, b = R.sample(COMPANY_EN, 2)
        kind = R.choice(["MEMORANDUM OF UNDERSTANDING", "STATEMENT OF WORK", "AMENDMENT NO. 1 TO SERVICES AGREEMENT",
                         "SECOND AMENDMENT TO LEASE", "SERVICE LEVEL AGREEMENT", "LETTER OF ENGAGEMENT",
                         "DISTRIBUTION AGREEMENT", "LOAN AGREEMENT", "PARTNERSHIP AGREEMENT", "TENANCY AGREEMENT",
                         "DEED OF SETTLEMENT", "JOINT VENTURE AGREEMENT", "SPONSORSHIP AGREEMENT"])
        ra, rb = R.choice([("the Supplier", "the Customer"), ("the City", "the Trust"), ("the Lender", "the Borrower"),
                           ("the Firm", "the Client"), ("Landlord", "Tenant"), ("the Sponsor", "the Organiser")])
        style = R.choice(["uk", "mou", "sow", "amend", "letter"])
        clauses = R.sample([
            f"This {R.choice(['agreement', 'MoU', 'SOW', 'Amendment'])} takes effect on {date_en()} and ends on {date_en()}.",
            f"{ra.capitalize()} may end this {R.choice(['agreement', 'arrangement'])} by giving {R.choice(['one', 'three', 'six'])} months' written notice.",
            f"This {R.choice(['agreement', 'document'])} is governed by the law of {R.choice(['England and Wales', 'Scotland', 'Ontario', 'the State of New York', 'Ireland'])}.",
            "Each party shall keep the other's confidential information secret.",
            f"{rb.capitalize()} shall pay the fees within {R.choice(['14', '30', '45'])} days of invoice.",
            "Nothing in this document creates a partnership or agency between the parties.",
            "Any variation must be in writing and signed by both parties.",
            "The parties will meet quarterly to review progress against the milestones.",
            "Except as amended hereby, the Agreement remains in full force and effect.",
        ], R.randint(3, 5))
        body = "\n".join(f"{i + 1}. {c}" for i, c in enumerate(clauses))
        if style == "uk":
            head = f"""THIS AGREEMENT is dated {date_en()}
PARTIES
(1) {a.upper()}, a company incorporated in {R.choice(['England and Wales', 'Scotland', 'Ireland'])} with company number {R.randint(1000000, 9999999):08d} ({ra});
(2) {b.upper()} ({rb}).
BACKGROUND
{ra.capitalize()} wishes to {R.choice(['appoint', 'engage', 'lend money to'])} {rb}.
AGREED TERMS"""
        elif style == "mou":
            head = f"""This {kind.title()} is signed on {date_en()} between {a} ("{ra}") and {b} ("{rb}").
Purpose. The parties wish to cooperate on {R.choice(['a shared training programme', 'the renovation of the community centre', 'joint research'])}."""
        elif style == "sow":
            head = f"""This {kind.title()} No. {R.randint(1, 9)} is entered into on {date_en()} pursuant to the Master Services Agreement between {a} ("{ra}") and {b} ("{rb}").
Scope. {ra.capitalize()} will deliver the work described below."""
        elif style == "amend":
            head = f"""This {kind.title()} is made effective as of {date_en()} between {a} and {b}.
RECITALS. The parties are parties to an agreement dated {date_en()} and desire to amend it as set out below."""
        else:
            head = f"""{R.choice(['Dear', 'To'])} {person()},
We are pleased to confirm the terms on which {a} will act for {b}. Please sign and return a copy of this letter to confirm your agreement."""
        tail = R.choice([f"Signed for and on behalf of {a}\nSigned for and on behalf of {b}",
                         f"Signed: ____________ for {a}     ____________ for {b}\nDate: {date_en()}",
                         f"Agreed and accepted by {b}: ____________"])
        return f"{kind}\n\n{head}\n{body}\n\n{tail}\n"
    a, b = R.sample(COMPANY_FR, 2)
    kind = R.choice(["AVENANT N° 1 AU CONTRAT DE PRESTATION", "PROTOCOLE D'ACCORD", "CONTRAT DE TRAVAIL À DURÉE DÉTERMINÉE",
                     "BAIL D'HABITATION", "LETTRE DE MISSION", "CONTRAT DE PRÊT", "CONVENTION DE STAGE",
                     "ACCORD DE CONFIDENTIALITÉ", "CONTRAT DE SOUS-TRAITANCE", "CONTRAT DE MAINTENANCE"])
    arts = R.sample([
        f"Le présent {R.choice(['accord', 'avenant', 'contrat'])} entre en vigueur le {date_fr()} et prend fin le {date_fr()}.",
        "Il est régi par le droit français ; tout différend relève des tribunaux compétents.",
        f"Chacune des parties peut y mettre fin par lettre recommandée avec un préavis de {R.choice(['un', 'deux', 'trois'])} mois.",
        "Les informations échangées restent confidentielles.",
        "Les autres stipulations du contrat initial demeurent inchangées.",
        f"La rémunération est fixée à {money_fr(R.randint(800, 9000))} payables mensuellement.",
        "Toute modification fera l'objet d'un avenant écrit signé des deux parties.",
    ], R.randint(3, 5))
    body = "\n".join(f"Article {i + 1}. {t}" for i, t in enumerate(arts))
    intro = R.choice([
        f"Le présent {R.choice(['accord', 'avenant'])} est conclu le {date_fr()} entre {a}, représentée par {person()}, et {b}.",
        f"Entre {a}, ci-après « {R.choice(['le Prêteur', 'l’Employeur', 'le Bailleur', 'le Donneur d’ordre'])} », d'une part,\net {b}, ci-après « {R.choice(['l’Emprunteur', 'le Salarié', 'le Locataire', 'le Sous-traitant'])} », d'autre part,\nil est convenu ce qui suit :",
        f"Madame, Monsieur,\nNous avons le plaisir de vous confirmer les conditions de la mission que {b} confie à {a}.",
    ])
    return f"{kind}\n\n{intro}\n{body}\n\nFait à {R.choice(['Lille', 'Rennes', 'Toulouse', 'Grenoble'])}, le {date_fr()}.\nSignatures des parties\n"


# Minutes, policies and notices that talk about agreements without being one
# (hard negatives for contract_more's vocabulary).
def about_contracts():
    a, b = R.sample(COMPANY_EN, 2)
    topic = R.choice(["the proposed amendment to the supply agreement with", "the renewal of the lease with",
                      "the statement of work signed with", "the termination clause of the agreement with",
                      "the draft memorandum of understanding with", "the distribution agreement with"])
    if R.random() < 0.35:
        c, d = R.sample(COMPANY_FR, 2)
        return f"""{R.choice(['Procès-verbal de la réunion du conseil', "Compte rendu du comité de direction", "Procès-verbal de l'assemblée générale"])}
Le {date_fr()}, les membres se sont réunis au siège de {c}. Le quorum est atteint.
Présents : {person()}, {person()}, {person()}.
1. Le procès-verbal de la séance précédente est approuvé.
2. Le comité examine {R.choice(["l'avenant au contrat de maintenance avec", 'le renouvellement du bail avec', 'le projet de protocole d’accord avec', 'la résiliation du contrat avec'])} {d}. Il est convenu que la direction juridique proposera une nouvelle rédaction.
3. Questions diverses.
Prochaine réunion le {date_fr()}.
"""
    k = R.choice(["minutes", "policy", "notice"])
    if k == "minutes":
        return f"""Minutes of the {R.choice(['Board', 'Audit Committee', 'Management Team'])} Meeting
Held on {date_en()} at the offices of {a}. Present: {person()} (Chair), {person()}, {person()}.
1. The minutes of the previous meeting were approved.
2. The {R.choice(['Board', 'Committee'])} reviewed {topic} {b} and asked {person()} to report back.
3. {R.choice(['Any other business: none.', 'Actions were assigned as listed.', 'The budget for next year was noted.'])}
Next meeting: {date_en()}.
"""
    if k == "policy":
        return f"""{R.choice(['Travel and Expenses Policy', 'Remote Work Policy', 'Procurement Policy', 'Data Retention Policy'])}
Purpose. This policy explains how staff of {a} {R.choice(['book travel', 'work from home', 'buy goods and services', 'keep records'])}.
Scope. It applies to all employees and takes effect on {date_en()}.
Contracts. Any agreement with a supplier over £{R.choice(['5,000', '10,000', '25,000'])} must be reviewed by Legal before it is signed.
Review. This policy is owned by the {R.choice(['Finance', 'HR', 'Operations'])} team and reviewed every year.
"""
    return f"""Notice to customers
From {date_en()}, {a} will transfer its customer agreements to {b}. Your contract terms do not change and no action is needed.
If you have questions, contact our support team.
"""


# Contracts with a price or fee schedule (rental, maintenance, cleaning,
# supply, hire, leasing): their tables of amounts resemble an invoice's, the
# wording around them does not.
def contract_schedule():
    fr = R.random() < 0.5
    if fr:
        a, b = R.sample(COMPANY_FR, 2)
        kind = R.choice(["CONTRAT DE LOCATION DE MATÉRIEL", "CONTRAT DE MAINTENANCE", "CONTRAT DE PRESTATION DE NETTOYAGE",
                         "CONTRAT D'APPROVISIONNEMENT", "CONTRAT DE LOCATION LONGUE DURÉE", "CONTRAT DE CRÉDIT-BAIL",
                         "CONVENTION DE MISE À DISPOSITION", "CONTRAT DE LOCATION DE SALLE"])
        roles = R.choice([("le Loueur", "le Locataire"), ("le Prestataire", "le Client"), ("le Fournisseur", "l'Acheteur"),
                          ("le Bailleur", "le Preneur")])
        rows, net = priced_lines(ITEMS_FR, money_fr)
        party_block = R.choice([
            f"{roles[0].upper()}{' ' * 30}{roles[1].upper()}\n{a}{' ' * 20}{b}\n{CITY_FR[0]}{' ' * 8}{R.choice(CITY_FR)}\n"
            f"SIREN {R.randint(300, 999)} {R.randint(100, 999)} {R.randint(100, 999)}{' ' * 20}RCS {R.choice(['Lyon', 'Nantes', 'Lille'])}",
            f"Entre les soussignés :\n{a}, {R.choice(CITY_FR)}, ci-après « {roles[0]} »,\net {b}, ci-après « {roles[1]} ».",
        ])
        arts = R.sample([
            f"Durée. Le contrat est conclu pour la période du {date_fr()} au {date_fr()}, renouvelable par tacite reconduction.",
            f"Prix. Le {R.choice(['loyer', 'forfait', 'prix'])} mensuel figure au tableau ci-dessus ; il est payable d'avance par prélèvement.",
            "Obligations. " + roles[1].capitalize() + " s'engage à utiliser le matériel conformément à sa destination.",
            "Résiliation. À défaut de paiement, le contrat sera résilié de plein droit huit jours après mise en demeure.",
            "Assurance. " + roles[1].capitalize() + " souscrit une assurance couvrant sa responsabilité civile.",
            "Droit applicable. Le présent contrat est régi par le droit français.",
            f"Révision. Les prix sont révisés chaque année selon l'indice {R.choice(['Syntec', 'INSEE', 'TP01'])}.",
        ], R.randint(3, 6))
        body = "\n".join(f"Article {i + 2} – {t}" for i, t in enumerate(arts))
        table = f"Article 1 – Objet\n{'Désignation':<32} Qté   {'Prix unitaire HT':>12}   {'Montant HT':>12}\n{rows}\n" \
                f"Total mensuel HT : {money_fr(net)}"
        return (f"{kind}\nContrat n° {R.choice(['LC', 'MT', 'PR'])}-{R.randint(1000, 9999)}\n\n{party_block}\n\n{table}\n{body}\n\n"
                f"Fait à {R.choice(['Toulouse', 'Nantes', 'Lyon'])}, le {date_fr()}, en deux exemplaires.\n"
                f"{roles[0].capitalize()}{' ' * 30}{roles[1].capitalize()}\nSignature et cachet{' ' * 20}Bon pour accord\n")
    a, b = R.sample(COMPANY_EN, 2)
    kind = R.choice(["EQUIPMENT RENTAL AGREEMENT", "MAINTENANCE AGREEMENT", "CLEANING SERVICES CONTRACT",
                     "SUPPLY AGREEMENT", "VEHICLE LEASE AGREEMENT", "VENUE HIRE AGREEMENT", "WAREHOUSING AGREEMENT",
                     "HIRE PURCHASE AGREEMENT"])
    roles = R.choice([("the Owner", "the Hirer"), ("the Contractor", "the Client"), ("the Supplier", "the Buyer"),
                      ("the Lessor", "the Lessee"), ("the Venue", "the Hirer")])
    rows, net = priced_lines(ITEMS_EN, lambda v: money_en(v, R.choice(["£", "$"])))
    clauses = R.sample([
        f"Term. This Agreement commences on {date_en()} and continues until {date_en()} unless terminated earlier.",
        f"Charges. {roles[1].capitalize()} shall pay the charges in Schedule 1 monthly in advance.",
        f"Title. The equipment remains the property of {roles[0]} at all times.",
        f"Termination. Either party may terminate on {R.choice(['30', '60', '90'])} days' written notice.",
        "Liability. Neither party excludes liability for death or personal injury caused by negligence.",
        f"Governing law. This Agreement is governed by the laws of {R.choice(['England and Wales', 'Scotland', 'the State of New York', 'Ontario'])}.",
        f"Insurance. {roles[1].capitalize()} shall insure the equipment for its full replacement value.",
    ], R.randint(3, 6))
    body = "\n".join(f"{i + 1}. {c}" for i, c in enumerate(clauses))
    head = R.choice([
        f"This Agreement is made on {date_en()} between {a} of {R.choice(CITY_EN)} ({roles[0]}) and {b} ({roles[1]}).",
        f"PARTIES\n{roles[0].title()}: {a}\n{roles[1].title()}: {b}\nDate: {date_en()}",
    ])
    return (f"{kind}\n\n{head}\n{body}\n\nSCHEDULE 1 – CHARGES\n{'Item':<32} Qty   {'Rate':>12}   {'Amount':>12}\n{rows}\n"
            f"Monthly charges (excl. VAT): {money_en(net)}\n\nSigned for {a}: ____________\nSigned for {b}: ____________\n")


# Short letters of agreement and partnership accords, a few lines long.
def contract_short():
    fr = R.random() < 0.5
    if fr:
        a, b = R.sample(COMPANY_FR, 2)
        kind = R.choice(["Accord de partenariat", "Lettre d'accord", "Protocole d'accord", "Accord de collaboration",
                         "Convention de partenariat"])
        return (f"{kind}\n\nEntre {a} et {b}.\n"
                f"{R.choice(['Les parties conviennent', 'Il est convenu', 'Les soussignés conviennent'])} de "
                f"{R.choice(['mener ensemble une opération de promotion', 'partager un stand au salon', 'organiser des ateliers communs', 'se recommander mutuellement leurs clients'])} "
                f"du {date_fr()} au {date_fr()}.\n"
                f"{R.choice(['Chaque partie supporte ses propres frais.', 'Une commission de 10 % est reversée sur les ventes apportées.', 'Aucune somme n’est due entre les parties.'])}\n"
                f"{R.choice(['Cet accord peut être dénoncé par courrier avec un préavis d’un mois.', 'Il prend fin de plein droit à son terme.'])}\n"
                f"Fait le {date_fr()}.\nPour {a}{' ' * 12}Pour {b}\n(signature){' ' * 16}(signature)\n")
    a, b = R.sample(COMPANY_EN, 2)
    kind = R.choice(["Letter of Agreement", "Memorandum of Agreement", "Heads of Agreement", "Partnership Agreement",
                     "Referral Agreement"])
    return (f"{kind}\n\n{a} and {b} agree as follows:\n"
            f"1. {R.choice(['Each party will refer suitable clients to the other.', 'The parties will co-host a seminar series.', f'{a} will provide office space to {b}.'])}\n"
            f"2. {R.choice(['A referral fee of 10% of first-year fees is payable.', 'Each party bears its own costs.', f'{b} will pay {money_en(R.randint(200, 2000))} per month.'])}\n"
            f"3. This agreement runs from {date_en()} to {date_en()} and may be ended by either party on one month's notice.\n"
            f"Agreed on {date_en()}.\nFor {a}: ____________   For {b}: ____________\n")


# Texts about contracts that are none: press releases, guides, tender
# notices, price catalogues, FAQ pages (hard negatives for the two above).
def about_contracts_more():
    a, b = R.sample(COMPANY_EN, 2)
    c, d = R.sample(COMPANY_FR, 2)
    k = R.choice(["press", "guide_fr", "guide_en", "tender", "catalogue", "faq", "press_fr", "judgment",
                  "minutes_fr", "minutes_fr", "newsletter_fr", "newsletter_en"])
    if k == "minutes_fr":
        body = R.sample([
            f"Résolution n° {R.randint(1, 9)} : l'assemblée décide de renouveler le contrat de {R.choice(['syndic', 'maintenance de l’ascenseur', 'nettoyage', 'restauration'])} de {d} pour {R.choice(['un an', 'deux ans', 'trois ans'])}. "
            f"Votes pour : {R.randint(20, 80)} ; contre : {R.randint(0, 10)} ; abstentions : {R.randint(0, 5)}. La résolution est adoptée.",
            f"Le président présente les devis reçus ; l'assemblée retient l'offre de {c}.",
            f"Les comptes de l'exercice clos le {date_fr()} sont approuvés à l'unanimité.",
            f"Le conseil est mandaté pour négocier les conditions du contrat avec {d}.",
            "Questions diverses : aucune. La séance est levée à 20 h 15.",
        ], 4)
        return (f"{R.choice(['PROCÈS-VERBAL DE L’ASSEMBLÉE GÉNÉRALE ORDINAIRE', 'Compte rendu de la réunion du CSE', 'PROCÈS-VERBAL DU CONSEIL SYNDICAL'])}\n"
                f"{R.choice(['Copropriété', 'Association', 'Société'])} {R.choice(['Les Tilleuls', 'Le Clos Fleuri', 'du Parc'])} – séance du {date_fr()}\n"
                f"Présents ou représentés : {R.randint(10, 60)} membres. Président de séance : {person()}. Secrétaire : {person()}.\n"
                + "\n".join(body) + f"\nLe secrétaire{' ' * 20}Le président\n")
    if k == "newsletter_fr":
        return (f"La Lettre de {c} – n° {R.randint(10, 99)} – {R.choice(['janvier', 'mars', 'juin', 'octobre'])} {R.randint(2024, 2026)}\n"
                f"Évolution de nos conditions générales\nÀ compter du {date_fr()}, nos conditions générales d'utilisation évoluent : "
                "nouvelle durée de conservation des données, nouvelles modalités de résiliation. Si vous n'acceptez pas ces modifications, "
                "vous pouvez résilier votre abonnement sans frais.\n"
                f"Dans ce numéro aussi : {R.choice(['nos nouveautés produit', 'le webinaire du mois', 'le témoignage d’un client'])}.\n"
                "Se désabonner de la lettre d'information\n")
    if k == "newsletter_en":
        return (f"{a} Newsletter – {R.choice(['Spring', 'Summer', 'Autumn', 'Winter'])} edition\n"
                f"Updates to our Terms of Service\nFrom {date_en()}, our terms change: a new data retention period and a simpler cancellation process. "
                "By continuing to use the service you accept the updated terms; you can cancel your subscription at any time.\n"
                f"Also in this issue: {R.choice(['product news', 'customer stories', 'upcoming events'])}.\nUnsubscribe · Privacy policy\n")
    if k == "press":
        return (f"PRESS RELEASE\nFor immediate release – {date_en()}\n{a} and {b} announce strategic partnership\n"
                f"{a} today announced that it has signed a {R.choice(['multi-year', 'three-year', 'distribution'])} agreement with {b} "
                f"to {R.choice(['bring its products to new markets', 'develop a joint platform', 'expand its logistics network'])}.\n"
                f"\"We are delighted\", said {person()}, CEO of {a}. The financial terms of the agreement were not disclosed.\n"
                f"About {a}\n{a} is a leading provider of {R.choice(['software', 'logistics', 'consulting'])} services.\n"
                f"Media contact: {person()}, press@{a.split()[0].lower()}.com\n")
    if k == "press_fr":
        return (f"COMMUNIQUÉ DE PRESSE\n{R.choice(['Lyon', 'Paris', 'Nantes'])}, le {date_fr()}\n"
                f"{c} et {d} signent un accord de partenariat\n"
                f"{c} annonce la signature d'un contrat {R.choice(['pluriannuel', 'de distribution', 'cadre'])} avec {d}. "
                f"Les conditions financières de l'accord n'ont pas été rendues publiques.\n"
                f"À propos de {c}\nContact presse : {person()}\n")
    if k == "guide_fr":
        return (f"Fiche pratique n° {R.randint(1, 40)} – {R.choice(['Bien rédiger un contrat commercial', 'Les clauses essentielles d’un contrat', 'Résilier un contrat : mode d’emploi'])}\n"
                "Un contrat est un accord de volontés entre deux ou plusieurs personnes. Avant de signer, vérifiez :\n"
                "• l'identification des parties (dénomination, SIREN, représentant) ;\n• l'objet et la durée ;\n"
                "• le prix et les modalités de paiement ;\n• la clause de résiliation et le préavis ;\n"
                "• le droit applicable et la juridiction compétente.\n"
                "Exemple de clause : « Le présent contrat est régi par le droit français. »\n"
                f"Conseil : faites relire le projet par un juriste. Source : {R.choice(['CCI', 'Chambre des métiers', 'service juridique'])}.\n")
    if k == "guide_en":
        return (f"{R.choice(['10 clauses every service contract needs', 'How to read a lease before you sign', 'Contract basics for small businesses'])}\n"
                f"By {person()} · {date_en()} · 6 min read\n"
                "A good contract names the parties, describes the services, sets the price and says how it ends.\n"
                "1. Term and termination: say when the agreement starts and how either party can end it.\n"
                "2. Governing law: for example, \"This Agreement is governed by the laws of England and Wales.\"\n"
                "3. Liability caps protect both sides.\nShare this article · Subscribe to our newsletter\n")
    if k == "tender":
        return (f"AVIS D'APPEL PUBLIC À LA CONCURRENCE\nPouvoir adjudicateur : Commune de {R.choice(['Vienne', 'Albi', 'Dole'])}\n"
                f"Objet du marché : {R.choice(['entretien des espaces verts', 'nettoyage des bâtiments communaux', 'fourniture de repas'])}\n"
                "Procédure adaptée. Durée du marché : un an renouvelable trois fois.\n"
                f"Date limite de réception des offres : {date_fr()} à 12 h.\nCritères : prix 60 %, valeur technique 40 %.\n"
                "Le dossier de consultation est disponible sur le profil acheteur.\n")
    if k == "catalogue":
        rows, _ = priced_lines(ITEMS_FR, money_fr)
        return (f"Catalogue tarifaire {R.randint(2024, 2026)}\n{c}\n{R.choice(CITY_FR)}\n"
                f"{'Désignation':<32} Durée   {'Tarif HT / jour':>12}   {'Tarif HT / mois':>12}\n{rows}\n"
                "Tarifs indicatifs, hors transport. Conditions générales de location disponibles sur demande.\n")
    if k == "faq":
        return (f"Questions fréquentes – {R.choice(['Résilier mon contrat', 'Modifier mon contrat', 'Comprendre mon contrat'])}\n"
                "Puis-je résilier mon contrat à tout moment ?\nAprès un an, oui : la résiliation prend effet un mois après la demande.\n"
                "Comment envoyer ma demande ?\nPar lettre recommandée ou depuis votre espace client.\n"
                f"Un conseiller {c} vous répond du lundi au vendredi.\n")
    return (f"Case summary: {a} v {b}\nCourt: {R.choice(['High Court', 'Court of Appeal', 'Commercial Court'])}, judgment of {date_en()}\n"
            f"The claimant alleged that the defendant breached a supply agreement by failing to deliver on time. "
            f"The court held that the limitation clause was reasonable and dismissed the claim for damages.\n"
            "Key points: notice requirements must be followed strictly.\n")


def about_contracts_long():
    """Longer texts about contracts that are none: a law firm's client alert
    quoting model clauses, an annual report's material contracts, a request
    for proposals, a French legal note on ending a lease, a blog post on
    clauses to check, board minutes approving an agreement."""
    a, b = R.sample(COMPANY_EN, 2)
    c, d = R.sample(COMPANY_FR, 2)
    k = R.choice(["alert", "annual", "rfp", "note_fr", "blog_en", "blog_fr", "board_en", "board_fr"])
    if k == "alert":
        clause = R.choice(["\"For a period of twelve (12) months following the termination of employment, Employee shall not "
                           "engage in any business that competes with the Company within fifty (50) miles.\"",
                           "\"This Agreement shall be governed by and construed in accordance with the laws of the State of "
                           "Delaware, without regard to its conflict of laws principles.\"",
                           "\"Either party may terminate this Agreement upon ninety (90) days' prior written notice.\""])
        return (f"CLIENT ALERT\n{R.choice(['Employment & Labor', 'Commercial Contracts', 'Corporate'])} | {date_en()}\n"
                f"{R.choice(['New rule restricts non-compete clauses', 'What the new regulation means for your agreements', 'Reviewing termination clauses after the ruling'])}\n"
                f"By {person()} and {person()}, {R.choice(['Partners', 'Associates'])}\n"
                "On the date above the regulator published a final rule that affects many existing agreements. "
                "Employers and businesses should review their standard forms before the effective date.\n"
                f"A typical clause reads: {clause}\n"
                "Under the new rule such provisions may be unenforceable. We recommend that clients:\n"
                "1. identify agreements that contain the clause;\n2. send the required notices;\n"
                "3. update templates for new hires and suppliers.\n"
                f"This alert is for general information only and is not legal advice. Contact {person()} for more.\n"
                f"© {R.randint(2023, 2026)} {a.split()[0]} LLP. Attorney advertising.\n")
    if k == "annual":
        rows = "\n".join(f"{R.choice(['Supply agreement', 'Licence agreement', 'Credit facility', 'Lease'])} with {x} dated {date_en()}"
                         f" – term of {R.randint(2, 10)} years" for x in R.sample(COMPANY_EN, 3))
        return (f"{a} – Annual Report {R.randint(2022, 2025)}\nItem {R.randint(1, 15)}. Material Contracts\n"
                "The following contracts, not entered into in the ordinary course of business, have been entered into "
                "by the Group in the two years preceding this report and are or may be material:\n"
                f"{rows}\n"
                "Copies of these agreements were filed as exhibits to our previous reports. "
                f"Revenue from our largest customer represented {R.randint(8, 30)} % of the total.\n"
                f"Page {R.randint(40, 120)}\n")
    if k == "rfp":
        return (f"REQUEST FOR PROPOSALS No. {R.randint(2024, 2026)}-{R.randint(10, 99)}\nCity of {R.choice(['Dayton', 'Springfield', 'Bend', 'Leeds'])} – "
                f"{R.choice(['Janitorial Services', 'Fleet Maintenance', 'IT Support Services'])}\n"
                f"Issue date: {date_en()}\nProposals due: {date_en()} at 2:00 p.m.\n"
                "1. Purpose. The City seeks proposals from qualified firms. The successful proposer will be required to "
                "enter into a contract substantially in the form of Exhibit B.\n"
                f"2. Contract term. The resulting contract will have an initial term of {R.choice(['one', 'two', 'three'])} years "
                "with up to two optional one-year renewals.\n"
                "3. The contract will be governed by the laws of the State. Insurance certificates are required.\n"
                "4. Evaluation criteria: price 40 points, experience 30 points, approach 30 points.\n"
                f"Questions must be submitted in writing to {person()}, Purchasing Agent.\n")
    if k == "note_fr":
        return (f"NOTE JURIDIQUE\nObjet : {R.choice(['la résiliation du bail commercial par le preneur', 'la fin d’un contrat de prestation à durée déterminée', 'la reconduction tacite des contrats'])}\n"
                f"Rédigée par {person()}, juriste – {date_fr()}\n"
                "1. Principe. Le preneur peut donner congé à l'expiration de chaque période triennale, par acte "
                "extrajudiciaire ou lettre recommandée, au moins six mois à l'avance.\n"
                "2. Points de vigilance. Vérifier la date de prise d'effet du bail et les clauses particulières ; "
                "le bailleur ne peut s'opposer au congé régulièrement délivré.\n"
                f"3. Calendrier. Pour une période qui s'achève le {date_fr()}, le congé doit être délivré avant le {date_fr()}.\n"
                "Conclusion : nous recommandons d'adresser le congé sans attendre et d'en conserver la preuve.\n"
                "Cette note ne constitue pas une consultation juridique individualisée.\n")
    if k == "blog_en":
        return (f"{R.choice(['5 clauses to check in your SaaS contract', 'Before you sign: a checklist for supplier agreements', 'Understanding auto-renewal in subscription contracts'])}\n"
                f"Posted by {person()} on {date_en()} · {R.randint(4, 9)} min read\n"
                "Signing a vendor agreement? Here is what our legal team looks at first.\n"
                "1. Term and renewal – many contracts renew automatically unless you give notice.\n"
                "2. Liability cap – usually twelve months of fees.\n3. Data protection – look for a DPA.\n"
                "4. Termination for convenience.\n5. Governing law and venue.\n"
                "Download our free template · Leave a comment · Share on LinkedIn\n")
    if k == "blog_fr":
        return (f"{R.choice(['Contrat SaaS : les 5 clauses à vérifier', 'Avant de signer un bail commercial', 'Tout savoir sur la tacite reconduction'])}\n"
                f"Publié le {date_fr()} par {person()} · Lecture : {R.randint(3, 8)} min\n"
                "Vous vous apprêtez à signer un contrat ? Voici les points que nos juristes contrôlent en priorité.\n"
                "1. La durée et la reconduction tacite.\n2. Le plafond de responsabilité.\n3. La protection des données.\n"
                "4. Les conditions de résiliation et le préavis.\n5. Le droit applicable et la juridiction compétente.\n"
                "Téléchargez notre modèle gratuit · Laisser un commentaire · Partager\n")
    if k == "board_en":
        return (f"EXTRACT FROM THE MINUTES OF A MEETING OF THE BOARD OF DIRECTORS OF {a.upper()}\n"
                f"held on {date_en()} at {R.choice(['10:00 a.m.', '2:30 p.m.'])}\n"
                f"Present: {person()} (Chair), {person()}, {person()}. In attendance: {person()} (Secretary).\n"
                f"3. Supply agreement with {b}. The Chair presented the proposed agreement for a term of "
                f"{R.choice(['three', 'five'])} years. After discussion, IT WAS RESOLVED that the agreement be approved "
                "and that any director be authorised to sign it on behalf of the Company.\n"
                "4. Any other business. There being no further business, the meeting closed.\n"
                "Certified a true extract.\nCompany Secretary\n")
    return (f"EXTRAIT DU PROCÈS-VERBAL DES DÉLIBÉRATIONS DU CONSEIL D'ADMINISTRATION DE {c.upper()}\n"
            f"Séance du {date_fr()}\n"
            f"Présents : {person()}, président ; {person()} ; {person()}.\n"
            f"Deuxième résolution – Le conseil approuve la conclusion d'un contrat d'approvisionnement avec {d} "
            f"pour une durée de {R.choice(['trois', 'cinq'])} ans et donne tous pouvoirs au directeur général pour le signer.\n"
            "Cette résolution est adoptée à l'unanimité.\nPour extrait certifié conforme, le président.\n")


# Other business paperwork that carries an invoice's amounts or a contact's
# names, titles, e-mails and phones without being either: payslips, press
# releases with a press contact, menus and price lists, bank fee schedules,
# product datasheets, staff directories and meeting agendas with attendees.
def other_business_more():
    k = R.choice(["payslip_fr", "payslip_en", "menu_fr", "menu_en", "fees_fr", "fees_en", "datasheet", "tarif_fr"])
    co, co2 = R.sample(COMPANY_FR + COMPANY_EN, 2)
    if k == "payslip_fr":
        base = R.randint(1900, 4200)
        rows = "\n".join(f"{lab:<38} {money_fr(base):>12} {taux:>6} {money_fr(base * float(taux.replace(',', '.')) / 100):>10}"
                         for lab, taux in R.sample([("Sécurité sociale plafonnée", "6,90"), ("Sécurité sociale déplafonnée", "0,40"),
                                                    ("Complémentaire Tranche 1", "4,01"), ("Assurance chômage", "0,00"),
                                                    ("CSG déductible de l'impôt", "6,80"), ("CSG/CRDS non déductible", "2,90"),
                                                    ("Prévoyance non cadre", "0,78"), ("Mutuelle", "1,15")], 5))
        return (f"BULLETIN DE PAIE\nPériode du 01/{R.randint(1, 12):02d}/2025 au 30/{R.randint(1, 12):02d}/2025   Paiement le {date_fr()}\n"
                f"Employeur : {co}\n{R.choice(CITY_FR)}\nSIRET : {R.randint(100, 999)} {R.randint(100, 999)} {R.randint(100, 999)} 000{R.randint(10, 99)}   Code NAF : {R.randint(10, 96)}.{R.randint(10, 99)}Z\n"
                f"Convention collective : {R.choice(['Syntec', 'Commerce de détail', 'Métallurgie', 'Hôtels cafés restaurants'])}\n"
                f"Salarié : {person()}\n{R.choice(CITY_FR)}\nEmploi : {R.choice(TITLES_FR)}   Statut : {R.choice(['Cadre', 'Non cadre', 'ETAM'])}\n"
                f"N° de sécurité sociale : {R.randint(1, 2)} {R.randint(60, 99)} {R.randint(1, 12):02d} {R.randint(10, 99)} {R.randint(100, 999)} {R.randint(100, 999)}\n"
                f"Date d'entrée : {date_fr()}\nÉléments de paie          Base        Taux      Montant salarié\n"
                f"Salaire de base {money_fr(base)}\n{rows}\n"
                f"Total des cotisations et contributions {money_fr(base * 0.22)}\nNet à payer avant impôt sur le revenu {money_fr(base * 0.78)}\n"
                f"Impôt sur le revenu prélevé à la source  taux {R.randint(0, 9)},{R.randint(0, 9)} %\nNET PAYÉ EN EUROS {money_fr(base * 0.75)}\n"
                f"Congés payés acquis {R.randint(10, 25)},00 j   Cumul imposable {money_fr(base * 5)}\n"
                "Dans votre intérêt, conservez ce bulletin de paie sans limitation de durée.\n")
    if k == "payslip_en":
        gross = R.randint(2500, 7000)
        return (f"{co}\nPAYSLIP   Pay date: {date_en()}   Tax period: {R.randint(1, 12)}\n"
                f"Employee: {person()}   Employee no. {R.randint(1000, 9999)}   NI number: {R.choice('ABCJ')}{R.choice('BCEH')} {R.randint(10, 99)} {R.randint(10, 99)} {R.randint(10, 99)} C\n"
                f"Tax code: {R.randint(1000, 1300)}L   Department: {R.choice(['Operations', 'Finance', 'Sales'])}\n"
                f"Payments            Units   Rate     Amount\nBasic salary                        {gross:,.2f}\n"
                f"Overtime            {R.randint(2, 9)}.00   {R.randint(18, 30)}.00   {R.randint(40, 250):.2f}\n"
                f"Deductions\nPAYE tax {gross * 0.18:,.2f}\nNational Insurance {gross * 0.08:,.2f}\nPension (employee 5%) {gross * 0.05:,.2f}\n"
                f"Total payments {gross:,.2f}   Total deductions {gross * 0.31:,.2f}\nNET PAY {gross * 0.69:,.2f}\n"
                f"Year to date: taxable pay {gross * 6:,.2f}  tax paid {gross * 1.1:,.2f}\n"
                f"Paid by BACS to account ending {R.randint(1000, 9999)}\n")
    if k in ("press_en", "press_fr"):
        p1, p2, pc = person(), person(), person()
        if k == "press_en":
            return (f"PRESS RELEASE\nFOR IMMEDIATE RELEASE\n{R.choice(CITY_EN).split(',')[-1].strip()}, {date_en()} – {co} today announced "
                    f"{R.choice(['the opening of a new distribution centre', 'a partnership with ' + co2, 'record annual revenue', 'the launch of its new platform'])}.\n"
                    f"\"We are proud of what our teams have achieved,\" said {p1}, {R.choice(TITLES_EN)} of {co}. "
                    f"\"This is an important step for our customers.\"\n"
                    f"{p2}, {R.choice(TITLES_EN)}, added that the project will create {R.randint(20, 300)} jobs over the next two years.\n"
                    f"About {co}\n{co} employs {R.randint(50, 5000)} people and serves customers in {R.randint(3, 40)} countries. www.{co.split()[0].lower()}.com\n"
                    f"###\nMedia contact:\n{pc}\n{R.choice(['Communications Manager', 'Head of PR', 'Press Officer'])}\n"
                    f"{email(pc, co)}\n{phone_en()}\n")
        return (f"COMMUNIQUÉ DE PRESSE\n{R.choice(CITY_FR).split(' ')[-1]}, le {date_fr()}\n"
                f"{co} annonce {R.choice(['l’ouverture de son nouveau site de production', 'un partenariat avec ' + co2, 'une croissance de 18 % de son chiffre d’affaires', 'le lancement de sa nouvelle gamme'])}\n"
                f"« Nous sommes fiers de cette étape », déclare {p1}, {R.choice(TITLES_FR)} de {co}. "
                f"{p2}, {R.choice(TITLES_FR).lower()}, précise que {R.randint(10, 200)} recrutements sont prévus d’ici deux ans.\n"
                f"À propos de {co}\nFondée en {R.randint(1950, 2015)}, l’entreprise compte {R.randint(20, 2000)} collaborateurs.\n"
                f"Contact presse :\n{pc} – {R.choice(['Relations presse', 'Chargée de communication', 'Attaché de presse'])}\n"
                f"{email(pc, co)} – {phone_fr()}\n")
    if k in ("menu_fr", "menu_en"):
        fr = k == "menu_fr"
        dishes = (["Velouté de potimarron", "Terrine de campagne", "Salade de chèvre chaud", "Entrecôte grillée, frites maison",
                   "Dos de cabillaud, beurre blanc", "Risotto aux cèpes", "Crème brûlée", "Tarte fine aux pommes", "Café gourmand"]
                  if fr else ["Soup of the day", "Caesar salad", "Fish and chips", "Grilled ribeye steak", "Mushroom risotto",
                              "Chicken burger", "Sticky toffee pudding", "Cheesecake", "Espresso"])
        rows = "\n".join(f"{d} {'.' * R.randint(3, 12)} {money_fr(R.randint(6, 32)) if fr else money_en(R.randint(6, 32))}" for d in R.sample(dishes, 7))
        name = R.choice(["Le Petit Zinc", "Brasserie du Port", "La Table d'Hugo", "The Red Lion", "Harbour Kitchen", "Café des Arts"])
        return (f"{name}\n{'CARTE' if fr else 'MENU'}\n{'Entrées' if fr else 'Starters'}\n{rows}\n"
                f"{'Menu du jour entrée + plat ou plat + dessert' if fr else 'Set lunch two courses'} {money_fr(R.randint(15, 25)) if fr else money_en(R.randint(15, 25))}\n"
                f"{'Prix nets, service compris. Allergènes : demandez à notre équipe.' if fr else 'A discretionary 12.5% service charge will be added. Please tell us about any allergies.'}\n"
                f"{R.choice(CITY_FR if fr else CITY_EN)} – {phone_fr() if fr else phone_en()} – www.{name.lower().replace(' ', '').replace(chr(39), '')}.{'fr' if fr else 'co.uk'}\n")
    if k in ("fees_fr", "fees_en"):
        fr = k == "fees_fr"
        bank = R.choice(["Banque Populaire du Midi", "Crédit Mutuel de Bretagne", "Caisse Régionale Alpes"] if fr
                        else ["Northfield Bank plc", "Harbor Community Bank", "First Meridian Bank"])
        items = (["Tenue de compte (par trimestre)", "Carte Visa Classic (cotisation annuelle)", "Virement SEPA occasionnel en agence",
                  "Frais par opération irrégulière", "Commission d'intervention (par opération)", "Lettre d'information préalable",
                  "Opposition sur chèque", "Retrait DAB hors zone euro"]
                 if fr else ["Monthly account fee", "Debit card replacement", "CHAPS payment", "International payment (SWIFT)",
                             "Unarranged overdraft fee", "Returned item fee", "Banker's draft", "Foreign ATM withdrawal"])
        rows = "\n".join(f"{it} {money_fr(R.randint(1, 60)) if fr else money_en(R.randint(1, 60))}" for it in R.sample(items, 6))
        return ((f"{bank}\nConditions et tarifs des prestations bancaires\nParticuliers – applicables au 1er janvier 2025\n"
                 f"Extrait standard des tarifs\n{rows}\nTaux débiteur annuel effectif : {R.randint(8, 16)},{R.randint(0, 9)} %\n"
                 "Les tarifs sont indiqués TTC lorsque la TVA est applicable.\n"
                 f"Service client : {phone_fr()} – Siège social : {R.choice(CITY_FR)}\n")
                if fr else
                (f"{bank}\nSchedule of fees and charges\nPersonal accounts – effective {date_en()}\n{rows}\n"
                 f"Arranged overdraft: {R.randint(15, 39)}.{R.randint(0, 9)}% EAR variable\n"
                 "Fees are taken from your account on the first business day of the month.\n"
                 f"Customer service {phone_en()} · Registered office: {R.choice(CITY_EN)}\n"))
    if k == "datasheet":
        prod = R.choice(["Industrial pressure sensor PS-200", "LED panel 600x600 40W", "Capteur de température CT-45", "Pompe doseuse DX-12"])
        return (f"{co}\n{'PRODUCT DATASHEET' if R.random() < 0.5 else 'FICHE TECHNIQUE'}\n{prod}\n"
                f"Specifications\nSupply voltage 12-24 V DC\nOperating temperature -20 °C to +70 °C\nAccuracy ±{R.randint(1, 5)}%\n"
                f"Protection IP{R.randint(54, 68)}\nDimensions {R.randint(40, 120)} x {R.randint(30, 90)} x {R.randint(20, 60)} mm\n"
                f"Ordering information\nPart number     Description          List price\n"
                f"{R.randint(1000, 9999)}-A  Standard version  {money_en(R.randint(80, 400), '€')}\n"
                f"{R.randint(1000, 9999)}-B  With display      {money_en(R.randint(120, 600), '€')}\n"
                f"Prices excl. VAT, subject to change. {co} · {R.choice(CITY_EN)} · sales@{co.split()[0].lower()}.com · {phone_en()}\n")
    if k == "directory":
        fr = R.random() < 0.5
        rows = "\n".join(f"{n}   {R.choice(TITLES_FR if fr else TITLES_EN)}   {R.choice(['Finance', 'RH', 'Ventes', 'IT'] if fr else ['Finance', 'HR', 'Sales', 'IT'])}   "
                         f"{'poste' if fr else 'ext.'} {R.randint(200, 899)}   {email(n, co)}" for n in (person() for _ in range(R.randint(8, 16))))
        return (f"{co}\n{'Annuaire interne' if fr else 'Staff directory'} – {date_fr() if fr else date_en()}\n"
                f"{'Nom   Fonction   Service   Poste   Courriel' if fr else 'Name   Title   Department   Extension   Email'}\n{rows}\n"
                f"{'Standard' if fr else 'Switchboard'} : {phone_fr() if fr else phone_en()}\n")
    if k in ("agenda_en", "agenda_fr"):
        fr = k == "agenda_fr"
        att = "\n".join(f"{person()}   {R.choice(TITLES_FR if fr else TITLES_EN)}   {R.choice(COMPANY_FR + COMPANY_EN)}" for _ in range(R.randint(4, 8)))
        return ((f"ORDRE DU JOUR\nComité de pilotage – {date_fr()} – 14 h 00\nLieu : salle Rhône, {R.choice(CITY_FR)}\n"
                 f"Participants\n{att}\n1. Validation du compte rendu précédent (5 min)\n2. Avancement du projet ({person()})\n"
                 f"3. Budget et planning ({person()})\n4. Questions diverses\nVisio : {phone_fr()} code {R.randint(100000, 999999)}\n")
                if fr else
                (f"AGENDA\nSteering committee meeting – {date_en()}, 10:00–11:30\nVenue: {R.choice(CITY_EN)}\n"
                 f"Attendees\n{att}\n1. Welcome and apologies\n2. Project status – owner: {person()}\n3. Risks and issues – owner: {person()}\n"
                 f"4. AOB\nDial-in: {phone_en()} passcode {R.randint(100000, 999999)}\n"))
    rows = "\n".join(f"{R.choice('ABCDEFGH')}{R.randint(100, 999)}   {it:<34} {money_fr(R.randint(5, 900))}" for it in R.sample(ITEMS_FR, 6))
    return (f"{co}\nTARIFS {R.randint(2024, 2026)}\nListe de prix publics HT – valable à compter du {date_fr()}\n"
            f"Réf.   Désignation   Prix unitaire HT\n{rows}\nRemise quantitative : nous consulter. Franco de port à partir de {money_fr(R.randint(300, 900))}.\n"
            f"Conditions générales de vente disponibles sur demande. {R.choice(CITY_FR)} – {phone_fr()}\n")


def main():
    makers = [("invoice", invoice_fr, 8), ("invoice", invoice_en, 8), ("invoice", invoice_de_nl, 3),
              ("invoice", receipt, 10), ("invoice", credit_note, 4),
              ("contract", contract_fr, 8), ("contract", contract_en, 8),
              ("contact", card, 12), ("contact", signature, 6), ("contact", letterhead, 6), ("contact", qr_payload, 5),
              ("other", other, 36), ("contact", card_columns, 10), ("contact", card_plain, 36),
              ("other", hard_negative, 28), ("invoice", credit_note_more, 6), ("invoice", invoice_short, 16),
              ("invoice", receipt_de_nl, 12),
              # Appended last: the texts made before stay the same.
              ("other", bank_statement, 18), ("contract", contract_more, 30),
              ("other", about_contracts, 16),
              ("contract", contract_schedule, 24), ("contract", contract_short, 14),
              ("other", about_contracts_more, 36),
              ("other", about_contracts_long, 40),
              ("other", other_business_more, 78)]
    out = []
    for label, fn, n in makers:
        for i in range(n):
            text = fn()
            if R.random() < 0.25:
                text = ocr_noise(text, R.choice([0.02, 0.05, 0.08]))
            out.append({"id": f"{fn.__name__}-{i + 1:02d}", "class": label, "pages": 1, "text": text})
    here = os.path.dirname(os.path.abspath(__file__))
    os.makedirs(os.path.join(here, "synthetic"), exist_ok=True)
    with open(os.path.join(here, "synthetic", "truth.jsonl"), "w", encoding="utf-8") as f:
        for o in out:
            f.write(json.dumps(o, ensure_ascii=False) + "\n")
    print(f"{len(out)} texts")


if __name__ == "__main__":
    main()
