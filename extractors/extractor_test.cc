#include "extractors/extractor.h"

#include <gtest/gtest.h>

#include "extractors/test_ocr_pages.h"

#include "classifiers/classifier.h"
#include "classifiers/test_documents.h"

namespace docflow {
namespace {

std::vector<Page> PagesOf(const std::string& text) {
  Page p;
  p.index = 0;
  p.source = "text-layer";
  p.text = text;
  p.mean_confidence = 100;
  return {p};
}

Classification As(const char* label) {
  Classification c;
  c.label = label;
  c.confidence = 0.9;
  return c;
}

std::string Value(const Fields& f, const std::string& name) {
  auto it = f.find(name);
  if (it == f.end()) return "<missing>";
  return it->second.value.is_string() ? it->second.value.get<std::string>() : it->second.value.dump();
}

// An OCR page built from lines: one word per space-separated token, boxes on
// a simple grid (x = 100 * token index, y = 50 * line index).
Page OcrPage(const std::vector<std::string>& lines) {
  Page p;
  p.index = 0;
  p.source = "ocr";
  p.width = 2480;
  p.height = 3508;
  for (size_t l = 0; l < lines.size(); ++l) {
    const std::string& s = lines[l];
    size_t b = 0;
    int k = 0;
    for (size_t i = 0; i <= s.size(); ++i) {
      if (i == s.size() || s[i] == ' ') {
        if (i > b) {
          Word w;
          w.text = s.substr(b, i - b);
          w.confidence = 90;
          w.line = static_cast<int>(l);
          w.box = Box{100 * k, 50 * static_cast<int>(l), 90, 40};
          p.words.push_back(w);
          ++k;
        }
        b = i + 1;
      }
    }
  }
  return p;
}

TEST(InvoiceExtractor, FrenchInvoice) {
  Fields f = Extract(As("invoice"), PagesOf(testdocs::kFrenchInvoice));
  EXPECT_EQ(Value(f, "invoice_number"), "FA-2024-0042");
  EXPECT_EQ(Value(f, "issue_date"), "2024-03-12");
  EXPECT_EQ(Value(f, "due_date"), "2024-04-11");
  EXPECT_EQ(Value(f, "total_gross"), "1234.56");
  EXPECT_EQ(Value(f, "currency"), "EUR");
  const Field& n = f.at("invoice_number");
  EXPECT_EQ(n.method, "label");
  EXPECT_EQ(n.extractor_version, "invoice/2");
  EXPECT_EQ(n.page, 0);
  EXPECT_GE(n.confidence, 0.8);
  EXPECT_FALSE(n.box.has_value());  // text layer: no words, no box
}

TEST(InvoiceExtractor, EnglishInvoiceMonthFirst) {
  Fields f = Extract(As("invoice"), PagesOf(testdocs::kEnglishInvoice));
  EXPECT_EQ(Value(f, "invoice_number"), "INV-10233");
  EXPECT_EQ(Value(f, "issue_date"), "2024-03-14");
  EXPECT_EQ(Value(f, "due_date"), "2024-04-13");
  EXPECT_EQ(Value(f, "total_gross"), "666.19");  // not the subtotal
  EXPECT_EQ(Value(f, "currency"), "USD");
}

TEST(InvoiceExtractor, PrefersGrossOverSubtotalAndDue) {
  const char* text =
      "Invoice No: 2024/118\nDate: 05.02.2024\n"
      "Sub-total                 500,00\n"
      "Total HT                  500,00\n"
      "TVA 20%                   100,00\n"
      "Total TTC                 600,00 EUR\n"
      "Acompte versé             200,00\n"
      "Net à payer               400,00 EUR\n";
  Fields f = Extract(As("invoice"), PagesOf(text));
  EXPECT_EQ(Value(f, "invoice_number"), "2024/118");
  EXPECT_EQ(Value(f, "issue_date"), "2024-02-05");
  EXPECT_EQ(Value(f, "total_gross"), "600.00");
  EXPECT_EQ(Value(f, "currency"), "EUR");
}

TEST(InvoiceExtractor, TotalsInColumnsUnderTheirLabels) {
  const char* text =
      "FACTURE N° : F-77\n"
      "Date : 31/12/2018\n"
      "                 TOTAL HT        TOTAL TVA        TOTAL TTC\n"
      "Conditions générales au verso\n"
      "                   100,00            10,00           110,00\n"
      "Acompte : 10,00\n"
      "NET A PAYER          100,00 EUR\n";
  Fields f = Extract(As("invoice"), PagesOf(text));
  EXPECT_EQ(Value(f, "invoice_number"), "F-77");
  EXPECT_EQ(Value(f, "issue_date"), "2018-12-31");
  EXPECT_EQ(Value(f, "total_gross"), "110.00");
}

TEST(InvoiceExtractor, GermanInvoice) {
  const char* text =
      "Handelsrechnung (380) Nr. 471102 vom 05.03.2018\n"
      "Währung: EUR\n"
      "Rechnungssumme ohne USt.     473,00\n"
      "Steuerbetrag                  56,87\n"
      "Bruttosumme                  529,87\n"
      "Zahlbetrag                   529,87\n";
  Fields f = Extract(As("invoice"), PagesOf(text));
  EXPECT_EQ(Value(f, "invoice_number"), "471102");
  EXPECT_EQ(Value(f, "issue_date"), "2018-03-05");
  EXPECT_EQ(Value(f, "total_gross"), "529.87");
  EXPECT_EQ(Value(f, "currency"), "EUR");
}

TEST(InvoiceExtractor, ReceiptTotal) {
  Fields f = Extract(As("invoice"), PagesOf(testdocs::kReceipt));
  EXPECT_EQ(Value(f, "total_gross"), "6.14");  // not cash tendered nor change
  EXPECT_EQ(Value(f, "issue_date"), "2024-02-14");
  EXPECT_EQ(Value(f, "currency"), "EUR");
  EXPECT_EQ(f.count("invoice_number"), 0u);
}

TEST(InvoiceExtractor, CreditNoteKeepsTheSign) {
  Fields f = Extract(As("invoice"), PagesOf(testdocs::kCreditNote));
  EXPECT_EQ(Value(f, "invoice_number"), "AV-2024-007");
  EXPECT_EQ(Value(f, "total_gross"), "-125.22");
  EXPECT_EQ(Value(f, "issue_date"), "2024-06-05");
}

TEST(InvoiceExtractor, OcrWordsGiveBoxes) {
  Page p = OcrPage({"FACTURE", "Facture N° FA-2024-0042", "Date : 12/03/2024",
                    "Total TTC 1 234,56 €"});
  Fields f = Extract(As("invoice"), {p});
  ASSERT_EQ(Value(f, "invoice_number"), "FA-2024-0042");
  ASSERT_TRUE(f.at("invoice_number").box.has_value());
  Box b = *f.at("invoice_number").box;
  EXPECT_EQ(b.x, 200);
  EXPECT_EQ(b.y, 50);
  ASSERT_EQ(Value(f, "total_gross"), "1234.56");
  ASSERT_TRUE(f.at("total_gross").box.has_value());
  Box t = *f.at("total_gross").box;  // "1", "234,56", "€" -> union
  EXPECT_EQ(t.x, 200);
  EXPECT_EQ(t.w, 290);
  EXPECT_EQ(t.y, 150);
}

TEST(InvoiceExtractor, FallbackDateIsLessConfident) {
  Fields f = Extract(As("invoice"), PagesOf("Invoice INV-9\nParis, 3 avril 2024\nTotal 10,00 €\n"));
  EXPECT_EQ(Value(f, "issue_date"), "2024-04-03");
  EXPECT_EQ(f.at("issue_date").method, "fallback");
  EXPECT_LT(f.at("issue_date").confidence, f.at("invoice_number").confidence);
}

TEST(ContractExtractor, EnglishContract) {
  Fields f = Extract(As("contract"), PagesOf(testdocs::kEnglishContract));
  EXPECT_EQ(Value(f, "title"), "SERVICES AGREEMENT");
  ASSERT_TRUE(f.count("parties"));
  const auto& parties = f.at("parties").value;
  ASSERT_TRUE(parties.is_array());
  ASSERT_EQ(parties.size(), 2u);
  EXPECT_EQ(parties[0], "Northwind Traders, Inc.");
  EXPECT_EQ(parties[1], "Blue Harbor Consulting LLC");
  EXPECT_EQ(Value(f, "agreement_date"), "2023-01-15");
  EXPECT_EQ(Value(f, "governing_law"), "New York");
  EXPECT_EQ(f.at("title").extractor_version, "contract/1");
}

TEST(ContractExtractor, FrenchContract) {
  Fields f = Extract(As("contract"), PagesOf(testdocs::kFrenchContract));
  EXPECT_EQ(Value(f, "title"), "CONTRAT DE PRESTATION DE SERVICES");
  ASSERT_TRUE(f.count("parties"));
  const auto& parties = f.at("parties").value;
  ASSERT_EQ(parties.size(), 2u);
  EXPECT_EQ(parties[0], "Alpha Conseil SAS");
  EXPECT_EQ(parties[1], "Beta Industrie SARL");
  EXPECT_EQ(Value(f, "agreement_date"), "2024-02-03");
}

TEST(ContractExtractor, MultiLineTitleAndDayOfPhrase) {
  const char* text =
      "                    EXHIBIT 10.1\n"
      "            AMENDMENT AND TERMINATION\n"
      "                       OF\n"
      "            JOINT VENTURE AGREEMENT\n"
      "This Endorsement Agreement is made this 13th day of October, 1999 by and between\n"
      "SQUARE TWO GOLF INC., a New Jersey corporation (the \"Company\"), and KATHY\n"
      "WHITWORTH, an individual (the \"Professional\").\n";
  Fields f = Extract(As("contract"), PagesOf(text));
  EXPECT_EQ(Value(f, "title"), "AMENDMENT AND TERMINATION OF JOINT VENTURE AGREEMENT");
  EXPECT_EQ(Value(f, "agreement_date"), "1999-10-13");
  ASSERT_TRUE(f.count("parties"));
  EXPECT_EQ(f.at("parties").value.size(), 2u);
  EXPECT_EQ(f.at("parties").value[0], "SQUARE TWO GOLF INC.");
  EXPECT_EQ(f.at("parties").value[1], "KATHY WHITWORTH");
}

// The parties a contract's text gives, in order (empty when none).
// scanned: the text as an OCR page's words (test_ocr_pages.h).
std::vector<std::string> PartiesOf(const std::string& text, std::string* method = nullptr, bool scanned = false) {
  Fields f = Extract(As("contract"), scanned ? testing::OcrAsPrinted(text) : PagesOf(text));
  std::vector<std::string> out;
  if (!f.count("parties")) return out;
  for (const auto& v : f.at("parties").value) out.push_back(v.get<std::string>());
  if (method) *method = f.at("parties").method;
  return out;
}
using Names = std::vector<std::string>;

// Names that hold a bracketed place, a digit or "A/S", typed underlining
// between the lines, and an address after "of": each party is its whole name.
TEST(ContractExtractor, PartyNamesKeepBracketsDigitsAndLegalForms) {
  const char* text =
      "                         SUPPLY AGREEMENT\n"
      "This Supply Agreement (this \"Agreement\") is made as of 2 March, 2011, between\n"
      "KESTREL FOODS (HOLDINGS) LIMITED of 12 Harbour Road, Cork, Ireland (\"Kestrel\"), and\n"
      "                                    ---\n"
      "NORDVIK 2, LLC, a Delaware limited liability company (\"Nordvik\").\n"
      "WHEREAS, Kestrel makes the products;\n";
  EXPECT_EQ(PartiesOf(text), (Names{"KESTREL FOODS (HOLDINGS) LIMITED", "NORDVIK 2, LLC"}));

  const char* second =
      "                        CONSULTING AGREEMENT\n"
      "This Consulting Agreement is entered into on May 4, 2020 by and between\n"
      "Orbis 3D Corp., an Ontario corporation (\"Orbis\"), and Havn Trading A/S of\n"
      "Strandvejen 100, Hellerup, Denmark (\"Havn\"), and Pell (Suzhou) Co Ltd,\n"
      "a company organised in China (\"Pell\").\n";
  EXPECT_EQ(PartiesOf(second), (Names{"Orbis 3D Corp.", "Havn Trading A/S", "Pell (Suzhou) Co Ltd"}));
}

// French parties "ENTRE LES SOUSSIGNES : ... D'UNE PART, ET : ..." (the
// boundary in capitals, "ET" with its colon, an article before an
// organisation's name); English parties numbered under a PARTIES heading.
TEST(ContractExtractor, PartiesUnderSoussignesAndAPartiesHeading) {
  const char* fr =
      "                 CONTRAT DE PRESTATION DE SERVICES\n"
      "ENTRE LES SOUSSIGNÉS :\n"
      "La société Alpine Conseil SAS, société par actions simplifiée au capital de 50 000 euros,\n"
      "dont le siège social est situé 3 avenue Alsace-Lorraine, 38000 Grenoble, ci-après « le Prestataire »,\n"
      "D'UNE PART,\n"
      "ET :\n"
      "La Clinique du Parc SA, société anonyme au capital de 1 000 000 euros, ci-après « le Client »,\n"
      "D'AUTRE PART,\n"
      "Article 1 - Objet\n";
  EXPECT_EQ(PartiesOf(fr), (Names{"Alpine Conseil SAS", "Clinique du Parc SA"}));
  const char* en =
      "                 MUTUAL NON-DISCLOSURE AGREEMENT\n"
      "THIS AGREEMENT is dated 10 June 2024\n"
      "PARTIES\n"
      "(1) KESTREL ROBOTICS LTD incorporated and registered in England and Wales with company number\n"
      "09876543 whose registered office is at 4 Science Park, Cambridge CB4 0FZ (\"Kestrel\"); and\n"
      "(2) ORION MEDICAL DEVICES PLC incorporated and registered in England and Wales (\"Orion\").\n"
      "1. Interpretation\n";
  EXPECT_EQ(PartiesOf(en), (Names{"KESTREL ROBOTICS LTD", "ORION MEDICAL DEVICES PLC"}));
}

// Parties laid out as a table: a row of roles and a name under each, with
// or without a row label on the left (French and English), and roles on
// labelled rows without a colon.
TEST(ContractExtractor, PartiesInColumnsUnderTheirRolesAndOnRoleRows) {
  const char* fr =
      "            CONTRAT DE LOCATION DE MATÉRIEL\n"
      "ENTRE LES SOUSSIGNÉS\n"
      "\n"
      " LE LOUEUR                                        LE LOCATAIRE\n"
      " Alpes Matériel SAS                                Garonne Bâtiment SARL\n"
      " Siège social : 4 rue du Port, 38000 Grenoble      Siège social : 12 quai de Tounis, 31000 Toulouse\n"
      "IL A ÉTÉ CONVENU CE QUI SUIT :\n"
      "Article 1 – Objet\n";
  std::string method;
  EXPECT_EQ(PartiesOf(fr, &method), (Names{"Alpes Matériel SAS", "Garonne Bâtiment SARL"}));
  EXPECT_EQ(method, "party-columns");
  const char* en =
      "                        JOINT VENTURE AGREEMENT\n"
      "                              Dated: 21 February 2026\n"
      "                        Party A                              Party B\n"
      "\n"
      " Name                   Northgate Solar Limited              Fenby Civil Engineering plc\n"
      " Company number         10457732                             02219864\n"
      "Background\n";
  EXPECT_EQ(PartiesOf(en, &method), (Names{"Northgate Solar Limited", "Fenby Civil Engineering plc"}));
  EXPECT_EQ(method, "party-columns");
  // Parties on the rows of a table under "conclu entre :", each name's
  // role on the row under it; a header row above them.
  const char* table_rows =
      " Avenant n°2 au contrat de maintenance des équipements\n\n"
      " Le présent avenant est conclu entre :\n\n"
      "  Désignation                 Identification                  Représentant\n\n"
      "  Résidence Les Aulnes SAS    SAS au capital de 80 000 €      M. Paul Girard,\n"
      "  ci-après « le Client »      RCS Annecy 412 118 907          Président\n"
      "                              3 rue des Aulnes, 74000 Annecy\n\n"
      "  Savoie Froid SARL           SARL au capital de 20 000 €     Mme Lise Royer,\n"
      "  ci-après « le Prestataire » RCS Chambéry 501 277 310        Gérante\n\n"
      " ci-après dénommées ensemble « les Parties ».\n\n"
      " Préambule\n";
  EXPECT_EQ(PartiesOf(table_rows, &method), (Names{"Résidence Les Aulnes SAS", "Savoie Froid SARL"}));
  EXPECT_EQ(method, "party-rows");
  // A form's numbered sections for the roles, a row of labels over the
  // names; the title beside a logo's words.
  const char* order_form =
      " NORDLY\n"
      " FACILITIES                                         SERVICE ORDER FORM\n"
      " 1. CLIENT                                          2. PROVIDER\n"
      " LEGAL NAME                                         LEGAL NAME\n"
      " Harbour Clinics Ltd                                Nordly Facilities Ltd\n"
      " GOVERNING LAW   Scotland\n";
  EXPECT_EQ(PartiesOf(order_form, &method), (Names{"Harbour Clinics Ltd", "Nordly Facilities Ltd"}));
  EXPECT_EQ(method, "party-columns");
  EXPECT_EQ(Value(Extract(As("contract"), PagesOf(order_form)), "title"), "SERVICE ORDER FORM");
  // The same tables on scanned pages, read from the words' places: roles
  // over a company's cell cut before "capital" and a person; rows whose
  // third name takes two lines of its cell.
  const char* scanned_columns =
      "CONTRAT DE TRAVAIL A DUREE DETERMINEE\n\n"
      "L'EMPLOYEUR                                  LE SALARIÉ\n"
      "La société BRASSERIE DU LAC, SARL au         Monsieur Hugo Perrin\n"
      "capital de 20 000 €                          né le 2 mai 1999 à Annecy\n\n"
      "Article 1 - Engagement\n";
  EXPECT_EQ(PartiesOf(scanned_columns, &method, true), (Names{"BRASSERIE DU LAC, SARL", "Hugo Perrin"}));
  EXPECT_EQ(method, "party-columns");
  const char* scanned_rows =
      "CONVENTION DE PARTENARIAT\n\n"
      "La présente convention est conclue entre les partenaires désignés ci-dessous :\n\n"
      "  Partenaire                 Statut                          Représenté par\n"
      "  Association Les Jardins    Association loi 1901            Mme Anne Roux,\n"
      "  ci-après « les Jardins »   SIRET 812 440 176 00024         Présidente\n\n"
      "  Fondation Morvan pour      Fondation reconnue d'utilité    M. Luc Morvan,\n"
      "  l'Environnement            publique                        Président\n"
      "  ci-après « la Fondation »\n\n"
      "ci-après désignés ensemble « les Partenaires ».\n";
  EXPECT_EQ(PartiesOf(scanned_rows, &method, true),
            (Names{"Association Les Jardins", "Fondation Morvan pour l'Environnement"}));
  EXPECT_EQ(method, "party-rows");
  // A name under only one of the roles is no table of parties.
  const char* half =
      "                        JOINT VENTURE AGREEMENT\n"
      "                        Party A                              Party B\n"
      " Name                   Northgate Solar Limited              to be nominated\n";
  EXPECT_TRUE(PartiesOf(half).empty());
  const char* rows =
      "                      DATA PROCESSING AGREEMENT\n"
      "Date of this DPA        3 March 2025\n"
      "Controller              Liffey Pharmacy Group Limited, a company incorporated in Ireland (CRO no.\n"
      "                        612448), whose registered office is at 14 Baggot Street, Dublin 4\n"
      "Processor               Quillan Software Ltd, a company incorporated in Ireland\n"
      "1. Subject matter. This DPA forms part of the Main Agreement.\n";
  EXPECT_EQ(PartiesOf(rows, &method), (Names{"Liffey Pharmacy Group Limited", "Quillan Software Ltd"}));
  EXPECT_EQ(method, "role-rows");
  // An order form's cells of two lines, the role set halfway down.
  const char* cells =
      "                               ORDER FORM\n"
      "                  under the Halden Cloud Subscription Agreement\n"
      "                            Halden Cloud, Inc., 40 Pine Street, Suite 900, San\n"
      "  Provider\n"
      "                            Francisco, CA 94104\n"
      "                            Orrin Logistics LLC, 88 Canal Street, Houston, TX\n"
      "  Customer\n"
      "                            77002\n"
      "  Order Form Date           May 2, 2025\n"
      "  Subscription Term Start\n"
      "                            06/01/2025\n"
      "  Date\n";
  EXPECT_EQ(PartiesOf(cells, &method), (Names{"Halden Cloud, Inc.", "Orrin Logistics LLC"}));
  EXPECT_EQ(method, "role-rows");
  // A signature block's field labels under the roles are no parties.
  const char* signatures =
      "            CONTRAT DE PRESTATION DE SERVICES\n"
      "Article 9 – Droit applicable. Le présent contrat est soumis au droit français.\n"
      "Le Prestataire                                   Le Client\n"
      "Nom, qualité, signature                          Nom, qualité, signature\n";
  EXPECT_TRUE(PartiesOf(signatures).empty());
}

// OCR's bars after "ENTRE" and "ET:" (a table's rule read as "|").
TEST(ContractExtractor, PartiesAfterOcrBars) {
  const char* text =
      "                    CONTRAT D'AGENCE COMMERCIALE\n"
      "ENTRE |\n"
      "MAREN DISTRIBUTION SRL, dont le siège est établi Rue Haute 12, 1000 Bruxelles,\n"
      "ci-après dénommée « le Commettant » ;\n"
      "ET: |\n"
      "Monsieur Luc PIRET, agent commercial indépendant, domicilié Rue Neuve 3, 5000 Namur,\n"
      "ci-après dénommé « l'Agent » ;\n"
      "IL EST CONVENU CE QUI SUIT :\n"
      "Article 1. Objet\n";
  EXPECT_EQ(PartiesOf(text), (Names{"MAREN DISTRIBUTION SRL", "Luc PIRET"}));
  // A definition's words after the last party are none.
  const char* three =
      "                    CONVENTION DE PARTENARIAT\n"
      "ENTRE :\n"
      "1. L'INSTITUT TECHNIQUE DU LIN (ITL), établissement public, ci-après « l'ITL » ;\n"
      "2. La société LINOR SAS, société par actions simplifiée, ci-après « Linor » ;\n"
      "3. La COOPÉRATIVE LINIÈRE DU NORD, société coopérative agricole, ci-après « la Coopérative » ;\n"
      "ci-après désignés individuellement « un Partenaire » et collectivement « les Partenaires ».\n"
      "PRÉAMBULE\n";
  for (const std::string& name : PartiesOf(three)) EXPECT_EQ(name.find("ci-après"), std::string::npos) << name;
}

// An order form's term in its table: "Subscription Term Start" and "End"
// with their "Date" wrapped onto the next line.
TEST(ContractExtractor, SubscriptionTermRowsWithTheirDateWrapped) {
  const char* text =
      "            SAAS SUBSCRIPTION AGREEMENT - ORDER FORM\n"
      "  Provider                    Halden Cloud, Inc.\n"
      "  Customer                    Orrin Logistics LLC\n"
      "  Order Form Date             May 2, 2025\n"
      "  Subscription Term Start     06/01/2025\n"
      "  Date\n"
      "  Subscription Term End       05/31/2026\n"
      "  Date\n"
      "This Order Form is governed by the laws of the State of New York.\n";
  Fields f = Extract(As("contract"), PagesOf(text));
  EXPECT_EQ(Value(f, "effective_date"), "2025-06-01");
  EXPECT_EQ(Value(f, "expiration_date"), "2026-05-31");
}

// "ENTRE LES SOUSSIGNÉES :" (feminine) and parties numbered "1.", "2."; the
// date of a law in a party's description is not the agreement's date.
TEST(ContractExtractor, NumberedFrenchPartiesAndTheDateOfALaw) {
  const char* numbered =
      "                          PACTE D'ASSOCIÉS\n"
      "ENTRE LES SOUSSIGNÉES :\n"
      "1. Holding Ferrand SAS, société par actions simplifiée au capital de 15 000 euros,\n"
      "ci-après « le Fondateur » ;\n"
      "2. Quadrant Invest SAS, société par actions simplifiée, ci-après « l'Investisseur » ;\n"
      "IL A ÉTÉ CONVENU CE QUI SUIT :\n";
  EXPECT_EQ(PartiesOf(numbered), (Names{"Holding Ferrand SAS", "Quadrant Invest SAS"}));
  const char* law =
      "                        CONVENTION DE PARTENARIAT\n"
      "Entre l'Association Bretagne Lait, association régie par la loi du 1er juillet 1901, et\n"
      "Laiteries Kermor SA, ci-après « l'Entreprise ».\n"
      "Article 1 – Objet. La chaire est créée pour trois ans.\n"
      "Signé à Quimper, le 9 janvier 2025, en deux exemplaires.\n";
  Fields f = Extract(As("contract"), PagesOf(law));
  EXPECT_EQ(Value(f, "agreement_date"), "2025-01-09");
  // Without the signature line, no date at all rather than the law's.
  const std::string unsigned_law = std::string(law).substr(0, std::string(law).find("Signé"));
  EXPECT_EQ(Extract(As("contract"), PagesOf(unsigned_law)).count("agreement_date"), 0u);
}

// Parties on "Party A:" lines, and a party named by its defined short name
// Parties the English way, "PARTIES (1) ... (the "Company"). (2) ...", French
// parties numbered "1." to "3." after commas, a framed preamble ("PRÉAMBULE
// ATTENDU QUE ...") that is no party, and role rows whose name is followed by
// a spaced dash ("Employeur    Hôtel Les Cimes SARL – 112 route des Praz").
TEST(ContractExtractor, NumberedPartiesRoleRowsWithDashesAndFramedPreambles) {
  const char* uk =
      "  EMPLOYMENT AGREEMENT\n"
      "  THIS AGREEMENT is dated 3 March 2022\n"
      "  PARTIES\n"
      "      (1) Kestrel Logistics Limited incorporated and registered in England and Wales with company\n"
      "      number 08815342 whose registered office is at Unit 4, Riverside Park, Leeds LS10 1AB (the\n"
      "      \"Company\").\n"
      "      (2) Priya Raman of 17 Chapel Lane, Harrogate HG1 2RT (the \"Employee\").\n"
      "  AGREED TERMS\n"
      "  1. Commencement and continuous employment\n";
  EXPECT_EQ(PartiesOf(uk), (Names{"Kestrel Logistics Limited", "Priya Raman"}));
  const char* pacte =
      "                           PACTE D'ASSOCIÉS\n"
      "ENTRE LES SOUSSIGNÉS :\n"
      "   1. Financière du Rhône SA, société anonyme au capital de 2 400 000 euros, dont le siège\n"
      "   social est situé 3 place Victor Hugo, 38000 Grenoble, représentée par Monsieur Pierre-Yves Aubert,\n"
      "   2. Madame Hélène Rousseau, née le 3 juillet 1979 à Chambéry, demeurant 12 chemin\n"
      "   des Vignes, 38240 Meylan,\n"
      "   3. Monsieur Marc-Olivier Petit, né le 21 novembre 1983 à Valence, demeurant 40 avenue\n"
      "   Alsace-Lorraine, 38000 Grenoble,\n"
      "ci-après désignés ensemble les « Associés » et individuellement un « Associé ».\n"
      "PRÉAMBULE\n"
      "La société Verte Énergie SAS a pour activité l'installation de centrales photovoltaïques.\n";
  EXPECT_EQ(PartiesOf(pacte), (Names{"Financière du Rhône SA", "Hélène Rousseau", "Marc-Olivier Petit"}));
  EXPECT_EQ(Value(Extract(As("contract"), PagesOf(pacte)), "title"), "PACTE D'ASSOCIÉS");
  const char* framed =
      "                                    CONTRAT DE FRANCHISE\n"
      "   ENTRE :\n"
      "         Franchises Café Boréal inc., personne morale légalement constituée;\n"
      "         (ci-après le « Franchiseur »)\n"
      "   ET :\n"
      "         9387-1122 Québec inc., personne morale légalement constituée;\n"
      "         (ci-après le « Franchisé »)\n"
      "   PRÉAMBULE\n"
      "   ATTENDU QUE le Franchiseur a développé un concept distinctif de cafés-boulangeries;\n"
      "   ATTENDU QUE le Franchisé désire obtenir le droit d'exploiter un établissement;\n"
      "   EN CONSÉQUENCE, les parties conviennent de ce qui suit :\n";
  EXPECT_EQ(PartiesOf(framed), (Names{"Franchises Café Boréal inc.", "9387-1122 Québec inc."}));
  const char* rows =
      "                   Contrat de travail à durée déterminée\n"
      "             Emploi à caractère saisonnier – article L. 1242-2, 3° du Code du travail\n"
      "\n"
      "Employeur               Hôtel Les Cimes SARL – 112 route des Praz, 74400 Chamonix-Mont-Blanc – SIRET\n"
      "                        438 771 905 00021 – représentée par M. Laurent Favre, gérant\n"
      "\n"
      "Salarié                 Julien Moreau – né le 2 février 2001 à Annecy – demeurant 5 impasse des\n"
      "                        Edelweiss, 74000 Annecy\n"
      "\n"
      " 4. Durée du travail. Les heures effectuées entre la 36e et la 39e heure sont majorées de 10 %.\n";
  std::string method;
  EXPECT_EQ(PartiesOf(rows, &method), (Names{"Hôtel Les Cimes SARL", "Julien Moreau"}));
  EXPECT_EQ(method, "role-rows");
}

// A legal reference under the title is not part of it.
TEST(ContractExtractor, ALegalReferenceUnderTheTitleIsNotPartOfIt) {
  Fields f = Extract(As("contract"), PagesOf("   Contrat de mandat de conseil\n"
                                             "   (art. 394 ss du Code des obligations)\n"
                                             "  Mandant                      Horlogerie Vuilleumier SA\n"));
  EXPECT_EQ(Value(f, "title"), "Contrat de mandat de conseil");
}

// "BETWEEN: (1) ... ; and AND: (2) ...", a French second party after its
// article ("et le Club Cycliste ..."), "The undersigned, X ..., and Y ...".
TEST(ContractExtractor, PartiesAfterAnAndHeadingAnArticleOrTheUndersigned) {
  const char* dpa =
      "                    DATA PROCESSING AGREEMENT\n"
      "BETWEEN:\n"
      "     (1) Lumen Analytics Limited, a company incorporated in Ireland (company number\n"
      "     604417) whose registered office is at 3 Grand Canal Square, Dublin 2 (the\n"
      "     \"Controller\"); and\n"
      "AND:\n"
      "     (2) Cloudberry Hosting B.V., a private limited company incorporated in the Netherlands\n"
      "     (the \"Processor\").\n"
      "Background\n";
  EXPECT_EQ(PartiesOf(dpa), (Names{"Lumen Analytics Limited", "Cloudberry Hosting B.V."}));
  const char* parrainage =
      "CONTRAT DE PARRAINAGE\n"
      "Le présent contrat est conclu entre la société Vélocité Distribution S.A., société anonyme\n"
      "de droit luxembourgeois, représentée par Mme Carla Wagner, administratrice déléguée\n"
      "(ci-après « le Parrain »), et le Club Cycliste du Val d'Alzette a.s.b.l., association sans but\n"
      "lucratif ayant son siège au 3, rue du Stade, L-4260 Esch-sur-Alzette (ci-après « le Club »).\n"
      "Article 1er – Objet\n";
  EXPECT_EQ(PartiesOf(parrainage), (Names{"Vélocité Distribution S.A.", "Club Cycliste du Val d'Alzette a.s.b.l."}));
  const char* undersigned =
      "TRADEMARK LICENCE AGREEMENT\n"
      "The undersigned, Maple & Finch Apparel Ltd., a British Columbia company with its registered office\n"
      "at 1180 West Pender Street, Vancouver (the \"Licensor\"), and Sunridge Outfitters Inc.,\n"
      "an Alberta corporation with its head office in Calgary (the \"Licensee\"), agree as follows:\n";
  EXPECT_EQ(PartiesOf(undersigned), (Names{"Maple & Finch Apparel Ltd.", "Sunridge Outfitters Inc."}));
}

// A title in capitals is not continued by a subtitle in lower case; an
// "ENGAGEMENT DE CONFIDENTIALITÉ" is a contract's title.
TEST(ContractExtractor, CapitalTitlesWithoutTheirSubtitle) {
  Fields mou = Extract(As("contract"), PagesOf("MEMORANDUM OF UNDERSTANDING\n"
                                               "on Collaboration in Medical Device Engineering Education\n"
                                               "This Memorandum of Understanding is entered into by the parties.\n"));
  EXPECT_EQ(Value(mou, "title"), "MEMORANDUM OF UNDERSTANDING");
  Fields nda = Extract(As("contract"), PagesOf("ENGAGEMENT DE CONFIDENTIALITÉ\n"
                                               "Je soussigné, Thomas Girard, m'engage envers Océalis Biotech SAS.\n"));
  EXPECT_EQ(Value(nda, "title"), "ENGAGEMENT DE CONFIDENTIALITÉ");
  Fields gloss = Extract(As("contract"), PagesOf("ACCORD DE CONFIDENTIALITÉ\n"
                                                 "(Non-divulgation réciproque)\n"
                                                 "ENTRE LES SOUSSIGNÉS :\n"));
  EXPECT_EQ(Value(gloss, "title"), "ACCORD DE CONFIDENTIALITÉ");
}

// The date of another agreement a recital recalls is not this one's; the
// signature blocks ("Signed for and on behalf of ... Date: ...") give it.
TEST(ContractExtractor, AnotherAgreementsDateIsNotThisOnes) {
  std::string text =
      "                    DATA PROCESSING AGREEMENT\n"
      "BETWEEN: Lumen Analytics Limited (the \"Controller\") and Cloudberry Hosting B.V. (the \"Processor\").\n"
      "Background\n"
      "The Controller and the Processor are parties to a Master Services Agreement dated 15 March\n"
      "2023 (the \"Principal Agreement\") under which the Processor provides hosting services.\n"
      "2.2 This DPA shall enter into force on 1 October 2024 and shall remain in force for as long as the\n"
      "Processor processes Personal Data.\n";
  for (int i = 0; i < 30; ++i) text += "The Processor shall process Personal Data only on documented instructions.\n";
  text +=
      "Signed for and on behalf of                              Signed for and on behalf of\n"
      "Lumen Analytics Limited                                  Cloudberry Hosting B.V.\n"
      "Name: Siobhán Kelleher                                   Name: Joost van Dijk\n"
      "Date: 9 September 2024                                   Date: 9 September 2024\n";
  Fields f = Extract(As("contract"), PagesOf(text));
  EXPECT_EQ(Value(f, "agreement_date"), "2024-09-09");
  EXPECT_EQ(Value(f, "effective_date"), "2024-10-01");
}

// "LIMITED LIABILITY PARTNERSHIP" over a lone "AGREEMENT" is one title; a
// French party introduced with its capitalised article ("Les Éditions du
// Pré Vert") is a party.
TEST(ContractExtractor, ALoneAgreementUnderItsNameAndAPartyWithItsArticle) {
  Fields llp = Extract(As("contract"), PagesOf("                         DATED the 3rd day of November 2022\n"
                                               "           LIMITED LIABILITY PARTNERSHIP\n"
                                               "                    AGREEMENT\n"
                                               "                    relating to CARROW & PIKE ARCHITECTS LLP\n"));
  EXPECT_EQ(Value(llp, "title"), "LIMITED LIABILITY PARTNERSHIP AGREEMENT");
  const char* cession =
      "       CONTRAT DE CESSION DE DROITS D’AUTEUR\n"
      "ENTRE :\n"
      "   Monsieur Julien Ferrand, illustrateur, né le 3 mai 1987 à Angoulême, demeurant\n"
      "   14 rue Sainte-Catherine, 33000 Bordeaux,\n"
      "   ci-après dénommé « l’Auteur »,\n"
      "                                                                                  D’UNE PART,\n"
      "ET :\n"
      "   Les Éditions du Pré Vert, SARL au capital de 15 000 €, représentée par Mme Nathalie Ribeiro,\n"
      "   ci-après dénommées « l’Éditeur »,\n"
      "                                                                                D’AUTRE PART.\n"
      "IL A ÉTÉ CONVENU CE QUI SUIT :\n";
  EXPECT_EQ(PartiesOf(cession), (Names{"Julien Ferrand", "Les Éditions du Pré Vert, SARL"}));
}

// A key-terms table: parties on rows labelled by their role (a reseller
// among them) and a "Commencement Date" row label without a colon.
TEST(ContractExtractor, KeyTermsTableWithAResellerAndACommencementDate) {
  const char* text =
      "                                      RESELLER AGREEMENT\n"
      "   PART A – KEY TERMS\n"
      "   Date of Agreement                    19 July 2024\n"
      "   Supplier                             Vantora Systems GmbH, Leopoldstraße 144, 80804 München, Germany (HRB\n"
      "                                        231877)\n"
      "   Reseller                             Keystone IT Solutions Inc., 220 King Street West, Suite 900, Toronto\n"
      "   Territory                            Canada\n"
      "   Commencement Date                    1 August 2024\n"
      "   Initial Term                         From the Commencement Date until 31 July 2027\n"
      "   PART B – STANDARD TERMS\n";
  std::string method;
  EXPECT_EQ(PartiesOf(text, &method), (Names{"Vantora Systems GmbH", "Keystone IT Solutions Inc."}));
  EXPECT_EQ(method, "role-rows");
  Fields f = Extract(As("contract"), PagesOf(text));
  EXPECT_EQ(Value(f, "effective_date"), "2024-08-01");
  EXPECT_EQ(Value(f, "expiration_date"), "2027-07-31");
}

// ("ACM") given the full name the definition follows.
TEST(ContractExtractor, LabelledPartiesAndDefinedShortNames) {
  const char* labelled =
      "                 TECHNICAL COOPERATION AGREEMENT\n"
      "Party A:   Hangzhou Lanting Software Co., Ltd.\n"
      "Address: 18 Wenyi Road, Hangzhou\n"
      "Party B:   Northfield Data (Hong Kong) Limited\n"
      "Address: 9 Queen's Road, Hong Kong\n"
      "In this Agreement, Party A and Party B are each a \"Party\".\n";
  std::string method;
  EXPECT_EQ(PartiesOf(labelled, &method),
            (Names{"Hangzhou Lanting Software Co., Ltd.", "Northfield Data (Hong Kong) Limited"}));
  EXPECT_EQ(method, "labelled-lines");

  const char* aliased =
      "                       SPONSORSHIP AGREEMENT\n"
      "Harbor Light Events, Inc. (\"HLE\"), a Nevada company, is the producer of a concert\n"
      "(the \"Event\"). This Sponsorship Agreement dated as of May 2, 2001 is made by and between\n"
      "Quill Paper Trading Ltd (\"QPT\") and HLE.\n";
  EXPECT_EQ(PartiesOf(aliased), (Names{"Quill Paper Trading Ltd", "Harbor Light Events, Inc."}));
}

// Parties defined by "hereinafter referred to as" without brackets, under
// a PREAMBLE heading; numbered parties "(hereinafter referred to as Party
// A)" among place definitions; an unquoted acronym.
TEST(ContractExtractor, PartiesDefinedWithoutQuotedBrackets) {
  const char* hereinafter =
      "                        STORAGE CONTRACT\n"
      "Tallinn                                            March 2, 2004\n"
      "                               PREAMBLE\n"
      "JSC Baltic Grain Terminal, hereinafter referred to as the \"Company\", in the person of its\n"
      "Director Mr. K. Tamm, on the one side and LLC Nordic Feed, hereinafter referred to as the\n"
      "\"Depositor\", on the other side, have entered into this Contract and agree as follows:\n";
  EXPECT_EQ(PartiesOf(hereinafter), (Names{"JSC Baltic Grain Terminal", "LLC Nordic Feed"}));

  const char* numbered =
      "                      JOINT VENTURE CONTRACT\n"
      "Article 1 Parties to this Contract\n"
      "1. Qingdao Harbour Machinery Company Limited (hereinafter referred to as Party A), established\n"
      "under the laws of the People's Republic of China (\"PRC\").\n"
      "2. Solent Marine Systems Ltd. (hereinafter referred to as Party B), established under the laws\n"
      "of England.\n";
  EXPECT_EQ(PartiesOf(numbered), (Names{"Qingdao Harbour Machinery Company Limited", "Solent Marine Systems Ltd."}));

  const char* acronym =
      "                          AGENCY AGREEMENT\n"
      "Great Lakes Mutual Insurance Company, an Ohio insurance corporation (GLMIC) and Fenwick\n"
      "Brokers, Inc., an Indiana corporation, (\"Agency\") agree as follows:\n";
  EXPECT_EQ(PartiesOf(acronym), (Names{"Great Lakes Mutual Insurance Company", "Fenwick Brokers, Inc."}));

  // A name styled with "The" is a name; "the Company" is a defined term.
  const char* styled =
      "                       ENDORSEMENT AGREEMENT\n"
      "This Endorsement Agreement is made this 3rd day of May, 2004 by and between Anna Ruiz,\n"
      "Individual (\"ATHLETE\"), residing in Texas; and The Blue Harbor Group, a Nevada\n"
      "Corporation (the COMPANY), with its offices in Reno.\n";
  EXPECT_EQ(PartiesOf(styled), (Names{"Anna Ruiz", "The Blue Harbor Group"}));
  const char* generic =
      "                       SERVICES AGREEMENT\n"
      "This Agreement is made on May 3, 2004 between Anna Ruiz (\"Consultant\") and the Company.\n";
  for (const auto& name : PartiesOf(generic)) EXPECT_NE(name, "the Company");
  EXPECT_NE(PartiesOf(generic), (Names{"Anna Ruiz", "the Company"}));
}

// A bare heading gives way to the fuller name the opening sentence gives.
TEST(ContractExtractor, TitleFromTheOpeningSentenceWhenTheHeadingIsItsTail) {
  const char* bare =
      "                               AGREEMENT\n"
      "        This Referral Partner Agreement (herein \"Agreement\") dated May 3, 2001, by and\n"
      "between Kite Labs, Inc. and Moor Systems Corporation, sets forth the terms.\n";
  Fields f = Extract(As("contract"), PagesOf(bare));
  EXPECT_EQ(Value(f, "title"), "Referral Partner Agreement");
  const char* shorter =
      "                          RESELLER AGREEMENT\n"
      "THIS NON-EXCLUSIVE RESELLER AGREEMENT (the \"Agreement\") is made on June 2, 2004 between\n"
      "Kite Labs, Inc. and Moor Systems Corporation.\n";
  Fields g = Extract(As("contract"), PagesOf(shorter));
  EXPECT_EQ(Value(g, "title"), "NON-EXCLUSIVE RESELLER AGREEMENT");
  // A different name in the sentence does not replace the heading.
  const char* other =
      "                          SERVICES AGREEMENT\n"
      "This Master Agreement is made on June 2, 2004 between Kite Labs, Inc. and Moor Systems Corporation.\n";
  Fields h = Extract(As("contract"), PagesOf(other));
  EXPECT_EQ(Value(h, "title"), "SERVICES AGREEMENT");
}

// Governing law worded in the ways contracts word it: the law before its
// cue, words between "laws" and "of", "legislation", an excluded convention,
// and no cue at all (but never the state a party is organised under).
// A contract set out as a letter: the parties are the letterhead (or the
// firm the sender signs for) and the addressee (or the company that
// countersigns); the date is the letter's date line, not the end of the
// financial year it mentions nor the date of the countersignature.
TEST(ContractExtractor, EngagementLettersTakeTheirPartiesFromTheLetter) {
  std::string en =
      "HARGREAVE & PYM LLP\n"
      "Chartered Accountants\n"
      "14 Canal Street, Manchester M1 3HE\n"
      "\n"
      "Private and confidential\n"
      "Mr Daniel Oduya\n"
      "Director\n"
      "Oduya Logistics Limited\n"
      "Unit 4, Trafford Park Road\n"
      "Manchester M17 1AB\n"
      "\n"
      "12 February 2024\n"
      "\n"
      "Dear Mr Oduya,\n"
      "Letter of engagement - statutory accounts and corporation tax\n"
      "This letter sets out the basis on which we are to act as accountants for the Company. It should be\n"
      "read with our Standard Terms of Business (version dated 1 September 2023).\n"
      "We will prepare the Company's annual accounts for the year ending 31 March 2024.\n"
      "This engagement letter shall be governed by the laws of England and Wales.\n"
      "Yours sincerely,\n"
      "Helen Pym\n"
      "Partner, for and on behalf of Hargreave & Pym LLP\n"
      "Agreed and accepted on behalf of Oduya Logistics Ltd\n"
      "Signed: ______________  Daniel Oduya, Director\n"
      "Date: 19 February 2024\n";
  Fields f = Extract(As("contract"), PagesOf(en));
  EXPECT_EQ(PartiesOf(en), (Names{"Hargreave & Pym LLP", "Oduya Logistics Ltd"}));
  EXPECT_EQ(Value(f, "agreement_date"), "2024-02-12");
  std::string fr =
      "CABINET FERRAND & ASSOCIÉS\n"
      "Expertise comptable - Commissariat aux comptes\n"
      "22 rue de la République, 69002 Lyon\n"
      "                                                          SAS Boulangerie Martin\n"
      "                                                          À l'attention de M. Paul Martin\n"
      "                                                          5 place Bellecour\n"
      "                                                          69002 Lyon\n"
      "                                                          Lyon, le 8 janvier 2024\n"
      "Objet : Lettre de mission - présentation des comptes annuels\n"
      "\n"
      "Monsieur,\n"
      "La présente lettre a pour objet de confirmer les termes de notre mission pour l'exercice clos le\n"
      "31 décembre 2024. La présente lettre est régie par le droit français.\n"
      "Nous vous prions d'agréer, Monsieur, l'expression de nos salutations distinguées.\n"
      "Julie Ferrand, expert-comptable\n";
  Fields g = Extract(As("contract"), PagesOf(fr));
  EXPECT_EQ(PartiesOf(fr), (Names{"CABINET FERRAND & ASSOCIÉS", "SAS Boulangerie Martin"}));
  EXPECT_EQ(Value(g, "agreement_date"), "2024-01-08");
  EXPECT_EQ(Value(g, "governing_law"), "France");
  // As OCR lays it out: the addressee's company a blank line above "À
  // l'attention de Madame ...", the postcode further down; the subject
  // names the contract.
  std::string ocr =
      "CABINET MOREL & ASSOCIES\n"
      "\n"
      "Expertise comptable - Conseil\n"
      "\n"
      "SARL BOULANGERIE LES TILLEULS\n"
      "\n"
      "À l'attention de Madame Elodie Carré, Gérante\n"
      "4 place des Lices\n"
      "\n"
      "35000 Rennes\n"
      "\n"
      "Rennes, le 15 janvier 2024\n"
      "Objet : Lettre de mission - Présentation des comptes annuels\n"
      "Madame,\n"
      "La présente lettre de mission définit les termes de notre intervention.\n";
  Fields h = Extract(As("contract"), PagesOf(ocr));
  EXPECT_EQ(PartiesOf(ocr), (Names{"CABINET MOREL & ASSOCIES", "SARL BOULANGERIE LES TILLEULS"}));
  EXPECT_EQ(Value(h, "title"), "Lettre de mission");
  EXPECT_EQ(Value(h, "agreement_date"), "2024-01-15");
  // A scan whose signature blocks stand side by side: the firm's "Pour
  // Roche & Associés" beside the client's "Bon pour accord", the client's
  // "Pour SARL ..." under it.
  std::string scanned =
      "ROCHE & ASSOCIES\n"
      "Expertise comptable - Conseil\n"
      "8 allées Jean Jaurès - 31000 Toulouse - contact@roche-associes.fr\n\n"
      "SARL Les Serres du Lauragais\n"
      "À l'attention de Monsieur Marc Vidal, Gérant\n"
      "Route de Revel\n"
      "31290 Villefranche-de-Lauragais\n\n"
      "Toulouse, le 3 février 2025\n\n"
      "LETTRE DE MISSION\n\n"
      "Monsieur le Gérant,\n"
      "La présente lettre de mission définit notre mission de présentation des comptes annuels.\n"
      "La présente lettre de mission est soumise au droit français.\n"
      "Nous vous prions d'agréer, Monsieur le Gérant, l'expression de nos salutations distinguées.\n\n"
      "Pour Roche & Associés                             Bon pour accord\n"
      "Claire Roche                                      Fait à Revel, le 10 février 2025\n"
      "Expert-comptable associée                         Pour SARL Les Serres du Lauragais, Marc Vidal,\n"
      "                                                  Gérant\n";
  EXPECT_EQ(PartiesOf(scanned, nullptr, true), (Names{"Roche & Associés", "SARL Les Serres du Lauragais"}));
}

// "entre les parties suivantes : 1. ... 2. ..."; a Belgian "prend cours
// le"; start and end dates in a table whose labels run on ("Date de début
// des services   2024-11-01").
TEST(ContractExtractor, FollowingPartiesAndTableDatesWithLongLabels) {
  const char* agency =
      "                   CONTRAT D'AGENCE COMMERCIALE\n"
      "Le présent contrat est conclu le 21 février 2024 entre les parties suivantes :\n"
      "    1. Brasserie du Val de Sambre SRL, dont le siège est établi Rue de la Station 14, 5060\n"
      "    Sambreville, valablement représentée par Monsieur Olivier Dethier, administrateur,\n"
      "    ci-après dénommée « le Commettant » ;\n"
      "    2. Peeters Distribution Conseil SRL, dont le siège est établi Avenue Louise 231, 1050\n"
      "    Ixelles, ci-après dénommée « l'Agent » ;\n"
      "ci-après dénommées ensemble « les Parties ».\n"
      "Article 5. Durée\n"
      "5.1 Le présent contrat prend cours le 1 mars 2024. Il est conclu pour une durée déterminée de\n"
      "deux ans, soit jusqu'au 28 février 2026 inclus.\n";
  Fields a = Extract(As("contract"), PagesOf(agency));
  EXPECT_EQ(PartiesOf(agency), (Names{"Brasserie du Val de Sambre SRL", "Peeters Distribution Conseil SRL"}));
  EXPECT_EQ(Value(a, "agreement_date"), "2024-02-21");
  EXPECT_EQ(Value(a, "effective_date"), "2024-03-01");
  EXPECT_EQ(Value(a, "expiration_date"), "2026-02-28");
  const char* quebec =
      "           CONVENTION DE SERVICES PROFESSIONNELS\n"
      "INTERVENUE ENTRE :\n"
      "       GESTION IMMOBILIÈRE BOREALIS INC., personne morale ayant son siège à Montréal;\n"
      "ET :\n"
      "       SOLUTIONS ÉNERGÉTIQUES LAVAL INC., personne morale ayant son siège à Laval;\n"
      "LESQUELLES CONVIENNENT DE CE QUI SUIT :\n"
      "2. Durée\n"
      " Date de début des services                             2024-11-01\n"
      " Date de fin des services                               2025-10-31\n"
      "Signé à Montréal, le 7 octobre 2024.\n";
  Fields q = Extract(As("contract"), PagesOf(quebec));
  EXPECT_EQ(Value(q, "effective_date"), "2024-11-01");
  EXPECT_EQ(Value(q, "expiration_date"), "2025-10-31");
}

// "..., d'une part, La société X ..." without "et"; a name followed by
// "société anonyme inscrite ..." or "né le ..."; a start date whose
// superscript "er" OCR read as a degree sign.
TEST(ContractExtractor, FrenchPartiesWithoutEtAndTheirDescriptions) {
  const char* bail =
      "BAIL COMMERCIAL\n"
      "ENTRE LES SOUSSIGNES :\n"
      "La SCI des Quais de Garonne, société civile immobilière au capital de 10 000 euros,\n"
      "représentée par son gérant, M. Henri Lacoste,\n"
      "ci-après dénommée « le Bailleur », d'une part,\n"
      "La société Maison Périgord Gourmet, société a responsabilité limitée au capital de\n"
      "30 000 euros, représentée par Mme Claire Dumas, gérante,\n"
      "ci-après dénommée « le Preneur », d'autre part.\n"
      "IL A ETE CONVENU ET ARRETE CE QUI SUIT :\n"
      "Le bail est consenti pour neuf années entières et consécutives qui commenceront à courir le\n"
      "1\xC2\xB0\xE2\x80\x99 avril 2024 pour se terminer le 31 mars 2033.\n"
      "Fait à Bordeaux, le 18 mars 2024, en deux exemplaires.\n";
  EXPECT_EQ(PartiesOf(bail), (Names{"SCI des Quais de Garonne", "Maison Périgord Gourmet"}));
  Fields b = Extract(As("contract"), PagesOf(bail));
  EXPECT_EQ(Value(b, "effective_date"), "2024-04-01");
  EXPECT_EQ(Value(b, "agreement_date"), "2024-03-18");
  const char* mandat =
      "Contrat de mandat\n"
      "entre\n"
      "Fiduciaire Léman Conseil SA\n"
      "société anonyme inscrite au registre du commerce du canton de Genève, IDE CHE-214.587.903\n"
      "représentée par Mme Isabelle Rochat, administratrice\n"
      "(ci-après « la Mandataire »)\n"
      "et\n"
      "Monsieur Luc Favre\n"
      "né le 11.02.1978, de nationalité suisse\n"
      "(ci-après « le Mandant »)\n"
      "Art. 1 Objet du mandat\n";
  EXPECT_EQ(PartiesOf(mandat), (Names{"Fiduciaire Léman Conseil SA", "Luc Favre"}));
}

// Parties given in a table above a sentence that names only their roles
// ("between the Licensor and the Licensee identified above"): a "between"
// in the clauses after the operative words names no party.
TEST(ContractExtractor, NoPartiesFromABetweenInTheClauses) {
  std::string text =
      "                       SOFTWARE LICENSE AGREEMENT\n"
      " LICENSOR                                                         LICENSEE\n"
      "\n"
      " Cobaltline Systems, Inc.                                         Greenway Regional Health Partners, LLC\n"
      " a Delaware corporation                                           a New York limited liability company\n"
      " Effective Date: February 1, 2024                                 Order Form: No. CL-2023-1187 dated December 18,\n"
      "                                                                  2023\n"
      "This Software License Agreement is entered into by and between the Licensor and the\n"
      "Licensee identified above (each a \"Party\"). The Parties agree as follows:\n"
      "1. DEFINITIONS\n";
  for (int i = 0; i < 10; ++i) text += "Licensee may use the Software for its internal business purposes.\n";
  text += "5. SUPPORT. Licensor shall provide support between 7:00 a.m. and 7:00 p.m. Eastern Time on business days and\n"
          "respond within four hours. DISCLAIMER. LICENSOR DISCLAIMS ALL OTHER WARRANTIES.\n";
  EXPECT_EQ(PartiesOf(text), (Names{"Cobaltline Systems, Inc.", "Greenway Regional Health Partners, LLC"}));
  // The order form's date is not the agreement's: the signatures give it.
  text += "IN WITNESS WHEREOF, the Parties have executed this Agreement.\n"
          "COBALTLINE SYSTEMS, INC.                 GREENWAY REGIONAL HEALTH PARTNERS, LLC\n"
          "By: /s/ Daniel Reyes                     By: /s/ Michelle Okafor\n"
          "Date: January 10, 2024                   Date: January 10, 2024\n";
  EXPECT_EQ(Value(Extract(As("contract"), PagesOf(text)), "agreement_date"), "2024-01-10");
}

TEST(ContractExtractor, GoverningLawInItsManyWordings) {
  const std::string head =
      "                       SERVICES AGREEMENT\n"
      "This Agreement is made on June 1, 2015 between Acme Tools, Inc., a corporation organized and\n"
      "existing under the laws of the State of Delaware (\"Acme\"), and Brill Media LLC (\"Brill\").\n"
      "1. Services. Brill shall provide the services.\n";
  struct Case {
    const char* clause;
    const char* want;
  } cases[] = {
      {"12. Law. The laws of the State of Oregon shall govern all issues arising under this Agreement.\n", "Oregon"},
      {"12. This Agreement shall be governed by the laws and judicial decisions of the State of Ohio.\n", "Ohio"},
      {"12. This Agreement shall be construed in accordance with the laws, other than choice of law\n"
       "rules, of the state of Vermont.\n",
       "Vermont"},
      {"12. Relations of the Parties shall be governed by the legislation of the Republic of Estonia.\n",
       "Republic of Estonia"},
      {"12. Its interpretation and construction are to be applied in accordance with the laws of the\n"
       "State of Utah. The law of the United Nations Convention on the International Sale of Goods\n"
       "is excluded.\n",
       "Utah"},
      {"12. The parties enter into this venture in accordance with the laws of the State of Maine.\n", "Maine"},
      {"Article 12 - Droit applicable. Le present contrat est soumis aux lois en vigueur en Belgique.\n", "Belgium"},
      // The law named by its adjective.
      {"Article 12 - Loi applicable. Le présent contrat est soumis au droit français.\n", "France"},
      {"Article 12. Le contrat est régi par la loi suisse.\n", "Switzerland"},
      {"9. LOI APPLICABLE. Le présent contrat est régi par les lois de la province de Québec et les lois\n"
       "fédérales du Canada qui s'y appliquent.\n",
       "Quebec"},
      // A right ("droit de préemption") in a heading before "soumis" is no law.
      {"ARTICLE 4 – DROIT DE PRÉEMPTION\nTout transfert de titres est soumis à un droit de préemption.\n"
       "ARTICLE 11 – DROIT APPLICABLE\nLe présent Pacte est soumis au droit français.\n",
       "France"},
      {"12. This Agreement is governed by English law.\n", "England"},
      // Feminine agreement ("la convention est régie"), Scots law.
      {"Article 10 - Droit applicable. La présente convention est régie par le droit français.\n", "France"},
      {"5. Governed by Scots law.\n", "Scotland"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.want);
    Fields f = Extract(As("contract"), PagesOf(head + c.clause));
    EXPECT_EQ(Value(f, "governing_law"), c.want);
  }
  // Only the state of incorporation is named: no governing law.
  Fields none = Extract(As("contract"), PagesOf(head));
  EXPECT_EQ(none.count("governing_law"), 0u);
}

TEST(ContactExtractor, BusinessCard) {
  Fields f = Extract(As("contact"), PagesOf(testdocs::kBusinessCard));
  EXPECT_EQ(Value(f, "full_name"), "Claire Dubois");
  EXPECT_EQ(Value(f, "email"), "claire.dubois@nexora.fr");
  EXPECT_EQ(Value(f, "phone"), "+33612345678");  // E.164
  EXPECT_EQ(Value(f, "company"), "Nexora Solutions SAS");
  EXPECT_EQ(Value(f, "job_title"), "Directrice Commerciale");
  EXPECT_EQ(Value(f, "website"), "www.nexora.fr");
  EXPECT_GE(f.at("full_name").confidence, 0.85);  // matches the e-mail
  EXPECT_EQ(f.at("email").extractor_version, "contact/2");
}

TEST(ContactExtractor, VCard) {
  Fields f = Extract(As("contact"), PagesOf(testdocs::kVCard));
  EXPECT_EQ(Value(f, "full_name"), "John Smith");
  EXPECT_EQ(Value(f, "email"), "john.smith@example.com");
  // A fictional 555 number, not valid, but written with its country code.
  EXPECT_EQ(Value(f, "phone"), "+15550102030");
  EXPECT_EQ(Value(f, "company"), "Example Corp");
  EXPECT_EQ(Value(f, "job_title"), "Chief Technology Officer");
  EXPECT_EQ(f.at("full_name").method, "vcard");
}

TEST(ContactExtractor, JCardAndMeCard) {
  Fields j = Extract(As("contact"), PagesOf(R"(["vcard", [["version", {}, "text", "4.0"],
    ["fn", {}, "text", "Simon Perreault"], ["org", {}, "text", "Viagenie"],
    ["tel", {"type": "work"}, "uri", "tel:+1-418-656-9254;ext=102"],
    ["email", {}, "text", "simon.perreault@viagenie.ca"]]])"));
  EXPECT_EQ(Value(j, "full_name"), "Simon Perreault");
  EXPECT_EQ(Value(j, "phone"), "+14186569254");
  Fields m = Extract(As("contact"), PagesOf("MECARD:N:Owen,Sean;TEL:+12125658770;EMAIL:srowen@google.com;;"));
  EXPECT_EQ(Value(m, "full_name"), "Sean Owen");
  EXPECT_EQ(Value(m, "email"), "srowen@google.com");
}

TEST(Extractor, OtherAndEmptyGiveNoFields) {
  EXPECT_TRUE(Extract(As("other"), PagesOf(testdocs::kNews)).empty());
  EXPECT_TRUE(Extract(As("invoice"), {}).empty());
  EXPECT_TRUE(Extract(As("contract"), PagesOf("")).empty());
  EXPECT_TRUE(Extract(As("contact"), PagesOf("   ")).empty());
}

TEST(Extractor, EndToEndWithClassifier) {
  auto pages = PagesOf(testdocs::kFrenchInvoice);
  Fields f = Extract(Classify(pages), pages);
  EXPECT_EQ(Value(f, "total_gross"), "1234.56");
  for (const auto& [name, field] : f) {
    EXPECT_GE(field.confidence, 0.0) << name;
    EXPECT_LE(field.confidence, 1.0) << name;
    EXPECT_FALSE(field.method.empty()) << name;
  }
}

}  // namespace
}  // namespace docflow
