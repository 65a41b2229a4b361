#include "extractors/class_review.h"

#include <gtest/gtest.h>

namespace docflow {
namespace {

Page TextPage(const std::string& text) {
  Page p;
  p.text = text;
  p.source = "text-layer";
  return p;
}

Classification Contract(double confidence) {
  Classification c;
  c.label = "contract";
  c.confidence = confidence;
  c.scores = {{"contract", confidence}, {"other", 1 - confidence - 0.01}, {"invoice", 0.01}, {"contact", 0}};
  return c;
}

TEST(CountPlaceholders, DistinctBracketedWordsButNotPageNotes) {
  EXPECT_EQ(CountPlaceholders("made on [insert date] between [Party name] and [Party name] of [address]"), 3);
  EXPECT_EQ(CountPlaceholders("[ILLEGIBLE] [ILLEGIBLE] [Signature page follows] [LOGO] [***] [12] [Intentionally "
                              "omitted]"),
            0);
  EXPECT_EQ(CountPlaceholders("no brackets at all"), 0);
}

TEST(ReviewClass, AContractWithoutPartiesStaysOnlyWhenTheModelWasSure) {
  const std::vector<Page> pages = {TextPage("Client alert: what the new rules mean for your supply agreements.")};
  Fields none;
  auto unsure = ReviewClass(Contract(0.82), none, pages);
  ASSERT_TRUE(unsure);
  EXPECT_EQ(unsure->label, "other");
  EXPECT_EQ(unsure->subtype, "needs_review");
  EXPECT_NEAR(unsure->confidence, 0.17, 1e-9);  // the model's "other"
  EXPECT_EQ(unsure->scores.at("contract"), 0.82);
  EXPECT_FALSE(ReviewClass(Contract(0.95), none, pages));
  Fields with_parties;
  with_parties["parties"].value = nlohmann::json::array({"Alpha SAS", "Beta SARL"});
  EXPECT_FALSE(ReviewClass(Contract(0.6), with_parties, pages));
}

TEST(ReviewClass, AFormOfPlaceholdersIsATemplate) {
  const std::vector<Page> form = {
      TextPage("MUTUAL NON-DISCLOSURE AGREEMENT\nTHIS AGREEMENT is made on [insert date] BETWEEN (1) [Party name], "
               "incorporated in [jurisdiction] under number [company number] at [registered address]; and (2) "
               "[Counterparty name].")};
  auto t = ReviewClass(Contract(0.9999), Fields{}, form);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->label, "other");
  EXPECT_EQ(t->subtype, "template");
  EXPECT_EQ(t->confidence, kTemplateConfidence);
  // Only contracts are reviewed.
  Classification invoice;
  invoice.label = "invoice";
  invoice.confidence = 0.5;
  EXPECT_FALSE(ReviewClass(invoice, Fields{}, form));
}

// An order form the model took for an invoice: no invoice number, no
// total, a governing law and the parties' roles make it a contract; an
// invoice whose terms name a governing law stays an invoice.
TEST(ReviewClass, AnOrderFormWithItsGoverningLawIsAContract) {
  const std::vector<Page> form = {TextPage(
      "NORDLY FACILITIES                        SERVICE ORDER FORM\n1. CLIENT        2. PROVIDER\n"
      "Client: Harbour Clinics Ltd     Provider: Nordly Facilities Ltd\nMonthly fee (excl. VAT) 1,200.00\n"
      "This Service Order Form forms a binding contract between the Client and the Provider.\n"
      "GOVERNING LAW   Scotland\n")};
  Classification invoice;
  invoice.label = "invoice";
  invoice.confidence = 0.85;
  auto r = ReviewClass(invoice, Fields{}, form);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->label, "contract");
  EXPECT_EQ(r->subtype, "needs_review");
  EXPECT_EQ(r->confidence, kContractFormConfidence);
  Fields numbered;
  numbered["invoice_number"].value = "INV-0042";
  EXPECT_FALSE(ReviewClass(invoice, numbered, form));
  // Without roles, a governing-law sentence alone changes nothing.
  EXPECT_FALSE(ReviewClass(invoice, Fields{}, {TextPage("Terms: governed by the laws of England.\nAmount 10.00\n")}));
}

// A blank form: its parties and dates are lines to fill in ("______"), in
// its head; a signed contract's signature lines at its end do not count.
TEST(ReviewClass, ABlankFormIsATemplate) {
  const std::string blank_form =
      "INDEPENDENT CONTRACTOR AGREEMENT\n"
      "This Agreement is made on the ______ day of ________________, 20___ between:\n"
      "Client: ______________________ (full legal name), a __________ organized under the laws of _________;\n"
      "Contractor: ______________________ (full legal name), of ____________________ (address).\n";
  EXPECT_GE(CountBlanks(blank_form, kTemplateHead), kTemplateBlanks);
  auto t = ReviewClass(Contract(0.99999), Fields{}, {TextPage(blank_form)});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->subtype, "template");
  std::string signed_contract = "SERVICES AGREEMENT\nThis Agreement is made between the parties below.\n";
  for (int i = 0; i < 40; ++i) signed_contract += "Clause " + std::to_string(i) + ": the services are performed.\n";
  signed_contract += "By: ________________  Name: ____________  Title: ____________  Date: ________\n";
  signed_contract += "By: ________________  Name: ____________  Title: ____________  Date: ________\n";
  EXPECT_EQ(CountBlanks(signed_contract, kTemplateHead), 0);
  EXPECT_FALSE(ReviewClass(Contract(0.99), Fields{}, {TextPage(signed_contract)}));
  EXPECT_EQ(CountBlanks("Nom : ........................ Prénom : ...... (six dots)", 1000), 1);
}

// Titles of other documents on what the model took for an invoice; an
// invoice quoting its purchase order, or a statement's "VIR RECU", is not
// one of them.
TEST(TitledAs, AnotherDocumentsTitleUnlessTheTopSaysInvoice) {
  EXPECT_EQ(TitledAs({TextPage("Hôtel Les Remparts                       BON DE COMMANDE\n"
                               "2 rue du Château, 56000 Vannes           N° : BC-2025-0088\n")}, "invoice"),
            "bon de commande");
  EXPECT_EQ(TitledAs({TextPage("Hôtel Les Remparts BON DE COMMANDE\nN° BC-2025-0088")}, "invoice"), "bon de commande");  // OCR
  EXPECT_EQ(TitledAs({TextPage("Banque Rhodanienne\nIBAN : FR76 1470\nRELEVE DE COMPTE\nn° 2 - du 01/02/2025\n"
                               "05/02 VIR RECU CLIENT MARTIN FACT F2501 2 460,00\n")}, "invoice"),
            "releve de compte");
  EXPECT_EQ(TitledAs({TextPage("                BULLETIN DE PAIE\nPériode du 01/03/2025 au 31/03/2025\n")}, "invoice"),
            "bulletin de paie");
  EXPECT_EQ(TitledAs({TextPage("                                          TRADE PRICE LIST 2025\nNORTHGATE FIXINGS\n"
                               "SA-0840   M8 x 40 mm   100   18.40   16.56\n")}, "invoice"),
            "price list");
  // Invoices.
  EXPECT_EQ(TitledAs({TextPage("Atelier Lumière SARL                      FACTURE N° FA-2025-0142\n"
                               "Bon de commande n° BC-7781\n")}, "invoice"),
            "");
  EXPECT_EQ(TitledAs({TextPage("Stylesheet\nRECHNUNGS-KORREKTUR\nBestellung                   : B123456789\n")}, "invoice"),
            "");
  EXPECT_EQ(TitledAs({TextPage("Tax Invoice\nQuotation ref  Q-1182\n")}, "invoice"), "");
  EXPECT_EQ(TitledAs({TextPage("Bestellung                   : B123456789\nKunde: Muster GmbH\n")}, "invoice"), "");  // a label
  EXPECT_EQ(TitledAs({TextPage("Bestellung : 4711\nLieferung an Muster GmbH\n")}, "invoice"), "");  // a label, one cell
  EXPECT_EQ(TitledAs({}, "invoice"), "");
}

// Titles of no kind at all, for any class; an invoice's own commercial
// papers only for invoices.
TEST(TitledAs, NewsDirectoriesAndCallsForTendersForAnyClass) {
  EXPECT_EQ(TitledAs({TextPage("     HALCYON                                          Newsroom\nFOR IMMEDIATE RELEASE\n"
                               "Halcyon Robotics and Meridian Freight Sign Strategic Supply Agreement\n")},
                     "contact"),
            "for immediate release");
  EXPECT_EQ(TitledAs({TextPage(" vélonova\n COMMUNIQUÉ DE PRESSE\n Vélonova et TME signent un accord\n")}, "contract"),
            "communique de presse");
  EXPECT_EQ(TitledAs({TextPage("Northbridge Medical Centre\nInternal Staff Directory — Outpatients & Diagnostics\n")},
                     "contact"),
            "internal staff directory");
  EXPECT_EQ(TitledAs({TextPage("MÉTALLERIE CAZAUBON                         DEMANDE DE PRIX\n")}, "contact"), "demande de prix");
  // A purchase order is other only for what was taken for an invoice.
  EXPECT_EQ(TitledAs({TextPage("Hôtel Les Remparts                       BON DE COMMANDE\n")}, "contract"), "");
  // A contract about a press release is still a contract.
  EXPECT_EQ(TitledAs({TextPage("PRESS RELEASE AGREEMENT\nThis Agreement is made between ...\n")}, "contract"), "");
}

// A title in spaced capitals, as OCR reads one set with letter spacing;
// a periodical's issue line; a website's privacy policy.
TEST(TitledAs, SpacedCapitalsIssueLinesAndPrivacyPolicies) {
  EXPECT_EQ(TitledAs({TextPage("HARLOW FASTENERS LTD\nTel 01279 555 0100 - buying@harlow.co.uk P U RC H AS E O RD E R\n"
                               "Supplier   PO Number: 4500-1122\n")},
                     "invoice"),
            "purchaseorder");
  // Spaced "INVOICE" is the invoice's own title.
  EXPECT_EQ(TitledAs({TextPage("I N V O I C E\nQuotation ref Q-1182\n")}, "invoice"), "");
  // A table's heading row of short words names nothing.
  EXPECT_EQ(TitledAs({TextPage("REF QTE PU HT TVA TTC\n")}, "invoice"), "");
  EXPECT_EQ(TitledAs({TextPage("MERCER BRIGHT LLP\n\nCommercial Insights\nIssue 7 · Autumn 2025 · Contracts & Disputes\n")},
                     "contract"),
            "periodical");
  EXPECT_EQ(TitledAs({TextPage("  Lettre juridique\n  Numéro 41 - mars 2025\n")}, "contract"), "periodical");
  EXPECT_EQ(TitledAs({TextPage("heronpath                         heronpath.co.uk/privacy\n\n Privacy Policy\n"
                               " Heronpath Ltd · Last updated: 2 June 2025\n")},
                     "contact"),
            "privacy policy");
  EXPECT_EQ(TitledAs({TextPage("   POLITIQUE DE CONFIDENTIALITÉ\nLa société Alba SAS ...\n")}, "contract"),
            "politique de confidentialite");
}

// A law firm's bulletin about contracts, and a lawyer's demand for payment
// quoting the unpaid invoices.
TEST(TitledAs, PeriodicalsAndDemandsForPayment) {
  EXPECT_EQ(TitledAs({TextPage("Commercial Contracts Bulletin\nHartley Lowe LLP · Issue 14 · Spring 2025\n")},
                     "contract"),
            "bulletin");
  EXPECT_EQ(TitledAs({TextPage("  Employment Law Digest      No. 31\n")}, "contract"), "digest");
  // A form named "bulletin d'adhésion" is no periodical.
  EXPECT_EQ(TitledAs({TextPage("BULLETIN D'ADHESION\nEntre l'association et le membre\n")}, "contract"), "");
  const char* demand =
      "SELARL MARCHAND AVOCATS\nAvocats au Barreau de Lyon\n12 quai Perrache\n69002 Lyon\n"
      "LETTRE RECOMMANDEE AVEC DEMANDE D'AVIS DE RECEPTION\n"
      "Société GARNIER FROID\nA l'attention de Monsieur le Gérant\n5 rue Garon\n69008 Lyon\n"
      "Lyon, le 9 octobre 2025\n"
      "Objet : MISE EN DEMEURE\nContrat de maintenance du 1er mars 2023\n"
      "Monsieur,\nJ'interviens en qualité de conseil de la société FROID SERVICES.\n"
      "Malgré plusieurs relances, les factures suivantes demeurent impayées :\n"
      "Facture    Date    Montant TTC\nFA-2025-0311 01/03/2025 1 404,00 €\n";
  EXPECT_EQ(TitledAs({TextPage(demand)}, "invoice"), "mise en demeure");
  EXPECT_EQ(TitledAs({TextPage("FACTURE N° 2025-044\nRelance : mise en demeure du 3 mars\n")}, "invoice"), "");
}

TEST(ReviewClass, AnInvoiceTitledAsAPurchaseOrderIsOther) {
  Classification invoice;
  invoice.label = "invoice";
  invoice.confidence = 0.99;
  auto r = ReviewClass(invoice, Fields{}, {TextPage("Hôtel Les Remparts        BON DE COMMANDE\nN° : BC-2025-0088\n")});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->label, "other");
  EXPECT_EQ(r->subtype, "needs_review");
  EXPECT_EQ(r->confidence, kTitledOtherConfidence);
  EXPECT_FALSE(ReviewClass(invoice, Fields{}, {TextPage("FACTURE\nBon de commande : BC-7781\n")}));
}

}  // namespace
}  // namespace docflow
