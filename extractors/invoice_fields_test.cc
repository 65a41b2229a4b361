// Invoice fields beyond number/date/total: net and tax with the sum check,
// supplier and customer, VAT number and IBAN, on realistic documents.
#include <gtest/gtest.h>

#include "extractors/extractor.h"
#include "extractors/parties.h"
#include "extractors/test_ocr_pages.h"

namespace docflow {
namespace {

using testing::OcrAsPrinted;

Classification Invoice() {
  Classification c;
  c.label = "invoice";
  c.confidence = 0.9;
  return c;
}

std::vector<Page> TextLayer(const std::string& text) {
  Page p;
  p.index = 0;
  p.source = "text-layer";
  p.text = text;
  p.mean_confidence = 100;
  p.dpi = 72;
  return {p};
}

// An OCR page: one word per token, boxes on a grid, one Tesseract line per
// input line (the page text is rebuilt from the words).
std::vector<Page> Ocr(const std::vector<std::string>& lines) {
  Page p;
  p.index = 0;
  p.source = "ocr";
  p.width = 1200;
  p.height = 3000;
  for (size_t l = 0; l < lines.size(); ++l) {
    size_t b = 0;
    int k = 0;
    const std::string& s = lines[l];
    for (size_t i = 0; i <= s.size(); ++i) {
      if (i == s.size() || s[i] == ' ') {
        if (i > b) {
          Word w;
          w.text = s.substr(b, i - b);
          w.confidence = 85;
          w.block = 1;
          w.line = static_cast<int>(l);
          w.box = Box{60 * k, 40 * static_cast<int>(l), 55, 30};
          p.words.push_back(w);
          ++k;
        }
        b = i + 1;
      }
    }
  }
  return {p};
}


std::string V(const Fields& f, const std::string& name) {
  auto it = f.find(name);
  if (it == f.end()) return "<missing>";
  return it->second.value.is_string() ? it->second.value.get<std::string>() : it->second.value.dump();
}

const char* kFrench =
    "ATELIER LUMIÈRE SARL\n"
    "12 rue des Tanneurs\n"
    "69002 Lyon\n"
    "Tél : 04 72 00 00 00\n"
    "SIRET 732 829 320 00074 - TVA intracommunautaire : FR32123456789\n"
    "\n"
    "FACTURE N° FL-2024-118                                     Facturé à :\n"
    "Date : 15/03/2024                                          Boulangerie Martin\n"
    "Échéance : 14/04/2024                                      8 place Bellecour\n"
    "                                                           69002 Lyon\n"
    "                                                           N° TVA client : FR05987654321\n"
    "\n"
    "Désignation                          Qté      PU HT        Montant HT\n"
    "Réfection de la vitrine                1     850,00            850,00\n"
    "Enseigne lumineuse                     1     250,00            250,00\n"
    "\n"
    "                                              Total HT       1 100,00 €\n"
    "                                              TVA 20 %         220,00 €\n"
    "                                              Total TTC      1 320,00 €\n"
    "\n"
    "Règlement par virement - IBAN : FR76 3000 6000 0112 3456 7890 189 - BIC : AGRIFRPP\n";

TEST(InvoiceFields, FrenchInvoiceWithCustomerColumn) {
  Fields f = Extract(Invoice(), TextLayer(kFrench));
  EXPECT_EQ(V(f, "invoice_number"), "FL-2024-118");
  EXPECT_EQ(V(f, "issue_date"), "2024-03-15");
  EXPECT_EQ(V(f, "due_date"), "2024-04-14");
  EXPECT_EQ(V(f, "total_net"), "1100.00");
  EXPECT_EQ(V(f, "total_tax"), "220.00");
  EXPECT_EQ(V(f, "total_gross"), "1320.00");
  EXPECT_EQ(V(f, "supplier_name"), "ATELIER LUMIÈRE SARL");
  EXPECT_EQ(V(f, "supplier_address"), "12 rue des Tanneurs, 69002 Lyon");
  EXPECT_EQ(V(f, "customer_name"), "Boulangerie Martin");
  EXPECT_EQ(V(f, "supplier_vat"), "FR32123456789");  // not the client's number
  EXPECT_EQ(V(f, "iban"), "FR7630006000011234567890189");
  // The three totals agree: high confidence, and the method says why.
  EXPECT_GE(f.at("total_net").confidence, 0.85);
  EXPECT_EQ(f.at("total_tax").method, "label+sum-check");
  EXPECT_EQ(f.at("customer_name").method, "section");
}

TEST(InvoiceFields, EnglishInvoiceWithTotalsInARow) {
  const char* text =
      "Northwind Supplies Ltd\n"
      "Unit 4, Harbour Road\n"
      "Bristol BS1 5TR\n"
      "VAT Reg No: GB123456789\n"
      "\n"
      "INVOICE\n"
      "Invoice No: NW-5521\n"
      "Invoice Date: 14 March 2024\n"
      "Due Date: 13 April 2024\n"
      "\n"
      "Bill To:\n"
      "Harbourside Cafe\n"
      "22 Quay Street\n"
      "Bristol BS1 4DJ\n"
      "\n"
      "Description               Qty     Unit price      Amount\n"
      "Coffee beans 5kg            4          45.00      180.00\n"
      "\n"
      "Subtotal          VAT (20%)          Total\n"
      "  180.00              36.00          216.00\n"
      "\n"
      "Payment: IBAN GB29 NWBK 6016 1331 9268 19\n";
  Fields f = Extract(Invoice(), TextLayer(text));
  EXPECT_EQ(V(f, "invoice_number"), "NW-5521");
  EXPECT_EQ(V(f, "issue_date"), "2024-03-14");
  EXPECT_EQ(V(f, "due_date"), "2024-04-13");
  EXPECT_EQ(V(f, "total_net"), "180.00");
  EXPECT_EQ(V(f, "total_tax"), "36.00");
  EXPECT_EQ(V(f, "total_gross"), "216.00");
  EXPECT_EQ(f.at("total_tax").method, "label+sum-check-below");
  EXPECT_EQ(V(f, "supplier_name"), "Northwind Supplies Ltd");
  EXPECT_EQ(V(f, "supplier_address"), "Unit 4, Harbour Road, Bristol BS1 5TR");
  EXPECT_EQ(V(f, "customer_name"), "Harbourside Cafe");
  EXPECT_EQ(V(f, "supplier_vat"), "GB123456789");
  EXPECT_EQ(V(f, "iban"), "GB29NWBK60161331926819");
}

TEST(InvoiceFields, GermanInvoiceWithReturnAddressLine) {
  const char* text =
      "Müller & Schmidt GmbH · Hauptstraße 5 · 80331 München\n"
      "\n"
      "Kunden AG                                          Rechnung Nr. RE-2024-0815\n"
      "Lindenweg 7                                        Datum: 05.03.2024\n"
      "20095 Hamburg\n"
      "\n"
      "Pos  Bezeichnung          Menge    Einzelpreis      Gesamt\n"
      "1    Wartung Heizung          2         150,00      300,00\n"
      "\n"
      "                                 Nettobetrag        300,00 EUR\n"
      "                                 zzgl. 19 % MwSt.    57,00 EUR\n"
      "                                 Rechnungsbetrag    357,00 EUR\n"
      "\n"
      "Zahlbar bis 04.04.2024\n"
      "USt-IdNr.: DE136695976 · IBAN: DE89 3704 0044 0532 0130 00\n";
  Fields f = Extract(Invoice(), TextLayer(text));
  EXPECT_EQ(V(f, "invoice_number"), "RE-2024-0815");
  EXPECT_EQ(V(f, "issue_date"), "2024-03-05");
  EXPECT_EQ(V(f, "due_date"), "2024-04-04");
  EXPECT_EQ(V(f, "total_net"), "300.00");
  EXPECT_EQ(V(f, "total_tax"), "57.00");
  EXPECT_EQ(V(f, "total_gross"), "357.00");
  EXPECT_EQ(V(f, "supplier_name"), "Müller & Schmidt GmbH");
  EXPECT_EQ(V(f, "supplier_address"), "Hauptstraße 5, 80331 München");
  EXPECT_EQ(f.at("supplier_name").method, "return-address");
  EXPECT_EQ(V(f, "customer_name"), "Kunden AG");
  EXPECT_EQ(V(f, "supplier_vat"), "DE136695976");
  EXPECT_EQ(V(f, "iban"), "DE89370400440532013000");
  EXPECT_EQ(V(f, "currency"), "EUR");
}

// The seller's header misread ("Verkäuter"): the block is found from its
// name, and the labelled lines in its value column that are not an address
// (contact person, department) stay out of the address.
TEST(InvoiceFields, LabelledContactLinesInTheValueColumnAreNotTheAddress) {
  const char* text =
      "Handelsrechnung Nr. 471102 vom 05.06.2018\n"
      "  Verkäuter\n"
      "  Name:                                     Lieferant GmbH\n"
      "  Ansprechpartner:                          Max Mustermann\n"
      "  Abteilung:                                Muster-Einkauf\n"
      "  Anschrift:                                Lieferantenstraße 20\n"
      "                                            DE 80333 München\n"
      "  Telefon:                                  +49891234567\n";
  Fields f = Extract(Invoice(), TextLayer(text));
  EXPECT_EQ(V(f, "supplier_name"), "Lieferant GmbH");
  EXPECT_EQ(V(f, "supplier_address"), "Lieferantenstraße 20, 80333 München");
}

// Section headers with one OCR slip in a long word are still headers.
TEST(InvoiceFields, SectionHeadersWithAnOcrSlip) {
  const char* text =
      "  Handelsrechnung (380)           Nr. 471102      vom    05.03.2018\n"
      "\n"
      "Verkäuter\n"
      "    Name:                                     Lieferant GmbH\n"
      "    Anschrift:                                Lieferantenstraße 20\n"
      "                                              DE 80333 München\n"
      "    USt.-Id.-Nr.:                             DE123456789\n"
      "\n"
      "KSufer/Leistungsempfinger\n"
      "     Nummer:                                   GE2020211\n"
      "     Name:                                     Kunden AG Mitte\n"
      "     Anschrift:                                Kundenstraße 15\n"
      "\n"
      "                                               DE 69876 Frankfurt\n"
      "\n"
      "Lieferant GmbH\n"
      "Lieferantenstraße 20\n"
      "80333 München\n";
  Fields f = Extract(Invoice(), OcrAsPrinted(text));
  EXPECT_EQ(V(f, "supplier_name"), "Lieferant GmbH");
  EXPECT_EQ(V(f, "customer_name"), "Kunden AG Mitte");
}

// OCR dropped the colon of "Name:" and the long name wrapped onto the line
// above: the label is still a label, never the supplier's name.
TEST(InvoiceFields, NameLabelWithoutItsColon) {
  const char* text =
      "     Rechnung des Versicherers (575)          Nr. 01.234.567.8-2018-1        vom      06.12.2018\n"
      "\n"
      "Verkäufer\n"
      "     Nummer:                                          549910\n"
      "                                                      MVM Musterhafter\n"
      "    Name                                              Versicherungsverein Musterstadt a.G.\n"
      "    Anschrift:                                        Musterstr. 12\n"
      "                                                     DE 12345 Musterstadt\n";
  Fields f = Extract(Invoice(), OcrAsPrinted(text));
  EXPECT_EQ(V(f, "supplier_name"), "MVM Musterhafter Versicherungsverein Musterstadt a.G.");
  EXPECT_EQ(V(f, "supplier_address"), "Musterstr. 12, 12345 Musterstadt");
}

// A row of total headings over a row of as many amounts, shifted against
// each other by OCR's layout (other text of another width to their left):
// the k-th heading takes the k-th amount.
TEST(InvoiceFields, TotalsRowUnderTotalsHeadingsShiftedByOcr) {
  const char* text =
      "FACTURE N° F20180027 du 30/12/2018\n"
      "\n"
      "Tout retard de paiement engendre une pénalité exigible, calculée sur la base   TOTAL HT   TOTAL TVA   TOTAL TTC\n"
      "de trois fois le taux d'intérêt légal.\n"
      "Les règlements reçus avant la date d'échéance.        100,00           10,00                110,00\n"
      "                                                                            Acompte :             10,00\n";
  Fields f = Extract(Invoice(), OcrAsPrinted(text));
  EXPECT_EQ(V(f, "total_net"), "100.00");
  EXPECT_EQ(V(f, "total_tax"), "10.00");
  EXPECT_EQ(V(f, "total_gross"), "110.00");
}

// A till receipt's VAT breakdown: a rate, then the base and the tax on it,
// under headings that are not labels of either ("TVA HT TVA TTC"), or with
// labels the other amounts share ("MwSt 7% Netto ... MwSt ..."). The rate
// says which amount is which; the sum with the total confirms it.
TEST(InvoiceFields, VatBreakdownRowsOfTillReceipts) {
  struct Case {
    const char* text;
    const char* net;
    const char* tax;
    const char* gross;
  } cases[] = {
      {"CARREFOUR MARKET\n12 AVENUE JEAN JAURES\n69007 LYON\n\nLAIT DEMI ECREME 1L        1,15 €\n"
       "PAIN DE MIE                 7,95 €\nTOTAL A PAYER               9,10 €\nCB                          9,10 €\n"
       "TVA   HT      TVA     TTC\n5,5%  8,63    0,47    9,10\n14/02/2024 18:42  CAISSE 03\n",
       "8.63", "0.47", "9.10"},
      {"Baeckerei Schmidt GmbH\nHauptstrasse 5\n80331 Muenchen\n\n1 x Roggenbrot               3,90\n"
       "1 x Kaffee                   4,30\nSumme EUR                    8,20\nBar                         10,00\n"
       "Rueckgeld                    1,80\nMwSt 7%  Netto 7,66  MwSt 0,54\nDatum 21.03.2024\n",
       "7.66", "0.54", "8.20"},
      {"Albert Heijn\nKalverstraat 10\n1012 PC Amsterdam\n\nBANANEN                      1,49\n"
       "KAAS                         6,48\nTOTAAL                       7,97\nPINNEN                       7,97\n"
       "BTW   9%   over 7,31   0,66\n17-04-2024 19:03\n",
       "7.31", "0.66", "7.97"},
      // Two rates: the sums of the rows.
      {"CAFE DU PORT\n2 quai Est\n13002 Marseille\n\nMenu                       20,00\nVin                        15,00\n"
       "TOTAL                      35,00\n"
       "TVA 10%  18,18  1,82  20,00\nTVA 20%  12,50  2,50  15,00\nLe 03/05/2024\n",
       "30.68", "4.32", "35.00"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    Fields f = Extract(Invoice(), OcrAsPrinted(c.text));
    EXPECT_EQ(V(f, "total_net"), c.net);
    EXPECT_EQ(V(f, "total_tax"), c.tax);
    EXPECT_EQ(V(f, "total_gross"), c.gross);
  }
}

// German and Dutch street names are compounds (Kalverstraat, Hauptstrasse):
// such a line under a shop's name with its branch number is the address.
TEST(InvoiceFields, CompoundStreetNameIsNotTheShopsName) {
  for (const char* street : {"Kalverstraat 10", "Bahnhofstr. 12", "Oudegracht 45"}) {
    SCOPED_TRACE(street);
    const std::string text = std::string("Albert Heijn 1234\n") + street +
                             "\n1012 PC Amsterdam\n\nBANANEN                      1,49\n"
                             "TOTAAL                       1,49\n17-04-2024 19:03\n";
    Fields f = Extract(Invoice(), OcrAsPrinted(text));
    EXPECT_EQ(V(f, "supplier_name"), "Albert Heijn 1234");
  }
}

// A till receipt recognised by OCR whose lines are printed in the given
// type heights (px): words where their characters stand, a character 0.6
// of the height wide, lines 1.5 heights apart.
std::vector<Page> OcrInType(const std::vector<std::pair<std::string, int>>& lines) {
  Page p;
  p.index = 0;
  p.source = "ocr";
  p.width = 900;
  p.height = 2400;
  int y = 40;
  for (size_t l = 0; l < lines.size(); ++l) {
    const auto& [s, h] = lines[l];
    const int cw = h * 6 / 10;
    for (size_t i = 0; i <= s.size(); ++i) {
      if (i == s.size() || s[i] == ' ') {
        const size_t b = s.rfind(' ', i == 0 ? 0 : i - 1);
        const size_t start = b == std::string::npos || b >= i ? 0 : b + 1;
        if (i > start) {
          Word w;
          w.text = s.substr(start, i - start);
          w.box = Box{40 + cw * static_cast<int>(start), y, cw * static_cast<int>(i - start), h};
          w.confidence = 85;
          w.block = 1;
          w.line = static_cast<int>(l) + 1;
          p.words.push_back(w);
        }
      }
    }
    y += h * 3 / 2;
  }
  return {p};
}

// A store's name set in large type over two lines is one name; a trade
// printed under the name in the body's type is not part of it.
TEST(InvoiceFields, StoreNameOverTwoLinesOfLargeType) {
  const std::vector<std::pair<std::string, int>> body = {
      {"27 Bridge Street", 24}, {"Hexham NE46 1PE", 24}, {"Tel 01434 555 918", 24}, {"14/03/2024 10:42", 24},
      {"PAINT ROLLER 9IN 6.49", 24}, {"WOOD SCREWS 4X40 3.20", 24}, {"TOTAL 9.69", 24}, {"CARD 9.69", 24}};
  std::vector<std::pair<std::string, int>> hardware = {{"FENWICK & DALE", 60}, {"HARDWARE", 60}};
  hardware.insert(hardware.end(), body.begin(), body.end());
  EXPECT_EQ(V(Extract(Invoice(), OcrInType(hardware)), "supplier_name"), "FENWICK & DALE HARDWARE");
  std::vector<std::pair<std::string, int>> bistro = {{"THREE STOOGES", 60}, {"BISTRO & CAFE", 24}};
  bistro.insert(bistro.end(), body.begin(), body.end());
  EXPECT_EQ(V(Extract(Invoice(), OcrInType(bistro)), "supplier_name"), "THREE STOOGES");
  // The name in large type over a trade line in smaller type, which the
  // address follows: the large type is the name; not over a name with a
  // legal form (a logo read as a word above it).
  std::vector<std::pair<std::string, int>> baumarkt = {
      {"BAUMARKT", 70},         {"HOLZWURM", 70},          {"Baustoffe : Werkzeug + Garten", 34},
      {"Gewerbering 7", 24},    {"93047 Regensburg", 24},  {"Tel. 0941 46 11 20", 24},
      {"USt-IdNr. DE816203477", 24}, {"05.09.24 10:42", 24}, {"SCHRAUBEN 4X40 3,20", 24},
      {"SUMME EUR 3,20", 24},   {"BAR 5,00", 24}};
  EXPECT_EQ(V(Extract(Invoice(), OcrInType(baumarkt)), "supplier_name"), "BAUMARKT HOLZWURM");
  std::vector<std::pair<std::string, int>> registered = {{"ALERT", 70}, {"WARAKUYA PERMAS CITY SDN BHD", 30}};
  registered.insert(registered.end(), body.begin(), body.end());
  EXPECT_EQ(V(Extract(Invoice(), OcrInType(registered)), "supplier_name"), "WARAKUYA PERMAS CITY SDN BHD");
}

// The date of the quote an invoice follows is not its date; a heading
// "Place, le DATE" is. A billing period "Feb 1 – Feb 29" is no date.
TEST(InvoiceFields, QuoteDateAndPlaceDateAndAPeriod) {
  const char* fr =
      "DUBREUIL                                         Talence, le 21 février 2024\n"
      "EURL Dubreuil Plomberie Chauffage\n"
      "12 chemin des Vignes\n"
      "33400 Talence\n"
      "FACTURE N° 2024-056\n"
      "Suivant devis n° D-2024-019 du 15/01/2024 accepté le 22/01/2024\n"
      "Total HT 1 845,00 €\n"
      "TVA 10 % 184,50 €\n"
      "Total TTC 2 029,50 €\n";
  EXPECT_EQ(V(Extract(Invoice(), OcrAsPrinted(fr)), "issue_date"), "2024-02-21");
  const char* us =
      "Bluestem Analytics LLC\n"
      "Denver, CO 80205\n"
      "Invoice                                         Project\n"
      "Invoice #    1047                               Member data dashboards\n"
      "Date         03/12/2024                         Period: Feb 1 \xE2\x80\x93 Feb 29\n"
      "Due Date     04/11/2024\n"
      "Total        $5,694.37\n";
  EXPECT_EQ(V(Extract(Invoice(), TextLayer(us)), "issue_date"), "2024-03-12");
}

// A credit note's own number, not the original invoice's it names
// ("Facture d'origine : F-24-0187", "Il annule partiellement la facture
// F-24-0187").
TEST(InvoiceFields, CreditNoteNumberNotTheOriginalInvoicesAfterItsLabel) {
  const char* text =
      "                Maison Lacombe                                               AVOIR\n"
      "  ML            TEXTILES · DEPUIS 1962\n"
      "                                                                             N° AV-24-0031\n"
      "                23 boulevard de la Liberté\n"
      "                59000 Lille                                                  Date : 19/03/2024\n"
      "Facture d'origine : F-24-0187 du 02/02/2024                                  Client\n"
      "Motif : retour marchandise non conforme                                      Boutique Les Petites Mailles\n"
      "Total TTC                                                                    -648,00 €\n"
      "Le présent avoir est établi suite au retour de marchandises.\n"
      "Il annule partiellement la facture F-24-0187 du 02/02/2024 d'un montant de 2 316,00 € TTC.\n";
  EXPECT_EQ(V(Extract(Invoice(), TextLayer(text)), "invoice_number"), "AV-24-0031");
  // "Date de l'avoir" is its date, over the original invoice's line.
  const char* labelled =
      "Atelier Graphique Moreau SAS\n52 rue Paul Bert\n69003 Lyon\n\n"
      "Avoir n° : AV-2024-0045\n"
      "Date de l'avoir : 21/11/2024\n"
      "Facture d'origine : F-2024-1190 du 28/10/2024\n"
      "Total TTC de l'avoir -120,00 €\n";
  EXPECT_EQ(V(Extract(Invoice(), TextLayer(labelled)), "issue_date"), "2024-11-21");
}

// A bill that prints no currency takes its supplier's country's.
TEST(InvoiceFields, CurrencyFromTheSuppliersVatCountryWhenNoneIsPrinted) {
  const char* text =
      "BRASSERIE L'HORLOGE\n"
      "2 place de l'Hotel de Ville\n"
      "38000 GRENOBLE\n"
      "Siret 80346172200149\n"
      "TVA Intra FR71803461722\n"
      "Mardi 19/03/2024 09:12\n"
      "2 CAFE EXPRESSO 3,60\n"
      "1 CROISSANT 1,40\n"
      "TOTAL TTC 5,00\n"
      "ESPECES 20,00\n"
      "RENDU 15,00\n";
  Fields f = Extract(Invoice(), OcrAsPrinted(text));
  EXPECT_EQ(V(f, "currency"), "EUR");
  EXPECT_EQ(V(f, "total_gross"), "5.00");
}

// A receipt dated only by its timestamp, a word between date and time.
TEST(InvoiceFields, ReceiptTimestampWithAWordBeforeTheTime) {
  const char* text =
      "RELAIS DES QUATRE CHEMINS\n"
      "17700 SURGERES\n"
      "TOTAL TTC 101,41 EUR\n"
      "CB SANS CONTACT 101,41\n"
      "TICKET N° 004512 TERM 02\n"
      "LE 14/03/24 A 07:58\n"
      "CODE LAVAGE : 58193\n";
  EXPECT_EQ(V(Extract(Invoice(), OcrAsPrinted(text)), "issue_date"), "2024-03-14");
}

// A due date given in the payment sentence, not after a label.
TEST(InvoiceFields, DueDateInThePaymentSentence) {
  const char* text =
      "Claire Vasseur\n"
      "19 rue Lamartine\n"
      "21000 Dijon\n"
      "NOTE D'HONORAIRES N° 2024-014                 Date : 28/03/2024\n"
      "Livraison des épreuves au plus tard le 15/04/2024.\n"
      "Total HT 1 380,00 €\n"
      "Net à payer 1 380,00 €\n"
      "Règlement à 30 jours, soit au plus tard le 27/04/2024, par virement :\n";
  EXPECT_EQ(V(Extract(Invoice(), TextLayer(text)), "due_date"), "2024-04-27");
}

// Canadian and Australian tax numbers, when no EU VAT number is printed.
TEST(InvoiceFields, CanadianBusinessNumberAndAustralianAbn) {
  const char* ca =
      "Northshore Millwork Inc.\n"
      "212 Industrial Pkwy, Barrie, ON L4N 8W1\n"
      "HST # 812345676 RT0001                       Quote Ref. Q-24-0088 (2024-01-22)\n"
      "INVOICE 24-1102\n"
      "Date: 2024-03-04\n"
      "Subtotal $13,680.00\n"
      "HST 13% (ON) $1,778.40\n"
      "TOTAL $15,458.40 CAD\n";
  EXPECT_EQ(V(Extract(Invoice(), TextLayer(ca)), "supplier_vat"), "812345676RT0001");
  const char* receipt = "CAFE DU PLATEAU\nMontreal QC H2T 1S1\nTPS 71234 8564 RTO001\nTOTAL 12,40 $\n";
  EXPECT_EQ(V(Extract(Invoice(), OcrAsPrinted(receipt)), "supplier_vat"), "712348564RT0001");
  const char* au =
      "Harbourside Plumbing Pty Ltd\n"
      "ABN 51 824 753 556\n"
      "TAX INVOICE 3381\n"
      "Total inc GST $1,100.00\n";
  EXPECT_EQ(V(Extract(Invoice(), TextLayer(au)), "supplier_vat"), "51824753556");
  // A number that fails its check is no tax number.
  const char* bad = "Acme Pty Ltd\nABN 51 824 753 557\nTAX INVOICE 3381\nTotal inc GST $1,100.00\n";
  EXPECT_EQ(V(Extract(Invoice(), TextLayer(bad)), "supplier_vat"), "<missing>");
}

// The document's title printed right above the customer's block is not
// the customer ("FACTUUR" / "Stichting ...").
TEST(InvoiceFields, TheTitleAboveTheCustomerBlockIsNotTheCustomer) {
  const char* text =
      "                                                   Drukkerij Van Leeuwen B.V.\n"
      "    Drukkerij                                      Industrieweg 42\n"
      "                                                   3542 AD Utrecht\n"
      "\n"
      "FACTUUR\n"
      "Stichting Muziekschool De Vonk\n"
      "t.a.v. de penningmeester\n"
      "Oudegracht 233\n"
      "3511 NK Utrecht\n"
      "\n"
      "Factuurnummer            Factuurdatum\n"
      "2024-0227                5 februari 2024\n"
      "Totaal te betalen                                   € 2.643,50\n";
  EXPECT_EQ(V(Extract(Invoice(), TextLayer(text)), "customer_name"), "Stichting Muziekschool De Vonk");
}

// A Dutch invoice: Factuurnummer, Factuurdatum with a Dutch month,
// Vervaldatum, "Aan:" over the customer, the supplier's BTW number (not the
// invoice number).
TEST(InvoiceFields, DutchInvoiceLabels) {
  const char* text =
      "Bakkerij Jansen B.V.\nDorpsstraat 14\n1234 AB Haarlem\nKvK 12345678  BTW NL123456789B01\n\n"
      "Aan: Restaurant De Gouden Leeuw\nMarktplein 3\n2011 RD Haarlem\n\nFACTUUR\n"
      "Factuurnummer: 2024-0311\nFactuurdatum: 5 maart 2024\nVervaldatum: 4 april 2024\n\n"
      "Omschrijving                 Aantal    Prijs      Bedrag\n"
      "Volkorenbrood                  40       2,50      100,00\n\n"
      "Subtotaal                                         100,00\nBTW 9%                                              9,00\n"
      "Totaal te betalen                           EUR   109,00\n";
  Fields f = Extract(Invoice(), TextLayer(text));
  EXPECT_EQ(V(f, "invoice_number"), "2024-0311");
  EXPECT_EQ(V(f, "issue_date"), "2024-03-05");
  EXPECT_EQ(V(f, "due_date"), "2024-04-04");
  EXPECT_EQ(V(f, "customer_name"), "Restaurant De Gouden Leeuw");
  EXPECT_EQ(V(f, "supplier_name"), "Bakkerij Jansen B.V.");
  EXPECT_EQ(V(f, "total_gross"), "109.00");
}

// A sidebar of headings ("ADRES", "CONTACT", "BANKREKENING") beside the
// body: the number under its heading across an interleaved sidebar line, the
// customer's block across the sidebar's lines, the supplier's legal name from
// the account holder ("t.n.v.") when the header shows a logo and a heading.
TEST(InvoiceFields, SidebarLayout) {
  const char* text =
      "VAN DIJK                                   FACTUUR\n"
      "installatietechniek\n"
      "\n"
      "                                           Woningcorporatie De Linde\n"
      "                                           t.a.v. afdeling Onderhoud\n"
      "ADRES\n"
      "                                           Postbus 1204\n"
      "Kanaalweg 88\n"
      "                                           3500 BE Utrecht\n"
      "3526 KM Utrecht\n"
      "\n"
      "CONTACT\n"
      "030 294 81 77                              Factuurnummer           Factuurdatum       Vervaldatum\n"
      "administratie@vandijk-installatie.nl\n"
      "                                           VDI-250217              17-02-2025         03-03-2025\n"
      "\n"
      "BANKREKENING                                Omschrijving                    Aantal     Prijs     Bedrag\n"
      "NL14 RABO 0318 2746 51\n"
      "t.n.v. Van Dijk Installatietechniek B.V.    Rookgasafvoer set 80/125           1    € 164,50    € 164,50\n"
      "\n"
      "                                                                  Subtotaal excl. btw      € 164,50\n"
      "                                                                  Btw 21%                   € 34,55\n"
      "                                                                  Totaal te betalen        € 199,05\n";
  Fields f = Extract(Invoice(), TextLayer(text));
  EXPECT_EQ(V(f, "invoice_number"), "VDI-250217");
  EXPECT_EQ(V(f, "supplier_name"), "Van Dijk Installatietechniek B.V.");
  EXPECT_EQ(f.at("supplier_name").method, "account-holder");
  EXPECT_EQ(V(f, "supplier_address"), "Kanaalweg 88, 3526 KM Utrecht");
  EXPECT_EQ(V(f, "customer_name"), "Woningcorporatie De Linde");
}

// A trade under the name ("Artisan menuisier — agencement — escaliers",
// "Fournitures de bureau · Consommables · Mobilier") is neither the name nor
// part of the address; an address line that goes on with the contact
// details gives the address.
TEST(InvoiceFields, TaglineUnderTheNameAndAnAddressBeforeTheContacts) {
  const char* scan =
      "MENUISERIE ARNAUD PERRIN\n\nArtisan menuisier — agencement — escaliers\n4 impasse des Charrons\n\n"
      "71100 Chalon-sur-Saône\n\nTél. 03 85 41 27 96 — 06 71 88 20 45\nSIRET 79046213900177 — APE 4332A\n\n"
      "M. et Mme Garnier\n12 rue du Colonel Denfert\n71100 Chalon-sur-Saône\n\nFACTURE N° 2025-014\n";
  Fields f = Extract(Invoice(), TextLayer(scan));
  EXPECT_EQ(V(f, "supplier_name"), "MENUISERIE ARNAUD PERRIN");
  EXPECT_EQ(V(f, "supplier_address"), "4 impasse des Charrons, 71100 Chalon-sur-Saône");
  EXPECT_EQ(V(f, "customer_name"), "M. et Mme Garnier");
  const char* layer =
      "               Papeterie Vautrin & Fils                                         FACTURE\n"
      "               Fournitures de bureau · Consommables · Mobilier                  N° FA-2024-00412\n"
      "               14 rue des Tanneurs, 69002 Lyon — Tél. 04 78 42 19 60 — contact@vautrin-papeterie.fr\n";
  Fields g = Extract(Invoice(), TextLayer(layer));
  EXPECT_EQ(V(g, "supplier_name"), "Papeterie Vautrin & Fils");
  EXPECT_EQ(V(g, "supplier_address"), "14 rue des Tanneurs, 69002 Lyon");
}

// Till receipts: the ticket's number ("TICKET 118305", "Bon-Nr. 3318");
// a "Subtotal" equal to the total with the VAT included in it is not the
// net, the "Net" line that adds up is.
TEST(InvoiceFields, TicketNumbersAndTheNetOfATaxIncludedReceipt) {
  Fields fuel = Extract(Invoice(), Ocr({"STATION ALTIS", "RELAIS DES CHENES", "86190 Vouillé",
                                        "DATE 08/02/2025 HEURE 07:41", "TICKET 118305 TPE 02", "CAFE GRAND 3,20",
                                        "TOTAL EUR 76,53", "TICKET CLIENT"}));
  EXPECT_EQ(V(fuel, "invoice_number"), "118305");
  Fields bon = Extract(Invoice(), Ocr({"BAUMARKT HOLZWURM", "Bon-Nr. 3318 Kasse 2", "Schrauben 4,99", "SUMME 4,99"}));
  EXPECT_EQ(V(bon, "invoice_number"), "3318");
  Fields pub = Extract(Invoice(), Ocr({"THE SALT & ANCHOR", "14 Harbour Street", "Whitstable CT5 1AQ",
                                       "25/01/2025 13:57", "1 x Fish & Chips 17.50", "Subtotal 101.00",
                                       "TOTAL £101.00", "VAT @ 20% incl. 16.83", "Net 84.17"}));
  EXPECT_EQ(V(pub, "total_gross"), "101.00");
  EXPECT_EQ(V(pub, "total_tax"), "16.83");
  EXPECT_EQ(V(pub, "total_net"), "84.17");
}

// A customer's name printed into the next column without a space ("...
// Interiors LtdP&F Showroom (goods in)"): the name ends with its legal form.
TEST(InvoiceFields, ACustomerNameRunIntoTheNextColumn) {
  const char* text =
      "Harbourline Logistics Ltd\n48 Canon's Way, Bristol BS1 5UH\n"
      "                                                                        INVOICE\n"
      "BILL TO                                DELIVER TO                       Invoice date    4 June 2024\n"
      "Pembroke & Finch Interiors LtdP&F Showroom (goods in)                   Your PO         PF-7731\n"
      "Accounts Payable              Unit 9, Kirkstall Trade Park\n"
      "2 Wellington Place            Leeds LS5 3BT\n"
      "Leeds LS1 4AP\n";
  Fields f = Extract(Invoice(), TextLayer(text));
  EXPECT_EQ(V(f, "customer_name"), "Pembroke & Finch Interiors Ltd");
}

// The issuer known only from its legal footer (a logo without its name
// above; the customer's block, with its legal form and postcode, printed at
// the top without a header): the footer's company, whose name the
// document's domain spells, is the supplier, and the top block the customer.
TEST(InvoiceFields, IssuerInTheLegalFooter) {
  // (a full page: the footer is far from the page's head, where a line of
  // name, street and postcode would be a sender's return line)
  std::string conditions;
  for (int i = 1; i <= 24; ++i) conditions += "Condition " + std::to_string(i) + " de nos conditions générales.\n";
  const std::string text =
      "        C\n"
      "                    CASTAGNE\n"
      "                    FERRONNERIE D'ART - METALLERIE\n"
      "\n"
      "FACTURE                                                            SCI Les Terrasses du Sidobre\n"
      "N° de facture              FA-2025-0347                            9 avenue du Thoré\n"
      "Date de facture            18/03/2025                              81200 Mazamet\n"
      "\n"
      " Réf.   Désignation                                 Qté     P.U. HT     Montant HT\n"
      " GC-210 Garde-corps acier thermolaqué                 6,4     318,00      2 035,20\n"
      " GC-215 Main courante inox brossé                     7,5      96,50        723,75\n"
      " ES-300 Limon acier escalier hélicoïdal                 4   2 875,00     11 500,00\n"
      " PT-100 Portillon acier                                 1     880,00        880,00\n"
      " PO-020 Pose et scellements                             1     420,00        420,00\n"
      "                                                     Total HT           15 558,95 €\n"
      "                                                     TVA 20 %            3 111,79 €\n"
      "                                                     Total TTC          18 670,74 €\n"
      "Paiement à 30 jours date de facture, par virement.\n" +
      conditions +
      "\n"
      "    Ferronnerie Castagné SAS · 14 chemin des Forges · 81100 Castres · Tél. 05 63 59 27 41 · "
      "contact@ferronnerie-castagne.fr\n"
      "    SAS au capital de 40 000 € · SIRET 418739066000273 · N° TVA FR86418739066\n";
  Fields f = Extract(Invoice(), TextLayer(text));
  EXPECT_EQ(V(f, "supplier_name"), "Ferronnerie Castagné SAS");
  EXPECT_EQ(V(f, "supplier_address"), "14 chemin des Forges, 81100 Castres");
  EXPECT_EQ(V(f, "customer_name"), "SCI Les Terrasses du Sidobre");
}

// A logo without a name over the page, the company's name and address as
// the first column of a footer with its registration; the account holder
// named inside a sentence.
TEST(InvoiceFields, IssuerInAFooterColumnOrAsTheAccountHolder) {
  const std::string head =
      "                                                                       kaaimuur\n"
      "                                                                       webontwerp · rotterdam\n"
      "Factuur aan\n"
      "Stichting Theehuis Het Park\n"
      "Baden Powelllaan 9\n"
      "3016 GJ Rotterdam\n"
      "FACTUUR\n"
      "   Factuurnummer        Factuurdatum\n"
      "   2025-118             28-04-2025\n"
      "                                      Totaal incl. btw        € 11.573,65\n";
  const std::string footer =
      "Kaaimuur Webontwerp B.V.         T 010 742 18 63              KvK 71934028\n"
      "Scheepmakershaven 17             hallo@kaaimuur.nl            Btw-nr. NL861304275B01\n"
      "3011 VA Rotterdam                www.kaaimuur.nl\n";
  Fields f = Extract(Invoice(), TextLayer(head + "\n" + footer));
  EXPECT_EQ(V(f, "supplier_name"), "Kaaimuur Webontwerp B.V.");
  EXPECT_EQ(V(f, "supplier_address"), "Scheepmakershaven 17, 3011 VA Rotterdam");
  EXPECT_EQ(V(f, "customer_name"), "Stichting Theehuis Het Park");
  const std::string logo_and_address =
      "KAAIMUUR\n"
      "Scheepmakershaven 17\n"
      "3011 VA Rotterdam\n";
  const std::string sentence =
      "Graag binnen 14 dagen over te maken op rekeningnummer NL56 INGB 0067 8345 07 t.n.v. Kaaimuur Webontwerp "
      "B.V. onder vermelding van het factuurnummer.\n";
  Fields g = Extract(Invoice(), TextLayer(logo_and_address + head.substr(head.find("Factuur aan")) + sentence));
  EXPECT_EQ(V(g, "supplier_name"), "Kaaimuur Webontwerp B.V.");
}

// An online receipt: "Receipt from <company>" names the issuer (never its
// "SUMMARY" heading), its footer gives the address.
TEST(InvoiceFields, ReceiptFromTheCompanyNamedInItsTitle) {
  const char* text =
      "                    Receipt from Fernhollow Software Ltd\n"
      "                                           Receipt #2204-7731\n"
      "AMOUNT PAID                               DATE PAID\n"
      "€372.00                                   April 15, 2025\n"
      "SUMMARY\n"
      "   Fernhollow Team — 12 seats × €31.00                              €372.00\n"
      "   Billing period Apr 15 – May 14, 2025\n"
      "   Total excluding VAT                                              €302.44\n"
      "   VAT — Ireland (23% included)                                      €69.56\n"
      "   Total                                                            €372.00\n"
      "   Amount paid                                                      €372.00\n"
      "\n"
      "            Fernhollow Software Ltd · Block B, Grand Canal Works · Dublin 4, D04 K7R2 · Ireland\n"
      "                           VAT No. IE3712845HH · Registered in Ireland No. 687214\n";
  Fields f = Extract(Invoice(), TextLayer(text));
  EXPECT_EQ(V(f, "supplier_name"), "Fernhollow Software Ltd");
  // Its invoice's own number, printed under the receipt's, is the number.
  Fields g = Extract(Invoice(), TextLayer(std::string(text) + "INVOICE DETAILS\nInvoice number        FH-2025-04-1187\n"));
  EXPECT_EQ(V(g, "invoice_number"), "FH-2025-04-1187");
  EXPECT_EQ(V(f, "invoice_number"), "2204-7731");
}

// The logo's first word over the rest of the name with its legal form, with
// the lines of another column in between: joined when they spell the domain.
TEST(InvoiceFields, LogoWordOverTheNameAcrossAnotherColumnsLines) {
  const char* text =
      "                                                                  INVOICE\n"
      "                                      BILL TO\n"
      "Kestrel                               Marlowe Street Community Theatre CIC\n"
      "                                      Finance Office\n"
      "                                                         Invoice Date   3 April 2025\n"
      "Acoustics Ltd                         22 Marlowe Street\n"
      "                                      King's Lynn PE30 1EB\n"
      "Unit 4 Tanners Yard\n"
      "Norwich NR3 1QT\n"
      "accounts@kestrelacoustics.co.uk\n"
      "                                                         Total       £1,450.00\n";
  Fields f = Extract(Invoice(), TextLayer(text));
  EXPECT_EQ(V(f, "supplier_name"), "Kestrel Acoustics Ltd");
  EXPECT_EQ(V(f, "customer_name"), "Marlowe Street Community Theatre CIC");
}

// Till receipts: a shop's name over two lines (a trade's word over the name
// in capitals; a logo over the full name that repeats it), a trade line
// with its founding year, a street named "Row"; the VAT table's totals row
// gives the net and the tax ("Total 112,99 13,71 126,70").
TEST(InvoiceFields, ReceiptNamesOverTwoLinesAndTheVatTablesTotalsRow) {
  Fields books = Extract(Invoice(), Ocr({"Librairie", "LA BOUSSOLE", "27 rue des Carmes", "45000 Orléans",
                                         "Ticket N° 3-000871 05/04/2025 16:32", "ROMAN POCHE 9,20",
                                         "TOTAL TTC 98,30 €", "Carte bancaire 98,30 €"}));
  EXPECT_EQ(V(books, "supplier_name"), "Librairie LA BOUSSOLE");
  Fields brasserie = Extract(
      Invoice(), Ocr({"_ L'ARDOISE BLEUE", "Brasserie L'Ardoise Bleue", "12 rue des Tonneliers", "69005 Lyon",
                      "SIRET 812473965000158", "Ticket n° 0048213 17/04/2025 21:47", "2 x SALADE LYONNAISE 29,00",
                      "TOTAL TTC 126,70 EUR", "Taux HT TVA TTC", "10 , 00% 88, 82 8,88 97,70",
                      "Total 112,99 13,71 126,70", "CB SANS CONTACT 126,70"}));
  EXPECT_EQ(V(brasserie, "supplier_name"), "Brasserie L'Ardoise Bleue");
  EXPECT_EQ(V(brasserie, "total_net"), "112.99");
  EXPECT_EQ(V(brasserie, "total_tax"), "13.71");
  Fields shop = Extract(Invoice(), Ocr({"PENNOCK & DAUGHTERS", "Ironmongers since 1926", "41 Cobbler's Row",
                                        "Ledbury HR8 1DT", "Tel 01531 960 447", "VAT Reg No GB 284 1937 34",
                                        "Receipt: 0612-3387", "Date: 22/03/2025 10:14", "TOTAL £61.37"}));
  EXPECT_EQ(V(shop, "supplier_name"), "PENNOCK & DAUGHTERS");
}

// A French tradesman's invoice: the trade line between bullets OCR read as
// ':' is no name, the owner's legal status is no address line, the name
// the footer's legal line prints in full ("Roussel Plomberie Chauffage -
// ... - SIRET ..."); the date after the place in its own column, the due
// date in "À régler au plus tard le ...".
TEST(InvoiceFields, TradesmanLogoStatusLineAndPlaceDateInAColumn) {
  std::string body;
  for (int i = 1; i <= 14; ++i) body += "Poste " + std::to_string(i) + " fourniture et pose                 1   10,00\n";
  const std::string text =
      "   Roussel                                                                 FACTURE N° 2025/117\n"
      "   PLOMBERIE : CHAUFFAGE : SALLES DE BAINS                                 Rennes, le 02/05/2025\n"
      "   Yann Roussel, entrepreneur individuel                     Devis accepté n° D-2025-042 du 12/03/2025\n"
      "8 impasse des Tanneurs, 35000 Rennes\n"
      "CLIENT\nMme Hélène Kervella\n14 rue de Paris\n35510 Cesson-Sévigné\n" +
      body +
      "À régler au plus tard le 01/06/2025, par virement.\n"
      "Total HT 2 960,60 €\nTotal TVA 333,82 €\nTotal TTC 3 294,42 €\n"
      "Roussel Plomberie Chauffage - Yann Roussel EI - SIRET 841270531000190 - TVA intracom. FR33841270531\n";
  Fields f = Extract(Invoice(), OcrAsPrinted(text));
  EXPECT_EQ(V(f, "supplier_name"), "Roussel Plomberie Chauffage");
  EXPECT_EQ(V(f, "supplier_address"), "8 impasse des Tanneurs, 35000 Rennes");
  EXPECT_EQ(V(f, "issue_date"), "2025-05-02");
  EXPECT_EQ(V(f, "due_date"), "2025-06-01");
}

// A German window envelope scan: the return line's bullets read as ':' and
// '-' ("... GmbH : Saalfelder Ring 38 - 04179 Leipzig"), the customer's long
// name wrapped before its "eG".
TEST(InvoiceFields, ReturnLineWithMixedBulletsAndAWrappedCooperative) {
  const char* text =
      "Haustechnik Brückner GmbH\n"
      "Heizung · Sanitär · Solar\n"
      "Haustechnik Brückner GmbH : Saalfelder Ring 38 - 04179 Leipzig            Rechnungs-Nr. RE-25-04417\n"
      "Wohnungsbaugenossenschaft                                                  Rechnungsdatum 14.04.2025\n"
      "Sonnenhang eG                                                              Kunden-Nr. 10382\n"
      "Abt. Technik / Herr Kowalczyk\n"
      "Am Kirschberg 7\n"
      "04229 Leipzig\n"
      "Rechnung\n"
      "                                                   Gesamtbetrag      39.710,90 EUR\n";
  Fields f = Extract(Invoice(), OcrAsPrinted(text));
  EXPECT_EQ(V(f, "supplier_address"), "Saalfelder Ring 38, 04179 Leipzig");
  EXPECT_EQ(V(f, "customer_name"), "Wohnungsbaugenossenschaft Sonnenhang eG");
}

// "Due:" alone labels the due date.
TEST(InvoiceFields, BareDueLabel) {
  const char* text =
      "Brightline Design LLC\n500 Market Street, Suite 210\nSan Francisco, CA 94105\n\nINVOICE #1057\n"
      "Date: 04/09/2024\nDue: 05/09/2024\n\nAmount due upon receipt of goods\nTOTAL DUE   $1,900.00\n";
  Fields f = Extract(Invoice(), TextLayer(text));
  EXPECT_EQ(V(f, "issue_date"), "2024-04-09");
  EXPECT_EQ(V(f, "due_date"), "2024-05-09");
}

// A payment already made between the total and the amount still due: the
// invoice's total is the amount before it, in any of the three languages.
TEST(InvoiceFields, TotalBeforeAPaymentAlreadyMade) {
  const char* en =
      "Cobalt Supply Co.\nINVOICE CS-20931\nDate: May 6, 2024\n\n"
      "                                  Subtotal            $1,968.85\n"
      "                                  Shipping               $45.00\n"
      "                                  Sales Tax (9.25%)     $182.12\n"
      "                                  Total               $2,195.97\n"
      "                                  Amount Paid          -$500.00\n"
      "                                  Balance Due         $1,695.97\n";
  Fields f = Extract(Invoice(), TextLayer(en));
  EXPECT_EQ(V(f, "total_gross"), "2195.97");
  const char* fr =
      "Atelier Lumière SAS\nFacture FA-118 du 12/02/2024\n\n"
      "                 Total                  1 200,00 €\n"
      "                 Acompte versé le 02/01/2024   300,00 €\n"
      "                 Reste à payer            900,00 €\n";
  EXPECT_EQ(V(Extract(Invoice(), TextLayer(fr)), "total_gross"), "1200.00");
  // Without a payment that explains the difference, the amount due stays.
  const char* other =
      "Cobalt Supply Co.\nINVOICE CS-20932\n\n      Total   $2,195.97\n      Balance Due   $1,695.97\n";
  EXPECT_EQ(V(Extract(Invoice(), TextLayer(other)), "total_gross"), "1695.97");
}

// A German window envelope: the sender's return line, then the recipient
// with the salutation alone on its line.
TEST(InvoiceFields, SalutationAloneOverTheWindowAddressName) {
  const char* text =
      "Müller Haustechnik GmbH · Lindenweg 7 · 20095 Hamburg\n\nHerrn\nPeter Schulz\nGartenstraße 12\n"
      "22303 Hamburg\n                                              Rechnung Nr. 2024-0456\n"
      "                                              Datum: 12.06.2024\n\n"
      "                                   Rechnungsbetrag             506,35 €\n";
  Fields f = Extract(Invoice(), TextLayer(text));
  EXPECT_EQ(V(f, "customer_name"), "Herrn Peter Schulz");
  EXPECT_EQ(V(f, "supplier_name"), "Müller Haustechnik GmbH");
}

// A credit note's own number, not that of the invoice it credits; "Adressée
// à :" over the customer.
TEST(InvoiceFields, CreditNoteNumberAndAdresseeA) {
  const char* credit =
      "Harbour Office Supplies Ltd\n9 Dock Road, Liverpool L3 4AA\n\nCREDIT NOTE CN-0093\nDate: 21 May 2024\n"
      "Against invoice INV-2211 of 2 May 2024\n\nCustomer: Mersey Accountants LLP\n\n"
      "Total credit                                           -£288.00\n";
  Fields f = Extract(Invoice(), TextLayer(credit));
  EXPECT_EQ(V(f, "invoice_number"), "CN-0093");
  const char* facture =
      "ÉLECTRICITÉ DURAND EURL\n8 chemin des Prés, 38000 Grenoble\n\n"
      "FACTURE N° 2024-077                             Grenoble, le 2 juillet 2024\n\n"
      "Adressée à : SCI Les Tilleuls\n             4 place Grenette\n             38000 Grenoble\n\n"
      "Total TTC                                       2 880,00 €\n";
  Fields g = Extract(Invoice(), TextLayer(facture));
  EXPECT_EQ(V(g, "customer_name"), "SCI Les Tilleuls");
  EXPECT_EQ(V(g, "invoice_number"), "2024-077");
}

// The salutation over the labelled name ("Herrn" / "Name: Max Mustermann")
// belongs to the name, also when OCR's layout leaves a blank line between.
TEST(InvoiceFields, SalutationOverTheNameAcrossABlankLine) {
  const char* text =
      "     Rechnung des Versicherers (575)          Nr. 01.234.567.8-2018-1        vom      06.12.2018\n"
      "\n"
      "Käufer/Leistungsempfänger\n"
      "                                                      Herrn\n"
      "\n"
      "    Name:                                             Max Mustermann\n"
      "    Anschrift:                                        Musterstr. 11\n"
      "                                                      DE 12346 Bad Musterhausen\n";
  Fields f = Extract(Invoice(), OcrAsPrinted(text));
  EXPECT_EQ(V(f, "customer_name"), "Herrn Max Mustermann");
}

// A euro invoice's total whose 5 OCR read as '$' and whose label it
// garbled: the amount that net + tax add up to is the total.
TEST(InvoiceFields, DollarSignReadForAFiveOnAEuroInvoice) {
  const char* text =
      "Rechnung Nr. 471102 vom 05.03.2018\n"
      "Währung:                    EUR\n"
      "\n"
      "                Rechnungssumme ohne USt.                     473,00\n"
      "                Steuerbetrag                                  56,87\n"
      "                Zshibetrag                                   $29.87\n";
  Fields f = Extract(Invoice(), OcrAsPrinted(text));
  EXPECT_EQ(V(f, "total_gross"), "529.87");
  EXPECT_EQ(V(f, "currency"), "EUR");
  // In dollars, '$' is the currency.
  const char* usd =
      "Invoice 1234 dated March 5, 2018\n"
      "Currency:                   USD\n"
      "\n"
      "                Subtotal                                      27.00\n"
      "                Sales tax                                      2.87\n"
      "                Total                                        $29.87\n";
  Fields g = Extract(Invoice(), OcrAsPrinted(usd));
  EXPECT_EQ(V(g, "total_gross"), "29.87");
  EXPECT_EQ(V(g, "currency"), "USD");
}

// A scanned A4 invoice without a customer header: the other name and
// address block at the top is the customer, as on a text layer.
TEST(InvoiceFields, CustomerBlockWithoutAHeaderOnAScan) {
  const char* text =
      "                                                                       Bei Spiel GmbH\n"
      "                                                                       Ecke 12\n"
      "                                                                       12345 Stadthausen\n"
      "  Theodor Est\n"
      "  Bahnstr. 42\n"
      "  88802 Spielkreis\n"
      "\n"
      "Invoice # RE-20190610/507 issued at 2019-06-10\n"
      "Net total: 496.00 EUR\n";
  Fields f = Extract(Invoice(), OcrAsPrinted(text));
  EXPECT_EQ(V(f, "supplier_name"), "Bei Spiel GmbH");
  EXPECT_EQ(V(f, "customer_name"), "Theodor Est");
}

TEST(InvoiceFields, NumberSignThatOcrReadAsAnAsterisk) {
  // "N°" scanned and read "N*".
  const char* text =
      "FACTURE\n"
      "N* FA-2026-0001\n"
      "Date : 2026-08-15\n"
      "Total HT 2535.00 €\n"
      "TVA 507.00 €\n"
      "Total TTC 3042.00 €\n";
  Fields f = Extract(Invoice(), TextLayer(text));
  EXPECT_EQ(V(f, "invoice_number"), "FA-2026-0001");
  Fields g = Extract(Invoice(), TextLayer("Facture n* 2024/117\nTotal TTC 120,00 €\n"));
  EXPECT_EQ(V(g, "invoice_number"), "2024/117");
}

TEST(InvoiceFields, ReturnAddressLineWhoseBulletsOcrMisread) {
  // A scanned window-envelope invoice: OCR read the bullets "+", "e", "*".
  const char* text =
      "Bei Spiel GmbH + Ecke 12 e 12345 Stadthausen * Germany\n"
      "\n"
      "Theodor Est\n"
      "Bahnstr. 42\n"
      "88802 Spielkreis\n"
      "\n"
      "Invoice # RE-20190610/507 issued at 2019-06-10\n"
      "\n"
      "Net total: 496.00 €\n"
      "VAT total: 75.04 €\n"
      "Due payable: 571.04 €\n";
  Fields f = Extract(Invoice(), TextLayer(text));
  EXPECT_EQ(V(f, "supplier_name"), "Bei Spiel GmbH");
  EXPECT_EQ(f.at("supplier_name").method, "return-address");
  EXPECT_EQ(V(f, "supplier_address"), "Ecke 12, 12345 Stadthausen");
  EXPECT_EQ(V(f, "customer_name"), "Theodor Est");
  // "e" is a word in other lines: a name and a street joined by it is no return line.
  Fields g = Extract(Invoice(), TextLayer("Silva e Filhos Lda\nRua Augusta 12\n1100-048 Lisboa\n\nInvoice 12\nTotal 10.00 EUR\n"));
  EXPECT_NE(g.count("supplier_name") ? g.at("supplier_name").method : "", "return-address");
}

TEST(InvoiceFields, GermanSectionsWithNameLabels) {
  const char* text =
      "Handelsrechnung Nr. 471102 vom 05.06.2018\n"
      "  Verkäufer\n"
      "  Nummer:                                   549910\n"
      "  Name:                                     Lieferant GmbH\n"
      "  Anschrift:                                Lieferantenstraße 20\n"
      "                                            DE 80333 München\n"
      "  USt.-Id.-Nr.:                             DE123456789\n"
      "\n"
      "  Käufer/Leistungsempfänger\n"
      "  Nummer:                                   GE2020211\n"
      "  Name:                                     Kunden AG Mitte\n"
      "  Anschrift:                                Kundenstraße 15\n"
      "                                            DE 69876 Frankfurt\n"
      "  USt.-Id.-Nr.:                             DE136695976\n";
  Fields f = Extract(Invoice(), TextLayer(text));
  EXPECT_EQ(V(f, "supplier_name"), "Lieferant GmbH");
  EXPECT_EQ(V(f, "supplier_address"), "Lieferantenstraße 20, 80333 München");
  EXPECT_EQ(V(f, "customer_name"), "Kunden AG Mitte");
  EXPECT_EQ(V(f, "supplier_vat"), "DE123456789");  // the buyer's number is in the buyer's section
}

TEST(InvoiceFields, OcrReceipt) {
  Fields f = Extract(Invoice(), Ocr({"KEDAI RUNCIT MAJU SDN BHD", "(123456-X)", "NO. 12, JALAN MERANTI 3,",
                                     "TAMAN BUKIT INDAH,", "81200 JOHOR BAHRU,", "JOHOR.",
                                     "GST ID : 001234567890", "TAX INVOICE", "Date : 14/02/2024 10:22",
                                     "Item Qty Amount", "MILO 1KG 1 18.90", "ROTI GARDENIA 2 5.00",
                                     "Total Incl. GST : 23.90", "CASH 50.00", "CHANGE 26.10"}));
  EXPECT_EQ(V(f, "supplier_name"), "KEDAI RUNCIT MAJU SDN BHD");
  EXPECT_EQ(V(f, "supplier_address"), "NO. 12, JALAN MERANTI 3, TAMAN BUKIT INDAH, 81200 JOHOR BAHRU, JOHOR");
  EXPECT_EQ(V(f, "total_gross"), "23.90");
  EXPECT_EQ(V(f, "issue_date"), "2024-02-14");
  EXPECT_EQ(f.count("total_tax"), 0u);  // "Incl. GST" is the gross line; no derived amounts on OCR
  ASSERT_TRUE(f.at("supplier_name").box.has_value());
  EXPECT_EQ(f.at("supplier_name").box->y, 0);
}

// OCR's usual misreadings of a fuel receipt: the decimal point of the totals
// read as a space, a speck as a quote, the time of the timestamp spaced.
TEST(InvoiceFields, OcrReceiptWithSplitDecimalsAndASpacedTimestamp) {
  Fields f = Extract(Invoice(), Ocr({"PETRO TRADING SDN BHD", "LOT 2685 JLN GENTING KLANG", "53300 KUALA LUMPUR",
                                     "Receipt", "V-Power 97 RM 86 00 A", "Total RM 86 00", "Visa RM",
                                     "Total Gross RM 86 00", "14-03-18 21: 49", "Thank You"}));
  EXPECT_EQ(V(f, "total_gross"), "86.00");  // two labelled readings agree
  EXPECT_EQ(V(f, "issue_date"), "2018-03-14");
  // Read once, with nothing to check it against: taken, with low confidence.
  Fields once = Extract(Invoice(), Ocr({"RESTORAN HASSAN", "TAX INVOICE", "DATE : 12/28/2017 10:17:32 PM",
                                        "Total \u201cincl 6% GST RM 15:00", "CASH", "Thank You"}));
  ASSERT_EQ(V(once, "total_gross"), "15.00");
  EXPECT_LT(once.at("total_gross").confidence, 0.5);
}

// "NET TOTAL" under the tax is the amount paid on a receipt (its last decimal
// lost here); "Total net" above the tax stays the net of an invoice.
TEST(InvoiceFields, NetTotalUnderTheTaxIsTheAmountPaid) {
  Fields f = Extract(Invoice(), Ocr({"THREE STOOGES", "BISTRO & CAFE", "DAMANSARA UTAMA", "GST ID : 001661886464",
                                     "TAX INVOICE", "INV DATE: 03/03/2018", "1 GUINESS 150.00", "SUB TOTAL 169.60",
                                     "GST 6%", "NET TOTAL 174.9", "CASH", "Thank You"}));
  EXPECT_EQ(V(f, "total_gross"), "174.90");
  Fields inv = Extract(Invoice(), Ocr({"ATELIER SARL", "FACTURE", "Date : 03/03/2018", "Total net 100.00",
                                       "TVA 20% 20.00", "Total TTC 120.00"}));
  EXPECT_EQ(V(inv, "total_gross"), "120.00");
  EXPECT_EQ(V(inv, "total_net"), "100.00");
}

// The issuer's relations to other companies are neither its name nor its
// address: a former name under "formerly known as", a "Licensee of" line.
TEST(InvoiceFields, FormerNameAndLicenseeLinesAreNotTheSupplier) {
  Fields f = Extract(Invoice(), Ocr({"Gerbang Alaf Restaurants Sdn Bhd", "(65351-M)", "formerly known as",
                                     "Golden Arches Restaurants Sdn Bhd", "Licensee of McDonald's",
                                     "Level 6, Bangunan TH, Damansara Uptown3", "No.3, Jalan SS21/39,47400 Petaling Jaya",
                                     "Selangor", "(GST ID No: 000504664064)", "TAX INVOICE", "Date 15/03/2018",
                                     "TOTAL 12.50"}));
  EXPECT_EQ(V(f, "supplier_name"), "Gerbang Alaf Restaurants Sdn Bhd");
  EXPECT_EQ(V(f, "supplier_address").rfind("Level 6, Bangunan TH, Damansara Uptown3, No.3, Jalan SS21/39,47400", 0),
            0u)
      << V(f, "supplier_address");
}

// A registration number OCR garbled, alone in brackets under the name, is not
// the first line of the address.
TEST(InvoiceFields, AGarbledRegistrationNumberIsNotAnAddressLine) {
  Fields f = Extract(Invoice(), Ocr({"ASIA MART", "(Sadoeat98-1)", "NO.23 BATU 10, TAMAN SENTOSA,",
                                     "JALAN KAPAR, 42200 KLANG, SELANGOR", "GST ID : 001609584640", "TAX INVOICE",
                                     "Date 22/12/2017", "TOTAL 32.70"}));
  EXPECT_EQ(V(f, "supplier_address"), "NO.23 BATU 10, TAMAN SENTOSA, JALAN KAPAR, 42200 KLANG, SELANGOR");
}

// A house number whose dots OCR lost ("NO 122124") on a street is an
// address line; a bracketed code with a space is not.
TEST(InvoiceFields, HouseNumberWithoutItsDotsIsAnAddressLine) {
  Fields f = Extract(Invoice(), Ocr({"YONGFATT ENTERPRISE", "(IMO517 7/26)", "NO 122124 JALAN DEDAP 13",
                                     "81100 JOHOR BAHRU", "TEL 07-32523888", "SIMPLIFIED TAX INVOICE",
                                     "Date 25/12/2018", "TOTAL 80.90"}));
  EXPECT_EQ(V(f, "supplier_address"), "NO 122124 JALAN DEDAP 13, 81100 JOHOR BAHRU");
}

// "LOT 2685 JLN ...": a lot number is not a four-digit postcode; the
// postcode is on the next line, its 5 read as '§'.
TEST(InvoiceFields, LotNumberIsNotAPostcode) {
  Fields f = Extract(Invoice(), Ocr({"Shell ISNT PETRO TRADING", "Company No 002043278-A",
                                     "LOT 2685 JLN GENTING KLANG", "\xC2\xA7" "3300 KL", "Telephone 03- 40212008",
                                     "Receipt", "Date 12/01/2018", "TOTAL 50.00"}));
  EXPECT_EQ(V(f, "supplier_address"), "LOT 2685 JLN GENTING KLANG, 53300 KL");
}

// "Cash Received 7 101.00": a stray digit OCR put before the cash amount is
// not a thousands group; cash - change gives the total.
TEST(InvoiceFields, AStrayDigitBeforeTheCashIsNotAThousandsGroup) {
  Fields f = Extract(Invoice(), Ocr({"KEDAI MAJU", "NO 2, JALAN HARMONI 3/2", "81100 JOHOR BAHRU", "Cash Bill",
                                     "Date 12/03/2018", "Total Amount: 3400", "Cash Received 7 101.00",
                                     "Change : 70.00"}));
  EXPECT_EQ(V(f, "total_gross"), "31.00");
}

TEST(InvoiceFields, ReceiptGreetingAndSplitEmailAreNotTheSupplier) {
  // English: a greeting above the shop name, an e-mail OCR split in two
  // under the address.
  Fields f = Extract(Invoice(), Ocr({"TQ FOR SHOPPING WITH myNEWS.com", "PAGOH REST AND SERVICE AREA",
                                     "LOT R1, KAWASAN REHAT PAGOH,", "SIMPANG AMPAT PAGOH,", "84600 PAGOH, JOHOR",
                                     "careline @mynews.com.my", "TAX INVOICE", "Date : 23/03/2018 10:22",
                                     "TOTAL 10.00"}));
  EXPECT_EQ(V(f, "supplier_name"), "PAGOH REST AND SERVICE AREA");
  EXPECT_EQ(V(f, "supplier_address"), "LOT R1, KAWASAN REHAT PAGOH, SIMPANG AMPAT PAGOH, 84600 PAGOH, JOHOR");
  // French: "Merci de votre visite" and a web address.
  f = Extract(Invoice(), Ocr({"Merci de votre visite", "BOULANGERIE DU PORT SARL", "12 rue des Halles",
                              "44000 Nantes", "boulangerie-du-port.fr", "Ticket du 03/02/2024 10:12",
                              "Total TTC 12,40"}));
  EXPECT_EQ(V(f, "supplier_name"), "BOULANGERIE DU PORT SARL");
  EXPECT_EQ(V(f, "supplier_address"), "12 rue des Halles, 44000 Nantes");
  // A name that merely contains a shop word stays a name.
  f = Extract(Invoice(), Ocr({"SHOPPING CENTRE TRADING SDN BHD", "NO. 5, JALAN BESAR,", "81200 JOHOR BAHRU",
                              "TOTAL 5.00"}));
  EXPECT_EQ(V(f, "supplier_name"), "SHOPPING CENTRE TRADING SDN BHD");
}

// "Date de facture : 18 mars 2025" labels a date, not the number: the number
// is the one after "n°" in "Facture d'électricité n° ...".
TEST(InvoiceFields, DateOfInvoiceIsNotItsNumber) {
  const char* text =
      "ENERGIES DU LITTORAL\n"
      "5 quai Maubec, 17000 La Rochelle\n"
      "Facture d'électricité n° 2025-03-884512\n"
      "Date de facture : 18 mars 2025\n"
      "Total hors TVA                 222,58 €\n"
      "TVA                             38,52 €\n"
      "Montant total TTC à payer     261,10 €\n";
  Fields f = Extract(Invoice(), TextLayer(text));
  EXPECT_EQ(V(f, "invoice_number"), "2025-03-884512");
  EXPECT_EQ(V(f, "issue_date"), "2025-03-18");
}

// "To:" with the customer's name a few columns to its right and the address
// under the name, not under the label.
// A lawyer's fee note: the issuer is a person whose block carries the
// SIRET and VAT number; the client, on the right, is a company. The
// profession under the name is not the issuer's name.
TEST(InvoiceFields, IssuerIsTheBlockWithTheRegistration) {
  const char* text =
      "Maître Claire Vasseur\n"
      "Avocate au Barreau de Nantes\n"
      "12 cours Cambronne, 44100 Nantes\n"
      "SIRET 498 765 432 00027 - TVA FR 13 498765432\n"
      "\n"
      "                                                                  SARL Les Jardins de l'Erdre\n"
      "                                                                  Monsieur Hugo Pasquier, gérant\n"
      "                                                                  3 allée des Tanneurs, 44000 Nantes\n"
      "\n"
      "NOTE D'HONORAIRES N° 2025-047\n"
      "Nantes, le 10 février 2025\n"
      "                                                Total honoraires HT      1 250,00 €\n"
      "                                                TVA 20 %                   250,00 €\n"
      "                                                Total TTC                1 500,00 €\n";
  Fields f = Extract(Invoice(), TextLayer(text));
  EXPECT_EQ(V(f, "supplier_name"), "Maître Claire Vasseur");
  EXPECT_EQ(V(f, "customer_name"), "SARL Les Jardins de l'Erdre");
}

// The head of a UK invoice: "From:" and "To:" with their values to the right.
#define THISTLE_INVOICE_HEAD \
      "Invoice\n" \
      "From:     Thistle & Finch Design Studio Ltd                 Invoice number        TFD-2291\n" \
      "          Unit 4, The Old Tannery, Leeds LS6 2QF            Invoice date          28 Feb 2025\n" \
      "To:       Brightwater Academy Trust\n"

TEST(InvoiceFields, ColonLabelWithItsValueToTheRight) {
  const char* text =
      THISTLE_INVOICE_HEAD
      "          Finance Office, Station Road, Harrogate HG1 1JP\n"
      "\n"
      "Description                                                 Amount\n"
      "Prospectus design                                           2,400.00\n"
      "Total                                                       2,400.00\n";
  Fields f = Extract(Invoice(), TextLayer(text));
  EXPECT_EQ(V(f, "customer_name"), "Brightwater Academy Trust");
}

// A table whose columns are headed "Net", "VAT" and "Gross": the invoice's
// totals are on the table's "Totals" row, not on its first item.
TEST(InvoiceFields, ColumnTotalsOnTheTotalsRow) {
  const char* text =
      THISTLE_INVOICE_HEAD
      "\n"
      "Description                                                 Net         VAT              Gross\n"
      "Prospectus design and layout (24pp)                         2,400.00    480.00         2,880.00\n"
      "Photography, half day                                       450.00      90.00           540.00\n"
      "\n"
      "Totals                                                      \u00a32,850.00   \u00a3570.00       \u00a33,420.00\n";
  Fields f = Extract(Invoice(), TextLayer(text));
  EXPECT_EQ(V(f, "total_net"), "2850.00");
  EXPECT_EQ(V(f, "total_tax"), "570.00");
  EXPECT_EQ(V(f, "total_gross"), "3420.00");
}

// A row of headings over a row of values: each value is read under its own
// heading, not under the next one (the label's pattern ends with the spaces
// that lead to the next heading).
TEST(InvoiceFields, HeadingRowOverValueRow) {
  const char* en =
      "INVOICE\n"
      "\n"
      "From:                                     To:\n"
      "Kestrel Print Ltd                         Ashby & Cole LLP\n"
      "22 Mill Lane                              9 Market Place\n"
      "Bristol BS1 4DJ                           Derby DE1 3QE\n"
      "\n"
      "Invoice No.          Issue date           Due date             Reference\n"
      "KP-2291              05/02/2024           06/03/2024           PO 5512\n"
      "\n"
      "                                           Subtotal         £1,000.00\n"
      "                                           VAT 20%            £200.00\n"
      "                                           Total due        £1,200.00\n";
  Fields f = Extract(Invoice(), TextLayer(en));
  EXPECT_EQ(V(f, "invoice_number"), "KP-2291");
  EXPECT_EQ(V(f, "issue_date"), "2024-02-05");
  EXPECT_EQ(V(f, "due_date"), "2024-03-06");
  EXPECT_EQ(f.at("issue_date").method, "label-below");
  const char* nl =
      "FACTUUR\n"
      "Factuurnummer        Factuurdatum        Vervaldatum         Klantnummer\n"
      "F24-0077             03-04-2024          03-05-2024          K-119\n"
      "\n"
      "                                         Totaal              € 121,00\n";
  f = Extract(Invoice(), TextLayer(nl));
  EXPECT_EQ(V(f, "invoice_number"), "F24-0077");
  EXPECT_EQ(V(f, "issue_date"), "2024-04-03");
  EXPECT_EQ(V(f, "due_date"), "2024-05-03");
  // A value that is not one code alone under the label is not taken.
  const char* other =
      "INVOICE\n"
      "Invoice No.          Issue date\n"
      "see attached         05/02/2024\n";
  f = Extract(Invoice(), TextLayer(other));
  EXPECT_NE(V(f, "invoice_number"), "see");
  EXPECT_EQ(V(f, "issue_date"), "2024-02-05");
}

// "N" opening a VAT number ("BTW NL859123456B01") is not a "No." label.
TEST(InvoiceFields, LetterNOpeningACodeIsNotANumberLabel) {
  const char* t =
      "Hendriks Bouw B.V.\n"
      "Kanaalweg 4\n"
      "3526 KL Utrecht\n"
      "BTW NL859123456B01\n"
      "\n"
      "FACTUUR\n"
      "Datum: 12-08-2024\n"
      "Totaal € 121,00\n";
  Fields f = Extract(Invoice(), TextLayer(t));
  EXPECT_NE(V(f, "invoice_number"), "L859123456B01");
  EXPECT_EQ(V(f, "supplier_vat"), "NL859123456B01");
}

// An attention line ("t.a.v.", "Attn:", "z. Hd.", "À l'attention de") names
// a reader inside the customer, not the customer.
TEST(InvoiceFields, AttentionLineIsNotTheCustomer) {
  const char* nl =
      "Van Leeuwen Techniek B.V.\n"
      "Havenstraat 8\n"
      "1211 KL Hilversum\n"
      "\n"
      "\n"
      "Gemeente Baarn\n"
      "t.a.v. Crediteurenadministratie\n"
      "Postbus 1000\n"
      "3740 BA Baarn\n"
      "\n"
      "FACTUUR 2024-311\n"
      "Factuurdatum: 01-07-2024\n"
      "Totaal € 242,00\n";
  Fields f = Extract(Invoice(), TextLayer(nl));
  EXPECT_EQ(V(f, "customer_name"), "Gemeente Baarn");
  const char* en =
      "INVOICE 7781                                      Bill to:\n"
      "Date: 2024-07-01                                  Attn: Accounts Payable\n"
      "                                                  Northwind Traders Inc\n"
      "                                                  400 Pine Street\n"
      "                                                  Seattle, WA 98101\n"
      "Total $500.00\n";
  f = Extract(Invoice(), TextLayer(en));
  EXPECT_EQ(V(f, "customer_name"), "Northwind Traders Inc");
  EXPECT_TRUE(parties::AttentionLine("z. hd. frau weber"));
  EXPECT_TRUE(parties::AttentionLine("a l'attention de m. roux"));
  EXPECT_FALSE(parties::AttentionLine("attenborough & sons ltd"));
}

// An issuer's block printed flush right: the address lines end where the
// name ends, they do not start where it starts.
TEST(InvoiceFields, FlushRightIssuerBlock) {
  const char* t =
      "                                          Brouwer Installaties B.V.\n"
      "                                                       Dorpsstraat 12\n"
      "                                                      3542 AD Utrecht\n"
      "\n"
      "Gemeente Houten\n"
      "Postbus 30\n"
      "3990 DA Houten\n"
      "\n"
      "FACTUUR 2024-1187\n"
      "Factuurdatum: 12-08-2024\n"
      "Totaal € 1.790,80\n";
  Fields f = Extract(Invoice(), TextLayer(t));
  EXPECT_EQ(V(f, "supplier_name"), "Brouwer Installaties B.V.");
  EXPECT_EQ(V(f, "supplier_address"), "Dorpsstraat 12, 3542 AD Utrecht");
  EXPECT_EQ(V(f, "customer_name"), "Gemeente Houten");
}

// A credit note names the invoice it credits ("Sur facture N° FA-..."): its
// own number is the other one; the credited invoice's number is kept only
// when nothing else is printed, with low confidence.
TEST(InvoiceFields, CreditedInvoiceNumberIsNotTheCreditNotesOwn) {
  const char* fr =
      "Menuiserie Favre SARL\n"
      "3 rue du Moulin\n"
      "25000 Besançon\n"
      "\n"
      "AVOIR\n"
      "N° AV-2024-012\n"
      "Date : 14/06/2024\n"
      "Sur facture N° FA-2024-0391 du 02/06/2024\n"
      "Total TTC 384,00 €\n";
  Fields f = Extract(Invoice(), TextLayer(fr));
  EXPECT_EQ(V(f, "invoice_number"), "AV-2024-012");
  const char* en =
      "CREDIT NOTE\n"
      "Date: 2024-06-14\n"
      "Original invoice no. INV-5521\n"
      "Total $80.00\n";
  f = Extract(Invoice(), TextLayer(en));
  EXPECT_EQ(V(f, "invoice_number"), "INV-5521");
  EXPECT_LT(f.at("invoice_number").confidence, 0.5);
}

// One tax line per rate, no total of the tax: the tax is their sum, which
// the sum check confirms (lines of the item table that name a rate are not
// part of it).
TEST(InvoiceFields, TaxLinesPerRateAreSummed) {
  const char* fr =
      "Primeurs Dubois SARL\n"
      "2 quai de la Fosse\n"
      "44000 Nantes\n"
      "\n"
      "Facture n° 2024-0815\n"
      "Date : 07/03/2024\n"
      "\n"
      "Désignation                               Qté      Total HT\n"
      "Confiture artisanale (TVA 5,5 %)            4        200,00\n"
      "Panier garni (TVA 20 %)                     2        150,00\n"
      "Livraison (TVA 20 %)                        1         25,00\n"
      "\n"
      "                                  Total HT            375,00 €\n"
      "                                  TVA 5,5 %            11,00 €\n"
      "                                  TVA 20 %             35,00 €\n"
      "                                  Total TTC           421,00 €\n";
  Fields f = Extract(Invoice(), TextLayer(fr));
  EXPECT_EQ(V(f, "total_net"), "375.00");
  EXPECT_EQ(V(f, "total_tax"), "46.00");
  EXPECT_EQ(V(f, "total_gross"), "421.00");
  EXPECT_EQ(f.at("total_tax").method, "label+sum-check");
  // Two lines at the same rate are not two rates: no sum is made of them.
  const char* same_rate =
      "Facture n° 2024-0816\n"
      "                                  Total HT            100,00 €\n"
      "                                  TVA 20 %             20,00 €\n"
      "                                  TVA 20 %             20,00 €\n"
      "                                  Total TTC           140,00 €\n";
  f = Extract(Invoice(), TextLayer(same_rate));
  EXPECT_NE(V(f, "total_tax"), "40.00");
}

// A US street line opens with a house number of four digits ("1200 Alpine
// Way"): it is not a postcode line (as "1200 Wien" is), so the city line
// under it belongs to the address; "Unit 7, Riverside Estate" is an address
// line, not the issuer's name.
TEST(InvoiceFields, HouseNumberIsNotAFourDigitPostcode) {
  const char* us =
      "Summit Trail Outfitters Co.                              INVOICE\n"
      "1200 Alpine Way                                          Invoice #: 10458\n"
      "Boulder, CO 80302                                        Date: 03/05/2024\n"
      "\n"
      "Total $837.43\n";
  Fields f = Extract(Invoice(), TextLayer(us));
  EXPECT_EQ(V(f, "supplier_address"), "1200 Alpine Way, Boulder, CO 80302");
  EXPECT_FALSE(parties::IsPostcodeLine("4500 North Oak Street"));
  EXPECT_TRUE(parties::IsPostcodeLine("1200 Wien"));
  EXPECT_TRUE(parties::IsPostcodeLine("3542 AD Utrecht"));
  const char* uk =
      "Oakfield Joinery                                       TAX INVOICE\n"
      "Unit 7, Riverside Estate\n"
      "Norwich NR3 1AB\n"
      "\n"
      "Invoice number OJ/2024/017\n"
      "Invoice total £2,988.00\n";
  f = Extract(Invoice(), TextLayer(uk));
  EXPECT_EQ(V(f, "supplier_name"), "Oakfield Joinery");
  EXPECT_EQ(V(f, "supplier_address"), "Unit 7, Riverside Estate, Norwich NR3 1AB");
}

// OCR puts a space on one side of a slash or dash inside a code: the code
// is read whole; a dash between spaces still ends it.
TEST(InvoiceFields, CodeSplitByOcrAtASlashIsJoined) {
  Fields f = Extract(Invoice(), Ocr({"TAX INVOICE", "Invoice number OJ /2024/017", "Invoice total 2,988.00"}));
  EXPECT_EQ(V(f, "invoice_number"), "OJ/2024/017");
  f = Extract(Invoice(), Ocr({"INVOICE", "Invoice No: FA- 2024-12", "Total 10.00"}));
  EXPECT_EQ(V(f, "invoice_number"), "FA-2024-12");
  f = Extract(Invoice(), TextLayer("INVOICE\nInvoice No: INV-0042 - 12/03/2024\nTotal 10.00\n"));
  EXPECT_EQ(V(f, "invoice_number"), "INV-0042");
  // What follows must hold a digit: "-REG" is another field.
  f = Extract(Invoice(), Ocr({"RECEIPT", "Receipt No: 50 -REG #19", "Total 10.00"}));
  EXPECT_EQ(V(f, "invoice_number"), "50");
}

// "$" is the sign of several dollars: the code the document names decides.
TEST(InvoiceFields, DollarSignWithTheCodeOfAnotherDollar) {
  Fields f = Extract(Invoice(), TextLayer("INVOICE 231\nSubtotal $2,580.00\nHST (15%) $387.00\n"
                                          "Balance Due (CAD) $2,967.00\n"));
  EXPECT_EQ(V(f, "currency"), "CAD");
  f = Extract(Invoice(), TextLayer("INVOICE 232\nTotal AUD $1,100.00\n"));
  EXPECT_EQ(V(f, "currency"), "AUD");
  f = Extract(Invoice(), TextLayer("INVOICE 233\nTotal $1,100.00\n"));
  EXPECT_EQ(V(f, "currency"), "USD");
  // Two dollar codes named: the sign stays USD-by-default.
  f = Extract(Invoice(), TextLayer("INVOICE 234\nPrices in CAD; USD accepted\nTotal $1,100.00\n"));
  EXPECT_EQ(V(f, "currency"), "USD");
}

// A sole trader's status line ("Entrepreneur individuel") is not its name;
// a department under the customer's name ("Service Communication") is not
// the customer.
TEST(InvoiceFields, StatusAndDepartmentLinesAreNotNames) {
  const char* fr =
      "Julie Renard - Graphiste\n"
      "Entrepreneur individuel\n"
      "17 chemin des Vignes\n"
      "84000 Avignon\n"
      "\n"
      "                                     Mairie de Villeneuve\n"
      "                                     Service Communication\n"
      "                                     Place Jean Jaurès\n"
      "                                     30400 Villeneuve-lès-Avignon\n"
      "\n"
      "FACTURE N° 2024-031\n"
      "Avignon, le 22 mai 2024\n"
      "Net à payer   650,00 €\n";
  Fields f = Extract(Invoice(), TextLayer(fr));
  EXPECT_EQ(V(f, "supplier_name"), "Julie Renard - Graphiste");
  EXPECT_EQ(V(f, "supplier_address"), "17 chemin des Vignes, 84000 Avignon");
  EXPECT_EQ(V(f, "customer_name"), "Mairie de Villeneuve");
  // A person's name over the company's: the company is the customer.
  const char* person_over_company =
      "Atelier Nord SARL\n"
      "4 rue du Port\n"
      "59000 Lille\n"
      "\n"
      "                                     Marc Lefebvre\n"
      "                                     Brasserie du Beffroi SAS\n"
      "                                     12 Grand Place\n"
      "                                     59800 Lille\n"
      "\n"
      "FACTURE N° 88\n"
      "Date : 02/05/2024\n"
      "Total TTC   120,00 €\n";
  f = Extract(Invoice(), TextLayer(person_over_company));
  EXPECT_EQ(V(f, "customer_name"), "Brasserie du Beffroi SAS");
}

// A till receipt whose bold total OCR misread by a digit: the items above
// it and the card payment agree on another amount, one OCR slip away.
TEST(InvoiceFields, ReceiptItemsAndCardPaymentOutvoteAMisreadTotal) {
  Fields f = Extract(Invoice(), Ocr({"Boulangerie Saint-Michel", "24 rue de la Harpe", "75005 Paris",
                                     "17/02/2024 08:42 Caisse 2", "Baguette tradition x2 2,60", "Croissant x4 5,20",
                                     "Tarte aux pommes 4,80", "--------", "TOTAL TTC 12,66 EUR", "CB 12,60"}));
  EXPECT_EQ(V(f, "total_gross"), "12.60");
  EXPECT_EQ(f.at("total_gross").method, "agreement");
  // Items under a subtotal and a tax do not sum to the total: not a reading.
  f = Extract(Invoice(), Ocr({"PINE VALLEY HARDWARE", "04/12/2024 10:17", "WOOD SCREWS 8.99", "PAINT BRUSH 12.49",
                              "SUBTOTAL 21.48", "TAX 0.88", "TOTAL 22.36", "VISA 22.36"}));
  EXPECT_EQ(V(f, "total_gross"), "22.36");
}

// The tax included in the total at the one rate printed beside it is the
// tax, whatever its label says ("incl." usually marks a gross amount).
TEST(InvoiceFields, TaxIncludedAtItsRate) {
  Fields f = Extract(Invoice(), Ocr({"The Copper Kettle", "8 Bridge Street", "York YO1 6DD", "09/03/2024 13:05",
                                     "2 Flat White 7.00", "1 Scone 3.95", "1 Soup 3.90", "TOTAL £14.85",
                                     "VAT 20% incl. 2.48", "Card 14.85"}));
  EXPECT_EQ(V(f, "total_gross"), "14.85");
  EXPECT_EQ(V(f, "total_tax"), "2.48");
  // A "net" equal to the gross beside an included tax is not the net.
  f = Extract(Invoice(), Ocr({"SHOP", "01/03/2024 10:00", "Total Excl GST 8.20", "TOTAL 8.20", "GST 6% 0.46"}));
  EXPECT_EQ(V(f, "total_tax"), "0.46");
  EXPECT_NE(V(f, "total_net"), "8.20");
  // One line per rate: their sum, when the parts of the total they imply
  // (tax x (1 + r) / r) add up to it.
  f = Extract(Invoice(), Ocr({"Brasserie Le Zinc", "12/07/2024 20:41", "2 Menu du jour 39,00", "1 Bordeaux 19,50",
                              "TOTAL TTC 58,50 EUR", "TVA 10% 3,55", "TVA 20% 3,25", "Carte bancaire 58,50"}));
  EXPECT_EQ(V(f, "total_tax"), "6.80");
  f = Extract(Invoice(), Ocr({"Brasserie Le Zinc", "12/07/2024 20:41", "TOTAL TTC 58,50 EUR", "TVA 10% 1,55",
                              "TVA 20% 3,25"}));
  EXPECT_NE(V(f, "total_tax"), "4.80");  // 1,55 x 11 + 3,25 x 6 = 36,55: not this total
  // A discount at a rate is no tax, even when the arithmetic fits.
  f = Extract(Invoice(), Ocr({"SHOP", "01/03/2024 10:00", "TOTAL 132.00", "Remise 10% 12.00"}));
  EXPECT_NE(V(f, "total_tax"), "12.00");
}

// Belgian French totals "HTVA" / "TVAC" (hors TVA, TVA comprise) and Dutch
// "excl./incl. btw" are net and gross labels.
TEST(InvoiceFields, BelgianAndDutchTotalLabels) {
  // Without a tax line the sum check cannot tell them apart: the labels must.
  Fields f = Extract(Invoice(), TextLayer("FACTURE 24/0012\n"
                                          "                     Total TVAC        1.034,55 EUR\n"
                                          "                     Total HTVA          855,00 EUR\n"));
  EXPECT_EQ(V(f, "total_net"), "855.00");
  EXPECT_EQ(V(f, "total_gross"), "1034.55");
  f = Extract(Invoice(), TextLayer("FACTUUR 2024-77\n"
                                   "                     Totaal incl. btw      € 605,00\n"
                                   "                     Totaal excl. btw      € 500,00\n"));
  EXPECT_EQ(V(f, "total_net"), "500.00");
  EXPECT_EQ(V(f, "total_gross"), "605.00");
}

// OCR reads "Herrn" over a window address as "Herm": still a salutation.
TEST(InvoiceFields, OcrHermIsTheSalutationHerrn) {
  const char* t =
      "Schreinerei Vogt GmbH · Lindenstraße 3 · 79098 Freiburg\n"
      "Herm\n"
      "Jonas Keller\n"
      "Bergweg 17\n"
      "79100 Freiburg\n"
      "\n"
      "Rechnung R-24-0193\n"
      "Gesamtbetrag 3.260,60 €\n";
  Fields f = Extract(Invoice(), TextLayer(t));
  EXPECT_EQ(V(f, "customer_name"), "Herm Jonas Keller");
}

// An Australian tax invoice: "Total ex GST", "GST", "Total inc GST", a due
// date in a column of labels ("Due   26/03/2024"), dollars with an ABN.
TEST(InvoiceFields, AustralianTotalsExAndIncGst) {
  const char* text =
      "Southern Cross Electrical Pty Ltd\n"
      "22 Hunter Street                                                    TAX INVOICE\n"
      "Newcastle NSW 2300\n"
      "ABN 42 604 378 112\n"
      "Invoice to:                                               Invoice No.            INV-3342\n"
      "Bayside Physiotherapy                                            Date          12/03/2024\n"
      "5/118 Darby Street                                                Due         26/03/2024\n"
      "Description                              Qty          Unit Price            GST          Amount\n"
      "Switchboard upgrade incl. RCDs              1           1,450.00           10%         1,450.00\n"
      "Supply & install LED downlights            12               48.00          10%           576.00\n"
      "Labour - electrician (hours)                6               95.00          10%           570.00\n"
      "                                                 Total ex GST                         $2,596.00\n"
      "                                                 GST                                    $259.60\n"
      "                                                 Total inc GST                        $2,855.60\n";
  Fields f = Extract(Invoice(), TextLayer(text));
  EXPECT_EQ(V(f, "total_net"), "2596.00");
  EXPECT_EQ(V(f, "total_tax"), "259.60");
  EXPECT_EQ(V(f, "total_gross"), "2855.60");
  EXPECT_EQ(V(f, "due_date"), "2024-03-26");
  EXPECT_EQ(V(f, "currency"), "AUD");
}

// Dollars without a code: Quebec's TPS/TVQ make them Canadian; a French
// sole trader's "EI" makes a name a business; "Factuur aan" heads the
// customer.
TEST(InvoiceFields, CanadianDollarsSoleTradersAndDutchCustomerHeader) {
  const char* qc =
      "Facture n° QC-2024-118                    Date : 12/03/2024\n"
      "Sous-total                                  1 411,40 $\n"
      "TPS (5 %)                                      70,57 $\n"
      "TVQ (9,975 %)                                 140,78 $\n"
      "Total                                       1 622,75 $\n";
  EXPECT_EQ(V(Extract(Invoice(), TextLayer(qc)), "currency"), "CAD");
  const char* us = "Invoice 4411   Date: March 12, 2024\nSubtotal   $100.00\nSales tax   $10.25\nTotal   $110.25\n";
  EXPECT_EQ(V(Extract(Invoice(), TextLayer(us)), "currency"), "USD");
  const char* ei =
      "Camille Bertrand EI\n"
      "Développeuse web indépendante\n"
      "9 impasse des Tisserands\n"
      "59800 Lille\n"
      "SIRET 88216453600014\n"
      "Numéro              2024-017                        Client\n"
      "Date d'émission     2024-03-18                      Agence Pixel Nord SAS\n"
      "Total                                                2 700,00 €\n"
      "TVA non applicable, art. 293 B du CGI\n";
  EXPECT_EQ(V(Extract(Invoice(), TextLayer(ei)), "supplier_name"), "Camille Bertrand EI");
  const char* nl =
      "Factuur\n"
      "Factuurnummer: 2024-0311          Datum: 12 maart 2024\n"
      "Factuur aan\n"
      "Restaurant De Gouden Leeuw\n"
      "Oudegracht 150\n"
      "3511 AZ Utrecht\n"
      "Totaal incl. btw                 € 1.234,56\n"
      "Bloemenhuis Jansen B.V. · Kerkstraat 14, 3511 LK Utrecht · KvK 12345678\n";
  Fields f = Extract(Invoice(), TextLayer(nl));
  EXPECT_EQ(V(f, "customer_name"), "Restaurant De Gouden Leeuw");
  EXPECT_NE(V(f, "supplier_name"), "Factuur aan");
}

// A till receipt whose store name is set in capitals over two lines: the
// line above the name belongs to it.
TEST(InvoiceFields, AReceiptsNameOverTwoLines) {
  Fields f = Extract(Invoice(), Ocr({"THE COPPER", "KETTLE", "café & bakehouse", "14 Gloucester Road",
                                     "Bristol BS7 8AE", "VAT No: GB 728 1946 11", "12/03/2024 14:03",
                                     "2 Flat White 6.80", "1 Cheese Scone 3.20", "TOTAL £10.00",
                                     "Visa Contactless £10.00"}));
  EXPECT_EQ(V(f, "supplier_name"), "THE COPPER KETTLE");
  EXPECT_EQ(V(f, "total_gross"), "10.00");
}

// A deposit invoice's total is the deposit's (net + tax), not the order's
// total recalled above it; a footer's legal mention is no part of the
// supplier's address.
TEST(InvoiceFields, DepositInvoiceTotalAndAFootersLegalMention) {
  const char* deposit =
      "Menuiserie Rochet & Fils SARL                                          FACTURE D'ACOMPTE\n"
      "27 chemin des Artisans\n"
      "38100 Grenoble\n"
      "Facture n° FAC-A-2024-031          Date 05/03/2024\n"
      "Devis n° D-2024-118 du 26/02/2024 accepté – montant total du devis : 11 450,00 € HT, soit 13 740,00 € TTC\n"
      "Acompte de 30 % à la commande sur devis n° D-2024-118            11 450,00     30 %      3 435,00\n"
      "                                             Total HT                                 3 435,00 €\n"
      "                                             TVA 20 %                                   687,00 €\n"
      "                                             Montant de l'acompte TTC                 4 122,00 €\n";
  Fields f = Extract(Invoice(), TextLayer(deposit));
  EXPECT_EQ(V(f, "total_gross"), "4122.00");
  EXPECT_EQ(V(f, "total_net"), "3435.00");
  const char* footer =
      "INVOICE                                   Invoice No: HL-2024-0412\n"
      "Date: 12 March 2024\n"
      "Bill to: Greenfield Farms Ltd\n"
      "Subtotal                                  £1,000.00\n"
      "VAT 20%                                     £200.00\n"
      "Total                                     £1,200.00\n"
      "  Harbour Lane IT Ltd · Registered in England & Wales No. 09876543 · Registered office: Unit 4, "
      "Riverside Park, Bristol BS1 6XN\n";
  Fields g = Extract(Invoice(), TextLayer(footer));
  EXPECT_EQ(V(g, "supplier_address"), "Unit 4, Riverside Park, Bristol BS1 6XN");
}

TEST(InvoiceFields, SumCheckPicksTheConsistentNet) {
  const char* text =
      "Facture n° 2024-77 du 02/05/2024\n"
      "Sous-total                 1 000,00\n"
      "Remise 10 %                 -100,00\n"
      "Total HT                     900,00\n"
      "TVA 20 %                     180,00\n"
      "Total TTC                  1 080,00 €\n";
  Fields f = Extract(Invoice(), TextLayer(text));
  EXPECT_EQ(V(f, "total_net"), "900.00");  // 1000 + 180 != 1080
  EXPECT_EQ(V(f, "total_tax"), "180.00");
  EXPECT_EQ(V(f, "total_gross"), "1080.00");
}

TEST(InvoiceFields, FailedSumCheckLowersConfidence) {
  const char* text =
      "Invoice INV-3 Date: 2024-01-10\n"
      "Subtotal   100.00\n"
      "Tax         20.00\n"
      "Total      130.00 EUR\n";
  Fields f = Extract(Invoice(), TextLayer(text));
  EXPECT_EQ(V(f, "total_gross"), "130.00");
  EXPECT_EQ(V(f, "total_net"), "100.00");
  EXPECT_LT(f.at("total_net").confidence, 0.7);
  EXPECT_LT(f.at("total_tax").confidence, 0.7);
}

TEST(InvoiceFields, DueDateBeforeIssueDateIsFlagged) {
  Fields f = Extract(Invoice(), TextLayer("Facture F-9\nDate de facture : 10/05/2024\n"
                                          "Date d'échéance : 01/04/2024\nTotal TTC 50,00 €\n"));
  ASSERT_TRUE(f.count("due_date"));
  EXPECT_LT(f.at("due_date").confidence, 0.5);
  EXPECT_NE(f.at("due_date").method.find("date-check-failed"), std::string::npos);
}

TEST(InvoiceFields, InvalidIdentifiersAreRejected) {
  Fields f = Extract(Invoice(), TextLayer("ACME SAS\n1 rue de Paris\n75001 Paris\n"
                                          "TVA : FR33123456789\nIBAN : FR76 3000 6000 0112 3456 7890 188\n"
                                          "Facture F-1 du 01/02/2024\nTotal TTC 12,00 €\n"));
  EXPECT_EQ(f.count("supplier_vat"), 0u);
  EXPECT_EQ(f.count("iban"), 0u);
  EXPECT_EQ(V(f, "supplier_name"), "ACME SAS");
}

// An online receipt: "Billed to" in a table of labels and values, and the
// issuer's legal footer two empty lines under that table.
TEST(InvoiceFields, BilledToRowOfALabelTableAndTheFooterVatUnderIt) {
  const char* text =
      "                 Receipt from Quillmoor Analytics Ltd\n"
      "                                  Receipt #5521-0093\n\n"
      "AMOUNT PAID          DATE PAID          PAYMENT METHOD\n"
      "€240.00              March 3, 2025      Mastercard – 4410\n\n"
      "   Plan — 8 seats × €30.00                             €240.00\n"
      "   Total excluding VAT                                 €195.12\n"
      "   VAT (23% included)                                   €44.88\n"
      "   Total                                               €240.00\n\n"
      "INVOICE DETAILS\n\n"
      "Invoice number          QA-2025-03-0412\n"
      "Billed to               Larchfield Joinery\n"
      "                        3 Quay Street, Galway H91 X2C4\n"
      "Customer VAT            IE 7654321G\n\n\n\n"
      "      Quillmoor Analytics Ltd · 12 Harbour Road, Cork T12 AB34\n"
      "                 VAT No. IE1234567T · Registered in Ireland No. 554321\n";
  Fields f = Extract(Invoice(), TextLayer(text));
  EXPECT_EQ(V(f, "customer_name"), "Larchfield Joinery");
  EXPECT_EQ(V(f, "supplier_vat"), "IE1234567T");
  EXPECT_EQ(V(f, "supplier_name"), "Quillmoor Analytics Ltd");
  EXPECT_EQ(V(f, "invoice_number"), "QA-2025-03-0412");
  // Two section heads side by side are no label and value.
  const char* heads =
      "PLOMBERIE KERGUEN SARL\n12 rue du Port\n29200 Brest\n\n"
      "Facture N° 2025-031                      Date : 12/03/2025\n\n"
      "Facturé à                    Lieu d'intervention\n"
      "Mme Anne Le Goff             8 impasse des Mouettes\n"
      "4 rue de Siam                29280 Plouzané\n"
      "29200 Brest\n\n"
      "Total HT 100,00 €\nTVA 10 % 10,00 €\nTotal TTC 110,00 €\n";
  EXPECT_EQ(V(Extract(Invoice(), TextLayer(heads)), "customer_name"), "Mme Anne Le Goff");
}

// A logo's words over a job site's block: the legal name is the one checks
// are made payable to, and the "SHIP TO / JOB SITE" block is no address of
// the issuer's.
TEST(InvoiceFields, PayableToNamesTheIssuerAndShipToEndsTheHeaderBlock) {
  const char* text =
      "HALVORSEN\n\n"
      "INVOICE\n\n"
      "Invoice # 5531\n"
      "PRINT & FRAME                                  Date 03/11/2025\n"
      "SHIP TO / JOB SITE                     BILL TO\n"
      "Juniper Lane Bakery - Storefront       Juniper Lane Bakery\n"
      "44 Market Street                       Accounts Payable\n"
      "Portland, ME 04101                     PO Box 118\n"
      "                                       Portland, ME 04112\n\n"
      "Framed prints 24x36                    1,200.00\n"
      "Subtotal $1,200.00\n"
      "Sales Tax (5.5%) $66.00\n"
      "TOTAL $1,266.00\n\n"
      "Please make checks payable to Halvorsen Print & Frame LLC\n"
      "710 Dock Road, Suite 2 - Portland, ME 04103 - (207) 555-0190\n";
  Fields f = Extract(Invoice(), OcrAsPrinted(text));
  EXPECT_EQ(V(f, "supplier_name"), "Halvorsen Print & Frame LLC");
  EXPECT_EQ(V(f, "customer_name"), "Juniper Lane Bakery");
  EXPECT_EQ(V(f, "supplier_address").find("Market Street"), std::string::npos) << V(f, "supplier_address");
}

// Two taxes side by side under their headings, an issue date under its
// heading (not under "date de facture" inside a sentence, with another
// invoice's date two lines down), and the same customer name in the billing
// and delivery columns one space apart.
TEST(InvoiceFields, TaxHeadingsSideBySideAndALabelInASentence) {
  const char* text =
      "Atelier Graphique Morvan SARL                                  CLIENT\n"
      "4 rue des Tanneurs\n"
      "29000 Quimper                                                  Librairie du Port Librairie du Port\n\n"
      "FACTURE\n"
      "   FACTURE N°            DATE            ÉCHÉANCE          CODE CLIENT\n"
      "   F2405-0031         21/05/2024         20/06/2024          LDP02\n\n"
      "                    TOTAL HT           TVA 5,5 %           TVA 20 %               TOTAL TTC\n"
      "                   2 100,00 €          55,00 €            220,00 €           2 375,00 €\n\n"
      "Conditions : paiement à 30 jours date de facture par virement.\n"
      "IBAN FR76 3000 4000 0300 0012 3456 750\n"
      "Rappel : notre facture F2404-0012 du 18/04/2024 reste impayée.\n";
  Fields f = Extract(Invoice(), TextLayer(text));
  EXPECT_EQ(V(f, "issue_date"), "2024-05-21");
  EXPECT_EQ(V(f, "total_net"), "2100.00");
  EXPECT_EQ(V(f, "total_tax"), "275.00");
  EXPECT_EQ(V(f, "total_gross"), "2375.00");
  EXPECT_EQ(V(f, "customer_name"), "Librairie du Port");
}

// Quebec's two sales taxes, GST and QST at 9.975 %, one line each.
TEST(InvoiceFields, GstAndQstAddUp) {
  const char* text =
      "Érablière Logiciels Inc.\n1200 rue Peel\nMontréal (Québec) H3B 2T6\n\n"
      "Invoice INV-2024-0311                       Date: 2024-03-11\n\n"
      "Subtotal 2,000.00\n"
      "GST/TPS 5% 100.00\n"
      "QST / TVQ 9.975% 199.50\n"
      "Total (CAD) $2,299.50\n";
  Fields f = Extract(Invoice(), OcrAsPrinted(text));
  EXPECT_EQ(V(f, "total_net"), "2000.00");
  EXPECT_EQ(V(f, "total_tax"), "299.50");
  EXPECT_EQ(V(f, "total_gross"), "2299.50");
}

// A hotel's bill: its name over a one-line address, the guest's company in
// the right column with its legal form and postcode, and the hotel's legal
// line in the footer without an address; the e-mail domain says whose name
// the footer's is.
TEST(InvoiceFields, FooterLegalLineWithoutAnAddressAndTheDomain) {
  const char* text =
      "Hôtel du Vieux Moulin\n"
      "2 rue des Meuniers — 24200 Sarlat — 05 53 00 11 22 — accueil@hotel-vieux-moulin.fr\n\n"
      "FACTURE N° F-24-00412                         SARL Cabinet Dufresne & Associés\n"
      "Date de facture 09/04/2024                    Mme Claire Dufresne\n"
      "Chambre 12                                    8 place Gambetta\n"
      "Arrivée 07/04/2024                            33000 Bordeaux\n"
      "Départ 09/04/2024\n\n"
      "07/04/2024 Hébergement chambre 12      1  90,00  10 %  90,00\n"
      "08/04/2024 Petit-déjeuner              2  10,00  10 %  20,00\n"
      "08/04/2024 Hébergement chambre 12      1  90,00  10 %  90,00\n\n"
      "Total HT 200,00 €\nTotal TVA 20,00 €\nTOTAL TTC 220,00 €\n\n"
      "SAS Hôtel du Vieux Moulin — capital 20 000 € — RCS Bergerac 790315667 — TVA FR69790315667\n";
  Fields f = Extract(Invoice(), OcrAsPrinted(text));
  EXPECT_EQ(V(f, "supplier_name"), "SAS Hôtel du Vieux Moulin");
  EXPECT_EQ(V(f, "customer_name"), "SARL Cabinet Dufresne & Associés");
}

// A British joiner's invoice: "Total inc. VAT" is the total, not the
// balance left after the deposit; the logo's words are the issuer's name
// only as the footer's "Ltd - Registered in England and Wales" line prints
// it, whose words the e-mail domain spells.
TEST(InvoiceFields, TotalIncVatBeforeTheDepositAndTheRegisteredName) {
  const char* text =
      "  FENWICK\n\n"
      "  CABINETRY\n\n"
      "Fitted kitchens - Wardrobes\n"
      "0113 496 0811 - office@fenwickcabinetry.co.uk\n\n"
      "INVOICE\n"
      "Invoice to:                       Invoice no. FC-0311\n"
      "Mr Tom Ellery                     Invoice date 4 April 2024\n"
      "3 Beck Lane                       Job ref. Kitchen, 3 Beck Lane\n"
      "Ilkley LS29 8AA\n\n"
      "Kitchen units and worktops 1 £4,000.00 £4,000.00\n"
      "Fitting labour 1 £1,000.00 £1,000.00\n"
      "Total net £5,000.00\n"
      "VAT @ 20% £1,000.00\n"
      "Total inc. VAT £6,000.00\n"
      "Less deposit received 1 March 2024 -£2,000.00\n"
      "Balance due £4,000.00\n\n"
      "Payment terms: balance due within 14 days of invoice date.\n\n"
      "Fenwick Cabinetry Ltd - Registered in England and Wales No. 09876541\n";
  Fields f = Extract(Invoice(), OcrAsPrinted(text));
  EXPECT_EQ(V(f, "total_gross"), "6000.00");
  EXPECT_EQ(V(f, "total_net"), "5000.00");
  EXPECT_EQ(V(f, "supplier_name"), "Fenwick Cabinetry Ltd");
  EXPECT_EQ(V(f, "customer_name"), "Mr Tom Ellery");
  // Swiss German: "Total exkl. MWST".
  const char* swiss =
      "Bergsicht Beratung AG\nSeestrasse 8\n8002 Zürich\n\nRechnung Nr. R-24-0007\nZürich, 12. März 2024\n\n"
      "Total exkl. MWST CHF 1'000.00\nMWST 8.1% CHF 81.00\nTotal inkl. MWST CHF 1'081.00\n";
  Fields ch = Extract(Invoice(), OcrAsPrinted(swiss));
  EXPECT_EQ(V(ch, "total_net"), "1000.00");
  EXPECT_EQ(V(ch, "total_gross"), "1081.00");
}

// A sign maker's invoice: a two-line logo beside the address, the footer's
// legal name with "&" in it, a British VAT number printed without "GB", and
// an IBAN whose check digits OCR read "O7".
TEST(InvoiceFields, LogoNameWithAmpersandUnprefixedGbVatAndIbanDigitsRepaired) {
  const char* text =
      "  HARROW                                        TAX INVOICE\n"
      "  DISPLAYS & PRINT    Unit 4, Wharf Road Estate\n"
      "                      Bradford BD1 2TT\n\n"
      "INVOICE TO                             Invoice No. HDP-2210\n"
      "Moorside Veterinary Clinic             Invoice Date 3 June 2025\n"
      "14 Moor Lane                           Payment Due 3 July 2025\n"
      "Keighley BD21 4QQ\n\n"
      "Window vinyl 1 £500.00 £500.00\n"
      "Subtotal £500.00\n"
      "VAT @ 20% £100.00\n"
      "TOTAL DUE £600.00\n\n"
      "Bank transfer - IBAN GBO7 LOYD 3094 5728 6850 18 BIC LOYDGB21\n\n"
      "Harrow Displays & Print Ltd - Registered in England and Wales No. 07712345 - VAT Reg. No. 123 4567 27\n";
  Fields f = Extract(Invoice(), OcrAsPrinted(text));
  EXPECT_EQ(V(f, "supplier_name"), "Harrow Displays & Print Ltd");
  // The logo's second line is no address; the one beside it is.
  EXPECT_EQ(V(f, "supplier_address"), "Unit 4, Wharf Road Estate, Bradford BD1 2TT");
  EXPECT_EQ(V(f, "supplier_vat"), "GB123456727");
  EXPECT_EQ(V(f, "iban"), "GB07LOYD30945728685018");
  EXPECT_EQ(V(f, "customer_name"), "Moorside Veterinary Clinic");
  EXPECT_EQ(V(f, "total_gross"), "600.00");
}

// A logo's name that the footer's legal line prints after the firm's trade
// and before its legal form ("Fiduciaire Kremer & Wagner S.à r.l.").
TEST(InvoiceFields, FooterNameWithTheTradeBeforeTheLogosWords) {
  const char* text =
      "                                                          KREMER & WAGNER\n"
      "                                      fiduciaire · expertise comptable · conseil\n"
      "                                      12, rue de Hollerich, L-1741 Luxembourg\n"
      "                                      bureau@kremer-wagner.lu\n\n"
      "  Garage Hoffmann S.à r.l.\n"
      "  3, rue de la Gare\n"
      "  L-3236 Bettembourg\n\n"
      "  Facture\n"
      "  N° de facture        2025-KW-0012\n"
      "  Date d'émission      14 février 2025\n\n"
      "  Total HTVA           1 000,00\n"
      "  TVA 17 %             170,00\n"
      "  Total TTC            1 170,00 EUR\n\n"
      "Fiduciaire Kremer & Wagner S.à r.l. – Société à responsabilité limitée – RCS Luxembourg B 201.118 – TVA LU26375245\n";
  Fields f = Extract(Invoice(), TextLayer(text));
  EXPECT_EQ(V(f, "supplier_name"), "Fiduciaire Kremer & Wagner S.à r.l.");
  EXPECT_EQ(V(f, "customer_name"), "Garage Hoffmann S.à r.l.");
}

// An IBAN broken over two lines of a narrow sidebar, under its label.
TEST(InvoiceFields, IbanBrokenOverTwoLinesOfASidebar) {
  const char* text =
      "VECTIS CONSEIL SAS            FACTURE N° VC-0412-003\n"
      "8 quai des Chartrons          Date : 02/04/2025\n"
      "33000 Bordeaux\n\n"
      "COORDONNÉES BANCAIRES         Conseil en organisation       1 000,00\n"
      "Banque Populaire Aquitaine    Total HT                      1 000,00\n"
      "IBAN                          TVA 20 %                        200,00\n"
      "FR22 1010 7001 0100 0123     Total TTC                     1 200,00\n"
      "4567 885\n"
      "BIC BPSMFRPPXXX\n";
  Fields f = Extract(Invoice(), TextLayer(text));
  EXPECT_EQ(V(f, "iban"), "FR2210107001010001234567885");
  // Not joined with what does not continue it under its column.
  const char* apart =
      "IBAN\nFR22 1010 7001 0100 0123\n       4567 885\nTotal TTC 1 200,00\n";
  EXPECT_EQ(V(Extract(Invoice(), TextLayer(apart)), "iban"), "<missing>");
}

// The issuer's address at the left margin under its logo's letters, left
// of the name printed at the top.
TEST(InvoiceFields, IssuerAddressUnderTheLogoLeftOfTheName) {
  const char* text =
      "                    Charpente Lemaître & Fils                                        FACTURE\n"
      "  CL                Charpente · Couverture · Zinguerie\n"
      "                                                              N° de facture     FA-2025-0044\n"
      "3 chemin des Prés                                                      Date      05/02/2025\n"
      "49300 Cholet\n"
      "Tél. 02 41 00 00 00\n\n"
      "                                                     FACTURÉ À\n"
      "                                                     SCI Les Vignes\n"
      "                                                     8 rue Nationale\n"
      "                                                     49000 Angers\n\n"
      "Total HT 1 000,00 €\nTVA 20 % 200,00 €\nTotal TTC 1 200,00 €\n";
  Fields f = Extract(Invoice(), TextLayer(text));
  EXPECT_EQ(V(f, "supplier_name"), "Charpente Lemaître & Fils");
  EXPECT_EQ(V(f, "supplier_address"), "3 chemin des Prés, 49300 Cholet");
  EXPECT_EQ(V(f, "customer_name"), "SCI Les Vignes");
}

// An energy bill: its due date in a sentence ("Wij verzoeken u het bedrag
// vóór 19 februari 2025 over te maken", OCR's "vôér"), and the issuer's
// street address from its legal footer rather than the post-office box of
// its return line.
TEST(InvoiceFields, DueDateInASentenceAndTheStreetOverAPostOfficeBox) {
  const char* text =
      "Delta Stroom B.V. - Postbus 1180 - 3000 BD Rotterdam\n\n"
      "M. de Vries\nKeizersgracht 12\n1015 CR Amsterdam\n\n"
      "Uw energienota\n"
      "Wij verzoeken u het bedrag vôér 21 maart 2025 over te maken.\n"
      "Factuurnummer 880112\n"
      "Factuurdatum 7 maart 2025\n"
      "Totaal excl. btw € 100,00\nBtw 21% € 21,00\nTotaal incl. btw € 121,00\n\n"
      "Delta Stroom B.V. - Coolsingel 140, 3011 AD Rotterdam - KvK 24 000 111 : btw NL691048952B01 : klantenservice 010 714 22 00 - deltastroom.nl\n";
  Fields f = Extract(Invoice(), OcrAsPrinted(text));
  EXPECT_EQ(V(f, "due_date"), "2025-03-21");
  EXPECT_EQ(V(f, "issue_date"), "2025-03-07");
  EXPECT_EQ(V(f, "supplier_name"), "Delta Stroom B.V.");
  EXPECT_EQ(V(f, "supplier_address"), "Coolsingel 140, 3011 AD Rotterdam");
}

// A tax base's label is the net total's: "Taxable base", "Base imponible".
TEST(InvoiceFields, TaxBaseLabelsNameTheNetTotal) {
  for (const char* base : {"Taxable base", "Base imponible", "Base imposable"}) {
    SCOPED_TRACE(base);
    const std::string text = std::string("Astilleros Mar Menor SL\nInvoice Number F-2025/0011\n") + base +
                             " 1,000.00 €\nVAT (IVA) 21% 210.00 €\nTOTAL EUR 1,210.00 €\n";
    Fields f = Extract(Invoice(), OcrAsPrinted(text));
    EXPECT_EQ(V(f, "total_net"), "1000.00");
    EXPECT_EQ(V(f, "total_tax"), "210.00");
    EXPECT_EQ(V(f, "total_gross"), "1210.00");
  }
}

// The issuer's and the customer's names on one line, each over its own
// address in its column: the right-hand block is the customer's.
TEST(InvoiceFields, CustomerNameOnTheIssuersNameLine) {
  const char* text =
      "HOVENIERS DE SMET\n\n"
      "Hoveniers De Smet BV                                     VME Residentie Parkzicht\n"
      "Dorpsstraat 12                                           p/a Syndicus Immo Claes\n"
      "9000 Gent\n"
      "                                                         Kouter 40\n"
      "Btw BE 0133.650.261                                      9000 Gent\n\n"
      "FACTUUR\nFactuurnummer 2025/0077\nFactuurdatum 03-04-2025\n"
      "Totaal excl. btw € 100,00\nBtw 21 % € 21,00\nTotaal incl. btw € 121,00\n";
  Fields f = Extract(Invoice(), TextLayer(text));
  EXPECT_EQ(V(f, "supplier_name"), "Hoveniers De Smet BV");
  EXPECT_EQ(V(f, "customer_name"), "VME Residentie Parkzicht");
}

// A scan whose issue-date value OCR lost: the due date printed under its
// label is neither read under the issue date's label nor taken as the
// document's only date.
TEST(InvoiceFields, LostIssueDateIsNotTheDueDate) {
  const char* text =
      "NORDVAL EVENTS INC.\n1200 rue Peel, Montréal, QC H3B 2T6\n\n"
      "Bill to / Facturer à\nAtelier Boréal Inc.\n\n"
      "Invoice no. / No de facture NE-25-0077\n"
      "nvoice date / Date “ee 400 boul. Saint-Laurent, bureau 2\n"
      "Due date / Échéance 2025-04-30\n\n"
      "Subtotal $1,000.00\nGST 5% $50.00\nQST 9.975% $99.75\nTOTAL (CAD) $1,149.75\n";
  Fields f = Extract(Invoice(), OcrAsPrinted(text));
  EXPECT_EQ(V(f, "due_date"), "2025-04-30");
  EXPECT_EQ(V(f, "issue_date"), "<missing>");
  EXPECT_EQ(V(f, "total_gross"), "1149.75");
}

// A utility bill: its number in groups of digits, the previous bill's
// payment date, the consumption period and the next bill's date are no
// issue date; the block at the top right is the addressee (a civility and a
// postcode), and the issuer is the footer's legal line.
TEST(InvoiceFields, UtilityBillNumberInGroupsAndItsOtherDates) {
  const char* text =
      "Facture de gaz\n"
      "du 2 avril 2024\n\n"
      "Gaz des Coteaux          N° de facture : 20 3100 447 602\n"
      "Référence client : 7 118 400 225\n"
      "Compte de facturation : 4410 2211 9034          MME CLAIRE VIDAL\n"
      "Point de comptage : 2231 0098 7712              4 RUE DES TISSERANDS\n"
      "Offre : Gaz Confort                             42000 SAINT-ETIENNE\n\n"
      "Montant total à payer 142,08 €\n"
      "à régler avant le 17/04/2024 par prélèvement automatique\n"
      "Solde de votre facture précédente (131,20 €) : réglé le 05/02/2024 — merci.\n"
      "Détail de votre facture — période de consommation du 01/02/2024 au 31/03/2024\n"
      "Abonnement 2 mois 24,00\n"
      "Consommation 1 100 kWh 94,40\n"
      "Total hors TVA 118,40 €\n"
      "Total TVA 23,68 €\n"
      "Total de cette facture TTC 142,08 €\n"
      "Prochaine facture : vers le 02/06/2024\n\n"
      "Service clients : 09 70 00 11 22\n"
      "Gaz des Coteaux SA — capital de 2 000 000 € — RCS Saint-Etienne 448702134 — TVA FR69448702134\n";
  Fields f = Extract(Invoice(), OcrAsPrinted(text));
  EXPECT_EQ(V(f, "invoice_number"), "20 3100 447 602");
  EXPECT_EQ(V(f, "issue_date"), "2024-04-02");
  EXPECT_EQ(V(f, "due_date"), "2024-04-17");
  EXPECT_EQ(V(f, "supplier_name"), "Gaz des Coteaux SA");
  EXPECT_EQ(V(f, "customer_name"), "MME CLAIRE VIDAL");
}

// A garage's name with its address to its right on the same line, and the
// trade's word under the name: the address is the one beside it.
TEST(InvoiceFields, AddressBesideTheNameOnItsLine) {
  const char* text =
      "Mécanique - Carrosserie - Pneumatiques\n\n"
      "GARAGE LEMOINE                      14 route de Vannes — 56000 Lorient\n"
      "                                    02 97 00 11 22\n"
      "AUTOMOBILES\n\n"
      "Lorient, le 3 mars 2024             M. Paul Quéré\n"
      "                                    8 rue du Port\n"
      "FACTURE N° 24/00077                 56100 Lorient\n\n"
      "Total HT 100,00 €\nTVA 20 % 20,00 €\nTotal TTC 120,00 €\n";
  Fields f = Extract(Invoice(), OcrAsPrinted(text));
  EXPECT_EQ(V(f, "supplier_name"), "GARAGE LEMOINE");
  EXPECT_EQ(V(f, "supplier_address"), "14 route de Vannes, 56000 Lorient");
}

// A co-ownership billed care of its managing agent: the "c/o" line is no
// name, the addressee above it is the customer.
TEST(InvoiceFields, CareOfLineIsNotTheCustomer) {
  const char* text =
      "MENUISERIE LAMBOT\n\n"
      "Menuiserie Lambot SRL\nRue de Namur 40\n5100 Jambes\n\n"
      "                                   ACP Résidence Les Ormes\n"
      "                                   c/o Syndic Gestimmo SPRL\n"
      "TVA BE 0642.881.554                Rue Haute 8\n"
      "Tél. 081 00 11 22                  5000 Namur\n"
      "FACTURE 2024/0112\nDate de facture : 11-03-2024\n\n"
      "Total HTVA 1.000,00 EUR\nTVA 6% 60,00 EUR\nTotal TVAC 1.060,00 EUR\n";
  Fields f = Extract(Invoice(), OcrAsPrinted(text));
  EXPECT_EQ(V(f, "customer_name"), "ACP Résidence Les Ormes");
}

TEST(Parties, PostcodeLinesAndLegalForms) {
  EXPECT_TRUE(parties::IsPostcodeLine("75018 PARIS"));
  EXPECT_TRUE(parties::IsPostcodeLine("DE 80333 München"));
  EXPECT_TRUE(parties::IsPostcodeLine("1012 AB Amsterdam"));
  EXPECT_TRUE(parties::IsPostcodeLine("London SW1A 1AA"));
  EXPECT_TRUE(parties::IsPostcodeLine("Springfield, IL 62704"));
  EXPECT_FALSE(parties::IsPostcodeLine("Tel: 04 72 00 00 00"));
  EXPECT_FALSE(parties::IsPostcodeLine("Total 12345 EUR"));
  EXPECT_TRUE(parties::HasLegalForm("Lieferant GmbH"));
  EXPECT_TRUE(parties::HasLegalForm("MR D.I.Y. (M) SDN BHD"));
  EXPECT_FALSE(parties::HasLegalForm("Boulangerie Martin"));
  auto segs = parties::Segments("  Name:      Lieferant GmbH   x");
  ASSERT_EQ(segs.size(), 3u);
  EXPECT_EQ(segs[0].col, 2);
  EXPECT_EQ(segs[1].text, "Lieferant GmbH");
}

}  // namespace
}  // namespace docflow
