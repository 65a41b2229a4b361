#include "extractors/contract_terms.h"

#include <gtest/gtest.h>

#include "extractors/extractor.h"
#include "extractors/field_extractors.h"

namespace docflow::contract_terms {
namespace {

std::string Iso(std::string_view folded) {
  auto d = FindDuration(folded);
  return d ? d->duration.Iso() : "";
}

TEST(ContractTerms, Durations) {
  EXPECT_EQ(Iso("for a term of three (3) years"), "P3Y");
  EXPECT_EQ(Iso("twelve months"), "P12M");
  EXPECT_EQ(Iso("ninety (90) days' prior written notice"), "P90D");
  EXPECT_EQ(Iso("successive one-year periods"), "P1Y");
  EXPECT_EQ(Iso("twenty-four (24) months"), "P24M");
  EXPECT_EQ(Iso("2 weeks"), "P14D");
  EXPECT_EQ(Iso("une duree de deux (2) ans"), "P2Y");
  EXPECT_EQ(Iso("un preavis de trois mois"), "P3M");
  EXPECT_EQ(Iso("trente jours"), "P30D");
  // Wrong ones: no unit, or a number that is not a count.
  EXPECT_EQ(Iso("section 3 of this agreement"), "");
  EXPECT_EQ(Iso("yearly"), "");
  EXPECT_EQ(Iso("someone years"), "");
}

TEST(ContractTerms, AddDuration) {
  Duration y2;
  y2.years = 2;
  EXPECT_EQ(AddDuration("2006-04-01", y2), "2008-04-01");
  Duration m1;
  m1.months = 1;
  EXPECT_EQ(AddDuration("2020-01-31", m1), "2020-02-29");  // clamped, leap year
  Duration d90;
  d90.days = 90;
  EXPECT_EQ(AddDuration("2023-12-01", d90), "2024-02-29");
  EXPECT_EQ(AddDuration("not a date", d90), "");
}

TEST(ContractTerms, EnglishClauses) {
  auto c = Clauses(
      "This Agreement is made as of March 1, 2021. The term of this Agreement shall begin on April 1, 2021 "
      "and continue for an initial term of three (3) years. Thereafter it shall automatically renew for "
      "successive one (1) year periods unless either party gives the other ninety (90) days' prior written "
      "notice of non-renewal.",
      dates::DateOrder::kMonthFirst);
  ASSERT_TRUE(c.effective);
  EXPECT_EQ(c.effective->iso, "2021-04-01");
  EXPECT_FALSE(c.expiration);
  ASSERT_TRUE(c.term);
  EXPECT_EQ(c.term->Iso(), "P3Y");
  ASSERT_TRUE(c.renewal);
  EXPECT_EQ(c.renewal->Iso(), "P1Y");
  ASSERT_TRUE(c.notice);
  EXPECT_EQ(c.notice->Iso(), "P90D");
}

TEST(ContractTerms, ExplicitExpirationAndSurvivalClauses) {
  auto c = Clauses(
      "The confidentiality obligations survive until December 31, 2030. The term of this Agreement "
      "commences on January 1, 2020 and expires on December 31, 2022.",
      dates::DateOrder::kMonthFirst);
  ASSERT_TRUE(c.expiration);
  EXPECT_EQ(c.expiration->iso, "2022-12-31");
  ASSERT_TRUE(c.effective);
  EXPECT_EQ(c.effective->iso, "2020-01-01");
}

TEST(ContractTerms, FrenchClauses) {
  auto c = Clauses(
      "Le présent contrat prend effet le 1er avril 2024. Il est conclu pour une durée de deux (2) ans et "
      "sera renouvelé par tacite reconduction pour des périodes d'un an. Chaque partie peut le résilier "
      "moyennant un préavis de trois mois.",
      dates::DateOrder::kDayFirst);
  ASSERT_TRUE(c.effective);
  EXPECT_EQ(c.effective->iso, "2024-04-01");
  ASSERT_TRUE(c.term);
  EXPECT_EQ(c.term->Iso(), "P2Y");
  ASSERT_TRUE(c.renewal);
  EXPECT_EQ(c.renewal->Iso(), "P1Y");
  ASSERT_TRUE(c.notice);
  EXPECT_EQ(c.notice->Iso(), "P3M");
}

TEST(ContractTerms, LabelledStartAndEndDates) {
  // A form-style contract: explicit labels, two-digit years, month first.
  auto c = Clauses("2. TERM 2.1 Contract start: 04-01-06 2.2 Contract end: 04-01-08 3. FEES",
                   dates::DateOrder::kMonthFirst);
  ASSERT_TRUE(c.effective);
  EXPECT_EQ(c.effective->iso, "2006-04-01");
  ASSERT_TRUE(c.expiration);
  EXPECT_EQ(c.expiration->iso, "2008-04-01");
  auto fr = Clauses("Date de début : 01/09/2024. Date de fin : 31/08/2026.", dates::DateOrder::kDayFirst);
  ASSERT_TRUE(fr.effective);
  EXPECT_EQ(fr.effective->iso, "2024-09-01");
  ASSERT_TRUE(fr.expiration);
  EXPECT_EQ(fr.expiration->iso, "2026-08-31");
  // Without a label, a two-digit year stays unread: "until 04-01-08" is too loose.
  EXPECT_FALSE(Clauses("valid until 04-01-08 unless renewed", dates::DateOrder::kMonthFirst).expiration);
}

// A date named by the words after it, and the end an amendment changes.
TEST(ContractTerms, DatesNamedAfterThemAndTheEndAnAmendmentChanges) {
  auto loan = Clauses(
      "Les fonds seront versés le 15 janvier 2025, date à laquelle le présent contrat prend effet. "
      "La première échéance intervient le 15 avril 2025. L'Emprunteur rembourse au plus tard le "
      "15 juillet 2028, date d'échéance finale du présent contrat.",
      dates::DateOrder::kDayFirst);
  ASSERT_TRUE(loan.effective);
  EXPECT_EQ(loan.effective->iso, "2025-01-15");
  ASSERT_TRUE(loan.expiration);
  EXPECT_EQ(loan.expiration->iso, "2028-07-15");
  auto amendment = Clauses(
      "A. Licensor and Licensee are parties to a Software License Agreement, the current term of which is "
      "scheduled to expire on January 31, 2026. 1. Extension of Term. Section 8.1 is hereby amended so that "
      "the term of the Original Agreement shall expire on January 31, 2028.",
      dates::DateOrder::kMonthFirst);
  ASSERT_TRUE(amendment.expiration);
  EXPECT_EQ(amendment.expiration->iso, "2028-01-31");
  auto quebec = Clauses("Le présent contrat entre en vigueur le 2025-04-01 et se termine le 2026-03-31.",
                        dates::DateOrder::kDayFirst);
  ASSERT_TRUE(quebec.expiration);
  EXPECT_EQ(quebec.expiration->iso, "2026-03-31");
  // Said alone, the current end is still the end.
  auto alone = Clauses("The current term is scheduled to expire on January 31, 2026.", dates::DateOrder::kMonthFirst);
  ASSERT_TRUE(alone.expiration);
  EXPECT_EQ(alone.expiration->iso, "2026-01-31");
}

TEST(ContractTerms, EffectiveMeansTheAgreementDate) {
  EXPECT_TRUE(Clauses("\"Effective Date\" means the date of this Agreement.", dates::DateOrder::kMonthFirst)
                  .effective_is_agreement_date);
  EXPECT_TRUE(Clauses("This Agreement will become effective as of the date first written above.",
                      dates::DateOrder::kMonthFirst)
                  .effective_is_agreement_date);
  EXPECT_FALSE(Clauses("The Effective Date is set out in Schedule 1.", dates::DateOrder::kMonthFirst)
                   .effective_is_agreement_date);
}

TEST(ContractTerms, EffectiveDateDefinedOrCommencedUpon) {
  auto defined = Clauses("1.9. \"EFFECTIVE DATE\" means 12:01 a.m. Eastern Standard Time on June 7, 2004. "
                         "1.10. \"FACILITIES\" means the plants.",
                         dates::DateOrder::kMonthFirst);
  ASSERT_TRUE(defined.effective.has_value());
  EXPECT_EQ(defined.effective->iso, "2004-06-07");
  auto british = Clauses("EFFECTIVE DATE means 9 October 2001; \"TERRITORY\" means Wales.", dates::DateOrder::kDayFirst);
  ASSERT_TRUE(british.effective.has_value());
  EXPECT_EQ(british.effective->iso, "2001-10-09");
  auto upon = Clauses("The term of this Agreement shall commence upon May 1, 2003 and shall continue for a period "
                      "of one year.",
                      dates::DateOrder::kMonthFirst);
  ASSERT_TRUE(upon.effective.has_value());
  EXPECT_EQ(upon.effective->iso, "2003-05-01");
  // A definition that names no date gives none.
  EXPECT_FALSE(Clauses("\"Effective Date\" means the day the last party signs.", dates::DateOrder::kMonthFirst)
                   .effective.has_value());
  // The commencement date defined, and "shall take effect on".
  auto commencement = Clauses("1.1 In this agreement: Commencement Date means 1 November 2024; Goods means the "
                              "products of the Customer.",
                              dates::DateOrder::kDayFirst);
  ASSERT_TRUE(commencement.effective.has_value());
  EXPECT_EQ(commencement.effective->iso, "2024-11-01");
  auto takes = Clauses("2.1 This agreement shall take effect on 1 March 2026 (the \"Start Date\").",
                       dates::DateOrder::kDayFirst);
  ASSERT_TRUE(takes.effective.has_value());
  EXPECT_EQ(takes.effective->iso, "2026-03-01");
  // A lease's "commencing on and including ... and ending on and including".
  auto lease = Clauses("Contractual Term a term of five years commencing on and including 29 September 2025 and "
                       "ending on and including 28 September 2030",
                       dates::DateOrder::kDayFirst);
  ASSERT_TRUE(lease.effective.has_value());
  EXPECT_EQ(lease.effective->iso, "2025-09-29");
  ASSERT_TRUE(lease.expiration.has_value());
  EXPECT_EQ(lease.expiration->iso, "2030-09-28");
  // A loan's end defined: "Final Repayment Date" means ...
  auto loan = Clauses("1.2 \"Final Repayment Date\" means 30 June 2029. 1.3 \"Interest Period\" means three months.",
                      dates::DateOrder::kDayFirst);
  ASSERT_TRUE(loan.expiration.has_value());
  EXPECT_EQ(loan.expiration->iso, "2029-06-30");
  EXPECT_FALSE(Clauses("\"Expiry Date\" means the fifth anniversary of the Start Date.", dates::DateOrder::kDayFirst)
                   .expiration.has_value());
}

Page TextPage(const std::string& text) {
  Page p;
  p.index = 0;
  p.source = "text-layer";
  p.text = text;
  return p;
}

// No date in the preamble: "This Agreement is dated ..." at the end counts.
TEST(ContractExtractorTerms, AgreementDatedInItsLastClause) {
  std::string text =
      "                 CHANNEL COOPERATION AGREEMENT\n"
      "Party A: Hangzhou Lanting Software Co., Ltd.\n"
      "Party B: Northfield Data Limited\n";
  for (int i = 0; i < 60; ++i) text += "The parties shall cooperate in good faith on the channel.\n";
  text += "14.6 This Agreement is dated March 9, 2011. (NO TEXT BELOW)\n";
  Classification c;
  c.label = "contract";
  Fields f = ExtractContract(c, {TextPage(text)});
  ASSERT_TRUE(f.count("agreement_date"));
  EXPECT_EQ(f.at("agreement_date").value, "2011-03-09");
}

// No date in the preamble and no "IN WITNESS WHEREOF": the signature blocks'
// dates give it, the latest one, whatever the letter spacing did to an
// ordinal; a filing footer repeated on every page is not one of them.
TEST(ContractExtractorTerms, AgreementDateFromTheSignatureBlocks) {
  auto contract = [](const std::string& signatures) {
    std::string text =
        "                 OUTSOURCING AGREEMENT\n"
        "BETWEEN: MODUS MEDIA INTERNATIONAL AND DRAGON SYSTEMS, INC.\n"
        "EFFECTIVE AS OF (EFFECTIVE DATE)\n";
    for (int i = 0; i < 60; ++i) {
      text += "MMI will produce products for Dragon Systems on a turnkey basis.\n";
      if (i % 20 == 19 && i > 20) text += "Source: DRAGON SYSTEMS INC, 10-K, 3/31/1999\n";  // page footers
    }
    return text + signatures + "Source: DRAGON SYSTEMS INC, 10-K, 3/31/1999\n";
  };
  Classification c;
  c.label = "contract";
  Fields f = ExtractContract(c, {TextPage(contract(
                                    "MMI\n\\s\\ John Dick      General Manager\n----------------\n19 Jan. 1998\n"
                                    "DRAGON SYSTEMS, INC.\n\\s\\ Janet M. Baker,    President\n-------------\n"
                                    "12 Jan. 1998\n"))});
  ASSERT_TRUE(f.count("agreement_date"));
  EXPECT_EQ(f.at("agreement_date").value, "1998-01-19");
  EXPECT_EQ(f.at("agreement_date").method, "signature-block");
  EXPECT_EQ(f.at("effective_date").value, "1998-01-19");

  Fields g = ExtractContract(c, {TextPage(contract("Hamburg, November 19t h, 2012\n\n/s/ Thomas Kassberg   /s/ Dr. R. "
                                                   "Stephan\nUltragenyx Pharmaceutical Inc   CREMER OLEO GmbH\n"))});
  ASSERT_TRUE(g.count("agreement_date"));
  EXPECT_EQ(g.at("agreement_date").value, "2012-11-19");

  // Only the footer's date near the signatures: no agreement date.
  Fields h = ExtractContract(c, {TextPage(contract("/s/ Heim Brecht          /s/ Stefan Meyes\nSignature   Signature\n"))});
  EXPECT_FALSE(h.count("agreement_date")) << h.at("agreement_date").value;
}

// A partnership-style name keeps its commas up to its legal form.
TEST(ContractExtractorTerms, PartnershipNameWithCommas) {
  std::string text =
      "                                 AGENCY AGREEMENT\n\n"
      "         Mutual Insurance Corporation of America, a Michigan insurance\n"
      "corporation (MICOA) and Stratton, Cheeseman & Walsh-Nevada, Inc., a Nevada\n"
      "corporation, (\"Agency\"), (sometimes commonly referred to as the Parties) agree\n"
      "as follows:\n";
  Classification c;
  c.label = "contract";
  Fields f = ExtractContract(c, {TextPage(text)});
  ASSERT_TRUE(f.count("parties"));
  EXPECT_EQ(f.at("parties").value,
            nlohmann::json::array({"Mutual Insurance Corporation of America", "Stratton, Cheeseman & Walsh-Nevada, Inc."}));
}

// The end of an optional renewal period is not the contract's expiration.
TEST(ContractTerms, RenewalPeriodEndIsNotTheExpiration) {
  auto c = Clauses("1.1 The term of this Agreement shall begin on March 1, 2001 and continue for an initial "
                   "period of three (3) years. 8.1 The Company may renew this Agreement for one (1) additional "
                   "three year period that shall begin on March 1, 2004 and end on February 28, 2007.",
                   dates::DateOrder::kMonthFirst);
  EXPECT_FALSE(c.expiration.has_value()) << c.expiration->iso;
  ASSERT_TRUE(c.term.has_value());
  EXPECT_EQ(c.term->years, 3);
}

TEST(ContractExtractorTerms, ComputedExpirationIsMarkedAndLessConfident) {
  Classification c;
  c.label = "contract";
  Fields f = ExtractContract(
      c, {TextPage("SERVICES AGREEMENT\n\nThis Services Agreement is entered into as of June 1, 2020 by and "
                   "between Alpha Widgets, Inc., a Delaware corporation (\"Alpha\"), and Beta Tools LLC "
                   "(\"Beta\").\n\n1. Term. This Agreement shall remain in effect for a term of two (2) years "
                   "from the Effective Date and shall renew automatically for successive one (1) year terms "
                   "unless terminated by either party upon sixty (60) days written notice.\n\n"
                   "This Agreement shall be governed by the laws of the State of New York.\n")});
  ASSERT_TRUE(f.count("effective_date"));
  EXPECT_EQ(f["effective_date"].value, "2020-06-01");
  ASSERT_TRUE(f.count("expiration_date"));
  EXPECT_EQ(f["expiration_date"].value, "2022-05-31");  // two years from June 1: the last day in force
  EXPECT_EQ(f["expiration_date"].method, "computed");
  EXPECT_LT(f["expiration_date"].confidence, f["effective_date"].confidence);
  EXPECT_EQ(f["renewal_term"].value, "P1Y");
  EXPECT_EQ(f["notice_period"].value, "P60D");
  ASSERT_TRUE(f.count("parties"));
  EXPECT_EQ(f["parties"].value.size(), 2u);
}

TEST(ContractExtractorTerms, PartiesFromDefinedTermsWithoutBetween) {
  Classification c;
  c.label = "contract";
  Fields f = ExtractContract(
      c, {TextPage("CONSULTING AGREEMENT\n\nAcme Biotech, Inc., with a place of business at 1 Main Street, "
                   "Berkeley, CA 94710 (\"Acme\") and Ireya B.V. having an address at Leiden, the Netherlands "
                   "(\"Consultant\") agree to all terms of this Consulting Agreement (\"Agreement\") dated "
                   "June 1, 2020.\n\n1. Services. Consultant will advise Acme.\n")});
  ASSERT_TRUE(f.count("parties"));
  ASSERT_EQ(f["parties"].value.size(), 2u);
  EXPECT_EQ(f["parties"].value[0], "Acme Biotech, Inc.");
  EXPECT_EQ(f["parties"].value[1], "Ireya B.V.");
}

TEST(ContractExtractorTerms, FrenchContractTerms) {
  Classification c;
  c.label = "contract";
  Fields f = ExtractContract(
      c, {TextPage("CONTRAT DE PRESTATION DE SERVICES\n\nEntre les soussignés : la société Alpha Conseil SAS, "
                   "et la société Beta Industrie SARL.\n\nFait à Paris, le 15 mars 2024.\n\nArticle 3 - Durée\n"
                   "Le présent contrat prend effet le 1er avril 2024 et expire le 31 mars 2026. Il sera renouvelé "
                   "par tacite reconduction pour une durée d'un an, sauf résiliation moyennant un préavis de "
                   "deux mois.\n")});
  EXPECT_EQ(f["effective_date"].value, "2024-04-01");
  EXPECT_EQ(f["expiration_date"].value, "2026-03-31");
  EXPECT_EQ(f["expiration_date"].method, "label");
  EXPECT_EQ(f["renewal_term"].value, "P1Y");
  EXPECT_EQ(f["notice_period"].value, "P2M");
}

// A period "du ... au ..." / "from ... to ..." about the contract's duration
// gives both ends; a period about something else does not.
TEST(ContractTerms, PeriodGivesStartAndEnd) {
  auto fr = Clauses("Article 2 - Durée. Le présent contrat est conclu pour une durée déterminée du 15 décembre 2025 "
                    "au 15 avril 2026. Fait à Chamonix, le 1er décembre 2025.",
                    dates::DateOrder::kDayFirst);
  ASSERT_TRUE(fr.effective);
  EXPECT_EQ(fr.effective->iso, "2025-12-15");
  ASSERT_TRUE(fr.expiration);
  EXPECT_EQ(fr.expiration->iso, "2026-04-15");
  auto en = Clauses("The licence period of this Agreement runs from June 1, 2024 to May 31, 2025.",
                    dates::DateOrder::kMonthFirst);
  ASSERT_TRUE(en.effective);
  EXPECT_EQ(en.effective->iso, "2024-06-01");
  ASSERT_TRUE(en.expiration);
  EXPECT_EQ(en.expiration->iso, "2025-05-31");
  // Not about the contract's duration, or the end before the start.
  auto other = Clauses("Les bureaux seront fermés du 24 décembre 2025 au 2 janvier 2026.", dates::DateOrder::kDayFirst);
  EXPECT_FALSE(other.effective);
  EXPECT_FALSE(other.expiration);
  auto backwards = Clauses("Le bail est consenti du 30 juin 2031 au 1er juillet 2022.", dates::DateOrder::kDayFirst);
  EXPECT_FALSE(backwards.expiration);
}

// A statement of work is titled by its heading; a law named by its branch
// and adjective ("droit du travail français") is the country's.
TEST(ContractExtractorTerms, StatementOfWorkTitleAndBranchOfLaw) {
  Classification c;
  c.label = "contract";
  Fields sow = ExtractContract(
      c, {TextPage("STATEMENT OF WORK\n"
                   "This Statement of Work No. 3 is entered into on August 22, 2023 pursuant to the Master Services "
                   "Agreement between Lumen Digital Ltd (\"Supplier\") and Westbrook Retail plc (\"Client\").\n"
                   "1. Scope. Supplier will redesign Client's checkout.\n")});
  ASSERT_TRUE(sow.count("title"));
  EXPECT_EQ(sow.at("title").value, "STATEMENT OF WORK");
  Fields cdd = ExtractContract(
      c, {TextPage("CONTRAT DE TRAVAIL À DURÉE DÉTERMINÉE\n"
                   "Article 9 - Le présent contrat est régi par le droit du travail français.\n")});
  ASSERT_TRUE(cdd.count("governing_law"));
  EXPECT_EQ(cdd.at("governing_law").value, "France");
}

// An amendment extending the term gives the new end; a renewal's end does not.
TEST(ContractTerms, AmendmentExtendingTheTermGivesTheNewEnd) {
  auto c = Clauses("1. Extension. The term of the Lease is hereby extended through December 31, 2026.",
                   dates::DateOrder::kMonthFirst);
  ASSERT_TRUE(c.expiration);
  EXPECT_EQ(c.expiration->iso, "2026-12-31");
  auto r = Clauses("The term of this Agreement may be extended by mutual consent through December 31, 2026.",
                   dates::DateOrder::kMonthFirst);
  EXPECT_FALSE(r.expiration);
  // French: "Avenant n° 2 ... La durée du contrat est prolongée jusqu'au ...".
  auto fr = Clauses("Article 1 – Prolongation. La durée du contrat est prolongée jusqu'au 31 décembre 2028.",
                    dates::DateOrder::kDayFirst);
  ASSERT_TRUE(fr.expiration);
  EXPECT_EQ(fr.expiration->iso, "2028-12-31");
  auto fr_maybe = Clauses("La durée du contrat pourra être prolongée jusqu'au 31 décembre 2028 par avenant.",
                          dates::DateOrder::kDayFirst);
  EXPECT_FALSE(fr_maybe.expiration);
}

// An amendment recalls the end of the term it replaces ("is scheduled to
// expire on October 31, 2024") before giving the new one; an end on or
// before the start is not this contract's end.
TEST(ContractTerms, AnEndBeforeTheStartIsAnEarlierTerms) {
  auto c = Clauses(
      "This Amendment No. 2 is entered into as of October 15, 2024 and is effective as of November 1, 2024. "
      "WHEREAS, pursuant to Amendment No. 1 the Term of the Agreement is scheduled to expire on October 31, "
      "2024; 1. Extension of Term. Section 3.1 of the Agreement is deleted and replaced in its entirety with "
      "the following: \"The Term shall expire on December 31, "
      "2027, unless earlier terminated.\"",
      dates::DateOrder::kMonthFirst);
  ASSERT_TRUE(c.effective);
  EXPECT_EQ(c.effective->iso, "2024-11-01");
  ASSERT_TRUE(c.expiration);
  EXPECT_EQ(c.expiration->iso, "2027-12-31");
  // With no other end, the one found is kept (the caller flags it).
  auto only = Clauses("This Agreement is effective as of November 1, 2024. The term shall expire on October 31, 2024.",
                      dates::DateOrder::kMonthFirst);
  ASSERT_TRUE(only.expiration);
  EXPECT_EQ(only.expiration->iso, "2024-10-31");
}

// A French lease "consenti pour neuf années qui commenceront à courir le 1er
// avril 2023 pour se terminer le 31 mars 2032"; an avenant that "prend effet
// le 1er janvier 2025" while its price clause applies "à compter du 1er
// janvier 2026".
TEST(ContractTerms, FrenchLeaseRunningFromAndEndingOn) {
  auto bail = Clauses(
      "ARTICLE 3 – DURÉE Le présent bail est consenti et accepté pour une durée de neuf (9) années entières et "
      "consécutives qui commenceront à courir le 1er avril 2023 pour se terminer le 31 mars 2032.",
      dates::DateOrder::kDayFirst);
  ASSERT_TRUE(bail.effective);
  EXPECT_EQ(bail.effective->iso, "2023-04-01");
  ASSERT_TRUE(bail.expiration);
  EXPECT_EQ(bail.expiration->iso, "2032-03-31");
  auto avenant = Clauses(
      "Article 2 – Prix. La clause de révision annuelle demeure applicable à compter du 1er janvier 2026. "
      "Article 3 – Prise d'effet. Le présent avenant prend effet le 1er janvier 2025.",
      dates::DateOrder::kDayFirst);
  ASSERT_TRUE(avenant.effective);
  EXPECT_EQ(avenant.effective->iso, "2025-01-01");
  // "à compter du" alone still gives the start.
  auto alone = Clauses("Le contrat est conclu pour un an à compter du 1er mars 2025.", dates::DateOrder::kDayFirst);
  ASSERT_TRUE(alone.effective);
  EXPECT_EQ(alone.effective->iso, "2025-03-01");
}

// The French signature line gives the signing date, wherever it stands and
// however many copies it mentions; an avenant's preamble recalling when the
// amended contract was concluded does not.
TEST(ContractExtractorTerms, FrenchSignatureLineIsTheAgreementDate) {
  Classification c;
  c.label = "contract";
  const std::string avenant =
      "                                AVENANT N°1\n"
      "                    AU CONTRAT DE PRESTATION DE SERVICES\n"
      " ENTRE LES SOUSSIGNÉS :\n"
      " Clinique du Parc SAS, au capital de 1 200 000 €, ci-après « le Client », d'une part,\n"
      " ET :\n"
      " NettoPro Services SARL, au capital de 60 000 €, ci-après « le Prestataire », d'autre part,\n"
      " PRÉAMBULE\n"
      " Les Parties ont conclu le 2 janvier 2023 un contrat de prestation de services de bionettoyage.\n"
      " Article 1 – Prorogation. La durée du Contrat est prorogée jusqu'au 31 décembre 2026.\n"
      " Fait à Bordeaux, le 18 novembre 2024, en deux exemplaires originaux.\n";
  Fields f = ExtractContract(c, {TextPage(avenant)});
  EXPECT_EQ(f.at("agreement_date").value, "2024-11-18");
  EXPECT_EQ(f.at("title").value, "AVENANT N°1 AU CONTRAT DE PRESTATION DE SERVICES");
  EXPECT_EQ(f.at("parties").value, (nlohmann::json{"Clinique du Parc SAS", "NettoPro Services SARL"}));
  EXPECT_EQ(f.at("expiration_date").value, "2026-12-31");
  Fields cdd = ExtractContract(
      c, {TextPage("                   Contrat de travail à durée déterminée\n"
                   " 2. Durée. Le présent contrat est conclu pour une durée déterminée. Il prend effet le 1er juin\n"
                   " 2024 et prendra fin le 30 septembre 2024.\n"
                   " Fait en double exemplaire à Chamonix-Mont-Blanc, le 20 mai 2024.\n")});
  EXPECT_EQ(cdd.at("agreement_date").value, "2024-05-20");
  EXPECT_EQ(cdd.at("effective_date").value, "2024-06-01");
}

// An equipment rental's labelled period ("Date de début de location :",
// "Date de fin de location :"); an engagement letter's "will commence on
// ... and end on ...".
TEST(ContractTerms, RentalPeriodLabelsAndAnEngagementsEnd) {
  auto rental = Clauses("Matériel loué. Date de début de location : 03/06/2024 Date de fin de location : 28/06/2024 "
                        "Lieu d'utilisation : chantier.",
                        dates::DateOrder::kDayFirst);
  ASSERT_TRUE(rental.effective);
  EXPECT_EQ(rental.effective->iso, "2024-06-03");
  ASSERT_TRUE(rental.expiration);
  EXPECT_EQ(rental.expiration->iso, "2024-06-28");
  // A form's labels without colons, their last word wrapped under them.
  auto form = Clauses("DURÉE, KILOMÉTRAGE ET LOYERS Durée de location 36 mois Date de début de 03/06/2024 "
                      "Date de fin de 02/06/2027 location location",
                      dates::DateOrder::kDayFirst);
  ASSERT_TRUE(form.effective);
  EXPECT_EQ(form.effective->iso, "2024-06-03");
  ASSERT_TRUE(form.expiration);
  EXPECT_EQ(form.expiration->iso, "2027-06-02");
  auto hire = Clauses("Hire start date: 3 June 2024. Hire end date: 28 June 2024.", dates::DateOrder::kDayFirst);
  ASSERT_TRUE(hire.effective);
  EXPECT_EQ(hire.effective->iso, "2024-06-03");
  ASSERT_TRUE(hire.expiration);
  EXPECT_EQ(hire.expiration->iso, "2024-06-28");
  auto letter = Clauses("The engagement will commence on September 16, 2024 and end on December 20, 2024, "
                        "unless extended by mutual agreement.",
                        dates::DateOrder::kMonthFirst);
  ASSERT_TRUE(letter.expiration);
  EXPECT_EQ(letter.expiration->iso, "2024-12-20");

}

// Dates only in the signature part: "Fait à Lille, en deux exemplaires" or
// "Établi en deux exemplaires" over "Lausanne, le 2 octobre 2024", with the
// signature boxes' "Date :"; the recital of the contract an avenant amends
// ("Les Parties ont conclu, le 14 mars 2022, un contrat") is not its date.
TEST(ContractExtractorTerms, DatesUnderTheSignatureMarks) {
  Classification c;
  c.label = "contract";
  Fields avenant = ExtractContract(
      c, {TextPage("                         AVENANT N° 1 AU CONTRAT DE MAINTENANCE\n"
                   "ENTRE Froid Services Nord SAS, ci-après « le Prestataire », ET Distrinord SAS, ci-après "
                   "« le Client »,\n"
                   "IL EST PRÉALABLEMENT RAPPELÉ CE QUI SUIT\n"
                   "Les Parties ont conclu, le 14 mars 2022, un contrat de maintenance (ci-après le « Contrat »).\n"
                   "Article 1 – Le présent Avenant prend effet le 1er février 2025.\n"
                   "Article 2 – Le Contrat est prorogé jusqu'au 31 janvier 2027.\n"
                   "Fait à Lille, en deux exemplaires originaux.\n"
                   " Pour le Prestataire                 Pour le Client\n"
                   " Date : 09/01/2025                   Date : 09/01/2025\n")});
  EXPECT_EQ(avenant.at("agreement_date").value, "2025-01-09");
  EXPECT_EQ(avenant.at("effective_date").value, "2025-02-01");
  Fields nda = ExtractContract(
      c, {TextPage("                 ACCORD DE CONFIDENTIALITÉ RÉCIPROQUE\n"
                   "Préambule. Une première réunion exploratoire s'est tenue le 12 septembre 2024.\n"
                   "1. Objet. Les Parties échangeront des informations confidentielles.\n"
                   "2. Droit applicable. Le présent accord est soumis au droit suisse.\n"
                   "Établi en deux exemplaires originaux, un pour chaque Partie.\n"
                   "Lausanne, le 2 octobre 2024                  Neuchâtel, le 2 octobre 2024\n"
                   "Helvetis Medtech SA                          Moraine Ingénierie Sàrl\n")});
  EXPECT_EQ(nda.at("agreement_date").value, "2024-10-02");
  // "Signed by the duly authorized representatives" over the blocks' "Date:".
  Fields mou = ExtractContract(
      c, {TextPage("                    MEMORANDUM OF UNDERSTANDING\n"
                   "This Memorandum is between HARBOUR COLLEGE and BLUEFIN MARINE LTD.\n"
                   "1. Purpose. The Parties will explore a joint research programme.\n"
                   "2. Term. This MOU takes effect on the date of the last signature below and remains in effect\n"
                   "until March 31, 2027.\n"
                   "3. Governing law. This MOU is governed by the laws of the Province of Nova Scotia.\n"
                   "4. Contacts. Each Party names a coordinator.\n"
                   "5. Costs. Each Party bears its own costs.\n"
                   "6. Publicity. No Party will announce the MOU without the other's consent.\n"
                   "Signed by the duly authorized representatives of the Parties:\n"
                   "HARBOUR COLLEGE                                   BLUEFIN MARINE LTD.\n"
                   "Name: Dr. Ann Ruiz                                Name: Paul Chen\n"
                   "Date: April 7, 2025                               Date: April 7, 2025\n")});
  EXPECT_EQ(mou.at("agreement_date").value, "2025-04-07");
  // A form's signature boxes, "SIGNED FOR THE CLIENT" over "DATE", below
  // the term's start and end.
  Fields form = ExtractContract(
      c, {TextPage(" SERVICE ORDER FORM\n 1. CLIENT   Harbour Clinics Ltd      2. PROVIDER   Nordly Facilities Ltd\n"
                   " START DATE   01/10/2025                  END DATE   30/09/2026\n"
                   " GOVERNING LAW   Scotland\n"
                   " This Service Order Form forms a binding contract between the Client and the Provider.\n"
                   " Prices exclude VAT, which will be charged at the prevailing rate.\n"
                   " The Provider's Standard Terms of Service apply.\n"
                   " 5. SIGNED FOR THE CLIENT                   5. SIGNED FOR THE PROVIDER\n"
                   " NAME  Dr Ann Ruiz                          NAME  Paul Chen\n"
                   " DATE  12/09/2025                           DATE  12/09/2025\n")});
  EXPECT_EQ(form.at("agreement_date").value, "2025-09-12");
  EXPECT_EQ(form.at("effective_date").value, "2025-10-01");
}

// An avenant's title in lower case under a reference line, over a recital
// that names the amended contract's old end in a sentence starting with
// "Contrat"; its new end said in a sentence of its own after "est
// prolongé".
TEST(ContractExtractorTerms, AvenantTitleInLowerCaseAndItsNewEnd) {
  Classification c;
  c.label = "contract";
  Fields f = ExtractContract(
      c, {TextPage("  Réf. MNT-2022-118 / AV1\n\n"
                   " Avenant n°1 au contrat de maintenance des ascenseurs et monte-charges\n"
                   "                 Contrat n° MNT-2022-118 du 3 février 2022\n\n"
                   " Le présent avenant est conclu entre la société Ascenseurs Ravel SAS et la Résidence Les Aulnes.\n\n"
                   " Préambule\n"
                   " Les Parties ont conclu le 3 février 2022 un contrat de maintenance (ci-après « le\n"
                   " Contrat arrive à échéance le 28 février 2025.\n\n"
                   " Article 1 – Durée\n"
                   " Le Contrat, dont le terme était initialement fixé au 28/02/2025, est prolongé. Il prendra fin\n"
                   " le 28 février 2027.\n"
                   " Article 2 – Entrée en vigueur\n"
                   " Le présent avenant prend effet le 1er mars 2025.\n")});
  EXPECT_EQ(f.at("title").value, "Avenant n°1 au contrat de maintenance des ascenseurs et monte-charges");
  EXPECT_EQ(f.at("expiration_date").value, "2027-02-28");
  EXPECT_EQ(f.at("effective_date").value, "2025-03-01");
}

// A cover page's key-terms table ("Agreement Date  April 22, 2024",
// "Effective Date  May 1, 2024", "Expiry Date  30 June 2027"); a renewal
// letter's new end, not the current term's.
TEST(ContractExtractorTerms, KeyTermsTableAndARenewalsEnd) {
  Classification c;
  c.label = "contract";
  Fields f = ExtractContract(
      c, {TextPage(" SOFTWARE LICENSE AGREEMENT\n"
                   "   Agreement Date        April 22, 2024                 Licensed Users   45\n"
                   "   Effective Date        May 1, 2024                    Annual Fee       US$ 38,250.00\n"
                   "   Expiry Date           April 30, 2027\n"
                   " This Agreement commences on the Effective Date and continues for 36 months.\n")});
  EXPECT_EQ(f.at("agreement_date").value, "2024-04-22");
  EXPECT_EQ(f.at("effective_date").value, "2024-05-01");
  EXPECT_EQ(f.at("expiration_date").value, "2027-04-30");
  auto renewal = Clauses("the current term of the Agreement expires on 31 March 2025. 1. Renewal term. The Agreement is "
                         "renewed for a further period of twenty-four (24) months commencing on 1 April 2025 (the "
                         "\"Renewal Date\") and expiring on 31 March 2027.",
                         dates::DateOrder::kDayFirst);
  ASSERT_TRUE(renewal.expiration);
  EXPECT_EQ(renewal.expiration->iso, "2027-03-31");
}

// An order form's rows ("Subscription End Date   09/30/2026") beside a
// quote's validity ("Quote valid until 09/29/2023"), which ends nothing; a
// French term that "prendra fin de plein droit le ...".
TEST(ContractTerms, EndDateRowsAQuotesValidityAndPleinDroit) {
  auto msa = Clauses("Agreement Date   09/15/2023   Order Form No.  OF-2023-0917\n"
                     "Subscription Start Date    10/01/2023       Quote valid until     09/29/2023\n"
                     "Subscription End Date      09/30/2026       Billing   Annually in advance\n"
                     "5. Term. This Agreement continues for the Subscription Term.",
                     dates::DateOrder::kMonthFirst);
  ASSERT_TRUE(msa.effective);
  EXPECT_EQ(msa.effective->iso, "2023-10-01");
  ASSERT_TRUE(msa.expiration);
  EXPECT_EQ(msa.expiration->iso, "2026-09-30");
  auto cdd = Clauses("Article 4 – Durée. Le présent contrat prend effet le 1er avril 2024. Il est conclu pour une "
                     "durée déterminée et prendra fin de plein droit le 31 mars 2025.",
                     dates::DateOrder::kDayFirst);
  ASSERT_TRUE(cdd.expiration);
  EXPECT_EQ(cdd.expiration->iso, "2025-03-31");
}

// A consultancy agreement's "Key Details" table: a corner cell, the roles
// as column heads, the names on the "Name" row; its "Date of Agreement" row;
// the reference line above the title ("Agreement No. ...") is no title.
TEST(ContractExtractorTerms, KeyDetailsTableWithItsCornerCell) {
  Classification c;
  c.label = "contract";
  Fields f = ExtractContract(
      c, {TextPage(" lumen harbour                                            Agreement No. LH-CA-2024-031\n"
                   " CONSULTANCY AGREEMENT\n"
                   " This Agreement is made on the Date of Agreement between the parties named in the Key Details.\n"
                   "   Key Details            Company                                Consultant\n"
                   "   Name                   Lumen Harbour Pte. Ltd.                Tomasz Wielgosz\n"
                   "   Address                71 Tanjong Serai Road, Singapore       22 Marlin Quay, Singapore\n"
                   "   Date of Agreement      19 December 2024\n"
                   "   Start Date             6 January 2025\n"
                   " This Agreement is governed by the laws of Singapore.\n")});
  EXPECT_EQ(f.at("title").value, "CONSULTANCY AGREEMENT");
  EXPECT_EQ(f.at("parties").value, nlohmann::json::array({"Lumen Harbour Pte. Ltd.", "Tomasz Wielgosz"}));
  EXPECT_EQ(f.at("agreement_date").value, "2024-12-19");
}

// A form's labelled fields: "Raison sociale" over the company, "Nom,
// prénom" with the surname first in capitals; a closing line "Place, le
// DATE" after the articles (annexes follow), not the offer's date the
// preamble recalls; OCR's "lreland" for Ireland.
TEST(ContractExtractorTerms, FormFieldsAPlaceAndDateLineAndAnOcrCapitalI) {
  Classification c;
  c.label = "contract";
  Fields cdd = ExtractContract(
      c, {TextPage("CONTRAT DE TRAVAIL A DUREE DETERMINEE\n"
                   "ENTRE L'EMPLOYEUR :\n"
                   "Raison sociale\n"
                   "LES VERGERS DE VAUNOISE SAS\n"
                   "Adresse Lieu-dit La Vaunoise, 49370 Vaunoise-la-Haute\n"
                   "ET LE (LA) SALARIE(E) :\n"
                   "Nom, prénom GOURVENNEC Mathilde\n"
                   "Il a été convenu ce qui suit :\n")});
  ASSERT_TRUE(cdd.count("parties"));
  EXPECT_EQ(cdd.at("parties").value, nlohmann::json::array({"LES VERGERS DE VAUNOISE SAS", "Mathilde GOURVENNEC"}));
  Fields lux = ExtractContract(
      c, {TextPage(" Contrat de prestation de services informatiques\n"
                   " ENTRE Datakern Luxembourg S.à r.l., ci-après le Prestataire, ET Fiduciaire Moselle S.A., "
                   "ci-après le Client.\n"
                   " Préambule. Le Prestataire a remis une offre en date du 9 janvier 2025, retenue par le Client.\n"
                   " Article 11 – Le Contrat est soumis au droit luxembourgeois.\n"
                   " Luxembourg, le 17.02.2025, en deux exemplaires originaux.\n"
                   " Pour Datakern Luxembourg S.à r.l.              Pour Fiduciaire Moselle S.A.\n"
                   " Annexe 1 – Périmètre\n Annexe 2 – Niveaux de service\n Annexe 3 – Tarifs\n")});
  EXPECT_EQ(lux.at("agreement_date").value, "2025-02-17");
  Fields ni = ExtractContract(
      c, {TextPage("ESCROW AGREEMENT\nThis Agreement is dated 11 November 2024 between SafeVault Escrow Services "
                   "Limited and Cobaltline Systems Ltd.\n10. This Agreement shall be governed by and construed in "
                   "accordance with the laws of Northern\nlreland.\n")});
  EXPECT_EQ(ni.at("governing_law").value, "Northern Ireland");
  Fields nsw = ExtractContract(
      c, {TextPage("DISTRIBUTION AGREEMENT\nThis agreement is made between Ironbark Pty Ltd and Tasman Limited.\n"
                   "Governing law\nThis agreement is governed by the law in force in New South Wales. Each party "
                   "submits to the jurisdiction of its courts.\n")});
  EXPECT_EQ(nsw.at("governing_law").value, "New South Wales");
}

// Parties: numbered under "PARTIES" with their registration and role
// ("1. Ironbark ... Pty Ltd ACN 631 904 228 of ... (Supplier) 2. ..."); two
// defined names in capitals with the "ET" line OCR lost; "Entre les
// parties ci-après :"; "D'AUTRE PART" is none.
TEST(ContractExtractorTerms, NumberedRegisteredAndDefinedPartiesOfScans) {
  Classification c;
  c.label = "contract";
  auto parties = [&](const std::string& text) {
    Fields f = ExtractContract(c, {TextPage(text)});
    return f.count("parties") ? f.at("parties").value : nlohmann::json();
  };
  EXPECT_EQ(parties("DISTRIBUTION AGREEMENT\nDated 2 September 2024\nPARTIES\n"
                    "1. Ironbark Outdoor Equipment Pty Ltd ACN 631 904 228 of 27 Spotted Gum Road, Wagga\n"
                    "Wagga NSW 2650, Australia (Supplier)\n"
                    "2. Tasman Retail Partners Limited NZBN 9429048811207 of Level 3, 61 Rimu Terrace,\n"
                    "Wellington 6011, New Zealand (Distributor)\nBACKGROUND\nA. The Supplier designs equipment.\n"),
            nlohmann::json::array({"Ironbark Outdoor Equipment Pty Ltd", "Tasman Retail Partners Limited"}));
  EXPECT_EQ(parties("ACCORD DE CONFIDENTIALITE\nENTRE :\n"
                    "HYDROLYS INNOVATIONS, société par actions simplifiée au capital de 214 500 euros, dont le siège\n"
                    "social est situé 9 chemin des Sources-Vives, 38240 Meylan,\nci-après « Hydrolys »,\n"
                    "OKAPI MOBILITÉ, société par actions simplifiée au capital de 50 000 euros,\n"
                    "ci-après « Okapi »,\nHydrolys et Okapi étant ci-après dénommées individuellement une "
                    "« Partie ».\nPRÉAMBULE\n"),
            nlohmann::json::array({"HYDROLYS INNOVATIONS", "OKAPI MOBILITÉ"}));
  EXPECT_EQ(parties("AVENANT N°2\nEntre les parties ci-après :\nLa société Net'Azur Propreté SAS, dont le siège "
                    "social est 240 chemin des Micocouliers, ci-après « le Prestataire » ;\net\nLa Clinique des "
                    "Oliviers SA, établissement de santé privé, ci-après « le Client ».\nPréambule\n"),
            nlohmann::json::array({"Net'Azur Propreté SAS", "Clinique des Oliviers SA"}));
  EXPECT_EQ(parties("BAIL COMMERCIAL\nENTRE LES SOUSSIGNÉS :\nLa SCI Les Chartrons Investissement, ci-après "
                    "« le Bailleur », D'UNE PART,\nET\nLa société Librairie Montesquieu SARL, ci-après « le "
                    "Preneur », D'AUTRE PART,\nIL A ÉTÉ CONVENU CE QUI SUIT\n"),
            nlohmann::json::array({"SCI Les Chartrons Investissement", "Librairie Montesquieu SARL"}));
}

}  // namespace
}  // namespace docflow::contract_terms
