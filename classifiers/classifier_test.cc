#include "classifiers/classifier.h"

#include <gtest/gtest.h>

#include "classifiers/classifier_features.h"
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

TEST(Classifier, FrenchInvoice) {
  Classification c = Classify(PagesOf(testdocs::kFrenchInvoice));
  EXPECT_EQ(c.label, "invoice");
  EXPECT_GE(c.confidence, 0.85);
  EXPECT_EQ(c.subtype, "");
}

TEST(Classifier, EnglishInvoice) {
  Classification c = Classify(PagesOf(testdocs::kEnglishInvoice));
  EXPECT_EQ(c.label, "invoice");
  EXPECT_GE(c.confidence, 0.85);
}

TEST(Classifier, ReceiptIsAnInvoiceWithSubtype) {
  Classification c = Classify(PagesOf(testdocs::kReceipt));
  EXPECT_EQ(c.label, "invoice");
  EXPECT_EQ(c.subtype, "receipt");
}

TEST(Classifier, CreditNoteSubtype) {
  Classification c = Classify(PagesOf(testdocs::kCreditNote));
  EXPECT_EQ(c.label, "invoice");
  EXPECT_EQ(c.subtype, "credit_note");
}

TEST(Classifier, EnglishContract) {
  Classification c = Classify(PagesOf(testdocs::kEnglishContract));
  EXPECT_EQ(c.label, "contract");
  EXPECT_GE(c.confidence, 0.85);
}

TEST(Classifier, FrenchContract) {
  Classification c = Classify(PagesOf(testdocs::kFrenchContract));
  EXPECT_EQ(c.label, "contract");
  EXPECT_GE(c.confidence, 0.85);
}

TEST(Classifier, BusinessCard) {
  Classification c = Classify(PagesOf(testdocs::kBusinessCard));
  EXPECT_EQ(c.label, "contact");
  EXPECT_GE(c.confidence, 0.7);
}

TEST(Classifier, VCard) {
  Classification c = Classify(PagesOf(testdocs::kVCard));
  EXPECT_EQ(c.label, "contact");
  EXPECT_GE(c.confidence, 0.9);
}

TEST(Classifier, NewsIsOther) {
  Classification c = Classify(PagesOf(testdocs::kNews));
  EXPECT_EQ(c.label, "other");
}

// A law firm's update that quotes a contract's clause (governing law,
// restricted period, "this Agreement") but defines no parties and closes
// with no signatures is about a contract; the same clause inside a contract
// that names its parties and is signed is one.
TEST(Classifier, AnUpdateQuotingAClauseIsOtherTheSignedContractIsNot) {
  const std::string alert =
      "EMPLOYMENT UPDATE | Whitcombe Barrow LLP | October 2025\n"
      "Restrictive covenants after the new state statute\n"
      "By Helen Osei and Daniel Price\n"
      "\n"
      "On July 1, 2025 a new statute took effect that limits how long an employer may restrain a former employee. Agreements signed before that date remain valid, but renewals and amendments entered into afterwards must comply.\n"
      "\n"
      "What changes in practice\n"
      "Many employment agreements contain a clause such as:\n"
      "\"During the term of this Agreement and for eighteen (18) months after its termination, the Employee shall not solicit any customer of the Company. This Agreement shall be governed by the laws of the State of Illinois.\"\n"
      "Under the statute, a restriction longer than twelve months is void. Courts may not rewrite the clause.\n"
      "\n"
      "Checklist for employers\n"
      "1. Review template agreements and offer letters.\n"
      "2. Shorten restricted periods to twelve months or less.\n"
      "3. Give employees the notice the statute requires fourteen days before signature.\n"
      "\n"
      "This update is provided for general information and is not legal advice. Attorney advertising.\n";
  Classification a = Classify(PagesOf(alert));
  EXPECT_EQ(a.label, "other") << a.confidence;
  const std::string contract =
      "EMPLOYMENT AGREEMENT\n"
      "This Employment Agreement (the \"Agreement\") is made on March 3, 2025 by and between Whitcombe Tooling Inc., an Illinois corporation (the \"Company\"), and Daniel Price (the \"Employee\").\n"
      "1. Position. The Employee shall serve as Plant Manager.\n"
      "2. Restrictive covenant. During the term of this Agreement and for twelve (12) months after its termination, the Employee shall not solicit any customer of the Company.\n"
      "3. Governing law. This Agreement shall be governed by the laws of the State of Illinois.\n"
      "IN WITNESS WHEREOF, the parties have executed this Agreement as of the date first written above.\n"
      "Whitcombe Tooling Inc.                Employee\n"
      "By: ____________________              ____________________\n"
      "Name: Laura Kent, President           Daniel Price\n";
  Classification c = Classify(PagesOf(contract));
  EXPECT_EQ(c.label, "contract") << c.confidence;
}

// Priced orders and quotes print an invoice's parts (parties, line items,
// VAT, totals) without being one; short invoices stay invoices.
TEST(Classifier, PricedOrdersAndQuotesAreOtherShortInvoicesAreNot) {
  const char* kOrder =
      "Blue Harbor Logistics Inc.\n85 Harbor Drive, Newark, NJ 07114\nPURCHASE ORDER PO-55120\n"
      "Order date: March 1, 2025   Delivery by: March 15, 2025\nVendor: Kestrel Digital Ltd\n"
      "Item                              Qty    Unit price    Amount\n"
      "Website maintenance - March 2025     1      1,200.00    1,200.00\n"
      "Technical support (hours)            6.5       75.80      492.70\n"
      "Order total: 1,692.70 GBP\nPlease quote the PO number on your invoice.\n";
  const char* kAngebot =
      "Schmidt Elektro GmbH\nHauptstraße 5, 80331 München\nANGEBOT Nr. A-2025-031\n"
      "Datum: 01.03.2025  Gültig bis: 31.03.2025\nAn: Kunden AG\n"
      "Pos  Bezeichnung       Menge   Einzelpreis   Gesamt\n1    Elektroinstallation   1     850,00     850,00\n"
      "Nettobetrag 850,00 €   zzgl. 19 % MwSt. 161,50 €   Gesamtbetrag 1.011,50 €\nWir freuen uns auf Ihren Auftrag.\n";
  const char* kRechnung =
      "Schmidt Elektro GmbH\nHauptstraße 5, 80331 München\nRechnung 2025-117\nDatum: 03.04.2025\n"
      "An: Kunden AG, Lindenweg 7, 20095 Hamburg\nElektroinstallation Büro       850,00 €\n"
      "zzgl. 19 % MwSt.   161,50 €\nGesamt   1.011,50 €\nZahlbar bis 03.05.2025\n";
  const char* kAcompte =
      "Menuiserie Caron EURL\n17 quai de la Fosse, 44000 Nantes\nFACTURE D'ACOMPTE N° AC-0012\nDate : 02/04/2025\n"
      "Client : Domaine Fabre SCEA\nAcompte de 30 % sur devis D-2025-031 du 14/03/2025\n"
      "Montant HT 1 500,00 €  TVA 20 % 300,00 €  Total TTC 1 800,00 €\n";
  EXPECT_EQ(Classify(PagesOf(kOrder)).label, "other");
  EXPECT_EQ(Classify(PagesOf(kAngebot)).label, "other");
  for (const char* invoice : {kRechnung, kAcompte}) {
    Classification c = Classify(PagesOf(invoice));
    EXPECT_EQ(c.label, "invoice") << invoice;
    EXPECT_GE(c.confidence, 0.8) << invoice;
  }
}

// Dutch and German till receipts are invoices (receipts are), in words
// other than those of French and English receipts.
TEST(Classifier, DutchAndGermanTillReceiptsAreInvoices) {
  const char* kKassabon =
      "Coop Supermarkt\nBiltstraat 88\n3572 BJ Utrecht\n\nTOMATEN                  2,19\nKIPFILET 300G"
      "             4,99\nVOLKORENBROOD            2,65\nTotaal te betalen       9,83\nPin                     9,83\n"
      "BTW 9%   9,02   0,81\n02-05-2024 17:41\nBedankt voor uw aankoop\n";
  const char* kKassenbon =
      "Drogerie am Markt\nKoenigstrasse 20\n70173 Stuttgart\n\nZahnpasta              1,95\nShampoo"
      "                2,45\nSUMME                  4,40\nKarte                  4,40\nMwSt 19%  3,70  0,70\n"
      "06.05.2024 11:05\nVielen Dank fuer Ihren Besuch\n";
  for (const char* receipt : {kKassabon, kKassenbon}) {
    Classification c = Classify(PagesOf(receipt));
    EXPECT_EQ(c.label, "invoice") << receipt;
    EXPECT_GE(c.confidence, 0.8) << receipt;
  }
}

TEST(Classifier, EmptyDocumentIsOtherWithLowConfidence) {
  for (const auto& pages : {std::vector<Page>{}, PagesOf(""), PagesOf("  \n\f  "), PagesOf("p. 3")}) {
    Classification c = Classify(pages);
    EXPECT_EQ(c.label, "other");
    EXPECT_LE(c.confidence, 0.5);
  }
}

TEST(Classifier, AmbiguousTextIsLessConfident) {
  // Cues of two classes in one short text: an invoice's words inside a
  // contract's sentence.
  Classification weak = Classify(PagesOf(
      "Notes from Tuesday\nThe parties agreed that the invoice total of 1,200.00 EUR is due within 30 days.\n"
      "Ask Paul about the chairs."));
  Classification strong = Classify(PagesOf(testdocs::kFrenchInvoice));
  EXPECT_LT(weak.confidence, strong.confidence);
  EXPECT_LT(weak.label == "invoice" ? weak.confidence : 0.0, 0.7);
}

TEST(Classifier, UsesWordsWhenPageHasNoText) {
  Page p;
  p.index = 0;
  p.source = "ocr";
  int line = 0;
  for (const char* l : {"FACTURE N° 123", "Total TTC 120,00 €", "TVA 20,00 €", "Net à payer 120,00 €"}) {
    std::string s(l);
    size_t b = 0;
    for (size_t i = 0; i <= s.size(); ++i)
      if (i == s.size() || s[i] == ' ') {
        Word w;
        w.text = s.substr(b, i - b);
        w.line = line;
        p.words.push_back(w);
        b = i + 1;
      }
    ++line;
  }
  Classification c = Classify({p});
  EXPECT_EQ(c.label, "invoice");
}

TEST(Classifier, ProbabilitiesSumToOne) {
  auto sc = classifier_internal::ScoreText(testdocs::kEnglishContract, 1);
  double sum = 0;
  for (double p : sc.prob) sum += p;
  EXPECT_NEAR(sum, 1.0, 1e-9);
  EXPECT_GT(sc.prob[classifier_internal::kContract], sc.prob[classifier_internal::kInvoice]);
}

}  // namespace
}  // namespace docflow
